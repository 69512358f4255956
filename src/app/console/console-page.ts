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
  styles: `
    :host {
      display: grid;
      grid-template-columns: minmax(340px, 440px) minmax(0, 1fr);
      gap: 16px;
      padding: 16px;
      height: 100%;
      min-height: 0;
      box-sizing: border-box;
    }
    .side {
      display: flex;
      flex-direction: column;
      gap: 16px;
      overflow-y: auto;
      min-height: 0;
    }
    .card {
      padding: 16px;
      border-radius: 12px;
      background: var(--mat-sys-surface);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .main {
      min-height: 0;
    }
    @media (max-width: 1000px) {
      :host {
        grid-template-columns: minmax(0, 1fr);
        height: auto;
      }
      .main {
        height: 70vh;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConsolePage {}
