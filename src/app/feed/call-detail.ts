import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { CallSummary, formatDuration } from '../events/call-summary';
import { formatClock, partyLabel } from './event-format';

/** One call: its parties, durations and state timeline; each step opens its event. */
@Component({
  selector: 'sb-call-detail',
  imports: [MatButtonModule],
  template: `
    <header>
      <h3 id="call-detail-title">
        Call {{ party(call().from, call().fromName) }} → {{ party(call().to, call().toName) }}
      </h3>
      <p class="meta">
        {{ call().callId }} · {{ call().direction ?? 'direction unknown' }} ·
        {{ call().isActive ? 'active' : 'ended' }}
      </p>
      <dl class="durations">
        <div>
          <dt>Ring</dt>
          <dd>{{ duration(call().ringMs) }}</dd>
        </div>
        <div>
          <dt>Talk</dt>
          <dd>{{ duration(call().talkMs) }}</dd>
        </div>
        <div>
          <dt>Hold</dt>
          <dd>{{ duration(call().holdMs) }}</dd>
        </div>
        <div>
          <dt>Final cause</dt>
          <dd>{{ call().finalCause ?? '—' }}</dd>
        </div>
      </dl>
      <button mat-button type="button" (click)="closed.emit()">Close</button>
    </header>
    <ol class="timeline" aria-label="State timeline">
      @for (step of call().steps; track step.key) {
        <li>
          <button type="button" class="step" (click)="eventSelected.emit(step.key)">
            <span class="time">{{ clock(step.at) }}</span>
            <span class="state">{{ step.state }}</span>
            <span class="cause">{{ step.cause ?? '' }}</span>
          </button>
        </li>
      }
    </ol>
  `,
  styleUrl: './call-detail.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'region', 'aria-labelledby': 'call-detail-title' },
})
export class CallDetail {
  readonly call = input.required<CallSummary>();
  readonly eventSelected = output<string>();
  readonly closed = output<void>();

  protected readonly duration = formatDuration;
  protected readonly clock = formatClock;
  protected readonly party = partyLabel;
}
