import type { AppPage } from './app-page.js';
import type { EmulatorClient } from './emulator-client.js';
import {
  readLongTasks,
  recordLongTasks,
  type LatencyFigures,
  type LongTasks,
} from './measured-page.js';
import { startOtherWorkMeter } from './machine-load.js';
import { drainPage, uniqueReceived } from './steps.js';

// The soak: many events through the app's capped store, to see whether memory stays flat
// once the store is full. It runs in two loads: a warm-up that fills the store to its cap
// (and evicts as much again), then the rest. Growth is counted from the end of the warm-up,
// so the store's intended fill (up to 100,000 events) is not mistaken for a leak.

/** The app's store cap (MAX_RETAINED_EVENTS in src/app/events). */
export const STORE_CAP = 100_000;
/** Enough to fill the store and then evict a full store's worth. */
const WARMUP_EVENTS = 2 * STORE_CAP;
/** The soak's loads are long; a page that keeps up needs far less than this to catch up. */
const SOAK_DRAIN_MAX_MS = 30_000;

export interface SoakResult {
  events: number;
  rate: number;
  warmupEvents: number;
  published: number;
  received: number;
  duplicates: number | null;
  lost: number;
  retained: number | null;
  evicted: number | null;
  /** heap after GC with the store emptied, before any event */
  heapEmptyBytes: number;
  /** heap after GC once the warm-up filled the store to its cap */
  heapAtCapBytes: number;
  /** heap after GC at the end of the soak */
  heapEndBytes: number;
  /** heapEndBytes − heapAtCapBytes */
  growthBytes: number;
  latency: LatencyFigures;
  longTasks: LongTasks;
  durationMs: number;
  /** share of the machine's CPU other processes used during the soak */
  othersCpuShare: number | null;
}

export async function runSoak(
  app: AppPage,
  emulator: EmulatorClient,
  events: number,
  rate: number,
): Promise<SoakResult> {
  const started = Date.now();
  await app.reset();
  const heapEmpty = await app.page.heapAfterGc();
  await recordLongTasks(app.page);
  const stopMeter = await startOtherWorkMeter();

  const warmupEvents = Math.min(WARMUP_EVENTS, Math.floor(events / 2));
  const load = async (count: number) => {
    const status = await emulator.runLoad({
      eventsPerSecond: rate,
      durationMs: Math.round((count / rate) * 1000),
    });
    return status.published;
  };

  let published = await load(warmupEvents);
  await drainPage(app, published, SOAK_DRAIN_MAX_MS);
  const heapAtCap = await app.page.heapAfterGc();

  published += await load(events - warmupEvents);
  const { counters } = await drainPage(app, published, SOAK_DRAIN_MAX_MS);
  const othersCpuShare = await stopMeter();
  const longTasks = await readLongTasks(app.page);
  const latency = await app.latency();
  const heapEnd = await app.page.heapAfterGc();

  return {
    events,
    rate,
    warmupEvents,
    published,
    received: counters.received,
    duplicates: counters.duplicates,
    lost: published - uniqueReceived(counters),
    retained: counters.retained,
    evicted: counters.evicted,
    heapEmptyBytes: heapEmpty.totalBytes,
    heapAtCapBytes: heapAtCap.totalBytes,
    heapEndBytes: heapEnd.totalBytes,
    growthBytes: heapEnd.totalBytes - heapAtCap.totalBytes,
    latency,
    longTasks,
    durationMs: Date.now() - started,
    othersCpuShare,
  };
}
