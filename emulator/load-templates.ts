import { randomUUID } from 'node:crypto';
import { planCall } from './call-scenarios.js';
import type { DemoAccount } from './demo-account.js';
import { Pbx, type CallLeg } from './pbx.js';
import { envelopeFor, type Publication } from './publication.js';
import { SeededRandom } from './seeded-random.js';

// The load generator's messages: a pool of real simulator publications (planned calls of
// every kind, 1.2-1.3 kB each in their envelope) serialised once into templates, so that
// a message costs two UUIDs and a string join instead of building and stringifying objects.

/** About 70 calls of every kind; cycling through them keeps each call in lifecycle order. */
const POOL_SIZE = 300;
const POOL_SEED = 20_170_901;
// Load calls are numbered above anything the simulator's Pbx reaches (it wraps at seven
// digits), so a load never reuses the callId of a simulated or scripted call.
const LOAD_CALL_NUMBER_OFFSET = 10_000_000;

type Slot =
  | 'publicationId'
  | 'eventId'
  | 'timestamp'
  | 'isoTime'
  | 'subscriptionId'
  | 'callNumber'
  | 'trackingId';

const SLOT_MARKER = /"@@(timestamp)@@"|@@(\w+)@@/g;
const mark = (slot: Slot) => `@@${slot}@@`;

interface Template {
  /** the text around the slots: parts.length === slots.length + 1 */
  readonly parts: readonly string[];
  readonly slots: readonly Slot[];
  readonly callNumber: number;
  readonly callIndex: number;
}

/** One event's stamped values; only subscriptionId changes from one target to the next. */
export type Stamp = Record<Slot, string>;

function compile(publication: Publication, leg: CallLeg, callIndex: number): Template {
  const content = {
    ...publication.content,
    eventId: mark('eventId'),
    timestamp: mark('timestamp') as unknown as number,
    createdOn: mark('isoTime'),
    extraPbxData: { ...publication.content.extraPbxData, callTrackingID: mark('trackingId') },
    ...(publication.content.endTime !== undefined && { endTime: mark('isoTime') }),
  };
  const json = envelopeFor(
    {
      ...publication,
      publicationId: mark('publicationId'),
      content,
      notification: { ...publication.notification, createdOn: mark('isoTime') },
    },
    mark('subscriptionId'),
  ).replace(new RegExp(`/calls/${leg.callNumber}(?=")`, 'g'), `/calls/${mark('callNumber')}`);
  const parts: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const match of json.matchAll(SLOT_MARKER)) {
    parts.push(json.slice(last, match.index));
    slots.push((match[1] ?? match[2]) as Slot);
    last = match.index + match[0].length;
  }
  parts.push(json.slice(last));
  return { parts, slots, callNumber: leg.callNumber, callIndex };
}

/** Plans calls with the simulator's scenarios and records every event they publish. */
function buildTemplates(account: DemoAccount): {
  templates: Template[];
  calls: number;
  legs: number;
} {
  let clock = Date.now();
  const pbx = new Pbx(account, () => clock);
  const rng = new SeededRandom(POOL_SEED);
  const templates: Template[] = [];
  let calls = 0;
  let legCount = 0;
  while (templates.length < POOL_SIZE) {
    const scenario = planCall(rng, pbx);
    const startedAt = clock;
    const legs = new Map<number, CallLeg>();
    for (const step of scenario.steps) {
      let leg = legs.get(step.leg);
      if (!leg) {
        const plan = scenario.legs[step.leg];
        leg = pbx.openLeg(plan.endpoint, plan.direction, plan.from, plan.to, plan.calledDevice);
        legs.set(step.leg, leg);
        legCount++;
      }
      // Step times drive ringTime and billingTime, as they do in the simulator.
      clock = startedAt + step.atSec * 1000;
      templates.push(compile(pbx.publish(leg, step.state, step.cause, 'x'), leg, calls));
    }
    calls++;
  }
  return { templates, calls, legs: legCount };
}

/** Cycles through the templates; every pass renumbers the calls, so none repeats. */
export class LoadTemplates {
  private readonly templates: readonly Template[];
  private readonly callsPerPass: number;
  private readonly legsPerPass: number;
  private readonly trackingPrefix = Date.now().toString(36);
  private next = 0;
  private pass = 0;
  private lastMs = 0;
  private lastIso = '';

  constructor(account: DemoAccount) {
    const { templates, calls, legs } = buildTemplates(account);
    this.templates = templates;
    this.callsPerPass = calls;
    this.legsPerPass = legs;
  }

  get size(): number {
    return this.templates.length;
  }

  /**
   * The next event: a fresh publicationId and eventId, and the current time as
   * content.timestamp, content.createdOn and notification.createdOn (and endTime).
   */
  nextEvent(): { template: Template; stamp: Stamp } {
    const template = this.templates[this.next];
    const now = Date.now();
    if (now !== this.lastMs) {
      this.lastMs = now;
      this.lastIso = new Date(now).toISOString();
    }
    // An endpoint has fewer legs in a pass than the pass has in all, so shifting each pass
    // by legsPerPass keeps every endpoint's call numbers distinct from one pass to the next.
    const callNumber = template.callNumber + this.pass * this.legsPerPass;
    const call = this.pass * this.callsPerPass + template.callIndex;
    const stamp: Stamp = {
      publicationId: randomUUID(),
      eventId: randomUUID(),
      timestamp: String(now),
      isoTime: this.lastIso,
      subscriptionId: '',
      callNumber: String(LOAD_CALL_NUMBER_OFFSET + callNumber),
      trackingId: `${this.trackingPrefix}-${call + 1}`,
    };
    if (++this.next === this.templates.length) {
      this.next = 0;
      this.pass++;
    }
    return { template, stamp };
  }

  /** The envelope for one target subscription, as UTF-8 bytes ready for the broker. */
  static render(template: Template, stamp: Stamp): Buffer {
    const { parts, slots } = template;
    let text = parts[0];
    for (let i = 0; i < slots.length; i++) text += stamp[slots[i]] + parts[i + 1];
    return Buffer.from(text, 'utf8');
  }
}
