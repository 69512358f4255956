import type { CdpPage, HeapFigures } from './cdp-page.js';

// What the benchmark reads from any measured page (the app or the bare ceiling page), the
// same way for both: counters and latencies each page keeps for itself, long tasks seen by a
// PerformanceObserver injected before each step, the DOM size, the heap after a forced GC.

export interface DeliveryCounters {
  /** events the page parsed, repeats included (a payload that does not parse is `malformed`) */
  received: number;
  /** of those, repeats of an event already seen (the app drops them); null = not checked */
  duplicates: number | null;
  /** payloads that did not parse */
  malformed: number;
  /** events held in the store (the app only; the bare page keeps nothing) */
  retained: number | null;
  /** events the store's cap pushed out (the app only) */
  evicted: number | null;
}

export interface LatencyFigures {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LongTasks {
  count: number;
  maxMs: number;
  totalMs: number;
}

/** One consumer of the stream, as the stepped run sees it. */
export interface MeasuredPage {
  readonly kind: 'app' | 'bare';
  readonly page: CdpPage;
  /** subscriptions the load goes to; undefined = every matching one (the app's own) */
  readonly subscriptionIds: string[] | undefined;
  /** Empties counters and latencies, so a step starts from zero. */
  reset(): Promise<void>;
  counters(): Promise<DeliveryCounters>;
  latency(): Promise<LatencyFigures>;
}

const LONG_TASK_RECORDER = `(() => {
  const previous = window.__benchLongTasks;
  if (previous) previous.observer.disconnect();
  const totals = { count: 0, maxMs: 0, totalMs: 0 };
  const add = (entries) => {
    for (const entry of entries) {
      totals.count++;
      totals.totalMs += entry.duration;
      if (entry.duration > totals.maxMs) totals.maxMs = entry.duration;
    }
  };
  const observer = new PerformanceObserver((list) => add(list.getEntries()));
  observer.observe({ type: 'longtask' });
  window.__benchLongTasks = { observer, totals, add };
  return true;
})()`;

const LONG_TASK_READER = `(() => {
  const recorder = window.__benchLongTasks;
  if (!recorder) return { count: 0, maxMs: 0, totalMs: 0 };
  recorder.add(recorder.observer.takeRecords());
  recorder.observer.disconnect();
  const { count, maxMs, totalMs } = recorder.totals;
  return { count, maxMs: Math.round(maxMs), totalMs: Math.round(totalMs) };
})()`;

/** Starts counting long tasks (main-thread tasks over 50 ms) from now. */
export async function recordLongTasks(page: CdpPage): Promise<void> {
  await page.evaluate(LONG_TASK_RECORDER);
}

/** Stops counting and returns what was seen since recordLongTasks(). */
export function readLongTasks(page: CdpPage): Promise<LongTasks> {
  return page.evaluate<LongTasks>(LONG_TASK_READER);
}

export function domNodeCount(page: CdpPage): Promise<number> {
  return page.evaluate<number>(`document.getElementsByTagName('*').length`);
}

export type { HeapFigures };
