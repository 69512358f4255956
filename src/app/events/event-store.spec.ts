import { CallEvent } from './call-event';
import { EventStore } from './event-store';

let sequence = 0;

/** A call event as the parser would produce it for a platform-api-media publication. */
function callEvent(
  ids: { publicationId?: string | null; eventId?: string | null; call?: number } = {},
): CallEvent {
  sequence++;
  const publicationId = ids.publicationId === undefined ? `pub-${sequence}` : ids.publicationId;
  const eventId = ids.eventId === undefined ? `evt-${sequence}` : ids.eventId;
  const call = ids.call ?? 884422;
  const subject = `/2017-09-01/endpoints/130001/calls/${call}`;
  const content = {
    callId: `endpoints/130001/calls/${call}`,
    endpointId: '130001',
    from: '130002',
    to: '130001',
    state: 'ringing',
    eventId,
  };
  return {
    key: publicationId ?? (eventId ? `event:${eventId}` : `local:${sequence}`),
    publicationId,
    eventId,
    topic: 'platform-api-media',
    method: 'PUT',
    subject,
    subscriptionId: 'sub-42',
    receivedAt: 1_714_979_300_000 + sequence,
    occurredAt: 1_714_979_289_000 + sequence,
    callId: content.callId,
    endpointId: '130001',
    state: 'ringing',
    cause: 'newCall',
    direction: 'inbound',
    from: '130002',
    fromName: 'Grace Hopper',
    to: '130001',
    toName: 'Ada Lovelace',
    raw: JSON.stringify({ publicationId, subject, content }),
  };
}

function ids(events: readonly (CallEvent | undefined)[]): (string | null | undefined)[] {
  return events.map((event) => event?.publicationId);
}

describe('EventStore', () => {
  describe('capacity', () => {
    const invalid = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -Infinity];
    for (const capacity of invalid) {
      it(`rejects a capacity of ${capacity} with a RangeError`, () => {
        expect(() => new EventStore(capacity)).toThrowError(RangeError, /positive integer/);
      });
    }

    for (const capacity of [1, 2, 500]) {
      it(`accepts a capacity of ${capacity}`, () => {
        const store = new EventStore(capacity);
        expect(store.capacity).toBe(capacity);
        expect(store.size).toBe(0);
      });
    }
  });

  describe('reads', () => {
    it('starts empty', () => {
      const store = new EventStore(3);
      expect(store.newestFirst()).toEqual([]);
      expect(store.at(0)).toBeUndefined();
      expect(store.counters).toEqual({ accepted: 0, duplicates: 0, evicted: 0 });
    });

    it('reads newest first with at() and newestFirst()', () => {
      const store = new EventStore(5);
      store.add([callEvent({ publicationId: 'a' }), callEvent({ publicationId: 'b' })]);
      store.add([callEvent({ publicationId: 'c' })]);

      expect(store.size).toBe(3);
      expect(ids(store.newestFirst())).toEqual(['c', 'b', 'a']);
      expect(store.at(0)?.publicationId).toBe('c');
      expect(store.at(1)?.publicationId).toBe('b');
      expect(store.at(2)?.publicationId).toBe('a');
    });

    const outOfRange = [-1, 3, 4, 100];
    for (const index of outOfRange) {
      it(`gives undefined for at(${index}) with three events`, () => {
        const store = new EventStore(5);
        store.add([callEvent(), callEvent(), callEvent()]);
        expect(store.at(index)).toBeUndefined();
      });
    }

    it('returns the same event objects it was given', () => {
      const store = new EventStore(2);
      const event = callEvent();
      store.add([event]);
      expect(store.at(0)).toBe(event);
      expect(store.newestFirst()[0]).toBe(event);
    });

    it('returns a fresh array from newestFirst() that does not change the store', () => {
      const store = new EventStore(3);
      store.add([callEvent({ publicationId: 'a' }), callEvent({ publicationId: 'b' })]);
      const snapshot = store.newestFirst();
      snapshot.pop();
      store.add([callEvent({ publicationId: 'c' })]);
      expect(ids(snapshot)).toEqual(['b']);
      expect(ids(store.newestFirst())).toEqual(['c', 'b', 'a']);
    });
  });

  describe('cap and eviction', () => {
    it('keeps the newest events and evicts the oldest first', () => {
      const store = new EventStore(3);
      const accepted = store.add(
        ['a', 'b', 'c', 'd', 'e'].map((id) => callEvent({ publicationId: id })),
      );

      expect(accepted).toBe(5);
      expect(store.size).toBe(3);
      expect(ids(store.newestFirst())).toEqual(['e', 'd', 'c']);
      expect(store.counters).toEqual({ accepted: 5, duplicates: 0, evicted: 2 });
    });

    it('keeps order right across many wraps of the ring', () => {
      const store = new EventStore(4);
      for (let index = 0; index < 23; index++) {
        store.add([callEvent({ publicationId: `p${index}` })]);
        const expected = [];
        for (let back = index; back >= Math.max(0, index - 3); back--) expected.push(`p${back}`);
        expect(ids(store.newestFirst()))
          .withContext(`after ${index + 1}`)
          .toEqual(expected);
      }
      expect(store.counters.evicted).toBe(19);
      expect(store.at(3)?.publicationId).toBe('p19');
      expect(store.at(4)).toBeUndefined();
    });

    it('holds exactly one event with a capacity of 1', () => {
      const store = new EventStore(1);
      store.add([callEvent({ publicationId: 'a' }), callEvent({ publicationId: 'b' })]);
      expect(ids(store.newestFirst())).toEqual(['b']);
      expect(store.counters.evicted).toBe(1);
    });

    it('does not evict before the store is full', () => {
      const store = new EventStore(3);
      store.add([callEvent(), callEvent(), callEvent()]);
      expect(store.counters.evicted).toBe(0);
      store.add([callEvent()]);
      expect(store.counters.evicted).toBe(1);
    });
  });

  describe('dedupe', () => {
    it('drops an event whose publicationId is already held', () => {
      const store = new EventStore(5);
      store.add([callEvent({ publicationId: 'p1', eventId: 'e1' })]);
      const accepted = store.add([callEvent({ publicationId: 'p1', eventId: 'e2' })]);

      expect(accepted).toBe(0);
      expect(store.size).toBe(1);
      expect(store.at(0)?.eventId).toBe('e1');
      expect(store.counters).toEqual({ accepted: 1, duplicates: 1, evicted: 0 });
    });

    it('drops an event whose eventId is already held, even with a new publicationId', () => {
      const store = new EventStore(5);
      store.add([callEvent({ publicationId: 'p1', eventId: 'e1' })]);
      const accepted = store.add([callEvent({ publicationId: 'p2', eventId: 'e1' })]);

      expect(accepted).toBe(0);
      expect(ids(store.newestFirst())).toEqual(['p1']);
      expect(store.counters.duplicates).toBe(1);
    });

    it('dedupes by eventId when events have no publicationId', () => {
      const store = new EventStore(5);
      const accepted = store.add([
        callEvent({ publicationId: null, eventId: 'e1' }),
        callEvent({ publicationId: null, eventId: 'e1' }),
        callEvent({ publicationId: null, eventId: 'e2' }),
      ]);
      expect(accepted).toBe(2);
      expect(store.newestFirst().map((event) => event.eventId)).toEqual(['e2', 'e1']);
    });

    it('dedupes within one batch', () => {
      const store = new EventStore(5);
      const accepted = store.add([
        callEvent({ publicationId: 'p1' }),
        callEvent({ publicationId: 'p1' }),
        callEvent({ publicationId: 'p2' }),
      ]);
      expect(accepted).toBe(2);
      expect(store.counters).toEqual({ accepted: 2, duplicates: 1, evicted: 0 });
    });

    it('keeps every event that has neither id', () => {
      const store = new EventStore(5);
      const accepted = store.add([
        callEvent({ publicationId: null, eventId: null }),
        callEvent({ publicationId: null, eventId: null }),
      ]);
      expect(accepted).toBe(2);
      expect(store.size).toBe(2);
    });

    it('does not confuse a publicationId with an equal eventId', () => {
      const store = new EventStore(5);
      const accepted = store.add([
        callEvent({ publicationId: 'x', eventId: null }),
        callEvent({ publicationId: null, eventId: 'x' }),
      ]);
      expect(accepted).toBe(2);
    });

    it('releases the keys of an evicted event so it can be added again', () => {
      const store = new EventStore(2);
      store.add([callEvent({ publicationId: 'p1', eventId: 'e1' })]);
      store.add([callEvent({ publicationId: 'p2', eventId: 'e2' })]);
      expect(store.add([callEvent({ publicationId: 'p1', eventId: 'e1' })])).toBe(0);

      store.add([callEvent({ publicationId: 'p3', eventId: 'e3' })]);
      expect(ids(store.newestFirst())).toEqual(['p3', 'p2']);

      expect(store.add([callEvent({ publicationId: 'p1', eventId: 'e9' })])).toBe(1);
      expect(store.add([callEvent({ publicationId: 'p8', eventId: 'e3' })])).toBe(0);
      expect(ids(store.newestFirst())).toEqual(['p1', 'p3']);
      expect(store.counters).toEqual({ accepted: 4, duplicates: 2, evicted: 2 });
    });

    it('releases an evicted eventId as well as its publicationId', () => {
      const store = new EventStore(1);
      store.add([callEvent({ publicationId: 'p1', eventId: 'e1' })]);
      store.add([callEvent({ publicationId: 'p2', eventId: 'e2' })]);
      expect(store.add([callEvent({ publicationId: 'p3', eventId: 'e1' })])).toBe(1);
      expect(store.at(0)?.publicationId).toBe('p3');
    });

    it('still holds the keys of events that were not evicted', () => {
      const store = new EventStore(3);
      store.add(['p1', 'p2', 'p3', 'p4'].map((id) => callEvent({ publicationId: id })));
      expect(store.add([callEvent({ publicationId: 'p2' })])).toBe(0);
      expect(store.add([callEvent({ publicationId: 'p4' })])).toBe(0);
      expect(store.add([callEvent({ publicationId: 'p1' })])).toBe(1);
    });
  });

  describe('counters', () => {
    it('counts accepted, duplicate and evicted events across calls', () => {
      const store = new EventStore(2);
      expect(
        store.add([callEvent({ publicationId: 'a' }), callEvent({ publicationId: 'b' })]),
      ).toBe(2);
      expect(
        store.add([callEvent({ publicationId: 'a' }), callEvent({ publicationId: 'c' })]),
      ).toBe(1);
      expect(store.add([])).toBe(0);
      expect(store.counters).toEqual({ accepted: 3, duplicates: 1, evicted: 1 });
    });

    it('hands out a copy of the counters', () => {
      const store = new EventStore(2);
      const before = store.counters;
      store.add([callEvent()]);
      expect(before.accepted).toBe(0);
      expect(store.counters.accepted).toBe(1);
    });
  });

  describe('clear', () => {
    it('empties the store, resets the counters and forgets the keys', () => {
      const store = new EventStore(2);
      store.add(['a', 'b', 'c', 'b'].map((id) => callEvent({ publicationId: id, eventId: id })));
      expect(store.counters).toEqual({ accepted: 3, duplicates: 1, evicted: 1 });

      store.clear();

      expect(store.size).toBe(0);
      expect(store.newestFirst()).toEqual([]);
      expect(store.at(0)).toBeUndefined();
      expect(store.counters).toEqual({ accepted: 0, duplicates: 0, evicted: 0 });
      expect(store.add([callEvent({ publicationId: 'c', eventId: 'c' })])).toBe(1);
    });

    it('works normally after a clear in the middle of the ring', () => {
      const store = new EventStore(3);
      store.add(['a', 'b'].map((id) => callEvent({ publicationId: id })));
      store.clear();
      store.add(['c', 'd', 'e', 'f'].map((id) => callEvent({ publicationId: id })));
      expect(ids(store.newestFirst())).toEqual(['f', 'e', 'd']);
      expect(store.counters).toEqual({ accepted: 4, duplicates: 0, evicted: 1 });
    });
  });
});

describe('EventStore per-call index', () => {
  it('groups retained events by callId in arrival order', () => {
    const store = new EventStore(10);
    const a1 = callEvent({ call: 1 });
    const b1 = callEvent({ call: 2 });
    const a2 = callEvent({ call: 1 });
    store.add([a1, b1, a2]);
    expect(store.eventsOfCall('endpoints/130001/calls/1')).toEqual([a1, a2]);
    expect(store.eventsOfCall('endpoints/130001/calls/2')).toEqual([b1]);
    expect(store.callCount).toBe(2);
    expect([...store.callIds()].sort()).toEqual([
      'endpoints/130001/calls/1',
      'endpoints/130001/calls/2',
    ]);
  });

  it('stays in step with eviction, dropping a call whose last event is evicted', () => {
    const store = new EventStore(3);
    const a1 = callEvent({ call: 1 });
    const b1 = callEvent({ call: 2 });
    const a2 = callEvent({ call: 1 });
    store.add([a1, b1, a2]);
    const change = store.addBatch([callEvent({ call: 3 }), callEvent({ call: 3 })]);
    expect(change.evicted).toEqual([a1, b1]);
    expect(change.accepted.length).toBe(2);
    expect(store.eventsOfCall('endpoints/130001/calls/1')).toEqual([a2]);
    expect(store.eventsOfCall('endpoints/130001/calls/2')).toEqual([]);
    expect(store.callCount).toBe(2);
  });

  it('does not index events without a callId, and clear empties the index', () => {
    const store = new EventStore(5);
    store.add([{ ...callEvent(), callId: null }, callEvent({ call: 9 })]);
    expect(store.callCount).toBe(1);
    store.clear();
    expect(store.callCount).toBe(0);
    expect(store.eventsOfCall('endpoints/130001/calls/9')).toEqual([]);
  });

  it('reports duplicates as neither accepted nor evicted, but as the copies dropped', () => {
    const store = new EventStore(2);
    const first = callEvent({ publicationId: 'p1' });
    store.add([first, callEvent({ publicationId: 'p2' })]);
    const copy = callEvent({ publicationId: 'p1', eventId: 'fresh' });
    const change = store.addBatch([copy]);
    expect(change).toEqual({ accepted: [], evicted: [], duplicates: [copy] });
    expect(store.counters.duplicates).toBe(1);
  });
});
