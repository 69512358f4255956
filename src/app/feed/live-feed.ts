import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router } from '@angular/router';
import { CallEvent } from '../events/call-event';
import { CallSummary, orderCalls, summarizeCall } from '../events/call-summary';
import { ExportFormat } from '../events/event-export';
import { FeedFilter, filterFromParams, filterToParams } from '../events/feed-filter';
import { ListView } from '../events/filtered-view';
import { FeedGap, LiveEvents } from '../events/live-events';
import { EndpointDirectory } from '../subscriptions/endpoint-directory';
import { SubscriptionColours } from '../subscriptions/subscription-colours';
import { CallBoard } from './call-board';
import { CallDetail } from './call-detail';
import { EventDetail } from './event-detail';
import { EventList } from './event-list';
import { formatClock } from './event-format';
import { ExportRunner } from './export-runner';
import { FeedFilterBar } from './feed-filter-bar';
import { RateSparkline } from './rate-sparkline';

/** How often live durations, the calls view and the sparkline refresh. */
const TICK_MS = 1000;

type FollowMode = 'follow' | 'held' | 'paused';

/**
 * The "Call events" region: counters and rate, the live filter (kept in the URL), the
 * events list that follows new events or holds still, the calls view, detail and export.
 */
@Component({
  selector: 'sb-live-feed',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatMenuModule,
    MatProgressBarModule,
    EventList,
    EventDetail,
    FeedFilterBar,
    RateSparkline,
    CallBoard,
    CallDetail,
  ],
  templateUrl: './live-feed.html',
  styleUrl: './live-feed.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LiveFeed {
  /** Direct MQTT mode: non-CloudLink payloads are expected there, shown as other messages. */
  readonly isDirect = input(false);
  private readonly live = inject(LiveEvents);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly exporter = inject(ExportRunner);
  private readonly directory = inject(EndpointDirectory);
  private readonly colours = inject(SubscriptionColours);
  /** Tags each row with its subscription's colour (the manager shows the same colour). */
  protected readonly colourOf = (event: CallEvent) =>
    this.colours.colourOf(this.live.shownSubscriptionOf(event));
  private readonly list = viewChild(EventList);
  private readonly params = toSignal(this.route.queryParamMap, {
    initialValue: this.route.snapshot.queryParamMap,
  });

  protected readonly counters = this.live.counters;
  protected readonly malformed = this.live.recentMalformed;
  protected readonly gaps = this.live.gaps;
  protected readonly clock = formatClock;
  protected readonly exportProgress = this.exporter.progress;
  protected readonly endpointIds = computed(() =>
    this.directory.endpoints().map((endpoint) => endpoint.endpointId),
  );
  protected readonly filter = computed(() => filterFromParams((name) => this.params().get(name)));
  protected readonly tab = computed(() =>
    this.params().get('view') === 'calls' ? 'calls' : 'events',
  );
  protected readonly selectedCallId = computed(() => this.params().get('call'));

  protected readonly mode = signal<FollowMode>('follow');
  private readonly frozen = signal<{ view: ListView; receivedAt: number } | null>(null);
  /** What the list shows: the live view while following, the frozen one otherwise. */
  protected readonly shown = computed(() => this.frozen()?.view ?? this.live.view());
  /** Matching events that arrived since the list froze. */
  protected readonly newCount = computed(() => {
    const frozen = this.frozen();
    return frozen ? this.live.view().appendedTotal - frozen.view.appendedTotal : 0;
  });
  /** Every event that arrived since Pause, matching or not. */
  protected readonly arrivedWhilePaused = computed(() => {
    const frozen = this.frozen();
    return frozen ? Math.max(0, this.counters().received - frozen.receivedAt) : 0;
  });

  private readonly now = signal(Date.now());
  protected readonly rates = computed(() => this.live.rateSeries(this.now()));
  protected readonly calls = computed<readonly CallSummary[]>(() => {
    if (this.tab() !== 'calls') return [];
    const now = this.now();
    return untracked(() => this.summarizeCalls(now));
  });
  protected readonly selectedCall = computed(() => {
    const callId = this.selectedCallId();
    if (callId === null || this.tab() !== 'calls') return null;
    this.now();
    return untracked(() => summarizeCall(this.live.eventsOfCall(callId), Date.now()));
  });

  private readonly pinned = signal<CallEvent | null>(null);
  protected readonly selected = this.pinned.asReadonly();
  protected readonly selectedKey = computed(() => this.pinned()?.key ?? null);

  constructor() {
    effect(() => this.live.setFilter(this.filter()));
    const timer = setInterval(() => this.now.set(Date.now()), TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected changeFilter(filter: FeedFilter): void {
    this.resume();
    this.navigate(filterToParams(filter));
  }

  protected showTab(tab: 'events' | 'calls'): void {
    this.navigate({ view: tab === 'calls' ? 'calls' : null });
  }

  protected select(event: CallEvent): void {
    this.pinned.set(event);
  }

  protected closeDetail(): void {
    this.pinned.set(null);
  }

  protected showCall(callId: string): void {
    this.navigate({ view: 'calls', call: callId });
  }

  protected closeCall(): void {
    this.navigate({ call: null });
  }

  /** From a call's timeline back to the event in the feed. */
  protected showEvent(key: string): void {
    const event = this.live.findByKey(key);
    if (event) this.pinned.set(event);
    this.navigate({ view: null });
  }

  protected noteScroll(isAway: boolean): void {
    if (this.mode() === 'paused') return;
    if (isAway) this.freeze('held');
    else this.unfreeze();
  }

  protected pause(): void {
    this.freeze('paused');
  }

  /** Back to the newest events at once, following again. */
  protected resume(): void {
    this.unfreeze();
    this.list()?.scrollToNewest();
  }

  protected async export(format: ExportFormat): Promise<void> {
    const events = Array.from(this.live.filteredOldestFirst());
    await this.exporter.run(format, events);
  }

  protected dismissGap(gap: FeedGap): void {
    this.live.dismissGap(gap);
  }

  protected cancelExport(): void {
    this.exporter.cancel();
  }

  private freeze(mode: 'held' | 'paused'): void {
    if (this.frozen() === null) {
      this.frozen.set({ view: this.live.frozenView(), receivedAt: this.live.receivedSoFar() });
    }
    this.mode.set(mode);
  }

  private unfreeze(): void {
    this.frozen.set(null);
    this.mode.set('follow');
  }

  private summarizeCalls(now: number): CallSummary[] {
    const summaries: CallSummary[] = [];
    for (const callId of this.live.callIds()) {
      const summary = summarizeCall(this.live.eventsOfCall(callId), now);
      if (summary) summaries.push(summary);
    }
    return orderCalls(summaries);
  }

  private navigate(queryParams: Record<string, string | null>): void {
    void this.router.navigate([], {
      queryParams,
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }
}
