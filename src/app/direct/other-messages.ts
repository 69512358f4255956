import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MalformedMessage } from '../events/call-event';
import { formatClock } from '../feed/event-format';

/** Messages that are not CloudLink publications: topic, time, size and text, as text only. */
@Component({
  selector: 'sb-other-messages',
  template: `
    <h2 id="other-messages-title">Other messages ({{ total() }})</h2>
    @if (messages().length === 0) {
      <p class="empty">None: every message so far was a CloudLink publication.</p>
    } @else {
      <ol aria-labelledby="other-messages-title">
        @for (message of messages(); track $index) {
          <li>
            <p class="meta">
              <span class="time">{{ clock(message.receivedAt) }}</span> ·
              <code>{{ message.topic }}</code> · {{ message.size }} characters
            </p>
            <pre>{{ message.text }}</pre>
          </li>
        }
      </ol>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      gap: 8px;
    }
    h2 {
      font: var(--mat-sys-title-medium);
      margin: 0;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      overflow: auto;
    }
    li {
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      padding: 4px 0;
    }
    .meta {
      margin: 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .time {
      font-variant-numeric: tabular-nums;
    }
    pre {
      margin: 4px 0 0;
      font:
        12px/1.4 ui-monospace,
        'DejaVu Sans Mono',
        monospace;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      max-height: 160px;
      overflow: auto;
    }
    .empty {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'region', 'aria-labelledby': 'other-messages-title' },
})
export class OtherMessages {
  readonly messages = input.required<readonly MalformedMessage[]>();
  readonly total = input(0);
  protected readonly clock = formatClock;
}
