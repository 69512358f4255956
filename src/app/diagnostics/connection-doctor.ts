import { ClipboardModule } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { APP_CONFIG } from '../config/app-config';
import { LiveEvents } from '../events/live-events';
import { DiagnosticsTimeline } from '../session/diagnostics-timeline';
import { SessionSupervisor } from '../session/session-supervisor';
import { UrlProbe } from '../session/url-probe';
import { maskSecrets, maskUrl } from '../shared/mask-secrets';
import { DiagnosticsPanel } from './diagnostics-panel';
import { buildSupportReport } from './support-report';

/**
 * The connection doctor: the last failure in plain words, checks of what the app can see
 * (client id against each subscription's deviceId, the environment in use), a WebSocket URL
 * checker, the whole timeline, and a masked report to copy for support.
 */
@Component({
  selector: 'sb-connection-doctor',
  imports: [
    ClipboardModule,
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    RouterLink,
    DiagnosticsPanel,
  ],
  templateUrl: './connection-doctor.html',
  styleUrl: './connection-doctor.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionDoctor {
  private readonly supervisor = inject(SessionSupervisor);
  private readonly timeline = inject(DiagnosticsTimeline);
  private readonly live = inject(LiveEvents);
  private readonly probe = inject(UrlProbe);
  protected readonly config = inject(APP_CONFIG);

  protected readonly clientId = this.supervisor.clientId;
  protected readonly failure = this.supervisor.lastFailure;
  protected readonly state = this.supervisor.state;
  protected readonly lastProbe = computed(
    () =>
      [...this.timeline.entries()].reverse().find((entry) => entry.step === 'url-probe') ?? null,
  );
  protected readonly deviceChecks = computed(() =>
    this.supervisor.subscriptions().map((item) => ({
      subscriptionId: item.subscription.subscriptionId,
      deviceId: item.subscription.deviceId ?? null,
      isMatch: item.subscription.deviceId === this.clientId,
    })),
  );
  protected readonly urlToCheck = signal('');
  protected readonly urlVerdict = signal<{
    url: string;
    status: number | null;
    verdict: string;
  } | null>(null);
  protected readonly isChecking = signal(false);
  protected readonly copied = signal(false);
  protected readonly maskedError = computed(() => maskSecrets(this.failure()?.error ?? ''));

  protected async checkUrl(): Promise<void> {
    const url = this.urlToCheck().trim();
    if (!/^wss?:\/\//i.test(url)) {
      this.urlVerdict.set({
        url: maskUrl(url),
        status: null,
        verdict: 'Enter a ws:// or wss:// URL.',
      });
      return;
    }
    this.isChecking.set(true);
    try {
      const result = await this.probe.probe(url);
      this.urlVerdict.set({ url: maskUrl(url), ...result });
    } finally {
      this.isChecking.set(false);
      // The URL is a credential: do not keep it on screen once checked.
      this.urlToCheck.set('');
    }
  }

  protected report(): string {
    const failure = this.failure();
    return buildSupportReport({
      generatedAt: Date.now(),
      appName: this.config.appName,
      appVersion: this.config.appVersion,
      environmentLabel: this.config.environmentLabel,
      authBaseUrl: this.config.authBaseUrl,
      notificationsBaseUrl: this.config.notificationsBaseUrl,
      userAgent: navigator.userAgent,
      clientId: this.clientId,
      state: this.state().kind,
      failure: failure && { ...failure },
      subscriptions: this.supervisor.subscriptions().map((item) => ({
        subscriptionId: item.subscription.subscriptionId,
        deviceId: item.subscription.deviceId ?? null,
        subjectFilter: item.subscription.subjectFilter,
      })),
      counters: { ...this.live.counters() },
      timeline: this.timeline.entries(),
    });
  }
}
