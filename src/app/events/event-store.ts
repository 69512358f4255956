import { CallEvent } from './call-event';

export interface StoreCounters {
  /** Events accepted into the store since it was created or cleared. */
  readonly accepted: number;
  /** Events dropped because their publicationId or eventId was already held. */
  readonly duplicates: number;
  /** Events pushed out by the cap. */
  readonly evicted: number;
}

/**
 * A bounded, deduplicating ring buffer of call events, newest first on read.
 * Plain TypeScript: the Angular layer above decides when to read it.
 */
export class EventStore {
  private readonly slots: (CallEvent | undefined)[];
  /** Index of the next write; the newest event sits just before it. */
  private head = 0;
  private count = 0;
  /** Dedupe keys (publicationId and eventId) of the retained events, with a reference count. */
  private readonly keys = new Map<string, number>();
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

  /** Adds events in arrival order; returns how many were accepted. */
  add(events: readonly CallEvent[]): number {
    let accepted = 0;
    for (const event of events) {
      if (this.isDuplicate(event)) {
        this.counts.duplicates++;
        continue;
      }
      this.write(event);
      accepted++;
    }
    this.counts.accepted += accepted;
    return accepted;
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

  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.keys.clear();
    this.counts = { accepted: 0, duplicates: 0, evicted: 0 };
  }

  private isDuplicate(event: CallEvent): boolean {
    return dedupeKeys(event).some((key) => this.keys.has(key));
  }

  private write(event: CallEvent): void {
    const evicted = this.slots[this.head];
    if (evicted && this.count === this.capacity) {
      dedupeKeys(evicted).forEach((key) => this.release(key));
      this.counts.evicted++;
    } else {
      this.count++;
    }
    this.slots[this.head] = event;
    this.head = (this.head + 1) % this.capacity;
    dedupeKeys(event).forEach((key) => this.keys.set(key, (this.keys.get(key) ?? 0) + 1));
  }

  private release(key: string): void {
    const remaining = (this.keys.get(key) ?? 1) - 1;
    if (remaining > 0) this.keys.set(key, remaining);
    else this.keys.delete(key);
  }
}

function dedupeKeys(event: CallEvent): string[] {
  const keys: string[] = [];
  if (event.publicationId) keys.push(`p:${event.publicationId}`);
  if (event.eventId) keys.push(`e:${event.eventId}`);
  return keys;
}
