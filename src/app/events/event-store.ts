import { CallEvent } from './call-event';

export interface StoreCounters {
  /** Events accepted into the store since it was created or cleared. */
  readonly accepted: number;
  /** Events dropped because their publicationId or eventId was already held. */
  readonly duplicates: number;
  /** Events pushed out by the cap. */
  readonly evicted: number;
}

export interface StoreChange {
  /** Accepted events, in arrival order. */
  readonly accepted: readonly CallEvent[];
  /** Events the cap pushed out to make room, oldest first. */
  readonly evicted: readonly CallEvent[];
  /** Events dropped as copies of ones already held (another subscription's copy, say). */
  readonly duplicates: readonly CallEvent[];
}

/**
 * A bounded, deduplicating ring buffer of call events, newest first on read, with an index
 * of each call's events kept in step with eviction. Plain TypeScript: the Angular layer
 * above decides when to read it.
 */
export class EventStore {
  private readonly slots: (CallEvent | undefined)[];
  /** Index of the next write; the newest event sits just before it. */
  private head = 0;
  private count = 0;
  /** Dedupe: publicationIds and eventIds of the retained events, with a reference count. */
  private readonly publicationIds = new Map<string, number>();
  private readonly eventIds = new Map<string, number>();
  /** callId → that call's retained events, in arrival order. */
  private readonly calls = new Map<string, CallEvent[]>();
  private counts = { accepted: 0, duplicates: 0, evicted: 0 };

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`EventStore capacity must be a positive integer, got ${capacity}.`);
    }
    this.slots = new Array<CallEvent | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  get counters(): StoreCounters {
    return { ...this.counts };
  }

  /** How many distinct calls the retained events belong to. */
  get callCount(): number {
    return this.calls.size;
  }

  /** Adds events in arrival order; returns how many were accepted. */
  add(events: readonly CallEvent[]): number {
    return this.addBatch(events).accepted.length;
  }

  /** Adds events in arrival order and says what changed, for views kept in step. */
  addBatch(events: readonly CallEvent[]): StoreChange {
    const accepted: CallEvent[] = [];
    const evicted: CallEvent[] = [];
    const duplicates: CallEvent[] = [];
    for (const event of events) {
      if (this.isDuplicate(event)) {
        this.counts.duplicates++;
        duplicates.push(event);
        continue;
      }
      const pushedOut = this.write(event);
      if (pushedOut) evicted.push(pushedOut);
      accepted.push(event);
    }
    this.counts.accepted += accepted.length;
    this.counts.evicted += evicted.length;
    return { accepted, evicted, duplicates };
  }

  /** The event at `index`, 0 being the newest. */
  at(index: number): CallEvent | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const slot = (this.head - 1 - index + this.capacity * 2) % this.capacity;
    return this.slots[slot];
  }

  newestFirst(): CallEvent[] {
    const result = new Array<CallEvent>(this.count);
    for (let index = 0; index < this.count; index++) result[index] = this.at(index)!;
    return result;
  }

  /** The retained events of one call, in arrival order (empty when none is retained). */
  eventsOfCall(callId: string): readonly CallEvent[] {
    return this.calls.get(callId) ?? [];
  }

  /** Every call with retained events, each with its events in arrival order. */
  callIds(): IterableIterator<string> {
    return this.calls.keys();
  }

  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.publicationIds.clear();
    this.eventIds.clear();
    this.calls.clear();
    this.counts = { accepted: 0, duplicates: 0, evicted: 0 };
  }

  private isDuplicate(event: CallEvent): boolean {
    return (
      (event.publicationId !== null && this.publicationIds.has(event.publicationId)) ||
      (event.eventId !== null && this.eventIds.has(event.eventId))
    );
  }

  private write(event: CallEvent): CallEvent | undefined {
    const pushedOut = this.count === this.capacity ? this.slots[this.head] : undefined;
    if (pushedOut) this.forget(pushedOut);
    else this.count++;
    this.slots[this.head] = event;
    this.head = (this.head + 1) % this.capacity;
    retain(this.publicationIds, event.publicationId);
    retain(this.eventIds, event.eventId);
    if (event.callId !== null) {
      const events = this.calls.get(event.callId);
      if (events) events.push(event);
      else this.calls.set(event.callId, [event]);
    }
    return pushedOut;
  }

  private forget(event: CallEvent): void {
    release(this.publicationIds, event.publicationId);
    release(this.eventIds, event.eventId);
    if (event.callId === null) return;
    const events = this.calls.get(event.callId);
    if (!events) return;
    // Eviction goes oldest first, and a call's events are in arrival order: it is the first.
    const index = events[0] === event ? 0 : events.indexOf(event);
    if (index >= 0) events.splice(index, 1);
    if (events.length === 0) this.calls.delete(event.callId);
  }
}

function retain(keys: Map<string, number>, key: string | null): void {
  if (key !== null) keys.set(key, (keys.get(key) ?? 0) + 1);
}

function release(keys: Map<string, number>, key: string | null): void {
  if (key === null) return;
  const remaining = (keys.get(key) ?? 1) - 1;
  if (remaining > 0) keys.set(key, remaining);
  else keys.delete(key);
}
