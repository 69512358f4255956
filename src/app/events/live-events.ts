import { Injectable, computed, inject, signal } from '@angular/core';
import { Subject } from 'rxjs';
import { APP_CONFIG } from '../config/app-config';
import { CallEvent, MalformedMessage, MessageBatch } from './call-event';
import { EventStore, StoreChange } from './event-store';
import { FeedFilter, NO_FILTER, compileFilter, sameFilter } from './feed-filter';
import { EventPredicate, FilteredView, ListView } from './filtered-view';
import { FRAME_SCHEDULER } from './frame-scheduler';
import { RateHistory } from './rate-history';
import { StringPool } from './string-pool';

/**
 * A batch this big replaces every visible row: repainting the list for it at 60 Hz costs the
 * page a full layout a frame for nothing a person can read. Such batches are applied at most
 * every BIG_BATCH_INTERVAL_MS (30 Hz); smaller ones at once, every frame.
 */
const BIG_BATCH = 40;
const BIG_BATCH_INTERVAL_MS = 30;

/**
 * Counters refresh at most this often: a number changing 60 times a second cannot be read,
 * and each change costs the page a layout. The list itself updates every frame.
 */
export const COUNTER_REFRESH_MS = 100;

/** Unreadable (or, in direct mode, non-CloudLink) messages kept for display; all are counted. */
const MAX_KEPT_MALFORMED = 200;

/** With a subscription paused, a running one's copy of a hidden event shows it this soon. */
const HIDDEN_REBUILD_MS = 250;

/** An interval in which events may be missing (a reconnect the broker did not resume). */
export interface FeedGap {
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

export interface FeedCounters {
  /** Events parsed from messages and applied to the feed (duplicates included). */
  readonly received: number;
  readonly retained: number;
  /** Retained events that pass the live filter. */
  readonly shown: number;
  readonly filteredOut: number;
  readonly duplicates: number;
  readonly evicted: number;
  readonly malformed: number;
}

/**
 * Where call events land. Batches from the transport are queued and applied to the store
 * once per animation frame: one signal write per frame, whatever the message rate. The live
 * filter's view is kept in step batch by batch, never rebuilt per frame.
 */
@Injectable({ providedIn: 'root' })
export class LiveEvents {
  private readonly frames = inject(FRAME_SCHEDULER);
  private readonly store = new EventStore(inject(APP_CONFIG).maxRetainedEvents);
  private readonly filtered = new FilteredView();
  private readonly pool = new StringPool();
  private readonly rates = new RateHistory();
  private queue: CallEvent[] = [];
  private malformedQueue: MalformedMessage[] = [];
  private isFlushScheduled = false;
  private lastFlushAt = 0;
  private receivedCount = 0;
  private malformedCount = 0;
  private readonly perSubscription = new Map<string, number>();
  private readonly flushes = new Subject<readonly CallEvent[]>();

  private readonly version = signal(0);
  /** Bumps at most every COUNTER_REFRESH_MS (and after the last change): for the counters. */
  private readonly counterVersion = signal(0);
  private counterTimer: ReturnType<typeof setTimeout> | undefined;
  private lastCounterAt = 0;
  private readonly malformedState = signal<readonly MalformedMessage[]>([]);
  private readonly filterState = signal<FeedFilter>(NO_FILTER);
  private readonly hiddenState = signal<ReadonlySet<string>>(new Set());
  /** Event key → the other subscriptions that delivered a copy of it. */
  private readonly alsoDeliveredBy = new Map<string, string[]>();
  private hiddenRebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly gapState = signal<readonly FeedGap[]>([]);

  /** Intervals in which events may be missing, newest first. */
  readonly gaps = this.gapState.asReadonly();

  readonly filter = this.filterState.asReadonly();

  /** The filtered events, newest first, as of the last frame. */
  readonly view = computed<ListView>(() => {
    this.version();
    return this.filtered.view();
  });

  readonly counters = computed<FeedCounters>(() => {
    this.counterVersion();
    const store = this.store.counters;
    return {
      received: this.receivedCount,
      retained: this.store.size,
      shown: this.filtered.size,
      filteredOut: this.store.size - this.filtered.size,
      duplicates: store.duplicates,
      evicted: store.evicted,
      malformed: this.malformedCount,
    };
  });

  /** Messages received per MQTT topic (= subscription id), before dedupe. */
  readonly receivedBySubscription = computed<ReadonlyMap<string, number>>(() => {
    this.counterVersion();
    return new Map(this.perSubscription);
  });

  readonly recentMalformed = this.malformedState.asReadonly();

  /** The events each frame applied (after dedupe), for instrumentation. */
  readonly flushed$ = this.flushes.asObservable();

  /** Bumps once per applied frame; for views that recompute from the store. */
  readonly changes = this.version.asReadonly();

  ingest(batch: MessageBatch): void {
    for (const event of batch.events) this.queue.push(this.pool.internFields(event));
    for (const [topic, count] of batch.perTopic) {
      this.perSubscription.set(topic, (this.perSubscription.get(topic) ?? 0) + count);
    }
    if (batch.malformed.length > 0) {
      this.malformedCount += batch.malformed.length;
      this.malformedQueue.push(...batch.malformed);
    }
    this.scheduleFlush();
  }

  markGap(from: number, to: number, reason: string): void {
    this.gapState.update((gaps) => [{ from, to, reason }, ...gaps]);
  }

  dismissGap(gap: FeedGap): void {
    this.gapState.update((gaps) => gaps.filter((item) => item !== gap));
  }

  setFilter(filter: FeedFilter): void {
    if (sameFilter(filter, this.filterState())) return;
    this.filterState.set(filter);
    this.rebuildView();
  }

  /**
   * Hides the events of these subscriptions from the view (pause per subscription). They
   * are still received, stored and counted, and show again when the set no longer has them.
   */
  setHiddenSubscriptions(ids: ReadonlySet<string>): void {
    const current = this.hiddenState();
    if (current.size === ids.size && [...ids].every((id) => current.has(id))) return;
    this.hiddenState.set(new Set(ids));
    this.rebuildView();
  }

  private rebuildView(): void {
    const oldestFirst = this.store.newestFirst().reverse();
    this.filtered.rebuild(oldestFirst, this.viewPredicate());
    this.version.update((value) => value + 1);
    this.counterVersion.update((value) => value + 1);
  }

  private viewPredicate(): EventPredicate | null {
    const byFilter = compileFilter(this.filterState());
    const hidden = this.hiddenState();
    if (hidden.size === 0) return byFilter;
    // Hidden only when every subscription that delivered it is paused.
    const visible = (event: CallEvent) =>
      event.subscriptionId === null ||
      !hidden.has(event.subscriptionId) ||
      (this.alsoDeliveredBy.get(event.key)?.some((id) => !hidden.has(id)) ?? false);
    return byFilter === null ? visible : (event) => visible(event) && byFilter(event);
  }

  /**
   * The subscription to show an event under: its own, unless that one is paused and a
   * running subscription also delivered it.
   */
  shownSubscriptionOf(event: CallEvent): string | null {
    const own = event.subscriptionId;
    const hidden = this.hiddenState();
    if (own === null || !hidden.has(own)) return own;
    return this.alsoDeliveredBy.get(event.key)?.find((id) => !hidden.has(id)) ?? own;
  }

  /**
   * Notes which other subscriptions delivered a retained event (overlapping filters), so a
   * paused subscription hides only what no running one delivers. Entries leave with their
   * event. When a running subscription's copy arrives for an event the view hides, the view
   * is rebuilt, at most every HIDDEN_REBUILD_MS.
   */
  private noteOtherDeliveries(change: StoreChange): void {
    if (this.alsoDeliveredBy.size > 0) {
      for (const event of change.evicted) this.alsoDeliveredBy.delete(event.key);
    }
    const hidden = this.hiddenState();
    let revealsHidden = false;
    for (const copy of change.duplicates) {
      const id = copy.subscriptionId;
      if (id === null) continue;
      const others = this.alsoDeliveredBy.get(copy.key);
      if (others?.includes(id)) continue;
      if (others) others.push(id);
      else this.alsoDeliveredBy.set(copy.key, [id]);
      if (hidden.size > 0 && !hidden.has(id)) revealsHidden = true;
    }
    if (revealsHidden && this.hiddenRebuildTimer === undefined) {
      this.hiddenRebuildTimer = setTimeout(() => {
        this.hiddenRebuildTimer = undefined;
        if (this.hiddenState().size > 0) this.rebuildView();
      }, HIDDEN_REBUILD_MS);
    }
  }

  /** Events applied so far, exact (the `counters` signal refreshes at 10 Hz). */
  receivedSoFar(): number {
    return this.receivedCount;
  }

  /** The filtered events as they are now, copied so they stay put (Pause, scrolled away). */
  frozenView(): ListView {
    return this.filtered.frozenView();
  }

  /** Up to `limit` of the newest retained events, unfiltered, newest first. */
  recent(limit: number): CallEvent[] {
    const result: CallEvent[] = [];
    for (let index = 0; index < Math.min(limit, this.store.size); index++) {
      result.push(this.store.at(index)!);
    }
    return result;
  }

  /** The retained events of one call, in arrival order. */
  eventsOfCall(callId: string): readonly CallEvent[] {
    return this.store.eventsOfCall(callId);
  }

  callIds(): string[] {
    return [...this.store.callIds()];
  }

  /** The filtered events, oldest first (export). */
  filteredOldestFirst(): IterableIterator<CallEvent> {
    return this.filtered.oldestFirst();
  }

  /** A retained event by its key; a linear search, for the rare jump from a call. */
  findByKey(key: string): CallEvent | undefined {
    for (let index = 0; index < this.store.size; index++) {
      const event = this.store.at(index);
      if (event?.key === key) return event;
    }
    return undefined;
  }

  rateSeries(now = Date.now()): number[] {
    return this.rates.series(now);
  }

  clear(): void {
    this.store.clear();
    this.filtered.rebuild([], this.viewPredicate());
    this.queue = [];
    this.malformedQueue = [];
    this.receivedCount = 0;
    this.malformedCount = 0;
    this.perSubscription.clear();
    this.alsoDeliveredBy.clear();
    this.rates.clear();
    this.pool.clear();
    this.malformedState.set([]);
    this.gapState.set([]);
    this.version.update((value) => value + 1);
    this.counterVersion.update((value) => value + 1);
  }

  private scheduleFlush(): void {
    if (this.isFlushScheduled) return;
    this.isFlushScheduled = true;
    this.frames.schedule(() => this.flush());
  }

  private flush(): void {
    this.isFlushScheduled = false;
    const now = performance.now();
    if (this.queue.length >= BIG_BATCH && now - this.lastFlushAt < BIG_BATCH_INTERVAL_MS) {
      this.scheduleFlush();
      return;
    }
    this.lastFlushAt = now;
    const batch = this.queue;
    this.queue = [];
    // Counted when applied, not when queued: "received" is what the feed has taken in.
    this.receivedCount += batch.length;
    const change = this.store.addBatch(batch);
    this.noteOtherDeliveries(change);
    this.filtered.apply(change);
    this.rates.record(batch.length, Date.now());
    if (this.malformedQueue.length > 0) {
      const recent = [...this.malformedQueue.reverse(), ...this.malformedState()];
      this.malformedState.set(recent.slice(0, MAX_KEPT_MALFORMED));
      this.malformedQueue = [];
    }
    this.version.update((value) => value + 1);
    this.refreshCounters();
    if (change.accepted.length > 0) this.flushes.next(change.accepted);
  }

  /** At most every COUNTER_REFRESH_MS, and once more after the last change. */
  private refreshCounters(): void {
    const now = Date.now();
    if (now - this.lastCounterAt >= COUNTER_REFRESH_MS) {
      clearTimeout(this.counterTimer);
      this.counterTimer = undefined;
      this.lastCounterAt = now;
      this.counterVersion.update((value) => value + 1);
    } else if (this.counterTimer === undefined) {
      this.counterTimer = setTimeout(() => {
        this.counterTimer = undefined;
        this.lastCounterAt = Date.now();
        this.counterVersion.update((value) => value + 1);
      }, COUNTER_REFRESH_MS);
    }
  }
}
