import { Injectable, Injector, afterNextRender, inject } from '@angular/core';
import { SessionSupervisor } from '../session/session-supervisor';
import { CallEvent } from './call-event';
import { FeedCounters, LiveEvents } from './live-events';
import { LatencyHistogram, LatencySummary } from './latency-histogram';

/** What the benchmark reads through `window.__switchboardProbe`. */
export interface SwitchboardProbe {
  counters(): FeedCounters;
  latency(): LatencySummary;
  resetLatency(): void;
  state(): string;
  timeToFirstPaintMs(): number | null;
  clearFeed(): void;
}

declare global {
  interface Window {
    __switchboardProbe?: SwitchboardProbe;
  }
}

/**
 * Instrumentation for `npm run bench`, installed only when config.json says
 * `"benchmarkProbe": true`. An event counts as painted in the animation frame after the
 * frame whose DOM included it; its latency runs from its `content.timestamp` (the
 * publisher's clock, the same machine) to that frame.
 */
@Injectable({ providedIn: 'root' })
export class FeedProbe {
  private readonly live = inject(LiveEvents);
  private readonly supervisor = inject(SessionSupervisor);
  private readonly injector = inject(Injector);
  private readonly histogram = new LatencyHistogram();
  private firstPaint: { startedAt: number; paintedAt: number } | null = null;

  install(): void {
    this.live.flushed$.subscribe((events) => this.measureWhenPainted(events));
    window.__switchboardProbe = {
      counters: () => this.live.counters(),
      latency: () => this.histogram.summary(),
      resetLatency: () => this.histogram.reset(),
      state: () => this.supervisor.state().kind,
      timeToFirstPaintMs: () => this.timeToFirstPaint(),
      clearFeed: () => this.live.clear(),
    };
  }

  /** From the last Start (or first Create subscription) to the first event painted after it. */
  private timeToFirstPaint(): number | null {
    const startedAt = this.supervisor.lastStartAt();
    const paint = this.firstPaint;
    if (startedAt === null || paint?.startedAt !== startedAt || paint.paintedAt === null) {
      return null;
    }
    return Math.round(paint.paintedAt - startedAt);
  }

  private measureWhenPainted(events: readonly CallEvent[]): void {
    afterNextRender(
      () =>
        requestAnimationFrame(() => {
          const paintedAt = Date.now();
          for (const event of events) {
            if (event.occurredAt !== null) this.histogram.record(paintedAt - event.occurredAt);
          }
          this.noteFirstPaint(paintedAt);
        }),
      { injector: this.injector },
    );
  }

  private noteFirstPaint(paintedAt: number): void {
    const startedAt = this.supervisor.lastStartAt();
    if (startedAt === null || this.firstPaint?.startedAt === startedAt) return;
    this.firstPaint = { startedAt, paintedAt };
  }
}
