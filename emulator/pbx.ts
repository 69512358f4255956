import { randomUUID } from 'node:crypto';
import { SITE_ID, type DemoAccount, type Endpoint } from './demo-account.js';
import type {
  CallCause,
  CallEventContent,
  CallState,
  Direction,
  Publication,
} from './publication.js';

// The bookkeeping a PBX does for its extensions: call numbers per endpoint, event ids,
// tracking ids, and the call-state events each leg of a call produces. Both the
// simulator and scripted calls drive calls through here, so their events look alike.

const API_VERSION = '2017-09-01';
// Call numbers start from the clock (in seconds, wrapped to seven digits) rather than 1, so
// a restarted emulator does not reuse the callIds an app still holds from the previous run.
const CALL_NUMBER_WRAP = 10_000_000;
const E164 = /^\+[1-9]\d{6,14}$/;

/** One side of a call: an extension of the account or an outside number. */
export interface Party {
  readonly number: string;
  readonly name?: string;
  readonly e164?: string;
  readonly endpoint?: Endpoint;
}

/** What one extension sees of a call: its own call number, direction and timings. */
export interface CallLeg {
  readonly endpoint: Endpoint;
  readonly callNumber: number;
  readonly callId: string;
  readonly direction: Direction;
  readonly from: Party;
  readonly to: Party;
  /** the number originally dialled, which stays put when the call is transferred */
  readonly calledDevice: string;
  state?: CallState;
  ringingAt?: number;
  connectedAt?: number;
}

// CSTA event names, which MiVoice reports in extraPbxData.eventType.
function cstaEventType(leg: CallLeg, state: CallState, cause: CallCause): string {
  switch (state) {
    case 'ringing':
      return leg.direction === 'inbound' ? 'Delivered' : 'Originated';
    case 'connected':
      return leg.state === 'held' ? 'Retrieved' : 'Established';
    case 'held':
      return 'Held';
    case 'completed':
      if (cause === 'transfer') return 'Transferred';
      return cause === 'busy' ? 'Failed' : 'ConnectionCleared';
    default:
      return 'ServiceInitiated';
  }
}

const wholeSeconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

export class Pbx {
  private readonly lastCallNumber = new Map<string, number>();
  private trackingSequence = 0;
  private readonly firstCallNumber: number;

  constructor(
    readonly account: DemoAccount,
    private readonly now: () => number = Date.now,
  ) {
    this.firstCallNumber = Math.floor(now() / 1000) % CALL_NUMBER_WRAP;
  }

  /** An extension of the account, or an E.164 number; undefined for anything else. */
  party(number: string, name?: string): Party | undefined {
    const endpoint = this.account.findEndpoint(number);
    if (endpoint) return { number, name: name ?? endpoint.name, e164: endpoint.e164, endpoint };
    if (E164.test(number)) return { number, e164: number, ...(name ? { name } : {}) };
    return undefined;
  }

  newTrackingId(): string {
    this.trackingSequence += 1;
    return `${this.now().toString(36)}-${this.trackingSequence}`;
  }

  /** Opens a leg on `endpoint`; each leg gets the endpoint's next call number. */
  openLeg(
    endpoint: Endpoint,
    direction: Direction,
    from: Party,
    to: Party,
    calledDevice = to.number,
  ): CallLeg {
    const previous = this.lastCallNumber.get(endpoint.endpointId) ?? this.firstCallNumber;
    const callNumber = previous + 1;
    this.lastCallNumber.set(endpoint.endpointId, callNumber);
    return {
      endpoint,
      callNumber,
      callId: `endpoints/${endpoint.endpointId}/calls/${callNumber}`,
      direction,
      from,
      to,
      calledDevice,
    };
  }

  /** Moves a leg to `state` and returns the publication announcing it. */
  publish(leg: CallLeg, state: CallState, cause: CallCause, trackingId: string): Publication {
    const now = this.now();
    const createdOn = new Date(now).toISOString();
    const endpoint = leg.endpoint;
    const path = `/${API_VERSION}/endpoints/${endpoint.endpointId}/calls/${leg.callNumber}`;
    const content: CallEventContent = {
      callId: leg.callId,
      endpointId: endpoint.endpointId,
      from: leg.from.number,
      ...(leg.from.name !== undefined && { fromName: leg.from.name }),
      to: leg.to.number,
      ...(leg.to.name !== undefined && { toName: leg.to.name }),
      ...(leg.from.e164 !== undefined && { fromNumberE164: leg.from.e164 }),
      ...(leg.to.e164 !== undefined && { toNumberE164: leg.to.e164 }),
      state,
      cause,
      direction: leg.direction,
      timestamp: now,
      createdOn,
      // Globally unique, not a per-endpoint counter: consumers dedupe on eventId alone, and a
      // restarted emulator must not repeat ids a running app still holds.
      eventId: randomUUID(),
      eventType: 'CallStateNotification',
      extraPbxData: {
        alertingDevice: leg.to.number,
        calledDevice: leg.calledDevice,
        eventType: cstaEventType(leg, state, cause),
        callTrackingID: trackingId,
      },
      accountId: this.account.accountId,
      siteId: SITE_ID,
      principalId: endpoint.principalId,
      userId: endpoint.userId,
      deviceId: endpoint.endpointId,
      isCtiEvent: true,
      ...this.timings(leg, state, now),
      _links: { self: { href: path } },
    };
    leg.state = state;
    return {
      publicationId: randomUUID(),
      topic: 'platform-api-media',
      method: 'PUT',
      subject: path,
      content,
      publisher: { accountId: this.account.accountId, principalId: endpoint.principalId },
      notification: { createdOn, correlationId: randomUUID() },
    };
  }

  private timings(leg: CallLeg, state: CallState, now: number): Partial<CallEventContent> {
    if (state === 'ringing') leg.ringingAt ??= now;
    if (state === 'connected') leg.connectedAt ??= now;
    if (state !== 'completed') return {};
    const answeredOrEnded = leg.connectedAt ?? now;
    return {
      ...(leg.ringingAt !== undefined && {
        ringTime: wholeSeconds(answeredOrEnded - leg.ringingAt),
      }),
      billingTime: leg.connectedAt === undefined ? 0 : wholeSeconds(now - leg.connectedAt),
      endTime: new Date(now).toISOString(),
    };
  }
}
