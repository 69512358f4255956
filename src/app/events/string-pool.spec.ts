import { CallEvent } from './call-event';
import { StringPool } from './string-pool';

/** A string equal to `value` but built at run time, so it is not the source literal. */
function fresh(value: string): string {
  return value
    .split('')
    .map((char) => char)
    .join('');
}

/** A call event as the parser (or the worker's structured clone) would hand it over. */
function callEvent(overrides: Partial<CallEvent> = {}): CallEvent {
  const base: CallEvent = {
    key: fresh('pub-7f3a9c'),
    publicationId: fresh('pub-7f3a9c'),
    eventId: fresh('evt-884422-1'),
    topic: fresh('platform-api-media'),
    method: fresh('PUT'),
    subject: fresh('/2017-09-01/endpoints/130001/calls/884422'),
    subscriptionId: fresh('sub-42'),
    receivedAt: 1_714_979_300_000,
    occurredAt: 1_714_979_289_010,
    callId: fresh('endpoints/130001/calls/884422'),
    endpointId: fresh('130001'),
    state: fresh('ringing'),
    cause: fresh('newCall'),
    direction: fresh('inbound'),
    from: fresh('130002'),
    fromName: fresh('Zoë Åström 山田'),
    to: fresh('130001'),
    toName: fresh('Ada Lovelace'),
    raw: fresh('{"publicationId":"pub-7f3a9c"}'),
  };
  return { ...base, ...overrides };
}

const INTERNED = [
  'topic',
  'method',
  'subscriptionId',
  'callId',
  'endpointId',
  'state',
  'cause',
  'direction',
  'from',
  'fromName',
  'to',
  'toName',
] as const;

describe('StringPool', () => {
  describe('intern', () => {
    it('keeps null as null', () => {
      const pool = new StringPool();
      expect(pool.intern(null)).toBeNull();
      expect(pool.intern(null)).toBeNull();
    });

    const values = ['ringing', '', '130001', 'Zoë Åström 山田', ' padded ', '0'];
    for (const value of values) {
      it(`returns a value equal to ${JSON.stringify(value)}, the first time and later`, () => {
        const pool = new StringPool();
        const first = fresh(value);
        expect(pool.intern(first)).toBe(value);
        expect(pool.intern(fresh(value))).toBe(value);
        expect(pool.intern(fresh(value))).toBe(first);
      });
    }

    it('keeps different values apart', () => {
      const pool = new StringPool();
      const inputs = ['ringing', 'Ringing', 'ringing ', 'connected', '1', '01'];
      const interned = inputs.map((value) => pool.intern(fresh(value)));
      expect(interned).toEqual(inputs);
      expect(inputs.map((value) => pool.intern(value))).toEqual(inputs);
    });

    it('still returns equal values once the pool passes its cap and clears', () => {
      const pool = new StringPool();
      // More distinct values than the cap (50,000): the pool clears at least once.
      const total = 120_000;
      let changed = 0;
      for (let n = 0; n < total; n++) {
        const value = `caller-${n}`;
        if (pool.intern(value) !== value) changed++;
      }
      expect(changed).toBe(0);
      for (const n of [0, 1, 49_999, 50_000, 50_001, 99_999, 100_000, total - 1]) {
        expect(pool.intern(fresh(`caller-${n}`))).toBe(`caller-${n}`);
      }
      expect(pool.intern('ringing')).toBe('ringing');
      expect(pool.intern(fresh('ringing'))).toBe('ringing');
    });

    it('works again after clear()', () => {
      const pool = new StringPool();
      pool.intern('held');
      pool.clear();
      expect(pool.intern(fresh('held'))).toBe('held');
      expect(pool.intern(null)).toBeNull();
    });
  });

  describe('internFields', () => {
    it('interns in place: the same object comes back, with equal values', () => {
      const pool = new StringPool();
      const event = callEvent();
      const copy = { ...event };
      const interned = pool.internFields(event);
      expect(interned).toBe(event);
      expect(interned).toEqual(copy);
    });

    it('gives equal values for the repetitive fields of two separately built events', () => {
      const pool = new StringPool();
      const first = pool.internFields(callEvent());
      const second = pool.internFields(callEvent({ publicationId: 'pub-2', key: 'pub-2' }));
      for (const field of INTERNED) {
        expect(second[field]).withContext(field).toBe(first[field]);
      }
      expect(second.publicationId).toBe('pub-2');
    });

    it('leaves the unique ids, times and raw text as they were', () => {
      const pool = new StringPool();
      const event = callEvent({
        key: 'event:evt-9',
        publicationId: null,
        eventId: 'evt-9',
        subject: '/2017-09-01/endpoints/7/calls/9',
        receivedAt: 42,
        occurredAt: null,
        raw: '{"content":{"eventId":"evt-9"}}',
      });
      const interned = pool.internFields(event);
      expect(interned.key).toBe('event:evt-9');
      expect(interned.publicationId).toBeNull();
      expect(interned.eventId).toBe('evt-9');
      expect(interned.subject).toBe('/2017-09-01/endpoints/7/calls/9');
      expect(interned.receivedAt).toBe(42);
      expect(interned.occurredAt).toBeNull();
      expect(interned.raw).toBe('{"content":{"eventId":"evt-9"}}');
    });

    it('does not pool the unique ids (they cannot crowd the repetitive values out)', () => {
      const pool = new StringPool();
      const intern = spyOn(pool, 'intern').and.callThrough();
      pool.internFields(callEvent({ publicationId: 'pub-unique', eventId: 'evt-unique' }));
      const interned = intern.calls.allArgs().map(([value]) => value);
      expect(interned.length).toBe(INTERNED.length);
      expect(interned).not.toContain('pub-unique');
      expect(interned).not.toContain('evt-unique');
      expect(interned).not.toContain('/2017-09-01/endpoints/130001/calls/884422');
    });

    it('keeps null fields null', () => {
      const pool = new StringPool();
      const nulls: Partial<CallEvent> = {};
      for (const field of INTERNED) Object.assign(nulls, { [field]: null });
      const interned = pool.internFields(callEvent(nulls));
      for (const field of INTERNED) expect(interned[field]).withContext(field).toBeNull();
    });
  });
});
