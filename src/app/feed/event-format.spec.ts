import { CallEvent } from '../events/call-event';
import { eventSummary, eventTime, formatClock, partyLabel } from './event-format';
import { callEvent as aCallEvent } from '../events/testing/call-events';

/** Local time, since formatClock shows the viewer's time zone. */
function local(hours: number, minutes: number, seconds: number, ms: number): number {
  return new Date(2024, 4, 6, hours, minutes, seconds, ms).getTime();
}

function callEvent(overrides: Partial<CallEvent> = {}): CallEvent {
  return aCallEvent({
    receivedAt: local(14, 3, 28, 0),
    occurredAt: local(14, 3, 27, 120),
    raw: '{}',
    ...overrides,
  });
}

describe('formatClock', () => {
  const cases: { time: number; expected: string }[] = [
    { time: local(14, 3, 27, 120), expected: '14:03:27.120' },
    { time: local(0, 0, 0, 0), expected: '00:00:00.000' },
    { time: local(9, 5, 7, 3), expected: '09:05:07.003' },
    { time: local(23, 59, 59, 999), expected: '23:59:59.999' },
    { time: local(12, 30, 0, 45), expected: '12:30:00.045' },
  ];
  for (const c of cases) {
    it(`shows ${c.expected}`, () => {
      expect(formatClock(c.time)).toBe(c.expected);
    });
  }
});

describe('partyLabel', () => {
  const cases: { number: string | null; name: string | null; expected: string }[] = [
    { number: '130001', name: 'Ada Lovelace', expected: 'Ada Lovelace (130001)' },
    { number: '130001', name: null, expected: '130001' },
    { number: null, name: 'Ada Lovelace', expected: 'Ada Lovelace' },
    { number: '130001', name: '130001', expected: '130001' },
    { number: null, name: null, expected: 'unknown' },
    { number: '+15550100', name: 'Reception', expected: 'Reception (+15550100)' },
  ];
  for (const c of cases) {
    it(`labels ${c.number} / ${c.name} as ${c.expected}`, () => {
      expect(partyLabel(c.number, c.name)).toBe(c.expected);
    });
  }
});

describe('eventTime', () => {
  it('is when the event happened at the source', () => {
    expect(eventTime(callEvent())).toBe(local(14, 3, 27, 120));
  });

  it('falls back to when it was received', () => {
    expect(eventTime(callEvent({ occurredAt: null }))).toBe(local(14, 3, 28, 0));
  });

  it('keeps an occurredAt of 0 rather than falling back', () => {
    expect(eventTime(callEvent({ occurredAt: 0 }))).toBe(0);
  });
});

describe('eventSummary', () => {
  it('reads a full event in one line', () => {
    expect(eventSummary(callEvent())).toBe(
      '14:03:27.120, ringing, Grace Hopper (130002) to Ada Lovelace (130001), endpoint 130001, ' +
        'inbound, newCall',
    );
  });

  it('leaves out what is missing and says what it cannot leave out', () => {
    expect(
      eventSummary(
        callEvent({
          occurredAt: null,
          state: null,
          from: null,
          fromName: null,
          to: '130001',
          toName: null,
          endpointId: null,
          direction: null,
          cause: null,
        }),
      ),
    ).toBe('14:03:28.000, no state, unknown to 130001');
  });

  it('shows a completed outbound call', () => {
    expect(
      eventSummary(
        callEvent({
          state: 'completed',
          direction: 'outbound',
          cause: null,
          from: '130001',
          fromName: 'Ada Lovelace',
          to: '+15550100',
          toName: null,
        }),
      ),
    ).toBe(
      '14:03:27.120, completed, Ada Lovelace (130001) to +15550100, endpoint 130001, outbound',
    );
  });
});
