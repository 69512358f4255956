import { meanEventsPerCall, planCall, type CallScenario } from './call-scenarios.js';
import type { CallLeg, Pbx } from './pbx.js';
import type { PublicationRouter } from './publication-router.js';
import { SeededRandom } from './seeded-random.js';
import { TimerSet } from './timer-set.js';

// Background call traffic at an average number of events per second. Calls arrive as a
// Poisson process whose rate is eventsPerSecond divided by the mean events per call, and
// each call plays its planned steps on timers; nothing spins.

/** The rate the scenario durations are written for; other rates scale time inversely. */
const DEMO_EVENTS_PER_SECOND = 2;
// Calls in progress stay near five whatever the rate, since durations scale with it; this
// cap only bites when timers cannot keep up (very high rates) so work cannot pile up.
const MAX_CONCURRENT_CALLS = 64;
// When the process was busy and arrivals are overdue, start at most this many at once.
const MAX_CATCH_UP_ARRIVALS = 50;
// Far beyond any useful load from one process, and low enough that nobody hangs it by typo.
export const MAX_EVENTS_PER_SECOND = 20_000;

export interface SimulatorSettings {
  eventsPerSecond: number;
  activeCalls: number;
  seed: number;
}

export class CallSimulator {
  private readonly rng: SeededRandom;
  private readonly eventsPerCall: number;
  private readonly callTimers = new TimerSet();
  private arrivalTimer: NodeJS.Timeout | undefined;
  private nextArrivalAt = 0;
  private rate = 0;
  private active = 0;
  private isClosed = false;

  constructor(
    private readonly pbx: Pbx,
    private readonly router: PublicationRouter,
    private readonly log: (line: string) => void,
    seed?: number,
  ) {
    this.rng = new SeededRandom(seed);
    this.eventsPerCall = meanEventsPerCall(pbx);
  }

  get settings(): SimulatorSettings {
    return { eventsPerSecond: this.rate, activeCalls: this.active, seed: this.rng.seed };
  }

  /** 0 stops new calls; calls in progress play to the end at the timing they started with. */
  setRate(eventsPerSecond: number): void {
    this.rate = this.isClosed ? 0 : Math.min(Math.max(0, eventsPerSecond), MAX_EVENTS_PER_SECOND);
    clearTimeout(this.arrivalTimer);
    this.arrivalTimer = undefined;
    if (this.rate === 0) return;
    this.nextArrivalAt = Date.now() + this.rng.exponential(this.meanGapMs());
    this.scheduleArrival();
  }

  /** Stops arrivals and abandons calls in progress mid-way (used by reset and close). */
  stop(): void {
    this.setRate(0);
    this.callTimers.clear();
    this.active = 0;
  }

  /** stop(), for good: a request still in flight cannot restart it. */
  close(): void {
    this.isClosed = true;
    this.stop();
  }

  private meanGapMs(): number {
    return (this.eventsPerCall / this.rate) * 1000;
  }

  private scheduleArrival(): void {
    this.arrivalTimer = setTimeout(
      () => this.arrive(),
      Math.max(0, this.nextArrivalAt - Date.now()),
    );
  }

  private arrive(): void {
    // Timers fire late under load: start every arrival already due, so the average rate
    // holds, but only up to a bound, and forget the rest, so a stalled process does not burst.
    let started = 0;
    while (this.nextArrivalAt <= Date.now() && started < MAX_CATCH_UP_ARRIVALS) {
      this.startCall();
      started++;
      this.nextArrivalAt += this.rng.exponential(this.meanGapMs());
    }
    if (started === MAX_CATCH_UP_ARRIVALS)
      this.nextArrivalAt = Math.max(this.nextArrivalAt, Date.now());
    this.scheduleArrival();
  }

  private startCall(): void {
    // Planned even when dropped, so the PRNG sequence (and so the traffic) a seed yields
    // does not depend on how busy the machine was.
    const scenario = planCall(this.rng, this.pbx);
    if (this.active >= MAX_CONCURRENT_CALLS) return;
    const timeScale = DEMO_EVENTS_PER_SECOND / this.rate;
    this.active++;
    this.play(scenario, timeScale);
  }

  private play(scenario: CallScenario, timeScale: number): void {
    const trackingId = this.pbx.newTrackingId();
    const legs = new Map<number, CallLeg>();
    const last = scenario.steps.length - 1;
    scenario.steps.forEach((step, index) => {
      this.callTimers.after(step.atSec * 1000 * timeScale, () => {
        let leg = legs.get(step.leg);
        if (!leg) {
          const plan = scenario.legs[step.leg];
          leg = this.pbx.openLeg(
            plan.endpoint,
            plan.direction,
            plan.from,
            plan.to,
            plan.calledDevice,
          );
          legs.set(step.leg, leg);
        }
        const publication = this.pbx.publish(leg, step.state, step.cause, trackingId);
        this.router.route(publication).catch((error: unknown) => {
          this.log(`simulated publication failed: ${String(error)}`);
        });
        if (index === last) this.active--;
      });
    });
  }
}
