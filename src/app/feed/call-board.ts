import { ScrollingModule } from '@angular/cdk/scrolling';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { CallSummary, formatDuration } from '../events/call-summary';
import { formatClock, partyLabel } from './event-format';

/** Calls, one row each: active calls first with live durations, then ended ones. */
@Component({
  selector: 'sb-call-board',
  imports: [ScrollingModule],
  templateUrl: './call-board.html',
  styleUrl: './call-board.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallBoard {
  readonly calls = input.required<readonly CallSummary[]>();
  readonly selectedCallId = input<string | null>(null);
  readonly callSelected = output<string>();

  protected readonly rowHeight = 44;
  protected readonly duration = formatDuration;
  protected readonly clock = formatClock;
  protected readonly party = partyLabel;
  protected readonly trackCall = (_index: number, call: CallSummary) => call.callId;
}
