import { CallEvent } from './call-event';
import { EventStore } from './event-store';
import { EventPredicate, FilteredView, ListView } from './filtered-view';

let sequence = 0;

/** A call event as the parser would produce it; `id` becomes its publicationId. */
function callEvent(id: string, state = 'ringing'): CallEvent {
  sequence++;
  const content = { callId: `endpoints/130001/calls/${sequence}`, endpointId: '130001', state };
  return {
    key: id,
    publicationId: id,
    eventId: `evt-${sequence}`,
    topic: 'platform-api-media',
    method: 'PUT',
    subject: `/2017-09-01/endpoints/130001/calls/${sequence}`,
    subscriptionId: 'sub-42',
    receivedAt: 1_714_979_300_000 + sequence,
    occurredAt: 1_714_979_289_000 + sequence,
    callId: content.callId,
    endpointId: '130001',
    state,
    cause: 'newCall',
    direction: 'inbound',
    from: '130002',
    fromName: 'Grace Hopper',
    to: '130001',
    toName: 'Ada Lovelace',
    raw: JSON.stringify({ publicationId: id, content }),
  };
}

function events(ids: string, state = 'ringing'): CallEvent[] {
  return ids.split(' ').map((id) => callEvent(id, state));
}

function ids(rows: readonly (CallEvent | undefined)[]): (string | null | undefined)[] {
  return rows.map((event) => event?.publicationId);
}

/** Every row of a view through at(), newest first. */
function rowsByAt(view: ListView): (string | null | undefined)[] {
  const rows: (CallEvent | undefined)[] = [];
  for (let index = 0; index < view.length; index++) rows.push(view.at(index));
  return ids(rows);
}

const connectedOnly: EventPredicate = (event) => event.state === 'connected';

/** What the view must show: the store's events that pass, newest first. */
function expected(store: EventStore, predicate: EventPredicate | null) {
  return ids(store.newestFirst().filter((event) => !predicate || predicate(event)));
}

describe('FilteredView', () => {
  describe('empty', () => {
    it('has no rows, a zero length and nothing appended', () => {
      const view = new FilteredView().view();
      expect(view.length).toBe(0);
      expect(view.appendedTotal).toBe(0);
      expect(view.at(0)).toBeUndefined();
      expect(view.slice()).toEqual([]);
      expect(new FilteredView(connectedOnly).size).toBe(0);
    });
  });

  describe('without a predicate', () => {
    it('takes every accepted event, newest first', () => {
      const store = new EventStore(10);
      const filtered = new FilteredView();
      filtered.apply(store.addBatch(events('a b')));
      filtered.apply(store.addBatch(events('c')));

      const view = filtered.view();
      expect(view.length).toBe(3);
      expect(filtered.size).toBe(3);
      expect(view.appendedTotal).toBe(3);
      expect(rowsByAt(view)).toEqual(['c', 'b', 'a']);
      expect(ids(view.slice())).toEqual(['c', 'b', 'a']);
    });

    it('gives the same event objects the store holds', () => {
      const store = new EventStore(10);
      const filtered = new FilteredView();
      const [event] = events('a');
      filtered.apply(store.addBatch([event]));
      expect(filtered.view().at(0)).toBe(event);
    });

    it('ignores duplicates the store dropped', () => {
      const store = new EventStore(10);
      const filtered = new FilteredView();
      filtered.apply(store.addBatch(events('a b')));
      filtered.apply(store.addBatch(events('a c b')));
      expect(ids(filtered.view().slice())).toEqual(['c', 'b', 'a']);
      expect(filtered.appendedTotal).toBe(3);
    });
  });

  describe('with a predicate', () => {
    it('takes only the events that pass, and counts only those as appended', () => {
      const store = new EventStore(10);
      const filtered = new FilteredView(connectedOnly);
      filtered.apply(store.addBatch([...events('r1 r2'), ...events('c1', 'connected')]));
      filtered.apply(store.addBatch([...events('c2', 'connected'), ...events('r3')]));

      const view = filtered.view();
      expect(ids(view.slice())).toEqual(['c2', 'c1']);
      expect(view.length).toBe(2);
      expect(view.appendedTotal).toBe(2);
      expect(filtered.size).toBe(2);
    });

    it('tests each new event once, and no event of earlier batches again', () => {
      const store = new EventStore(10);
      const predicate = jasmine.createSpy('predicate', connectedOnly).and.callThrough();
      const filtered = new FilteredView(predicate);
      filtered.apply(store.addBatch(events('a b')));
      filtered.apply(store.addBatch(events('c')));
      expect(predicate).toHaveBeenCalledTimes(3);
      expect(ids(predicate.calls.allArgs().map(([event]) => event))).toEqual(['a', 'b', 'c']);
    });
  });

  describe('evictions', () => {
    it('drops evicted events from the oldest end, batch by batch', () => {
      const store = new EventStore(3);
      const filtered = new FilteredView();
      for (const id of ['a', 'b', 'c', 'd', 'e']) filtered.apply(store.addBatch(events(id)));

      expect(ids(filtered.view().slice())).toEqual(['e', 'd', 'c']);
      expect(filtered.view().appendedTotal).toBe(5);
      expect(filtered.size).toBe(3);
    });

    it('handles a batch larger than the capacity (accepted and evicted in one batch)', () => {
      const store = new EventStore(3);
      const filtered = new FilteredView();
      filtered.apply(store.addBatch(events('x y')));
      const change = store.addBatch(events('a b c d e'));
      // The premise: a and b are accepted and evicted within this same batch.
      expect(ids(change.accepted)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(ids(change.evicted)).toEqual(['x', 'y', 'a', 'b']);

      filtered.apply(change);
      const view = filtered.view();
      expect(ids(view.slice())).toEqual(['e', 'd', 'c']);
      expect(rowsByAt(view)).toEqual(['e', 'd', 'c']);
      expect(view.length).toBe(3);
      expect(view.appendedTotal).toBe(7);
    });

    it('handles a batch larger than the capacity with a predicate', () => {
      const store = new EventStore(3);
      const filtered = new FilteredView(connectedOnly);
      filtered.apply(store.addBatch([...events('c0', 'connected'), ...events('r0')]));
      filtered.apply(
        store.addBatch([
          ...events('c1', 'connected'),
          ...events('r1 r2'),
          ...events('c2', 'connected'),
          ...events('r3'),
          ...events('c3', 'connected'),
        ]),
      );
      expect(ids(store.newestFirst())).toEqual(['c3', 'r3', 'c2']);
      expect(ids(filtered.view().slice())).toEqual(['c3', 'c2']);
      expect(filtered.view().appendedTotal).toBe(4);
    });

    it('stays equal to the store filtered, over many batches of varied sizes', () => {
      const store = new EventStore(7);
      const filtered = new FilteredView(connectedOnly);
      let seed = 12345;
      const random = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed / 2_147_483_648;
      };
      let matched = 0;
      for (let round = 0; round < 200; round++) {
        const batch: CallEvent[] = [];
        const size = Math.floor(random() * 12);
        for (let index = 0; index < size; index++) {
          const state = random() < 0.4 ? 'connected' : 'ringing';
          if (state === 'connected') matched++;
          batch.push(callEvent(`e${round}-${index}`, state));
        }
        filtered.apply(store.addBatch(batch));
        expect(ids(filtered.view().slice()))
          .withContext(`after round ${round}`)
          .toEqual(expected(store, connectedOnly));
      }
      expect(filtered.appendedTotal).toBe(matched);
    });
  });

  describe('compaction', () => {
    it('keeps serving the right rows, and leaves frozen views taken earlier unchanged', () => {
      const capacity = 10;
      const store = new EventStore(capacity);
      const filtered = new FilteredView();
      const earlier: { view: ListView; rows: ReturnType<typeof ids>; appended: number }[] = [];
      // Enough evictions to pass the compaction threshold (4096) more than once.
      for (let round = 0; round < 1000; round++) {
        const batch = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((index) =>
          callEvent(`e${round * 10 + index}`),
        );
        filtered.apply(store.addBatch(batch));
        const view = filtered.view();
        expect(ids(view.slice())).withContext(`round ${round}`).toEqual(expected(store, null));
        if (round % 97 === 0) {
          const frozen = filtered.frozenView();
          earlier.push({
            view: frozen,
            rows: expected(store, null),
            appended: frozen.appendedTotal,
          });
        }
      }
      expect(filtered.size).toBe(capacity);
      expect(filtered.appendedTotal).toBe(10_000);
      expect(ids(filtered.view().slice())).toEqual(
        [9999, 9998, 9997, 9996, 9995, 9994, 9993, 9992, 9991, 9990].map((n) => `e${n}`),
      );
      for (const [index, taken] of earlier.entries()) {
        expect(ids(taken.view.slice())).withContext(`view ${index}`).toEqual(taken.rows);
        expect(rowsByAt(taken.view)).withContext(`view ${index}`).toEqual(taken.rows);
        expect(taken.view.appendedTotal).toBe(taken.appended);
      }
    });

    it('compacts correctly when only some events match', () => {
      const store = new EventStore(20);
      const filtered = new FilteredView(connectedOnly);
      const earlier: { view: ListView; rows: ReturnType<typeof ids> }[] = [];
      // 2 of 4 events match: 2,500 rounds evict more than 4,096 matching events.
      for (let round = 0; round < 2500; round++) {
        filtered.apply(
          store.addBatch([
            callEvent(`c${round}`, 'connected'),
            callEvent(`r${round}a`),
            callEvent(`r${round}b`),
            callEvent(`c${round}x`, 'connected'),
          ]),
        );
        if (round === 1000 || round === 2200) {
          earlier.push({ view: filtered.frozenView(), rows: expected(store, connectedOnly) });
        }
      }
      expect(ids(filtered.view().slice())).toEqual(expected(store, connectedOnly));
      expect(filtered.view().length).toBe(10);
      expect(filtered.appendedTotal).toBe(5000);
      expect(ids(earlier[0].view.slice())).toEqual(earlier[0].rows);
      expect(ids(earlier[1].view.slice())).toEqual(earlier[1].rows);
      expect(earlier[0].rows[0]).toBe('c1000x');
    });
  });

  describe('view()', () => {
    function viewOf(idList: string): ListView {
      const store = new EventStore(10);
      const filtered = new FilteredView();
      filtered.apply(store.addBatch(events(idList)));
      return filtered.view();
    }

    const atCases: { index: number; expected: string | undefined }[] = [
      { index: 0, expected: 'e' },
      { index: 1, expected: 'd' },
      { index: 4, expected: 'a' },
      { index: 5, expected: undefined },
      { index: 100, expected: undefined },
      { index: -1, expected: undefined },
    ];
    for (const c of atCases) {
      it(`reads at(${c.index}) of a..e (newest first) as ${c.expected}`, () => {
        expect(viewOf('a b c d e').at(c.index)?.publicationId).toBe(c.expected);
      });
    }

    const sliceCases: { start?: number; end?: number; expected: string[] }[] = [
      { expected: ['e', 'd', 'c', 'b', 'a'] },
      { start: 0, end: 5, expected: ['e', 'd', 'c', 'b', 'a'] },
      { start: 1, end: 3, expected: ['d', 'c'] },
      { start: 2, expected: ['c', 'b', 'a'] },
      { start: 3, end: 100, expected: ['b', 'a'] },
      { start: -4, end: 2, expected: ['e', 'd'] },
      { start: 3, end: 3, expected: [] },
      { start: 4, end: 1, expected: [] },
      { start: 5, end: 9, expected: [] },
      { start: 0, end: 0, expected: [] },
    ];
    for (const c of sliceCases) {
      it(`slices (${c.start}, ${c.end}) of a..e as [${c.expected.join(', ')}]`, () => {
        expect(ids(viewOf('a b c d e').slice(c.start, c.end))).toEqual(c.expected);
      });
    }

    it('frozen, does not change when later events arrive and earlier ones are evicted', () => {
      const store = new EventStore(4);
      const filtered = new FilteredView();
      filtered.apply(store.addBatch(events('a b c')));
      const taken = filtered.frozenView();

      filtered.apply(store.addBatch(events('d e f')));
      filtered.apply(store.addBatch(events('g')));

      expect(taken.length).toBe(3);
      expect(taken.appendedTotal).toBe(3);
      expect(ids(taken.slice())).toEqual(['c', 'b', 'a']);
      expect(rowsByAt(taken)).toEqual(['c', 'b', 'a']);
      expect(taken.at(3)).toBeUndefined();
      expect(taken.at(-1)).toBeUndefined();
      expect(ids(taken.slice(-1, 5))).toEqual(['c', 'b', 'a']);
      expect(ids(filtered.view().slice())).toEqual(['g', 'f', 'e', 'd']);
      expect(filtered.view().appendedTotal).toBe(7);
    });

    it('returns a fresh array from slice() that does not change the view', () => {
      const view = viewOf('a b c');
      const rows = view.slice();
      rows.pop();
      rows.push(callEvent('z'));
      expect(ids(view.slice())).toEqual(['c', 'b', 'a']);
    });
  });

  describe('rebuild()', () => {
    it('refilters the store with a new predicate and applies it to later batches', () => {
      const store = new EventStore(5);
      const filtered = new FilteredView();
      filtered.apply(
        store.addBatch([...events('r1'), ...events('c1', 'connected'), ...events('r2')]),
      );
      const before = filtered.view();

      filtered.rebuild(store.newestFirst().reverse(), connectedOnly);
      expect(ids(filtered.view().slice())).toEqual(['c1']);
      expect(filtered.size).toBe(1);

      filtered.apply(store.addBatch([...events('c2', 'connected'), ...events('r3')]));
      expect(ids(filtered.view().slice())).toEqual(['c2', 'c1']);

      // The view taken before the rebuild still shows what it showed.
      expect(ids(before.slice())).toEqual(['r2', 'c1', 'r1']);
      expect(before.appendedTotal).toBe(3);
    });

    it('keeps appendedTotal growing across rebuilds rather than resetting it', () => {
      const store = new EventStore(5);
      const filtered = new FilteredView();
      filtered.apply(store.addBatch(events('a b')));
      filtered.rebuild(store.newestFirst().reverse(), connectedOnly);
      expect(filtered.appendedTotal).toBe(2);
      filtered.apply(store.addBatch(events('c', 'connected')));
      expect(filtered.appendedTotal).toBe(3);
      expect(filtered.view().appendedTotal).toBe(3);
    });

    it('with a null predicate takes everything again', () => {
      const store = new EventStore(5);
      const filtered = new FilteredView(connectedOnly);
      filtered.apply(store.addBatch([...events('r1'), ...events('c1', 'connected')]));
      expect(ids(filtered.view().slice())).toEqual(['c1']);

      filtered.rebuild(store.newestFirst().reverse(), null);
      expect(ids(filtered.view().slice())).toEqual(['c1', 'r1']);
      filtered.apply(store.addBatch(events('r2')));
      expect(ids(filtered.view().slice())).toEqual(['r2', 'c1', 'r1']);
    });

    it('stays in step with evictions after a rebuild', () => {
      const store = new EventStore(3);
      const filtered = new FilteredView();
      filtered.apply(store.addBatch(events('a b c')));
      filtered.rebuild(store.newestFirst().reverse(), (event) => event.publicationId !== 'b');
      filtered.apply(store.addBatch(events('d e')));
      expect(ids(store.newestFirst())).toEqual(['e', 'd', 'c']);
      expect(ids(filtered.view().slice())).toEqual(['e', 'd', 'c']);
    });
  });

  describe('oldestFirst()', () => {
    it('yields the retained matching events in arrival order', () => {
      const store = new EventStore(4);
      const filtered = new FilteredView(connectedOnly);
      filtered.apply(
        store.addBatch([
          ...events('c1', 'connected'),
          ...events('r1'),
          ...events('c2 c3', 'connected'),
        ]),
      );
      filtered.apply(store.addBatch([...events('r2'), ...events('c4', 'connected')]));
      expect(ids(store.newestFirst())).toEqual(['c4', 'r2', 'c3', 'c2']);
      expect(ids([...filtered.oldestFirst()])).toEqual(['c2', 'c3', 'c4']);
    });

    it('yields nothing when empty', () => {
      expect([...new FilteredView().oldestFirst()]).toEqual([]);
    });
  });
});

describe('FilteredView memory', () => {
  it('lets go of evicted events at once, not at the next compaction', () => {
    const store = new EventStore(3);
    const view = new FilteredView();
    const first = { key: 'a', publicationId: 'a', eventId: null, callId: null } as CallEvent;
    const events = [
      first,
      ...['b', 'c', 'd'].map((id) => ({ ...first, key: id, publicationId: id })),
    ];
    view.apply(store.addBatch(events));
    const live = view.view();
    // The live window's oldest row was evicted: it is gone, not still held.
    expect(live.slice().map((event) => event.key)).toEqual(['d', 'c', 'b']);
    expect([...view.oldestFirst()].map((event) => event.key)).toEqual(['b', 'c', 'd']);
  });

  it('a frozen view keeps its rows even after they are evicted', () => {
    const store = new EventStore(2);
    const view = new FilteredView();
    const make = (id: string) =>
      ({ key: id, publicationId: id, eventId: null, callId: null }) as CallEvent;
    view.apply(store.addBatch([make('a'), make('b')]));
    const frozen = view.frozenView();
    view.apply(store.addBatch([make('c'), make('d')]));
    expect(frozen.slice().map((event) => event.key)).toEqual(['b', 'a']);
    expect(
      view
        .view()
        .slice()
        .map((event) => event.key),
    ).toEqual(['d', 'c']);
    expect(view.view().appendedTotal - frozen.appendedTotal).toBe(2);
  });
});
