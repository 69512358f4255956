import { CallEvent } from './call-event';
import { StoreChange } from './event-store';

/** Compact the backing array once this many evicted entries sit at its front. */
const COMPACT_AFTER = 4096;

/**
 * A read-only, newest-first window on a list of events, fixed when it was taken: later
 * arrivals do not shift it. Array-like enough (`length`, `slice`) for the CDK virtual list,
 * which only ever reads the rows on screen.
 */
export interface ListView {
  readonly length: number;
  /** How many matching events had been appended when the view was taken (ever). */
  readonly appendedTotal: number;
  at(index: number): CallEvent | undefined;
  slice(start?: number, end?: number): CallEvent[];
}

export type EventPredicate = (event: CallEvent) => boolean;

/**
 * The store's events that pass a filter, in arrival order, kept in step with the store
 * batch by batch: only new events are tested, and evictions drop from the front. Rebuilt
 * from scratch only when the filter changes.
 */
export class FilteredView {
  /** Matching events in arrival order; evicted ones at the front are cleared (undefined). */
  private items: (CallEvent | undefined)[] = [];
  private head = 0;
  private appended = 0;

  constructor(private predicate: EventPredicate | null = null) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** Matching events appended since the view was created (survives rebuilds: it only grows). */
  get appendedTotal(): number {
    return this.appended;
  }

  /** Starts over with a new filter over the store's events, oldest first. */
  rebuild(oldestFirst: Iterable<CallEvent>, predicate: EventPredicate | null): void {
    this.predicate = predicate;
    this.items = [];
    this.head = 0;
    for (const event of oldestFirst) if (!predicate || predicate(event)) this.items.push(event);
  }

  apply(change: StoreChange): void {
    const predicate = this.predicate;
    for (const event of change.accepted) {
      if (!predicate || predicate(event)) {
        this.items.push(event);
        this.appended++;
      }
    }
    // Evictions go oldest first, so an evicted event that matched is always at the front,
    // even one accepted and evicted within this same batch.
    // The slot is cleared at once: a reference left there would keep the evicted event (and
    // its publication text) alive until the next compaction, doubling the store's memory.
    for (const event of change.evicted) {
      if (this.head < this.items.length && this.items[this.head] === event) {
        this.items[this.head] = undefined;
        this.head++;
      }
    }
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.items.length) {
      // A new array: views taken earlier keep reading the old one, unchanged.
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Oldest first, for export. */
  *oldestFirst(): IterableIterator<CallEvent> {
    for (let index = this.head; index < this.items.length; index++) yield this.items[index]!;
  }

  /**
   * A live window, for the frame it is taken in: later evictions clear its oldest rows. Hold
   * on to it across frames with `frozenView()` instead.
   */
  view(): ListView {
    return newestFirstView(this.items, this.head, this.items.length, this.appended);
  }

  /** A copy that never changes (Pause, or a reader scrolled away), costing one pointer a row. */
  frozenView(): ListView {
    const copy = this.items.slice(this.head);
    return newestFirstView(copy, 0, copy.length, this.appended);
  }
}

function newestFirstView(
  items: readonly (CallEvent | undefined)[],
  head: number,
  end: number,
  appendedTotal: number,
): ListView {
  const length = end - head;
  const at = (index: number) => (index >= 0 && index < length ? items[end - 1 - index] : undefined);
  return {
    length,
    appendedTotal,
    at,
    slice(start = 0, stop = length) {
      const from = Math.max(0, start);
      const to = Math.min(length, stop);
      const rows: CallEvent[] = [];
      for (let index = from; index < to; index++) {
        const event = items[end - 1 - index];
        if (event) rows.push(event);
      }
      return rows;
    },
  };
}
