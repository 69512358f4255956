import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DemoAccount } from './demo-account.js';
import { HttpError, badRequest } from './http-error.js';
import { LoadTemplates } from './load-templates.js';
import type { LoadSink } from './message-broker.js';
import type { JsonObject } from './request-body.js';
import type { SubscriptionRegistry } from './subscription-registry.js';

// POST /_emulator/load: call events at a fixed rate for a fixed time, straight to chosen
// subscriptions' topics, for the benchmark. It measures throughput, not matching: filters
// and visibility are bypassed, and every target gets every event. Paced by elapsed time,
// not by counting ticks, so late timers are caught up and the average rate holds.

export const MAX_LOAD_EVENTS_PER_SECOND = 100_000;
export const MAX_LOAD_DURATION_MS = 600_000;
// Short enough that a tick's batch stays small (250 events at 50,000/s), long enough that
// timer overhead does not count; setInterval cannot go much below a millisecond anyway.
const TICK_MS = 5;
// At most this many events per tick, so a catch-up after a stall (or a backed-up broker)
// cannot hold the event loop for long; the rest follow on the next ticks.
const MAX_EVENTS_PER_TICK = 5000;

export type LoadEnd = 'duration' | 'deleted' | 'reset' | 'subscriptions-gone' | 'closed';

export interface LoadStatus {
  running: boolean;
  loadId: string | null;
  eventsPerSecond: number | null;
  durationMs: number | null;
  /** the subscription ids the load was started with */
  targets: string[];
  /** events published; each went to every target still subscribed at the time */
  published: number;
  /** messages handed to the broker: events times targets */
  messages: number;
  /** epoch ms */
  startedAt: number | null;
  /** epoch ms, null while running */
  finishedAt: number | null;
  /** published per second of the time it ran (so far) */
  achievedEventsPerSecond: number | null;
  /** why it ended: null while running */
  endedBy: LoadEnd | null;
}

interface LoadRun {
  readonly loadId: string;
  readonly eventsPerSecond: number;
  readonly durationMs: number;
  readonly total: number;
  readonly targets: readonly string[];
  readonly startedAt: number;
  readonly startedAtPerf: number;
  live: string[];
  published: number;
  messages: number;
  finishedAtPerf?: number;
  finishedAt?: number;
  endedBy?: LoadEnd;
  timer?: NodeJS.Timeout;
}

function boundedNumber(body: JsonObject, field: string, max: number): number {
  const value = body[field];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > max) {
    throw badRequest(`${field} must be a number from 1 to ${max}.`);
  }
  return value;
}

export class LoadGenerator {
  private templates: LoadTemplates | undefined;
  private run: LoadRun | undefined;

  constructor(
    private readonly registry: SubscriptionRegistry,
    private readonly account: DemoAccount,
    private readonly sink: LoadSink,
  ) {}

  /** Builds the template pool now rather than on the first load, where it would delay it. */
  prepare(): void {
    this.templates ??= new LoadTemplates(this.account);
  }

  get status(): LoadStatus {
    const run = this.run;
    if (!run) {
      return {
        running: false,
        loadId: null,
        eventsPerSecond: null,
        durationMs: null,
        targets: [],
        published: 0,
        messages: 0,
        startedAt: null,
        finishedAt: null,
        achievedEventsPerSecond: null,
        endedBy: null,
      };
    }
    const elapsedMs = (run.finishedAtPerf ?? performance.now()) - run.startedAtPerf;
    return {
      running: run.endedBy === undefined,
      loadId: run.loadId,
      eventsPerSecond: run.eventsPerSecond,
      durationMs: run.durationMs,
      targets: [...run.targets],
      published: run.published,
      messages: run.messages,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt ?? null,
      achievedEventsPerSecond:
        elapsedMs > 0 ? Math.round((run.published / elapsedMs) * 1000 * 10) / 10 : 0,
      endedBy: run.endedBy ?? null,
    };
  }

  get isRunning(): boolean {
    return this.run !== undefined && this.run.endedBy === undefined;
  }

  start(body: JsonObject): LoadStatus {
    if (this.isRunning) {
      throw new HttpError(
        409,
        `Load ${this.run?.loadId} is still running; DELETE /_emulator/load stops it.`,
      );
    }
    const eventsPerSecond = boundedNumber(body, 'eventsPerSecond', MAX_LOAD_EVENTS_PER_SECOND);
    const durationMs = boundedNumber(body, 'durationMs', MAX_LOAD_DURATION_MS);
    const targets = this.targetsOf(body['subscriptionIds']);
    this.prepare();
    const run: LoadRun = {
      loadId: randomUUID(),
      eventsPerSecond,
      durationMs,
      total: Math.round((eventsPerSecond * durationMs) / 1000),
      targets,
      live: [...targets],
      startedAt: Date.now(),
      startedAtPerf: performance.now(),
      published: 0,
      messages: 0,
    };
    this.run = run;
    run.timer = setInterval(() => this.tick(run), TICK_MS);
    return this.status;
  }

  /** Ends the load in progress, if any; what was published stays in the status. */
  stop(reason: LoadEnd): void {
    if (this.run && this.isRunning) this.finish(this.run, reason);
  }

  private targetsOf(value: unknown): string[] {
    if (value === undefined || value === null) {
      const all = this.registry
        .all()
        .filter((s) => s.view.transport === 'websocket')
        .map((s) => s.view.subscriptionId);
      if (all.length === 0) {
        throw new HttpError(
          409,
          'There is no websocket subscription to send load to: create one first.',
        );
      }
      return all;
    }
    if (!Array.isArray(value) || value.length === 0 || value.some((id) => typeof id !== 'string')) {
      throw badRequest('subscriptionIds must be a non-empty list of subscription ids.');
    }
    const ids = [...new Set(value as string[])];
    for (const id of ids) {
      const subscription = this.registry.get(id);
      if (!subscription) throw badRequest(`subscriptionIds: no subscription ${id} exists.`);
      if (subscription.view.transport !== 'websocket') {
        throw badRequest(`subscriptionIds: ${id} is not a websocket subscription.`);
      }
    }
    return ids;
  }

  private tick(run: LoadRun): void {
    const templates = this.templates;
    if (!templates) return;
    // A deleted subscription gets nothing more; with none left, the load is over.
    run.live = run.live.filter((id) => this.registry.get(id) !== undefined);
    if (run.live.length === 0) {
      this.finish(run, 'subscriptions-gone');
      return;
    }
    const elapsedMs = performance.now() - run.startedAtPerf;
    const dueSoFar =
      elapsedMs >= run.durationMs
        ? run.total
        : Math.min(run.total, Math.floor((run.eventsPerSecond * elapsedMs) / 1000));
    const due = Math.min(dueSoFar - run.published, MAX_EVENTS_PER_TICK);
    for (let i = 0; i < due && !this.sink.isBackedUp(); i++) {
      const { template, stamp } = templates.nextEvent();
      for (const subscriptionId of run.live) {
        stamp.subscriptionId = subscriptionId;
        this.sink.publishLoad(subscriptionId, LoadTemplates.render(template, stamp));
      }
      run.published++;
      run.messages += run.live.length;
    }
    if (run.published >= run.total) this.finish(run, 'duration');
  }

  private finish(run: LoadRun, reason: LoadEnd): void {
    clearInterval(run.timer);
    run.endedBy = reason;
    run.finishedAtPerf = performance.now();
    run.finishedAt = Date.now();
  }
}
