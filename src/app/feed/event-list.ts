import {
  CdkVirtualScrollViewport,
  ScrollingModule,
  VIRTUAL_SCROLL_STRATEGY,
} from '@angular/cdk/scrolling';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';
import { CallEvent } from '../events/call-event';
import { ListView } from '../events/filtered-view';
import { eventSummary, eventTime, formatClock, partyLabel } from './event-format';
import { FollowScrollStrategy } from './follow-scroll-strategy';
import { ListViewSource } from './list-view-source';

/** Fixed row height: what lets the virtual list skip measuring rows. */
export const EVENT_ROW_HEIGHT_PX = 36;

/** The rows of the feed: a virtual list, so 100,000 events cost as much as a screenful. */
@Component({
  selector: 'sb-event-list',
  imports: [ScrollingModule],
  templateUrl: './event-list.html',
  styleUrl: './event-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [
    {
      provide: VIRTUAL_SCROLL_STRATEGY,
      useFactory: () => new FollowScrollStrategy(EVENT_ROW_HEIGHT_PX),
    },
  ],
})
export class EventList {
  readonly view = input.required<ListView>();
  readonly selectedKey = input<string | null>(null);
  /** The colour that tags an event's subscription (a stripe at the row's start). */
  readonly colourOf = input<(event: CallEvent) => string>(() => 'transparent');
  readonly selected = output<CallEvent>();
  /** True when the reader scrolls away from the newest events, false when back at the top. */
  readonly scrolledAway = output<boolean>();

  private readonly viewport = viewChild.required(CdkVirtualScrollViewport);
  protected readonly source = new ListViewSource({
    length: 0,
    appendedTotal: 0,
    at: () => undefined,
    slice: () => [],
  });
  protected readonly rowHeight = EVENT_ROW_HEIGHT_PX;
  protected readonly formatClock = formatClock;
  protected readonly partyLabel = partyLabel;
  protected readonly eventTime = eventTime;
  protected readonly eventSummary = eventSummary;
  protected readonly trackByKey = trackByKey;
  private isAway = false;

  constructor() {
    effect(() => this.source.show(this.view()));
    effect((onCleanup) => {
      const subscription = this.viewport()
        .elementScrolled()
        .subscribe(() => this.noteScroll());
      onCleanup(() => subscription.unsubscribe());
    });
    inject(DestroyRef).onDestroy(() => this.source.disconnect());
  }

  scrollToNewest(): void {
    this.viewport().scrollToOffset(0);
    this.isAway = false;
  }

  private noteScroll(): void {
    const isAway = this.viewport().measureScrollOffset('top') > EVENT_ROW_HEIGHT_PX / 2;
    if (isAway === this.isAway) return;
    this.isAway = isAway;
    this.scrolledAway.emit(isAway);
  }
}

export function trackByKey(_index: number, event: CallEvent): string {
  return event.key;
}
