import { CallEvent } from './call-event';

export interface CallStep {
  readonly state: string;
  readonly at: number;
  readonly key: string;
  readonly cause: string | null;
}

/** One call (one callId: one endpoint's leg), read from its events. */
export interface CallSummary {
  readonly callId: string;
  readonly endpointId: string | null;
  readonly from: string | null;
  readonly fromName: string | null;
  readonly to: string | null;
  readonly toName: string | null;
  readonly direction: string | null;
  /** The latest state, by event time. */
  readonly state: string;
  readonly isActive: boolean;
  readonly startedAt: number;
  readonly endedAt: number | null;
  /** Ringing until answered (or until it ended unanswered). */
  readonly ringMs: number;
  /** Connected, not counting time on hold. */
  readonly talkMs: number;
  readonly holdMs: number;
  readonly finalCause: string | null;
  /** Every event, in event-time order. */
  readonly steps: readonly CallStep[];
  readonly lastActivityAt: number;
}

const timeOf = (event: CallEvent) => event.occurredAt ?? event.receivedAt;

/**
 * Summarises one call's events. Events may arrive out of order: they are read in event-time
 * order. `now` stands in for the end of anything still going on (live durations).
 */
export function summarizeCall(events: readonly CallEvent[], now: number): CallSummary | null {
  if (events.length === 0) return null;
  const ordered = [...events].sort((a, b) => timeOf(a) - timeOf(b));
  const first = ordered[0];
  const last = ordered[ordered.length - 1];
  const parties = ordered.find((event) => event.from !== null || event.to !== null) ?? first;

  let ringingAt: number | null = null;
  let connectedAt: number | null = null;
  let completedAt: number | null = null;
  let holdStartedAt: number | null = null;
  let holdMs = 0;
  let finalCause: string | null = null;
  for (const event of ordered) {
    const at = timeOf(event);
    if (completedAt !== null) break;
    // An event without a state says nothing about the hold: only a known state ends it.
    if (holdStartedAt !== null && event.state !== null && event.state !== 'held') {
      holdMs += at - holdStartedAt;
      holdStartedAt = null;
    }
    switch (event.state) {
      case 'ringing':
        ringingAt ??= at;
        break;
      case 'connected':
        connectedAt ??= at;
        break;
      case 'held':
        holdStartedAt ??= at;
        break;
      case 'completed':
        completedAt = at;
        finalCause = event.cause;
        break;
    }
  }
  const end = completedAt ?? now;
  if (holdStartedAt !== null) holdMs += end - holdStartedAt;
  const ringStart = ringingAt ?? timeOf(first);
  const ringMs = ringingAt === null ? 0 : Math.max(0, (connectedAt ?? end) - ringStart);
  const talkMs = connectedAt === null ? 0 : Math.max(0, end - connectedAt - holdMs);

  return {
    callId: first.callId ?? first.key,
    endpointId: first.endpointId,
    from: parties.from,
    fromName: parties.fromName,
    to: parties.to,
    toName: parties.toName,
    direction: parties.direction,
    state: completedAt !== null ? 'completed' : latestState(ordered),
    isActive: completedAt === null,
    startedAt: timeOf(first),
    endedAt: completedAt,
    ringMs,
    talkMs,
    holdMs,
    finalCause,
    steps: ordered.map((event) => ({
      state: event.state ?? 'unknown',
      at: timeOf(event),
      key: event.key,
      cause: event.cause,
    })),
    lastActivityAt: timeOf(last),
  };
}

/** The last state an event named; events without one do not change it. */
function latestState(ordered: readonly CallEvent[]): string {
  for (let index = ordered.length - 1; index >= 0; index--) {
    const state = ordered[index].state;
    if (state !== null) return state;
  }
  return 'unknown';
}

/** Active calls first (newest start first), then ended calls (most recently ended first). */
export function orderCalls(calls: CallSummary[]): CallSummary[] {
  return calls.sort((a, b) => {
    if (a.isActive !== b.isActive) return a.isActive ? -1 : 1;
    return a.isActive ? b.startedAt - a.startedAt : (b.endedAt ?? 0) - (a.endedAt ?? 0);
  });
}

/** `1:05` or `12s`: short and readable for durations. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  if (minutes < 60) return `${minutes}:${rest}`;
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${rest}`;
}
