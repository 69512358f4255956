import {
  API_VERSIONS,
  IdSelection,
  SUBJECT_CATALOG,
  SubjectPieces,
  buildSubjectFilter,
  defaultPieces,
  idSelectionProblem,
  parseSubjectFilter,
} from './subject-filter-builder';

import { VERSION, callsOf, range } from './testing/subject-pieces';

function callSubject(id: string): string {
  return `/${VERSION}/endpoints/${id}/calls/884422`;
}

describe('subject filter catalog', () => {
  it('lists the current API version', () => {
    expect(API_VERSIONS).toEqual([VERSION]);
  });

  const shapes: [string, string, string[], string, string][] = [
    [
      'platform-api-media',
      'endpoints',
      ['calls'],
      '/2017-09-01/endpoints/{endpointId}/calls/{callNumber}',
      'extension',
    ],
    ['platform-api-presence', 'presentities', [], '/2017-09-01/presentities/{userId}', 'user id'],
    [
      'platform-api-conversations',
      'conversations',
      ['messages'],
      '/2017-09-01/conversations/{conversationId}/messages/{messageId}',
      'conversation id',
    ],
  ];
  for (const [topic, collection, subCollections, shape, idLabel] of shapes) {
    it(`describes ${topic}`, () => {
      const entry = SUBJECT_CATALOG.find((candidate) => candidate.topic === topic);
      expect(entry).toEqual(
        jasmine.objectContaining({ collection, subCollections, shape, idLabel }),
      );
    });
  }

  for (const entry of SUBJECT_CATALOG) {
    it(`matches the examples of ${entry.topic} with its default filter`, () => {
      const pattern = new RegExp(buildSubjectFilter(defaultPieces(entry.topic)));
      expect(entry.examples.length).toBeGreaterThan(0);
      for (const example of entry.examples) expect(pattern.test(example)).toBeTrue();
    });
  }
});

describe('defaultPieces', () => {
  const cases: [string, string, string | null][] = [
    ['platform-api-media', 'endpoints', 'calls'],
    ['platform-api-presence', 'presentities', null],
    ['platform-api-conversations', 'conversations', 'messages'],
    ['no-such-topic', 'endpoints', 'calls'],
  ];
  for (const [topic, collection, subCollection] of cases) {
    it(`starts ${topic} anchored, current version, any id, ${subCollection}`, () => {
      expect(defaultPieces(topic)).toEqual({
        anchored: true,
        version: VERSION,
        collection,
        ids: { kind: 'any' },
        subCollection,
      });
    });
  }
});

describe('buildSubjectFilter', () => {
  const cases: [string, SubjectPieces, string][] = [
    ['a range', callsOf(range('130001', '130003')), '^/2017-09-01/endpoints/13000[1-3]/calls'],
    ['one id', callsOf({ kind: 'one', id: '130001' }), '^/2017-09-01/endpoints/130001/calls'],
    [
      'one id, unanchored',
      callsOf({ kind: 'one', id: '130001' }, { anchored: false }),
      '/2017-09-01/endpoints/130001/calls',
    ],
    [
      'any user of any version',
      {
        anchored: true,
        version: null,
        collection: 'presentities',
        ids: { kind: 'any' },
        subCollection: null,
      },
      '^/[^/]+/presentities/[^/]+(?:/|$)',
    ],
    [
      'a list',
      callsOf({ kind: 'list', ids: ['130001', '130005'] }),
      '^/2017-09-01/endpoints/(?:130001|130005)/calls',
    ],
    [
      'a list in the given order, without duplicates',
      callsOf({ kind: 'list', ids: ['130005', '130001', '130005'] }),
      '^/2017-09-01/endpoints/(?:130005|130001)/calls',
    ],
    [
      'a one-element list like one id',
      callsOf({ kind: 'list', ids: ['130001'] }),
      '^/2017-09-01/endpoints/130001/calls',
    ],
    ['a range of one', callsOf(range('7', '7')), '^/2017-09-01/endpoints/7/calls'],
    [
      'a padded range with exact zeros',
      callsOf(range('0001', '0010')),
      '^/2017-09-01/endpoints/(?:0{3}[1-9]|0010)/calls',
    ],
    [
      'a reversed range in order',
      callsOf(range('130003', '130001')),
      '^/2017-09-01/endpoints/13000[1-3]/calls',
    ],
    [
      'escaped ids',
      callsOf({ kind: 'list', ids: ['a.b', 'c|d', '(e)'] }),
      String.raw`^/2017-09-01/endpoints/(?:a\.b|c\|d|\(e\))/calls`,
    ],
    [
      'an escaped version',
      callsOf({ kind: 'any' }, { version: '2017.09' }),
      String.raw`^/2017\.09/endpoints/[^/]+/calls`,
    ],
    [
      'a conversation and everything under it',
      {
        anchored: true,
        version: VERSION,
        collection: 'conversations',
        ids: { kind: 'one', id: '4711' },
        subCollection: null,
      },
      '^/2017-09-01/conversations/4711(?:/|$)',
    ],
  ];
  for (const [name, pieces, expected] of cases) {
    it(`builds ${name}`, () => {
      expect(buildSubjectFilter(pieces)).toBe(expected);
    });
  }

  const selections: [string, IdSelection, string[], string[]][] = [
    ['130001-130003', range('130001', '130003'), ['130001', '130003'], ['130000', '130004']],
    [
      '0001-0010 (zero padding exact)',
      range('0001', '0010'),
      ['0001', '0009', '0010'],
      ['1', '01', '001', '10', '0000', '0011'],
    ],
    ['one id', { kind: 'one', id: '130001' }, ['130001'], ['130002', '1300011']],
    ['a list', { kind: 'list', ids: ['130001', '130005'] }, ['130005'], ['130003']],
  ];
  for (const [name, ids, matching, notMatching] of selections) {
    it(`selects exactly the ids of ${name}`, () => {
      const pattern = new RegExp(buildSubjectFilter(callsOf(ids)));
      for (const id of matching)
        expect(pattern.test(callSubject(id)))
          .withContext(id)
          .toBeTrue();
      for (const id of notMatching) {
        expect(pattern.test(callSubject(id)))
          .withContext(id)
          .toBeFalse();
      }
    });
  }

  it('ends an item filter so that longer ids do not match', () => {
    const pattern = new RegExp(
      buildSubjectFilter(callsOf({ kind: 'one', id: '130001' }, { subCollection: null })),
    );
    expect(pattern.test(callSubject('130001'))).toBeTrue();
    expect(pattern.test(`/${VERSION}/endpoints/130001`)).toBeTrue();
    expect(pattern.test(callSubject('1300011'))).toBeFalse();
  });
});

describe('parseSubjectFilter', () => {
  const cases: [string, SubjectPieces][] = [
    ['^/2017-09-01/endpoints/13000[1-3]/calls', callsOf(range('130001', '130003'))],
    ['^/2017-09-01/endpoints/130001/calls', callsOf({ kind: 'one', id: '130001' })],
    [
      '/2017-09-01/endpoints/130001/calls',
      callsOf({ kind: 'one', id: '130001' }, { anchored: false }),
    ],
    [
      '^/[^/]+/presentities/[^/]+(?:/|$)',
      {
        anchored: true,
        version: null,
        collection: 'presentities',
        ids: { kind: 'any' },
        subCollection: null,
      },
    ],
    [
      '^/2017-09-01/endpoints/(?:130001|130005)/calls',
      callsOf({ kind: 'list', ids: ['130001', '130005'] }),
    ],
    [
      '^/2017-09-01/conversations/4711/messages',
      {
        anchored: true,
        version: VERSION,
        collection: 'conversations',
        ids: { kind: 'one', id: '4711' },
        subCollection: 'messages',
      },
    ],
    [
      String.raw`^/2017-09-01/endpoints/(?:a\.b|c\|d)/calls`,
      callsOf({ kind: 'list', ids: ['a.b', 'c|d'] }),
    ],
    [
      '^/2017-09-01/presentities/00000000-0000-4000-8000-000000130001(?:/|$)',
      {
        anchored: true,
        version: VERSION,
        collection: 'presentities',
        ids: { kind: 'one', id: '00000000-0000-4000-8000-000000130001' },
        subCollection: null,
      },
    ],
  ];
  for (const [expression, pieces] of cases) {
    it(`reads ${expression}`, () => {
      expect(parseSubjectFilter(expression)).toEqual(pieces);
    });
  }

  const unrepresentable = [
    '/endpoints/.*',
    'foo|bar',
    '^/2017-09-01/endpoints/13000[1-5]7/calls',
    '',
    '^/2017-09-01/endpoints/130001/calls$',
    '^/2017-09-01/endpoints/130001/calls/[^/]+',
    '^/2017-09-01/endpoints/130001',
    '^/2017-09-01/endpoints/(?:130001)/calls',
    '^/2017-09-01/endpoints/(?:130001|130001)/calls',
    '^/2017-09-01/endpoints/(130001|130005)/calls',
    '^/2017-09-01/endpoints/13000[1]/calls',
    '^/2017-09-01/endpoints/13000[3-1]/calls',
    '^/2017-09-01/endpoints/(?:0{0,3}[1-9]|0{0,2}10)/calls',
    '^/2017-09-01/endpoints/[^/]*/calls',
    '^/2017-09-01/endpoints/1|2/calls',
    '^/2017.09.01/endpoints/130001/calls',
    '^//endpoints/130001/calls',
    ' ^/2017-09-01/endpoints/130001/calls',
    '^/2017-09-01/endpoints/[/calls',
    '^/2017-09-01/endpoints/130001/calls|x',
  ];
  for (const expression of unrepresentable) {
    it(`gives null for ${JSON.stringify(expression)}`, () => {
      expect(parseSubjectFilter(expression)).toBeNull();
    });
  }
});

describe('subject filter round trips', () => {
  const ranges: [string, string][] = [
    ['130001', '130003'],
    ['130001', '130020'],
    ['130001', '130999'],
    ['1000', '1999'],
    ['0001', '0010'],
    ['000100', '000250'],
    ['0', '9'],
    ['099', '100'],
    ['100000', '999999'],
  ];
  for (const [from, to] of ranges) {
    it(`keeps the range ${from}-${to}`, () => {
      const expression = buildSubjectFilter(callsOf(range(from, to)));
      expect(parseSubjectFilter(expression)).toEqual(callsOf(range(from, to)));
      expect(buildSubjectFilter(parseSubjectFilter(expression) as SubjectPieces)).toBe(expression);
    });
  }

  it('turns the range 7-7 into the id 7', () => {
    const expression = buildSubjectFilter(callsOf(range('7', '7')));
    expect(parseSubjectFilter(expression)).toEqual(callsOf({ kind: 'one', id: '7' }));
  });

  it('reads two adjacent ascending ids as the range build emits the same for', () => {
    const expression = buildSubjectFilter(callsOf({ kind: 'list', ids: ['130001', '130002'] }));
    expect(expression).toBe(buildSubjectFilter(callsOf(range('130001', '130002'))));
    expect(parseSubjectFilter(expression)?.ids).toEqual(range('130001', '130002'));
  });

  it('keeps many generated ranges', () => {
    const maxWidth = 7;
    const samplesPerWidth = 40;
    let seed = 12345;
    const next = (limit: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % limit;
    };
    for (let width = 1; width <= maxWidth; width++) {
      const limit = 10 ** width;
      for (let sample = 0; sample < samplesPerWidth; sample++) {
        const [low, high] = [next(limit), next(limit)].sort((a, b) => a - b);
        if (low === high) continue;
        const from = String(low).padStart(width, '0');
        const to = String(high).padStart(width, '0');
        const expression = buildSubjectFilter(callsOf(range(from, to)));
        expect(parseSubjectFilter(expression)?.ids)
          .withContext(`${from}-${to}`)
          .toEqual(range(from, to));
      }
    }
  });

  const pieces: SubjectPieces[] = [
    callsOf({ kind: 'any' }),
    callsOf({ kind: 'any' }, { version: null, anchored: false }),
    callsOf({ kind: 'one', id: 'a.b+c' }, { subCollection: null }),
    callsOf({ kind: 'list', ids: ['130005', '130001', '130003'] }),
    ...SUBJECT_CATALOG.map((entry) => defaultPieces(entry.topic)),
  ];
  for (const original of pieces) {
    const expression = buildSubjectFilter(original);
    it(`reads back ${expression}`, () => {
      expect(parseSubjectFilter(expression)).toEqual(original);
    });
  }
});

describe('idSelectionProblem', () => {
  const usable: [string, IdSelection][] = [
    ['any id', { kind: 'any' }],
    ['one id', { kind: 'one', id: '130001' }],
    ['a user id', { kind: 'one', id: '00000000-0000-4000-8000-000000130001' }],
    ['a list', { kind: 'list', ids: ['130001', '130005'] }],
    ['a range', range('130001', '130003')],
    ['a padded range', range('0001', '0010')],
    ['a range of one', range('7', '7')],
  ];
  for (const [name, ids] of usable) {
    it(`accepts ${name}`, () => {
      expect(idSelectionProblem(ids)).toBeNull();
    });
  }

  const problems: [string, IdSelection, RegExp][] = [
    ['an empty id', { kind: 'one', id: '' }, /Enter an id/],
    ['an id with a space', { kind: 'one', id: '1300 01' }, /spaces/],
    ['an id with a slash', { kind: 'one', id: '130001/calls' }, /"\/"/],
    ['an empty list', { kind: 'list', ids: [] }, /at least one id/],
    ['a list with an empty id', { kind: 'list', ids: ['130001', ''] }, /Item 2 of the list/],
    ['a range without an end', range('130001', ''), /both ends/],
    ['a range of words', range('a', 'z'), /digits only/],
    ['a range of different lengths', range('1', '10'), /same number of digits/],
    ['a reversed range', range('130003', '130001'), /after its end/],
    ['a range of huge numbers', range('1'.repeat(16), '2'.repeat(16)), /at most 15 digits/],
  ];
  for (const [name, ids, message] of problems) {
    it(`rejects ${name}`, () => {
      expect(idSelectionProblem(ids)).toMatch(message);
    });
  }
});
