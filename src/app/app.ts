import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { DirectSession } from './direct/direct-session';
import { Authenticator } from './auth/authenticator';
import { APP_CONFIG } from './config/app-config';
import { FeedProbe } from './events/feed-probe';
import { SessionStatus } from './session/session-status';
import { SessionSupervisor } from './session/session-supervisor';

/** The shell: toolbar with the session's status and controls, and the routed page. */
@Component({
  selector: 'sb-root',
  imports: [RouterOutlet, RouterLink, MatToolbarModule, MatButtonModule, SessionStatus],
  templateUrl: './app.html',
  styleUrl: './app.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '(window:pagehide)': 'releaseSession()',
    '(window:pageshow)': 'resumeSession($event)',
  },
})
export class App {
  private readonly router = inject(Router);
  protected readonly auth = inject(Authenticator);
  protected readonly supervisor = inject(SessionSupervisor);
  protected readonly config = inject(APP_CONFIG);
  private readonly url = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => this.router.url),
    ),
    { initialValue: this.router.url },
  );
  /** Direct MQTT mode has its own session; everywhere else the status is CloudLink's. */
  protected readonly isDirect = computed(() => this.url().startsWith('/direct'));
  private readonly direct = inject(DirectSession);
  protected readonly status = computed(() =>
    this.isDirect() ? this.direct.state() : this.supervisor.state(),
  );

  constructor() {
    if (this.config.benchmarkProbe) inject(FeedProbe).install();
    // Signed out while on a console page (Sign out, or a refresh refused): back to sign-in.
    let wasSignedIn = false;
    effect(() => {
      const isSignedIn = this.auth.isSignedIn();
      if (wasSignedIn && !isSignedIn) void this.router.navigateByUrl('/sign-in');
      wasSignedIn = isSignedIn;
    });
  }

  protected start(): void {
    void this.supervisor.start();
  }

  protected stopRetrying(): void {
    void this.supervisor.stopRetrying();
  }

  protected retry(): void {
    this.supervisor.retryNow();
  }

  protected stop(): void {
    void this.supervisor.stop();
  }

  protected signOut(): void {
    void this.supervisor.signOut();
  }

  protected releaseSession(): void {
    this.supervisor.releaseOnPageHide();
  }

  /** Back from the back-forward cache: the subscriptions were deleted on pagehide. */
  protected resumeSession(event: PageTransitionEvent): void {
    if (event.persisted) void this.supervisor.start();
  }
}
