import {
  FilterPair,
  SubscriptionMatcher,
  dryRun,
  publicationFilterPasses,
  publicationFilterProblem,
  subjectFilterSyntaxProblem,
  subjectMatchSpan,
} from './filter-matching';

const RINGING = {
  topic: 'platform-api-media',
  method: 'PUT',
  subject: '/2017-09-01/endpoints/130001/calls/884422',
  content: { state: 'ringing', direction: 'inbound', from: '+16135550123', to: '130001' },
};

function pair(change: Partial<FilterPair>): FilterPair {
  return { topic: 'platform-api-media', subjectFilter: '/2017-09-01/endpoints/', ...change };
}

describe('SubscriptionMatcher', () => {
  const cases: [name: string, filters: FilterPair, expected: boolean][] = [
    ['the everything filter', pair({}), true],
    ['another topic', pair({ topic: 'platform-api-presence' }), false],
    ['the extension', pair({ subjectFilter: '/endpoints/130001/calls' }), true],
    ['another extension', pair({ subjectFilter: '/endpoints/130002/calls' }), false],
    ['unanchored: a prefix of the id', pair({ subjectFilter: '/endpoints/13000' }), true],
    ['anchored at the start', pair({ subjectFilter: '^/endpoints/' }), false],
    ['an MQTT wildcard matches nothing', pair({ subjectFilter: 'endpoints/+/calls' }), false],
    ['an invalid expression matches nothing', pair({ subjectFilter: '(' }), false],
    ['method equal', pair({ methodFilter: 'PUT' }), true],
    ['method different', pair({ methodFilter: 'DELETE' }), false],
    ['empty method means any', pair({ methodFilter: '' }), true],
    [
      'JSONPath that selects',
      pair({ publicationFilter: "$.publications[?(@.content.state == 'ringing')]" }),
      true,
    ],
    [
      'JSONPath that does not',
      pair({ publicationFilter: "$.publications[?(@.content.state == 'held')]" }),
      false,
    ],
    [
      'a single = selects nothing',
      pair({ publicationFilter: "$.publications[?(@.content.state = 'ringing')]" }),
      false,
    ],
    ['a blank publication filter is none', pair({ publicationFilter: '  ' }), true],
  ];
  for (const [name, filters, expected] of cases) {
    it(`${name}: ${expected ? 'matches' : 'does not match'}`, () => {
      expect(new SubscriptionMatcher(filters).matches(RINGING)).toBe(expected);
    });
  }

  it('does not match a publication without a subject', () => {
    const noSubject = { ...RINGING, subject: undefined };
    expect(new SubscriptionMatcher(pair({ subjectFilter: '.*' })).matches(noSubject)).toBeFalse();
  });
});

describe('filter checks', () => {
  it('names the syntax problem of a subject filter', () => {
    expect(subjectFilterSyntaxProblem('/endpoints/(13000')).toMatch(/Unterminated group/);
    expect(subjectFilterSyntaxProblem('/endpoints/13000')).toBeNull();
  });

  it('refuses a publication filter that is not JSONPath, and one that does not parse', () => {
    expect(publicationFilterProblem("state == 'ringing'")).toMatch(/starts with "\$"/);
    expect(publicationFilterProblem("$.publications[?(@.content.state == 'ringing'")).toMatch(
      /Not valid JSONPath/,
    );
    expect(publicationFilterProblem("$.publications[?(@.content.state == 'ringing')]")).toBeNull();
  });

  it('does not let a failing JSONPath throw', () => {
    expect(publicationFilterPasses('$.publications[?(@.content.state == ', RINGING)).toBeFalse();
  });

  it('spans the first match in the subject', () => {
    expect(subjectMatchSpan(/endpoints\/\d+/, RINGING.subject)).toEqual({ start: 12, end: 28 });
    expect(subjectMatchSpan(/presentities/, RINGING.subject)).toBeNull();
  });
});

describe('dryRun', () => {
  it('keeps the items whose publication matches, in order, and skips unreadable ones', () => {
    const items = [
      { id: 1, publication: RINGING },
      { id: 2, publication: null },
      { id: 3, publication: { ...RINGING, subject: '/2017-09-01/endpoints/130002/calls/1' } },
      { id: 4, publication: { ...RINGING, content: { ...RINGING.content, state: 'held' } } },
    ];
    const passed = dryRun(
      pair({ publicationFilter: "$.publications[?(@.content.state == 'ringing')]" }),
      items,
      (item) => item.publication,
    );
    expect(passed.map((item) => item.id)).toEqual([1, 3]);
  });
});
