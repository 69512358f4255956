import { Injectable, computed, inject, signal } from '@angular/core';
import { MqttMessage } from '../mqtt/mqtt-transport';
import { CallEvent, MalformedMessage } from './call-event';
import { EventStore } from './event-store';
import { FRAME_SCHEDULER } from './frame-scheduler';
import { parseMessage } from './publication-parser';

/** The store's cap: enough for a busy day's scrollback, bounded for memory. */
export const MAX_RETAINED_EVENTS = 100_000;
/** Malformed messages kept for display (all are counted). */
const MAX_KEPT_MALFORMED = 50;

export interface FeedCounters {
  readonly received: number;
  readonly retained: number;
  readonly duplicates: number;
  readonly evicted: number;
  readonly malformed: number;
}

/**
 * Where call events land. Messages are parsed as they arrive, queued, and applied to the
 * store once per animation frame: one signal write per frame, whatever the message rate.
 */
@Injectable({ providedIn: 'root' })
export class LiveEvents {
  private readonly frames = inject(FRAME_SCHEDULER);
  private readonly store = new EventStore(MAX_RETAINED_EVENTS);
  private queue: CallEvent[] = [];
  private malformedQueue: MalformedMessage[] = [];
  private isFlushScheduled = false;
  private receivedCount = 0;
  private malformedCount = 0;
  private readonly perSubscription = new Map<string, number>();

  private readonly version = signal(0);
  private readonly malformedState = signal<readonly MalformedMessage[]>([]);

  /** Newest first. Recomputed once per frame at most. */
  readonly events = computed<readonly CallEvent[]>(() => {
    this.version();
    return this.store.newestFirst();
  });

  readonly counters = computed<FeedCounters>(() => {
    this.version();
    const store = this.store.counters;
    return {
      received: this.receivedCount,
      retained: this.store.size,
      duplicates: store.duplicates,
      evicted: store.evicted,
      malformed: this.malformedCount,
    };
  });

  /** Messages received per MQTT topic (= subscription id), before dedupe. */
  readonly receivedBySubscription = computed<ReadonlyMap<string, number>>(() => {
    this.version();
    return new Map(this.perSubscription);
  });

  readonly recentMalformed = this.malformedState.asReadonly();

  ingest(message: MqttMessage, receivedAt = Date.now()): void {
    const parsed = parseMessage(message.payload, message.topic, receivedAt);
    this.receivedCount += parsed.events.length;
    this.perSubscription.set(
      message.topic,
      (this.perSubscription.get(message.topic) ?? 0) +
        parsed.events.length +
        parsed.malformed.length,
    );
    if (parsed.events.length > 0) this.queue.push(...parsed.events);
    if (parsed.malformed.length > 0) {
      this.malformedCount += parsed.malformed.length;
      this.malformedQueue.push(...parsed.malformed);
    }
    this.scheduleFlush();
  }

  clear(): void {
    this.store.clear();
    this.queue = [];
    this.malformedQueue = [];
    this.receivedCount = 0;
    this.malformedCount = 0;
    this.perSubscription.clear();
    this.malformedState.set([]);
    this.version.update((value) => value + 1);
  }

  private scheduleFlush(): void {
    if (this.isFlushScheduled) return;
    this.isFlushScheduled = true;
    this.frames.schedule(() => this.flush());
  }

  private flush(): void {
    this.isFlushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    this.store.add(batch);
    if (this.malformedQueue.length > 0) {
      const recent = [...this.malformedQueue.reverse(), ...this.malformedState()];
      this.malformedState.set(recent.slice(0, MAX_KEPT_MALFORMED));
      this.malformedQueue = [];
    }
    this.version.update((value) => value + 1);
  }
}
