import { ClipboardModule } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { CallEvent, parsePublicationText } from '../events/call-event';
import { maskSecrets } from '../shared/mask-secrets';
import { eventTime, partyLabel } from './event-format';

/** The whole publication, formatted. Bound as text: no payload HTML ever reaches the DOM. */
@Component({
  selector: 'sb-event-detail',
  imports: [ClipboardModule, MatButtonModule],
  template: `
    <header>
      <h3 id="event-detail-title">
        {{ event().state ?? 'Event' }} · {{ party(event().from, event().fromName) }} →
        {{ party(event().to, event().toName) }}
      </h3>
      <p class="meta">
        {{ when() }} · received {{ received() }}
        @if (event().callId) {
          · {{ event().callId }}
        }
      </p>
      <div class="actions">
        <button
          mat-stroked-button
          type="button"
          [cdkCopyToClipboard]="json()"
          (cdkCopyToClipboardCopied)="copied.set($event)"
        >
          {{ copied() ? 'Copied' : 'Copy JSON' }}
        </button>
        @if (event().callId; as callId) {
          <button mat-button type="button" (click)="callRequested.emit(callId)">Show call</button>
        }
        <button mat-button type="button" (click)="closed.emit()">Close</button>
      </div>
    </header>
    <pre class="json" tabindex="0" aria-label="Publication JSON">{{ json() }}</pre>
  `,
  styleUrl: './event-detail.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'region', 'aria-labelledby': 'event-detail-title' },
})
export class EventDetail {
  readonly event = input.required<CallEvent>();
  readonly closed = output<void>();
  readonly callRequested = output<string>();

  protected readonly copied = signal(false);
  protected readonly party = partyLabel;
  protected readonly json = computed(() => maskSecrets(prettyJson(this.event().raw)));
  protected readonly when = computed(() => new Date(eventTime(this.event())).toLocaleString());
  protected readonly received = computed(() =>
    new Date(this.event().receivedAt).toLocaleTimeString(),
  );
}

/** Indented JSON; the text as it came when it cannot be parsed. */
function prettyJson(raw: string): string {
  const parsed = parsePublicationText(raw);
  return parsed ? JSON.stringify(parsed, null, 2) : raw;
}
