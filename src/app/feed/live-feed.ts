import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { CallEvent } from '../events/call-event';
import { LiveEvents } from '../events/live-events';
import { EventDetail } from './event-detail';
import { EventList } from './event-list';

/** The "Call events" region: counters, the virtual list, and the selected event's detail. */
@Component({
  selector: 'sb-live-feed',
  imports: [EventList, EventDetail],
  templateUrl: './live-feed.html',
  styleUrl: './live-feed.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LiveFeed {
  private readonly live = inject(LiveEvents);
  protected readonly events = this.live.events;
  protected readonly counters = this.live.counters;
  protected readonly malformed = this.live.recentMalformed;
  private readonly selectedKey = signal<string | null>(null);
  /** The selection survives eviction from the store as long as the event object is held. */
  private readonly pinned = signal<CallEvent | null>(null);

  protected readonly selected = computed(() => {
    const key = this.selectedKey();
    return key === null ? null : this.pinned();
  });
  protected readonly selectedKeyValue = this.selectedKey.asReadonly();

  protected select(event: CallEvent): void {
    this.pinned.set(event);
    this.selectedKey.set(event.key);
  }

  protected closeDetail(): void {
    this.selectedKey.set(null);
    this.pinned.set(null);
  }
}
