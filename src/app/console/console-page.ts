import { ChangeDetectionStrategy, Component } from '@angular/core';
import { DiagnosticsPanel } from '../diagnostics/diagnostics-panel';
import { LiveFeed } from '../feed/live-feed';
import { SubscriptionManager } from '../subscriptions/subscription-manager';

/** The signed-in page: subscriptions and diagnostics beside the live feed. */
@Component({
  selector: 'sb-console-page',
  imports: [SubscriptionManager, LiveFeed, DiagnosticsPanel],
  template: `
    <aside class="side">
      <sb-subscription-manager class="card" />
      <sb-diagnostics-panel class="card" />
    </aside>
    <sb-live-feed class="main" />
  `,
  styleUrl: './console-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsolePage {}
