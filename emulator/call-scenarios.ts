import type { Endpoint } from './demo-account.js';
import type { Party, Pbx } from './pbx.js';
import type { CallCause, CallState, Direction } from './publication.js';
import { SeededRandom } from './seeded-random.js';

// What kinds of calls the simulator places and how long each phase lasts. Pure: a scenario
// is planned up front from the PRNG, so a seed replays the same traffic, and the simulator
// only has to play the steps on timers.

// Durations in seconds at the demo rate (2 events/s); the simulator scales them inversely
// with its rate so the number of calls in progress stays about the same at any rate.
// A demo-rate call lasts from about a second (busy) to a little over 30 s (a transfer).
const RING_SEC = [2, 7] as const;
const SECOND_RING_SEC = [1, 4] as const;
const UNANSWERED_RING_SEC = [8, 14] as const;
const BUSY_SIGNAL_SEC = [0.5, 1.5] as const;
const TALK_SEC = [3, 12] as const;
const TALK_BEFORE_TRANSFER_SEC = [2, 5] as const;
const HOLD_SEC = [2, 4] as const;
const HOLD_PROBABILITY = 0.35;
const MAX_HOLDS = 2;
const OUTSIDE_NAME_PROBABILITY = 0.5;

const COMPANIES = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Health',
  'Wayne Enterprises',
  'Stark Industries',
];

export interface LegPlan {
  readonly endpoint: Endpoint;
  readonly direction: Direction;
  readonly from: Party;
  readonly to: Party;
  readonly calledDevice: string;
}

export interface StepPlan {
  readonly atSec: number;
  readonly leg: number;
  readonly state: CallState;
  readonly cause: CallCause;
}

export interface CallScenario {
  readonly kind: string;
  readonly legs: readonly LegPlan[];
  /** ordered by time; steps at the same instant keep their planned order */
  readonly steps: readonly StepPlan[];
}

class ScenarioBuilder {
  readonly legs: LegPlan[] = [];
  readonly steps: StepPlan[] = [];

  constructor(readonly rng: SeededRandom) {}

  leg(
    endpointParty: Party,
    direction: Direction,
    from: Party,
    to: Party,
    calledDevice = to.number,
  ) {
    if (!endpointParty.endpoint) throw new Error('a leg needs an extension');
    this.legs.push({ endpoint: endpointParty.endpoint, direction, from, to, calledDevice });
    return this.legs.length - 1;
  }

  at(atSec: number, legs: number | number[], state: CallState, cause: CallCause): void {
    for (const leg of Array.isArray(legs) ? legs : [legs])
      this.steps.push({ atSec, leg, state, cause });
  }

  span(range: readonly [number, number]): number {
    return this.rng.between(range[0], range[1]);
  }

  /** connected on every leg, then a conversation with holds on `holder`; returns its end. */
  talk(
    start: number,
    legs: number[],
    holder: number,
    cause: CallCause = 'newCall',
    maxHolds = MAX_HOLDS,
  ) {
    this.at(start, legs, 'connected', cause);
    const holds =
      maxHolds > 0 && this.rng.chance(HOLD_PROBABILITY) ? 1 + this.rng.int(maxHolds) : 0;
    const segment = this.span(TALK_SEC) / (holds + 1);
    let t = start;
    for (let i = 0; i < holds; i++) {
      t += segment;
      this.at(t, holder, 'held', cause);
      t += this.span(HOLD_SEC);
      this.at(t, holder, 'connected', cause);
    }
    return t + segment;
  }
}

function extension(b: ScenarioBuilder, pbx: Pbx, except?: Party): Party {
  const choices = pbx.account.endpoints.filter((e) => e.endpointId !== except?.number);
  return pbx.party(b.rng.pick(choices).extension) as Party;
}

function outsider(b: ScenarioBuilder, pbx: Pbx): Party {
  const number = `+1613555${String(100 + b.rng.int(900)).padStart(4, '0')}`;
  const name = b.rng.chance(OUTSIDE_NAME_PROBABILITY) ? b.rng.pick(COMPANIES) : undefined;
  return pbx.party(number, name) as Party;
}

type Scenario = (b: ScenarioBuilder, pbx: Pbx) => void;

const inboundAnswered: Scenario = (b, pbx) => {
  const caller = outsider(b, pbx);
  const callee = extension(b, pbx);
  const leg = b.leg(callee, 'inbound', caller, callee);
  b.at(0, leg, 'ringing', 'newCall');
  b.at(b.talk(b.span(RING_SEC), [leg], leg), leg, 'completed', 'callCancelled');
};

const inboundMissed: Scenario = (b, pbx) => {
  const caller = outsider(b, pbx);
  const callee = extension(b, pbx);
  const leg = b.leg(callee, 'inbound', caller, callee);
  b.at(0, leg, 'ringing', 'newCall');
  b.at(b.span(UNANSWERED_RING_SEC), leg, 'completed', 'callNotAnswer');
};

const outbound: Scenario = (b, pbx) => {
  const caller = extension(b, pbx);
  const callee = outsider(b, pbx);
  const leg = b.leg(caller, 'outbound', caller, callee);
  b.at(0, leg, 'ringing', 'newCall');
  b.at(b.talk(b.span(RING_SEC), [leg], leg), leg, 'completed', 'callCancelled');
};

const outboundBusy: Scenario = (b, pbx) => {
  const caller = extension(b, pbx);
  const leg = b.leg(caller, 'outbound', caller, outsider(b, pbx));
  b.at(0, leg, 'ringing', 'newCall');
  b.at(b.span(BUSY_SIGNAL_SEC), leg, 'completed', 'busy');
};

const internal: Scenario = (b, pbx) => {
  const caller = extension(b, pbx);
  const callee = extension(b, pbx, caller);
  const out = b.leg(caller, 'outbound', caller, callee);
  const inb = b.leg(callee, 'inbound', caller, callee);
  b.at(0, [out, inb], 'ringing', 'newCall');
  b.at(b.talk(b.span(RING_SEC), [out, inb], out), [out, inb], 'completed', 'callCancelled');
};

const internalBusy: Scenario = (b, pbx) => {
  const caller = extension(b, pbx);
  const leg = b.leg(caller, 'outbound', caller, extension(b, pbx, caller));
  b.at(0, leg, 'ringing', 'newCall');
  b.at(b.span(BUSY_SIGNAL_SEC), leg, 'completed', 'busy');
};

/** An outside call answered by one extension, then transferred to another. */
const transferred: Scenario = (b, pbx) => {
  const caller = outsider(b, pbx);
  const first = extension(b, pbx);
  const second = extension(b, pbx, first);
  const a = b.leg(first, 'inbound', caller, first);
  b.at(0, a, 'ringing', 'newCall');
  const answeredAt = b.span(RING_SEC);
  b.at(answeredAt, a, 'connected', 'newCall');
  const handOver = answeredAt + b.span(TALK_BEFORE_TRANSFER_SEC);
  b.at(handOver, a, 'completed', 'transfer');
  const c = b.leg(second, 'inbound', caller, second, first.number);
  b.at(handOver, c, 'ringing', 'transfer');
  const end = b.talk(handOver + b.span(SECOND_RING_SEC), [c], c, 'transfer', 1);
  b.at(end, c, 'completed', 'callCancelled');
};

/** Rings unanswered at one extension, then forwards to another that answers. */
const forwardedNoAnswer: Scenario = (b, pbx) => {
  const caller = outsider(b, pbx);
  const first = extension(b, pbx);
  const second = extension(b, pbx, first);
  const a = b.leg(first, 'inbound', caller, first);
  b.at(0, a, 'ringing', 'newCall');
  const forwardAt = b.span(RING_SEC);
  b.at(forwardAt, a, 'completed', 'redirected');
  const c = b.leg(second, 'inbound', caller, second, first.number);
  b.at(forwardAt, c, 'ringing', 'callForwardNoAnswer');
  const end = b.talk(forwardAt + b.span(SECOND_RING_SEC), [c], c, 'callForwardNoAnswer');
  b.at(end, c, 'completed', 'callCancelled');
};

const MIX: ReadonlyArray<readonly [readonly [string, Scenario], number]> = [
  [['inbound-answered', inboundAnswered], 30],
  [['inbound-missed', inboundMissed], 8],
  [['outbound', outbound], 20],
  [['outbound-busy', outboundBusy], 4],
  [['internal', internal], 18],
  [['internal-busy', internalBusy], 4],
  [['transferred', transferred], 10],
  [['forwarded-no-answer', forwardedNoAnswer], 6],
];

export function planCall(rng: SeededRandom, pbx: Pbx): CallScenario {
  const [kind, scenario] = rng.weighted(MIX);
  const builder = new ScenarioBuilder(rng);
  scenario(builder, pbx);
  // A stable sort keeps same-instant steps in planned order (caller's leg first).
  const steps = [...builder.steps].sort((x, y) => x.atSec - y.atSec);
  return { kind, legs: builder.legs, steps };
}

// Measured rather than hand-derived so it stays right when the mix above is tuned.
const CALIBRATION_SAMPLES = 2000;
const CALIBRATION_SEED = 1;

/** Mean number of events (publications) one planned call produces. */
export function meanEventsPerCall(pbx: Pbx): number {
  const rng = new SeededRandom(CALIBRATION_SEED);
  let total = 0;
  for (let i = 0; i < CALIBRATION_SAMPLES; i++) total += planCall(rng, pbx).steps.length;
  return total / CALIBRATION_SAMPLES;
}
