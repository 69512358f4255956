import { CallEvent } from './call-event';
import { CallSummary, formatDuration, orderCalls, summarizeCall } from './call-summary';

const T0 = 1_714_979_289_000;
const CALL_ID = 'endpoints/130001/calls/884422';

let sequence = 0;

/** One event of call 884422, `seconds` after T0 by event time (received a little later). */
function step(
  state: string | null,
  seconds: number,
  overrides: Partial<CallEvent> = {},
): CallEvent {
  sequence++;
  const occurredAt = T0 + seconds * 1000;
  const content = { callId: CALL_ID, endpointId: '130001', state, timestamp: occurredAt };
  return {
    key: `pub-${sequence}`,
    publicationId: `pub-${sequence}`,
    eventId: `evt-${sequence}`,
    topic: 'platform-api-media',
    method: 'PUT',
    subject: '/2017-09-01/endpoints/130001/calls/884422',
    subscriptionId: 'sub-42',
    receivedAt: occurredAt + 250,
    occurredAt,
    callId: CALL_ID,
    endpointId: '130001',
    state,
    cause: state === 'ringing' ? 'newCall' : null,
    direction: 'inbound',
    from: '130002',
    fromName: 'Grace Hopper',
    to: '130001',
    toName: 'Ada Lovelace',
    raw: JSON.stringify({ publicationId: `pub-${sequence}`, content }),
    ...overrides,
  };
}

const sec = (seconds: number) => seconds * 1000;

describe('summarizeCall', () => {
  it('returns null for no events', () => {
    expect(summarizeCall([], T0)).toBeNull();
  });

  describe('durations', () => {
    interface Case {
      name: string;
      events: () => CallEvent[];
      now: number;
      state: string;
      isActive: boolean;
      endedAt: number | null;
      ringMs: number;
      talkMs: number;
      holdMs: number;
      finalCause: string | null;
    }
    const NOW = T0 + sec(1000);
    const cases: Case[] = [
      {
        name: 'answered: ringing → connected → completed',
        events: () => [step('ringing', 0), step('connected', 5), step('completed', 65)],
        now: NOW,
        state: 'completed',
        isActive: false,
        endedAt: T0 + sec(65),
        ringMs: sec(5),
        talkMs: sec(60),
        holdMs: 0,
        finalCause: null,
      },
      {
        name: 'held and retrieved: the hold is not talk',
        events: () => [
          step('ringing', 0),
          step('connected', 2),
          step('held', 10),
          step('connected', 40),
          step('completed', 70),
        ],
        now: NOW,
        state: 'completed',
        isActive: false,
        endedAt: T0 + sec(70),
        ringMs: sec(2),
        talkMs: sec(38),
        holdMs: sec(30),
        finalCause: null,
      },
      {
        name: 'held twice',
        events: () => [
          step('ringing', 0),
          step('connected', 1),
          step('held', 11),
          step('connected', 21),
          step('held', 31),
          step('connected', 36),
          step('completed', 41),
        ],
        now: NOW,
        state: 'completed',
        isActive: false,
        endedAt: T0 + sec(41),
        ringMs: sec(1),
        talkMs: sec(25),
        holdMs: sec(15),
        finalCause: null,
      },
      {
        name: 'a repeated held event does not restart the hold',
        events: () => [
          step('ringing', 0),
          step('connected', 2),
          step('held', 10),
          step('held', 20),
          step('connected', 40),
          step('completed', 70),
        ],
        now: NOW,
        state: 'completed',
        isActive: false,
        endedAt: T0 + sec(70),
        ringMs: sec(2),
        talkMs: sec(38),
        holdMs: sec(30),
        finalCause: null,
      },
      {
        name: 'hung up while on hold',
        events: () => [
          step('ringing', 0),
          step('connected', 2),
          step('held', 10),
          step('completed', 50, { cause: 'callCancelled' }),
        ],
        now: NOW,
        state: 'completed',
        isActive: false,
        endedAt: T0 + sec(50),
        ringMs: sec(2),
        talkMs: sec(8),
        holdMs: sec(40),
        finalCause: 'callCancelled',
      },
      {
        name: 'unanswered: ringing → completed (callNotAnswer)',
        events: () => [step('ringing', 0), step('completed', 30, { cause: 'callNotAnswer' })],
        now: NOW,
        state: 'completed',
        isActive: false,
        endedAt: T0 + sec(30),
        ringMs: sec(30),
        talkMs: 0,
        holdMs: 0,
        finalCause: 'callNotAnswer',
      },
      {
        name: 'busy: completed at once',
        events: () => [step('completed', 3, { cause: 'busy' })],
        now: NOW,
        state: 'completed',
        isActive: false,
        endedAt: T0 + sec(3),
        ringMs: 0,
        talkMs: 0,
        holdMs: 0,
        finalCause: 'busy',
      },
      {
        name: 'busy after an idle event',
        events: () => [step('idle', 0), step('completed', 1, { cause: 'busy' })],
        now: NOW,
        state: 'completed',
        isActive: false,
        endedAt: T0 + sec(1),
        ringMs: 0,
        talkMs: 0,
        holdMs: 0,
        finalCause: 'busy',
      },
      {
        name: 'answered without a ringing event',
        events: () => [step('connected', 4), step('completed', 14)],
        now: NOW,
        state: 'completed',
        isActive: false,
        endedAt: T0 + sec(14),
        ringMs: 0,
        talkMs: sec(10),
        holdMs: 0,
        finalCause: null,
      },
      {
        name: 'events after completed do not count',
        events: () => [
          step('ringing', 0),
          step('connected', 5),
          step('completed', 65, { cause: 'callCancelled' }),
          step('connected', 70),
          step('held', 80),
          step('completed', 90, { cause: 'busy' }),
        ],
        now: NOW,
        state: 'completed',
        isActive: false,
        endedAt: T0 + sec(65),
        ringMs: sec(5),
        talkMs: sec(60),
        holdMs: 0,
        finalCause: 'callCancelled',
      },
      {
        name: 'active, ringing',
        events: () => [step('ringing', 0)],
        now: T0 + sec(7),
        state: 'ringing',
        isActive: true,
        endedAt: null,
        ringMs: sec(7),
        talkMs: 0,
        holdMs: 0,
        finalCause: null,
      },
      {
        name: 'active, connected',
        events: () => [step('ringing', 0), step('connected', 5)],
        now: T0 + sec(20),
        state: 'connected',
        isActive: true,
        endedAt: null,
        ringMs: sec(5),
        talkMs: sec(15),
        holdMs: 0,
        finalCause: null,
      },
      {
        name: 'active, on hold',
        events: () => [step('ringing', 0), step('connected', 2), step('held', 10)],
        now: T0 + sec(25),
        state: 'held',
        isActive: true,
        endedAt: null,
        ringMs: sec(2),
        talkMs: sec(8),
        holdMs: sec(15),
        finalCause: null,
      },
    ];

    for (const c of cases) {
      it(c.name, () => {
        const summary = summarizeCall(c.events(), c.now)!;
        expect(summary).not.toBeNull();
        expect({
          state: summary.state,
          isActive: summary.isActive,
          startedAt: summary.startedAt,
          endedAt: summary.endedAt,
          ringMs: summary.ringMs,
          talkMs: summary.talkMs,
          holdMs: summary.holdMs,
          finalCause: summary.finalCause,
        }).toEqual({
          state: c.state,
          isActive: c.isActive,
          startedAt: c.events()[0].occurredAt!,
          endedAt: c.endedAt,
          ringMs: c.ringMs,
          talkMs: c.talkMs,
          holdMs: c.holdMs,
          finalCause: c.finalCause,
        });
      });

      it(`${c.name}: the same summary whatever the arrival order`, () => {
        const inOrder = c.events();
        const expected = summarizeCall(inOrder, c.now);
        const orders = [
          [...inOrder].reverse(),
          [...inOrder.slice(1), inOrder[0]],
          inOrder.map((_, index) => inOrder[(index * 2 + 1) % inOrder.length]),
        ];
        for (const [index, order] of orders.entries()) {
          if (new Set(order).size !== inOrder.length) continue;
          expect(summarizeCall(order, c.now)).withContext(`order ${index}`).toEqual(expected);
        }
        expect(summarizeCall([...inOrder].reverse(), c.now)).toEqual(expected);
      });
    }
  });

  describe('an active call', () => {
    it('grows its talk time with now while connected', () => {
      const events = [step('ringing', 0), step('connected', 5)];
      const talk = [20, 80, 3605].map((s) => summarizeCall(events, T0 + sec(s))!.talkMs);
      expect(talk).toEqual([sec(15), sec(75), sec(3600)]);
      expect(summarizeCall(events, T0 + sec(80))!.ringMs).toBe(sec(5));
    });

    it('grows its ring time with now while ringing', () => {
      const events = [step('ringing', 0)];
      expect(summarizeCall(events, T0 + sec(4))!.ringMs).toBe(sec(4));
      expect(summarizeCall(events, T0 + sec(9))!.ringMs).toBe(sec(9));
    });

    it('grows its hold time, not its talk time, while on hold', () => {
      const events = [step('ringing', 0), step('connected', 2), step('held', 10)];
      const early = summarizeCall(events, T0 + sec(25))!;
      const late = summarizeCall(events, T0 + sec(100))!;
      expect([early.holdMs, early.talkMs]).toEqual([sec(15), sec(8)]);
      expect([late.holdMs, late.talkMs]).toEqual([sec(90), sec(8)]);
    });

    it('does not change an ended call with now', () => {
      const events = [step('ringing', 0), step('connected', 5), step('completed', 65)];
      expect(summarizeCall(events, T0 + sec(100))).toEqual(
        summarizeCall(events, T0 + sec(100_000)),
      );
    });
  });

  describe('what it reads', () => {
    it('reads the parties, direction and ids, and lists every step in event-time order', () => {
      const ringing = step('ringing', 0, { from: null, fromName: null, to: null, toName: null });
      const connected = step('connected', 5, {
        from: '+15550100',
        fromName: 'Zoë Åström 山田',
        to: '130001',
        toName: 'Ada Lovelace',
        direction: 'outbound',
      });
      const completed = step('completed', 65, { cause: 'callCancelled' });
      const summary = summarizeCall([completed, ringing, connected], T0)!;

      expect(summary.callId).toBe(CALL_ID);
      expect(summary.endpointId).toBe('130001');
      expect(summary.from).toBe('+15550100');
      expect(summary.fromName).toBe('Zoë Åström 山田');
      expect(summary.to).toBe('130001');
      expect(summary.toName).toBe('Ada Lovelace');
      expect(summary.direction).toBe('outbound');
      expect(summary.lastActivityAt).toBe(T0 + sec(65));
      expect(summary.steps).toEqual([
        { state: 'ringing', at: T0, key: ringing.key, cause: 'newCall' },
        { state: 'connected', at: T0 + sec(5), key: connected.key, cause: null },
        { state: 'completed', at: T0 + sec(65), key: completed.key, cause: 'callCancelled' },
      ]);
    });

    it('lists events after completed among the steps, and as the last activity', () => {
      const late = step('connected', 70);
      const summary = summarizeCall([step('ringing', 0), step('completed', 30), late], T0)!;
      expect(summary.steps.map((s) => s.state)).toEqual(['ringing', 'completed', 'connected']);
      expect(summary.lastActivityAt).toBe(T0 + sec(70));
      expect(summary.state).toBe('completed');
    });

    it('uses receivedAt when an event has no occurredAt', () => {
      const ringing = step('ringing', 0, { occurredAt: null, receivedAt: T0 + sec(1) });
      const connected = step('connected', 6, { occurredAt: null, receivedAt: T0 + sec(6) });
      const summary = summarizeCall([connected, ringing], T0 + sec(10))!;
      expect(summary.startedAt).toBe(T0 + sec(1));
      expect(summary.ringMs).toBe(sec(5));
      expect(summary.talkMs).toBe(sec(4));
      expect(summary.steps.map((s) => s.at)).toEqual([T0 + sec(1), T0 + sec(6)]);
    });

    it('reads a missing state as unknown', () => {
      const summary = summarizeCall([step(null, 0), step(null, 3)], T0 + sec(10))!;
      expect(summary.state).toBe('unknown');
      expect(summary.isActive).toBeTrue();
      expect(summary.steps.map((s) => s.state)).toEqual(['unknown', 'unknown']);
      expect([summary.ringMs, summary.talkMs, summary.holdMs]).toEqual([0, 0, 0]);
    });

    it('falls back to the first event for parties when none names them', () => {
      const bare = { from: null, fromName: null, to: null, toName: null };
      const summary = summarizeCall(
        [step('ringing', 0, { ...bare, direction: 'inbound' }), step('connected', 1, bare)],
        T0,
      )!;
      expect([summary.from, summary.to, summary.direction]).toEqual([null, null, 'inbound']);
    });

    it('uses the first event key when there is no callId', () => {
      const first = step('ringing', 0, { callId: null });
      expect(summarizeCall([first], T0)!.callId).toBe(first.key);
    });
  });
});

describe('orderCalls', () => {
  function summary(callId: string, isActive: boolean, startedAt: number, endedAt: number | null) {
    return { callId, isActive, startedAt, endedAt } as CallSummary;
  }

  it('puts active calls first, newest start first, then ended calls, latest end first', () => {
    const calls = [
      summary('ended-early', false, T0, T0 + 100),
      summary('active-old', true, T0 + 10, null),
      summary('ended-late', false, T0 + 5, T0 + 900),
      summary('active-new', true, T0 + 500, null),
      summary('ended-mid', false, T0 + 50, T0 + 400),
      summary('active-mid', true, T0 + 200, null),
    ];
    expect(orderCalls(calls).map((call) => call.callId)).toEqual([
      'active-new',
      'active-mid',
      'active-old',
      'ended-late',
      'ended-mid',
      'ended-early',
    ]);
  });

  it('gives the same order whatever order it was given', () => {
    const calls = [
      summary('a', true, T0 + 3, null),
      summary('b', false, T0, T0 + 7),
      summary('c', true, T0 + 1, null),
      summary('d', false, T0 + 2, T0 + 4),
    ];
    const expected = ['a', 'c', 'b', 'd'];
    expect(orderCalls([...calls]).map((call) => call.callId)).toEqual(expected);
    expect(orderCalls([...calls].reverse()).map((call) => call.callId)).toEqual(expected);
  });

  it('orders real summaries', () => {
    const ended = summarizeCall([step('ringing', 0), step('completed', 10)], T0 + sec(100))!;
    const active = summarizeCall(
      [step('ringing', 1, { callId: 'other' }), step('connected', 2, { callId: 'other' })],
      T0 + sec(100),
    )!;
    expect(orderCalls([ended, active]).map((call) => call.callId)).toEqual(['other', CALL_ID]);
  });

  it('handles an empty list', () => {
    expect(orderCalls([])).toEqual([]);
  });
});

describe('formatDuration', () => {
  const cases: { ms: number; text: string }[] = [
    { ms: 0, text: '0s' },
    { ms: 999, text: '0s' },
    { ms: 12_000, text: '12s' },
    { ms: 59_000, text: '59s' },
    { ms: 59_999, text: '59s' },
    { ms: 60_000, text: '1:00' },
    { ms: 65_000, text: '1:05' },
    { ms: 600_000, text: '10:00' },
    { ms: 3_599_000, text: '59:59' },
    { ms: 3_600_000, text: '1:00:00' },
    { ms: 3_661_000, text: '1:01:01' },
    { ms: 36_000_000, text: '10:00:00' },
    { ms: 90_061_000, text: '25:01:01' },
    { ms: -1, text: '0s' },
    { ms: -5000, text: '0s' },
    { ms: -3_600_000, text: '0s' },
  ];
  for (const c of cases) {
    it(`formats ${c.ms} ms as ${c.text}`, () => {
      expect(formatDuration(c.ms)).toBe(c.text);
    });
  }
});

describe('summarizeCall with events that carry no state', () => {
  it('keeps a hold running across a stateless event', () => {
    const summary = summarizeCall(
      [
        step('ringing', 0),
        step('connected', 2),
        step('held', 10),
        step(null, 20),
        step('connected', 40),
        step('completed', 70),
      ],
      T0 + sec(100),
    )!;
    expect(summary.holdMs).toBe(sec(30));
    expect(summary.talkMs).toBe(sec(38));
  });

  it('reports the last named state of a live call, not "unknown"', () => {
    const summary = summarizeCall(
      [step('ringing', 0), step('connected', 2), step(null, 20)],
      T0 + sec(30),
    )!;
    expect(summary.state).toBe('connected');
    expect(summary.isActive).toBeTrue();
  });
});
