import { sleep } from './cdp-page.js';
import type { EmulatorClient, LoadStatus } from './emulator-client.js';
import { startOtherWorkMeter } from './machine-load.js';
import {
  domNodeCount,
  readLongTasks,
  recordLongTasks,
  type DeliveryCounters,
  type HeapFigures,
  type LatencyFigures,
  type LongTasks,
  type MeasuredPage,
} from './measured-page.js';

// One step: a fixed rate for a fixed time into one page, then what the page made of it.

/** After the load ends, how long a page may take to catch up before its backlog counts as lost. */
export const DRAIN_MAX_MS = 10_000;
/** A page whose received count has not moved for this long has nothing more coming. */
const DRAIN_QUIET_MS = 1000;
const DRAIN_POLL_MS = 250;

export interface StepPlan {
  targetRate: number;
  durationMs: number;
}

export interface StepResult extends StepPlan {
  consumer: 'app' | 'bare';
  /** events the emulator published for this step */
  published: number;
  /** the publisher's own rate over the step (it may fall short of the target) */
  achievedRate: number;
  /** events received by the time the load's duration was up */
  receivedAtLoadEnd: number;
  /** receivedAtLoadEnd per second of load: how fast the page took events in */
  receivedRate: number;
  /** events received by the end of the drain, repeats and malformed ones included */
  received: number;
  duplicates: number | null;
  malformed: number;
  /** published − (received − duplicates): events not received by the end of the drain */
  lost: number;
  /** whether everything published had arrived before DRAIN_MAX_MS ran out */
  drained: boolean;
  drainMs: number;
  retained: number | null;
  evicted: number | null;
  latency: LatencyFigures;
  longTasks: LongTasks;
  heap: HeapFigures;
  domNodes: number;
  /** share of the machine's CPU other processes used during the step and its drain */
  othersCpuShare: number | null;
}

/** Unique events received: what `lost` is counted against. */
export function uniqueReceived(counters: DeliveryCounters): number {
  return counters.received - (counters.duplicates ?? 0);
}

/**
 * Runs one step. The counters are read once exactly when the load's time is up (the
 * received rate), then again once the page has caught up or DRAIN_MAX_MS has passed.
 */
export async function runStep(
  consumer: MeasuredPage,
  emulator: EmulatorClient,
  plan: StepPlan,
): Promise<StepResult> {
  await consumer.reset();
  await recordLongTasks(consumer.page);
  const stopMeter = await startOtherWorkMeter();

  const startedAt = Date.now();
  let atLoadEnd: DeliveryCounters | undefined;
  let isAbandoned = false;
  const loadEndRead = sleep(plan.durationMs).then(async () => {
    if (!isAbandoned) atLoadEnd = await consumer.counters();
  });
  let load: LoadStatus;
  try {
    load = await emulator.runLoad({
      eventsPerSecond: plan.targetRate,
      durationMs: plan.durationMs,
      subscriptionIds: consumer.subscriptionIds,
    });
  } catch (error) {
    // The read scheduled for the load's end must not outlive the step (or the browser).
    isAbandoned = true;
    loadEndRead.catch(() => undefined);
    throw error;
  }
  await loadEndRead;
  const loadEnded = Date.now();

  const drain = await drainPage(consumer, load.published);
  const drainMs = Date.now() - loadEnded;
  const othersCpuShare = await stopMeter();
  const longTasks = await readLongTasks(consumer.page);
  const latency = await consumer.latency();
  const domNodes = await domNodeCount(consumer.page);
  const heap = await consumer.page.heapAfterGc();

  const publishedMs = (load.finishedAt ?? loadEnded) - (load.startedAt ?? startedAt);
  const achievedRate =
    load.achievedEventsPerSecond ?? (publishedMs > 0 ? (load.published * 1000) / publishedMs : 0);
  const receivedAtLoadEnd = atLoadEnd?.received ?? 0;
  return {
    consumer: consumer.kind,
    ...plan,
    published: load.published,
    achievedRate: Math.round(achievedRate),
    receivedAtLoadEnd,
    receivedRate: Math.round((receivedAtLoadEnd * 1000) / plan.durationMs),
    received: drain.counters.received,
    duplicates: drain.counters.duplicates,
    malformed: drain.counters.malformed,
    lost: load.published - uniqueReceived(drain.counters),
    drained: drain.drained,
    drainMs,
    retained: drain.counters.retained,
    evicted: drain.counters.evicted,
    latency,
    longTasks,
    heap,
    domNodes,
    othersCpuShare,
  };
}

/**
 * Waits until the page has `published` unique events, or its count has stopped moving, or
 * `maxMs` has passed. Counters are the page's since its last reset.
 */
export async function drainPage(
  consumer: MeasuredPage,
  published: number,
  maxMs = DRAIN_MAX_MS,
): Promise<{ counters: DeliveryCounters; drained: boolean }> {
  const deadline = Date.now() + maxMs;
  let counters = await consumer.counters();
  let lastChange = Date.now();
  while (uniqueReceived(counters) < published && Date.now() < deadline) {
    await sleep(DRAIN_POLL_MS);
    const next = await consumer.counters();
    if (next.received !== counters.received) lastChange = Date.now();
    counters = next;
    if (Date.now() - lastChange >= DRAIN_QUIET_MS) break;
  }
  return { counters, drained: uniqueReceived(counters) >= published };
}

/**
 * Waits until a page's received count has been still for DRAIN_QUIET_MS (a backlog from an
 * earlier load has been worked off), up to `maxMs`. Returns whether it went quiet.
 */
export async function waitForQuiet(consumer: MeasuredPage, maxMs: number): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  let last = (await consumer.counters()).received;
  let lastChange = Date.now();
  while (Date.now() < deadline) {
    await sleep(DRAIN_POLL_MS);
    const now = (await consumer.counters()).received;
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange >= DRAIN_QUIET_MS) {
      return true;
    }
  }
  return false;
}
