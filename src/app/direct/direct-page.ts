import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { DiagnosticsPanel } from '../diagnostics/diagnostics-panel';
import { LiveEvents } from '../events/live-events';
import { LiveFeed } from '../feed/live-feed';
import { DirectForm } from './direct-form';
import { DirectSession, DirectSettings } from './direct-session';
import { OtherMessages } from './other-messages';

/** Direct MQTT mode: the connection form beside the same feed, plus non-CloudLink messages. */
@Component({
  selector: 'sb-direct-page',
  imports: [DirectForm, DiagnosticsPanel, LiveFeed, OtherMessages],
  template: `
    <aside class="side">
      <sb-direct-form
        class="card"
        [initialUrl]="initialUrl"
        [initialTopic]="initialTopic"
        [isConnected]="isConnected()"
        (connectRequested)="connect($event)"
        (disconnectRequested)="disconnect()"
      />
      @if (failure(); as failed) {
        <div class="card failure" role="alert">
          <strong>{{ failed.reason }}</strong>
          <p>{{ failed.advice }}</p>
        </div>
      }
      <sb-other-messages class="card" [messages]="others()" [total]="otherCount()" />
      <sb-diagnostics-panel class="card" [clientId]="clientId" />
    </aside>
    <sb-live-feed class="main" [isDirect]="true" />
  `,
  styleUrl: '../console/console-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DirectPage {
  private readonly session = inject(DirectSession);
  private readonly live = inject(LiveEvents);
  private readonly query = inject(ActivatedRoute).snapshot.queryParamMap;

  protected readonly clientId = this.session.clientId;
  protected readonly initialUrl = this.query.get('url') ?? '';
  protected readonly initialTopic = this.query.get('topic') ?? '';
  protected readonly isConnected = computed(
    () => this.session.state().kind !== 'stopped' && this.session.state().kind !== 'failed',
  );
  protected readonly failure = computed(() => {
    const state = this.session.state();
    return state.kind === 'failed' ? state : null;
  });
  protected readonly others = this.live.recentMalformed;
  protected readonly otherCount = computed(() => this.live.counters().malformed);

  protected connect(settings: DirectSettings): void {
    this.session.connect(settings);
  }

  protected disconnect(): void {
    this.session.disconnect();
  }
}
