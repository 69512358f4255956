import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router } from '@angular/router';
import { APP_CONFIG } from '../config/app-config';
import { CloudLinkError } from '../cloudlink/cloudlink-error';
import { DiagnosticsTimeline } from '../session/diagnostics-timeline';
import { safeReturnUrl } from './auth-guards';
import { Authenticator } from './authenticator';
import { DemoAccounts, DemoUser } from './demo-accounts';

@Component({
  selector: 'sb-sign-in',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
  ],
  templateUrl: './sign-in.html',
  styleUrl: './sign-in.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignIn {
  private readonly auth = inject(Authenticator);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly timeline = inject(DiagnosticsTimeline);
  private readonly demo = inject(DemoAccounts);
  protected readonly config = inject(APP_CONFIG);

  protected readonly form = inject(NonNullableFormBuilder).group({
    accountId: [this.config.defaultAccountId, Validators.required],
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly isSubmitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly endReason = this.auth.signOutReason;
  protected readonly demoAccount = this.demo.account;

  constructor() {
    this.demo.load();
  }

  protected useDemoUser(accountId: string, user: DemoUser): void {
    this.form.setValue({ accountId, username: user.username, password: user.password });
  }

  protected async signIn(): Promise<void> {
    if (this.form.invalid || this.isSubmitting()) {
      this.form.markAllAsTouched();
      return;
    }
    this.isSubmitting.set(true);
    this.error.set(null);
    const credentials = this.form.getRawValue();
    try {
      await this.timeline.step(
        'token',
        `Sign in as ${credentials.username} (POST /token)`,
        () => this.auth.signIn(credentials),
        () => ({ detail: `account ${credentials.accountId}` }),
      );
      this.form.controls.password.reset('');
      await this.router.navigateByUrl(
        safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl')),
      );
    } catch (error) {
      this.error.set(describeSignInError(error, this.auth.tokenUrl));
    } finally {
      this.isSubmitting.set(false);
    }
  }
}

export function describeSignInError(error: unknown, tokenUrl: string): string {
  if (!(error instanceof CloudLinkError)) {
    return `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (error.status === 401 || error.status === 400) {
    return `Sign-in refused: ${error.summary}. Check the account id, username and password (${tokenUrl}).`;
  }
  return `Sign-in failed: ${error.summary}`;
}
