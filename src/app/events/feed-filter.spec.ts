import { CallEvent } from './call-event';
import {
  FILTER_PARAMS,
  FeedFilter,
  NO_FILTER,
  compileFilter,
  filterFromParams,
  filterToParams,
  isFilterEmpty,
  sameFilter,
} from './feed-filter';
import { callEvent } from './testing/call-events';

/** A call event as the parser would produce it for a platform-api-media publication. */

function filter(fields: Partial<FeedFilter>): FeedFilter {
  return { ...NO_FILTER, ...fields };
}

/** Runs a filter the way the view does: null lets everything through. */
function passes(fields: Partial<FeedFilter>, event: CallEvent): boolean {
  const predicate = compileFilter(filter(fields));
  return predicate === null || predicate(event);
}

describe('compileFilter', () => {
  it('returns null for the empty filter', () => {
    expect(compileFilter(NO_FILTER)).toBeNull();
    expect(compileFilter({ text: '', state: '', direction: '', endpoint: '', cause: '' })).toBe(
      null,
    );
  });

  for (const field of Object.keys(FILTER_PARAMS) as (keyof FeedFilter)[]) {
    it(`returns a predicate when only ${field} is set`, () => {
      expect(compileFilter(filter({ [field]: 'x' }))).toEqual(jasmine.any(Function));
    });
  }

  describe('one field at a time', () => {
    const cases: { name: string; fields: Partial<FeedFilter>; event: CallEvent; pass: boolean }[] =
      [
        { name: 'same state', fields: { state: 'ringing' }, event: callEvent(), pass: true },
        { name: 'other state', fields: { state: 'connected' }, event: callEvent(), pass: false },
        {
          name: 'state when the event has none',
          fields: { state: 'ringing' },
          event: callEvent({ state: null }),
          pass: false,
        },
        {
          name: 'state differing in case',
          fields: { state: 'Ringing' },
          event: callEvent(),
          pass: false,
        },
        {
          name: 'same direction',
          fields: { direction: 'inbound' },
          event: callEvent(),
          pass: true,
        },
        {
          name: 'other direction',
          fields: { direction: 'outbound' },
          event: callEvent(),
          pass: false,
        },
        { name: 'same endpoint', fields: { endpoint: '130001' }, event: callEvent(), pass: true },
        {
          name: 'endpoint as a prefix only',
          fields: { endpoint: '1300' },
          event: callEvent(),
          pass: false,
        },
        {
          name: 'endpoint matching only the other party',
          fields: { endpoint: '130002' },
          event: callEvent(),
          pass: false,
        },
        { name: 'same cause', fields: { cause: 'newCall' }, event: callEvent(), pass: true },
        { name: 'other cause', fields: { cause: 'busy' }, event: callEvent(), pass: false },
        {
          name: 'cause when the event has none',
          fields: { cause: 'busy' },
          event: callEvent({ cause: null }),
          pass: false,
        },
      ];
    for (const c of cases) {
      it(`${c.pass ? 'passes' : 'rejects'} on ${c.name}`, () => {
        expect(passes(c.fields, c.event)).toBe(c.pass);
      });
    }
  });

  describe('combined fields', () => {
    const event = callEvent({ state: 'connected', direction: 'outbound', cause: 'transfer' });
    const cases: { fields: Partial<FeedFilter>; pass: boolean }[] = [
      { fields: { state: 'connected', direction: 'outbound' }, pass: true },
      { fields: { state: 'connected', direction: 'inbound' }, pass: false },
      { fields: { state: 'ringing', direction: 'outbound' }, pass: false },
      {
        fields: {
          state: 'connected',
          direction: 'outbound',
          endpoint: '130001',
          cause: 'transfer',
          text: 'grace',
        },
        pass: true,
      },
      {
        fields: {
          state: 'connected',
          direction: 'outbound',
          endpoint: '130001',
          cause: 'transfer',
          text: 'nobody',
        },
        pass: false,
      },
      { fields: { endpoint: '130001', cause: 'busy' }, pass: false },
      { fields: { text: 'ada', state: 'held' }, pass: false },
    ];
    for (const c of cases) {
      it(`${c.pass ? 'passes' : 'rejects'} ${JSON.stringify(c.fields)}`, () => {
        expect(passes(c.fields, event)).toBe(c.pass);
      });
    }
  });

  describe('free text', () => {
    const cases: { text: string; event: CallEvent; pass: boolean }[] = [
      { text: '130002', event: callEvent(), pass: true },
      { text: 'grace', event: callEvent(), pass: true },
      { text: 'GRACE HOP', event: callEvent(), pass: true },
      { text: 'lovelace', event: callEvent(), pass: true },
      { text: '  Ada  ', event: callEvent(), pass: true },
      { text: 'calls/884422', event: callEvent(), pass: true },
      // Each searched field alone, with the others out of the way.
      { text: '555', event: only({ from: '+1555' }), pass: true },
      { text: 'zoë', event: only({ fromName: 'ZOË Åström' }), pass: true },
      { text: '555', event: only({ to: '5550100' }), pass: true },
      { text: 'åström', event: only({ toName: 'Zoë ÅSTRÖM' }), pass: true },
      { text: 'call-9', event: only({ callId: 'CALL-9' }), pass: true },
      { text: 'ep-7', event: only({ endpointId: 'EP-7' }), pass: true },
      // Not the other fields.
      { text: 'ringing', event: only({ state: 'ringing' }), pass: false },
      { text: 'newcall', event: only({ cause: 'newCall' }), pass: false },
      { text: 'inbound', event: only({ direction: 'inbound' }), pass: false },
      { text: 'pub-7f3a9c', event: only({}), pass: false },
      { text: 'evt-884422', event: only({}), pass: false },
      { text: 'platform-api', event: only({}), pass: false },
      { text: 'sub-42', event: only({}), pass: false },
      { text: '2017-09-01', event: only({}), pass: false },
      { text: 'put', event: only({}), pass: false },
      { text: 'secret', event: only({ raw: '{"note":"secret"}' }), pass: false },
      { text: 'nobody', event: callEvent(), pass: false },
    ];
    for (const c of cases) {
      it(`${c.pass ? 'finds' : 'does not find'} "${c.text}"`, () => {
        expect(passes({ text: c.text }, c.event)).toBe(c.pass);
      });
    }

    it('lets everything through when the text is only spaces', () => {
      expect(passes({ text: '   ' }, only({}))).toBeTrue();
    });
  });
});

/** An event whose searchable fields are all null except the ones given. */
function only(fields: Partial<CallEvent>): CallEvent {
  return callEvent({
    from: null,
    fromName: null,
    to: null,
    toName: null,
    callId: null,
    endpointId: null,
    ...fields,
  });
}

describe('filterFromParams and filterToParams', () => {
  const full: FeedFilter = {
    text: 'Grace & Ada = 1?',
    state: 'connected',
    direction: 'outbound',
    endpoint: '130001',
    cause: 'callNotAnswer',
  };

  function fromRecord(params: Record<string, string | null>): FeedFilter {
    return filterFromParams((name) => params[name] ?? null);
  }

  it('writes each field under its parameter name', () => {
    expect(filterToParams(full)).toEqual({
      q: 'Grace & Ada = 1?',
      state: 'connected',
      direction: 'outbound',
      endpoint: '130001',
      cause: 'callNotAnswer',
    });
  });

  it('writes empty fields as null so the router drops them', () => {
    expect(filterToParams(filter({ state: 'held' }))).toEqual({
      q: null,
      state: 'held',
      direction: null,
      endpoint: null,
      cause: null,
    });
    expect(Object.values(filterToParams(NO_FILTER))).toEqual([null, null, null, null, null]);
  });

  const roundTrips: FeedFilter[] = [
    NO_FILTER,
    full,
    filter({ text: 'Zoë Åström 山田' }),
    filter({ endpoint: 'ep/with spaces' }),
    filter({ cause: 'busy', direction: 'inbound' }),
  ];
  for (const original of roundTrips) {
    it(`round-trips ${JSON.stringify(original)}`, () => {
      expect(fromRecord(filterToParams(original))).toEqual(original);
    });

    it(`round-trips ${JSON.stringify(original)} through a URL query string`, () => {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(filterToParams(original))) {
        if (value !== null) params.set(name, value);
      }
      const parsed = new URLSearchParams(params.toString());
      expect(filterFromParams((name) => parsed.get(name))).toEqual(original);
    });
  }

  it('reads missing parameters as empty', () => {
    expect(fromRecord({})).toEqual(NO_FILTER);
    expect(fromRecord({ state: 'ringing' })).toEqual(filter({ state: 'ringing' }));
  });

  it('ignores unknown parameters', () => {
    expect(fromRecord({ text: 'x', foo: 'bar', filter: 'state', q: 'ada' })).toEqual(
      filter({ text: 'ada' }),
    );
  });

  it('asks only for its own parameter names', () => {
    const get = jasmine.createSpy<(name: string) => string | null>('get').and.returnValue(null);
    filterFromParams(get);
    expect(
      get.calls
        .allArgs()
        .map(([name]) => name)
        .sort(),
    ).toEqual(['cause', 'direction', 'endpoint', 'q', 'state']);
  });

  const caps: { name: keyof FeedFilter; param: string }[] = [
    { name: 'text', param: 'q' },
    { name: 'state', param: 'state' },
    { name: 'direction', param: 'direction' },
    { name: 'endpoint', param: 'endpoint' },
    { name: 'cause', param: 'cause' },
  ];
  for (const cap of caps) {
    it(`caps ${cap.name} at 200 characters`, () => {
      const long = 'a'.repeat(150) + 'b'.repeat(100);
      const read = fromRecord({ [cap.param]: long });
      expect(read[cap.name].length).toBe(200);
      expect(read[cap.name]).toBe('a'.repeat(150) + 'b'.repeat(50));
    });
  }

  it('keeps a value of exactly 200 characters whole', () => {
    const exact = 'x'.repeat(199) + 'y';
    expect(fromRecord({ q: exact }).text).toBe(exact);
  });
});

describe('sameFilter', () => {
  const base: FeedFilter = {
    text: 'ada',
    state: 'ringing',
    direction: 'inbound',
    endpoint: '130001',
    cause: 'newCall',
  };

  it('is true for equal filters that are different objects', () => {
    expect(sameFilter(base, { ...base })).toBeTrue();
    expect(sameFilter(NO_FILTER, filter({}))).toBeTrue();
  });

  for (const field of Object.keys(FILTER_PARAMS) as (keyof FeedFilter)[]) {
    it(`is false when only ${field} differs`, () => {
      expect(sameFilter(base, { ...base, [field]: `${base[field]}!` })).toBeFalse();
      expect(sameFilter({ ...base, [field]: '' }, base)).toBeFalse();
    });
  }

  it('is case-sensitive', () => {
    expect(sameFilter(base, { ...base, text: 'ADA' })).toBeFalse();
  });
});

describe('isFilterEmpty', () => {
  it('is true for NO_FILTER', () => {
    expect(isFilterEmpty(NO_FILTER)).toBeTrue();
  });

  for (const field of Object.keys(FILTER_PARAMS) as (keyof FeedFilter)[]) {
    it(`is false when ${field} is set`, () => {
      expect(isFilterEmpty(filter({ [field]: 'x' }))).toBeFalse();
    });
  }
});

describe('a filter of spaces only', () => {
  it('counts as empty and compiles to no test at all', () => {
    const spaces = { text: '   ', state: '', direction: '', endpoint: '', cause: '' };
    expect(isFilterEmpty(spaces)).toBeTrue();
    expect(compileFilter(spaces)).toBeNull();
  });
});
