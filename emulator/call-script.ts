import { HttpError, badRequest } from './http-error.js';
import type { CallLeg, Party, Pbx } from './pbx.js';
import { CALL_CAUSES, CALL_STATES, type CallCause, type CallState } from './publication.js';
import type { PublicationRouter } from './publication-router.js';
import { optionalString, requiredString, type JsonObject } from './request-body.js';
import { TimerSet } from './timer-set.js';

// Scripted calls for tests and demos: POST /_emulator/calls plays one call through the
// given states, one step every stepMs, and answers once every event has been published.

const DEFAULT_STATES: readonly CallState[] = ['ringing', 'connected', 'completed'];
const DEFAULT_STEP_MS = 100;
// Bounds that keep one request from holding the connection open for minutes.
const MAX_STATES = 50;
const MAX_STEP_MS = 10_000;

export interface ScriptedCallResult {
  callTrackingId: string;
  legs: Array<{ endpointId: string; callId: string }>;
  publicationIds: string[];
}

interface CallPlan {
  from: Party;
  to: Party;
  states: readonly CallState[];
  stepMs: number;
  cause?: CallCause;
}

function partyField(pbx: Pbx, body: JsonObject, field: 'from' | 'to'): Party {
  const number = requiredString(body, field);
  const party = pbx.party(number, optionalString(body, `${field}Name`));
  if (!party) {
    const first = pbx.account.endpoints[0].extension;
    const last = pbx.account.endpoints[pbx.account.endpoints.length - 1].extension;
    throw badRequest(
      `${field} "${number}" is neither an extension of account ${pbx.account.accountId} ` +
        `(${first}..${last}) nor an E.164 number such as +16135550123.`,
    );
  }
  return party;
}

function parseStates(value: unknown): readonly CallState[] {
  if (value === undefined || value === null) return DEFAULT_STATES;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_STATES) {
    throw badRequest(`states must be a list of 1 to ${MAX_STATES} call states.`);
  }
  for (const state of value) {
    if (!(CALL_STATES as readonly unknown[]).includes(state)) {
      throw badRequest(`states contains ${JSON.stringify(state)}; use ${CALL_STATES.join(', ')}.`);
    }
  }
  return value as CallState[];
}

function parseStepMs(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_STEP_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_STEP_MS) {
    throw badRequest(`stepMs must be a number of milliseconds from 0 to ${MAX_STEP_MS}.`);
  }
  return value;
}

function parseCause(value: unknown): CallCause | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(CALL_CAUSES as readonly unknown[]).includes(value)) {
    throw badRequest(
      `cause must be one of ${CALL_CAUSES.join(', ')}; got ${JSON.stringify(value)}.`,
    );
  }
  return value as CallCause;
}

export function parseCallPlan(pbx: Pbx, body: JsonObject): CallPlan {
  const from = partyField(pbx, body, 'from');
  const to = partyField(pbx, body, 'to');
  if (!from.endpoint && !to.endpoint) {
    throw badRequest('from and to are both outside numbers; at least one must be an extension.');
  }
  if (from.number === to.number) throw badRequest('from and to must be different numbers.');
  return {
    from,
    to,
    states: parseStates(body['states']),
    stepMs: parseStepMs(body['stepMs']),
    cause: parseCause(body['cause']),
  };
}

/**
 * When the caller does not name a cause, the completed event says what most likely ended
 * the call: nobody answered, or (the contract has no "normal clearing") it was cleared.
 */
function causeFor(state: CallState, plan: CallPlan, wasConnected: boolean): CallCause {
  if (state !== 'completed') return 'newCall';
  return plan.cause ?? (wasConnected ? 'callCancelled' : 'callNotAnswer');
}

export class CallScripts {
  private readonly timers = new TimerSet();

  constructor(
    private readonly pbx: Pbx,
    private readonly router: PublicationRouter,
  ) {}

  async play(body: JsonObject): Promise<ScriptedCallResult> {
    if (this.timers.closed) throw new HttpError(503, 'The emulator is shutting down.');
    const plan = parseCallPlan(this.pbx, body);
    const trackingId = this.pbx.newTrackingId();
    const legs: CallLeg[] = [];
    // The caller's leg first: that is the order a PBX reports an internal call in.
    if (plan.from.endpoint)
      legs.push(this.pbx.openLeg(plan.from.endpoint, 'outbound', plan.from, plan.to));
    if (plan.to.endpoint)
      legs.push(this.pbx.openLeg(plan.to.endpoint, 'inbound', plan.from, plan.to));
    const publicationIds: string[] = [];
    let wasConnected = false;
    for (const [index, state] of plan.states.entries()) {
      if (index > 0 && !(await this.timers.wait(plan.stepMs))) {
        throw new HttpError(
          409,
          'The scripted call was abandoned: the emulator was reset or closed.',
        );
      }
      wasConnected ||= state === 'connected';
      for (const leg of legs) {
        const publication = this.pbx.publish(
          leg,
          state,
          causeFor(state, plan, wasConnected),
          trackingId,
        );
        publicationIds.push(publication.publicationId);
        await this.router.route(publication);
      }
    }
    return {
      callTrackingId: trackingId,
      legs: legs.map((leg) => ({ endpointId: leg.endpoint.endpointId, callId: leg.callId })),
      publicationIds,
    };
  }

  /** Abandons calls in progress; their requests answer 409. */
  cancel(): void {
    this.timers.clear();
  }

  /** cancel(), and refuse calls from requests still being read. */
  close(): void {
    this.timers.close();
  }
}
