import { ScrollingModule } from '@angular/cdk/scrolling';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { CallEvent } from '../events/call-event';
import { eventSummary, eventTime, formatClock, partyLabel } from './event-format';

/** Fixed row height: what lets the virtual list skip measuring rows. */
export const EVENT_ROW_HEIGHT_PX = 36;

/** The rows of the feed: a virtual list, so 100,000 events cost as much as a screenful. */
@Component({
  selector: 'sb-event-list',
  imports: [ScrollingModule],
  templateUrl: './event-list.html',
  styleUrl: './event-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EventList {
  readonly events = input.required<readonly CallEvent[]>();
  readonly selectedKey = input<string | null>(null);
  readonly selected = output<CallEvent>();

  protected readonly rowHeight = EVENT_ROW_HEIGHT_PX;
  protected readonly formatClock = formatClock;
  protected readonly partyLabel = partyLabel;
  protected readonly eventTime = eventTime;
  protected readonly eventSummary = eventSummary;
  protected readonly trackByKey = trackByKey;
}

export function trackByKey(_index: number, event: CallEvent): string {
  return event.key;
}
