import { publicationFilterPasses, publicationFilterProblem } from './filter-matching';
import {
  buildPublicationFilter,
  checkPublicationFilter,
  explainPublicationFilter,
  FILTER_FIELDS,
  FILTER_OPERATORS,
  FilterOperator,
  FilterRow,
  parsePublicationFilter,
  rowProblem,
  RowsFilter,
} from './publication-filter-builder';

function row(field: string, operator: FilterOperator, value = ''): FilterRow {
  return { field, operator, value };
}

function and(...rows: FilterRow[]): RowsFilter {
  return { combinator: 'and', rows };
}

function or(...rows: FilterRow[]): RowsFilter {
  return { combinator: 'or', rows };
}

const P = '$.publications[?(';
const S = ')]';

/** Values that jsonpath-plus's text handling or jsep's string literals could trip over. */
const TRICKY_VALUES = [
  "O'Brien",
  'back\\slash',
  'ends with a backslash\\',
  "\\'",
  '"double"',
  'Sales (Ottawa)',
  ')',
  "')",
  'a"b)',
  'a)]b',
  "x)'y",
  '(x',
  'x@.y',
  'a@ b',
  'x@root',
  '@parent',
  '@path',
  '@property',
  '@string()',
  '@null()',
  '@nonFinite()',
  '@boolean()',
  '@function()',
  'a@)b',
  'a@[0]',
  '@',
  'alice@example.com',
  'Zoë 東京 🎧',
  '$.publications[0]',
  '[?(@.x)]',
  '&& || ==',
  ' padded ',
  '~',
  '%@%',
  '#0',
  ';',
  '\\n',
  '+16135550123',
];

describe('FILTER_FIELDS and FILTER_OPERATORS', () => {
  it('offer the call-event fields with their paths, keyed uniquely', () => {
    const paths = Object.fromEntries(FILTER_FIELDS.map((field) => [field.key, field.path]));
    expect(paths).toEqual({
      state: 'content.state',
      direction: 'content.direction',
      cause: 'content.cause',
      from: 'content.from',
      fromName: 'content.fromName',
      to: 'content.to',
      toName: 'content.toName',
      endpointId: 'content.endpointId',
      callId: 'content.callId',
      subject: 'subject',
      method: 'method',
    });
    expect(new Set(FILTER_FIELDS.map((field) => field.label)).size).toBe(FILTER_FIELDS.length);
  });

  it('list the known values of state, direction and cause only', () => {
    const values = FILTER_FIELDS.filter((field) => field.values).map((field) => field.key);
    expect(values).toEqual(['state', 'direction', 'cause']);
    const field = (key: string) => FILTER_FIELDS.find((candidate) => candidate.key === key);
    expect(field('state')?.values).toContain('outOfService');
    expect(field('direction')?.values).toEqual(['inbound', 'outbound']);
    expect(field('cause')?.values).toContain('callForwardNoAnswer');
    expect(field('cause')?.values?.length).toBe(17);
  });

  it('label the operators and say which need a value', () => {
    expect(FILTER_OPERATORS.map(({ key, label, needsValue }) => [key, label, needsValue])).toEqual([
      ['is', 'is', true],
      ['isNot', 'is not', true],
      ['startsWith', 'starts with', true],
      ['endsWith', 'ends with', true],
      ['contains', 'contains', true],
      ['exists', 'is present', false],
      ['absent', 'is absent', false],
    ]);
  });
});

describe('rowProblem', () => {
  const fine: [string, FilterRow][] = [
    ['a value', row('state', 'is', 'ringing')],
    ['a value with quotes and backslashes', row('fromName', 'is', `O'Brien \\ "x"`)],
    ['a value with unicode', row('toName', 'contains', 'Zoë 東京 🎧')],
    ['a value with spaces around it', row('to', 'startsWith', ' 1')],
    ['a value outside the known list', row('state', 'is', 'Ringing')],
    ['a presence test without a value', row('cause', 'exists')],
    ['an absence test with a leftover value', row('cause', 'absent', 'busy')],
    ['a top-level field', row('method', 'isNot', 'PUT')],
  ];
  for (const [description, filterRow] of fine) {
    it(`accepts ${description}`, () => {
      expect(rowProblem(filterRow)).toBeNull();
    });
  }

  const problems: [string, FilterRow, RegExp][] = [
    ['an unknown field', row('colour', 'is', 'red'), /Unknown field "colour"/],
    ['a path instead of a field key', row('content.state', 'is', 'x'), /Unknown field/],
    [
      'an unknown operator',
      { field: 'state', operator: 'matches' as FilterOperator, value: 'x' },
      /Unknown operator "matches"/,
    ],
    ['a missing value', row('from', 'startsWith', ''), /"From starts with" needs a value/],
    ['a blank value', row('state', 'is', '   '), /needs a value/],
    ['a line break', row('fromName', 'is', 'a\nb'), /line breaks/],
    ['a carriage return', row('fromName', 'contains', 'a\rb'), /line breaks/],
    ['a line separator', row('fromName', 'contains', 'a\u2028b'), /line breaks/],
    ['a tab', row('fromName', 'endsWith', 'a\tb'), /control characters/],
    ['a NUL', row('fromName', 'isNot', 'a\u0000b'), /control characters/],
  ];
  for (const [description, filterRow, message] of problems) {
    it(`refuses ${description}`, () => {
      expect(rowProblem(filterRow)).toMatch(message);
    });
  }
});

describe('buildPublicationFilter', () => {
  const cases: [string, RowsFilter, string][] = [
    ['no rows', and(), ''],
    ['no rows, "or"', or(), ''],
    ['is', and(row('state', 'is', 'ringing')), `${P}@.content.state == 'ringing'${S}`],
    ['is not', and(row('state', 'isNot', 'idle')), `${P}@.content.state != 'idle'${S}`],
    [
      'starts with',
      and(row('from', 'startsWith', '+1613')),
      `${P}@.content.from.startsWith('+1613')${S}`,
    ],
    ['ends with', and(row('to', 'endsWith', '001')), `${P}@.content.to.endsWith('001')${S}`],
    [
      'contains',
      and(row('toName', 'contains', 'Sales')),
      `${P}@.content.toName.includes('Sales')${S}`,
    ],
    ['is present', and(row('cause', 'exists')), `${P}@.content.cause${S}`],
    ['is absent', and(row('cause', 'absent')), `${P}!@.content.cause${S}`],
    [
      'a presence test ignoring its value',
      and(row('cause', 'exists', 'busy')),
      `${P}@.content.cause${S}`,
    ],
    [
      'a top-level field',
      and(row('subject', 'contains', '/calls/')),
      `${P}@.subject.includes('/calls/')${S}`,
    ],
    ['the method', and(row('method', 'is', 'PUT')), `${P}@.method == 'PUT'${S}`],
    [
      'endpointId',
      and(row('endpointId', 'is', '130001')),
      `${P}@.content.endpointId == '130001'${S}`,
    ],
    ['callId', and(row('callId', 'isNot', '1')), `${P}@.content.callId != '1'${S}`],
    [
      'two rows with "and"',
      and(row('state', 'is', 'ringing'), row('direction', 'is', 'inbound')),
      `${P}@.content.state == 'ringing' && @.content.direction == 'inbound'${S}`,
    ],
    [
      'string methods with "and" (unguarded: an error means false, which "and" wants)',
      and(row('from', 'startsWith', '+1'), row('fromName', 'contains', 'Bo')),
      `${P}@.content.from.startsWith('+1') && @.content.fromName.includes('Bo')${S}`,
    ],
    [
      'two rows with "or"',
      or(row('state', 'is', 'ringing'), row('cause', 'exists')),
      `${P}@.content.state == 'ringing' || @.content.cause${S}`,
    ],
    [
      'string methods with "or" (guarded against missing fields)',
      or(row('from', 'startsWith', '+1613'), row('cause', 'exists')),
      `${P}(@.content.from || '').startsWith('+1613') || @.content.cause${S}`,
    ],
    [
      'every string method with "or"',
      or(row('to', 'endsWith', '1'), row('toName', 'contains', 'x'), row('from', 'isNot', 'y')),
      `${P}(@.content.to || '').endsWith('1') || (@.content.toName || '').includes('x') || @.content.from != 'y'${S}`,
    ],
    [
      'a single row with "or" (no guard needed)',
      or(row('from', 'startsWith', '+1')),
      `${P}@.content.from.startsWith('+1')${S}`,
    ],
    [
      'a single quote',
      and(row('fromName', 'is', "O'Brien")),
      `${P}@.content.fromName == 'O\\'Brien'${S}`,
    ],
    ['a backslash', and(row('fromName', 'is', 'a\\b')), `${P}@.content.fromName == 'a\\\\b'${S}`],
    ['a double quote', and(row('fromName', 'is', 'a"b')), `${P}@.content.fromName == 'a"b'${S}`],
    [
      'unicode as is',
      and(row('toName', 'is', 'Zoë 東京 🎧')),
      `${P}@.content.toName == 'Zoë 東京 🎧'${S}`,
    ],
    [
      'a value ending in ")" (double-quoted)',
      and(row('toName', 'is', 'Sales (Ottawa)')),
      `${P}@.content.toName == "Sales (Ottawa)"${S}`,
    ],
    [
      'a value ending in ")" with a double quote',
      and(row('toName', 'is', 'a"b)')),
      `${P}@.content.toName == "a\\"b)"${S}`,
    ],
    ['")]" in a value', and(row('toName', 'is', 'a)]b')), `${P}@.content.toName == 'a)\\]b'${S}`],
    ['"@." in a value', and(row('from', 'is', 'x@.y')), `${P}@.content.from == 'x@\\.y'${S}`],
    [
      '"@root" in a value',
      and(row('from', 'is', 'x@root')),
      `${P}@.content.from == 'x@r\\oot'${S}`,
    ],
    [
      '"@string()" in a value',
      and(row('from', 'is', '@string()')),
      `${P}@.content.from == "@\\string()"${S}`,
    ],
    [
      'an e-mail address as is',
      and(row('from', 'is', 'a@b.c')),
      `${P}@.content.from == 'a@b.c'${S}`,
    ],
    [
      'rows with problems left out',
      and(row('state', 'is', ''), row('colour', 'is', 'red'), row('direction', 'is', 'inbound')),
      `${P}@.content.direction == 'inbound'${S}`,
    ],
    ['only rows with problems', and(row('state', 'is', '')), ''],
  ];
  for (const [description, filter, expected] of cases) {
    it(`writes ${description}`, () => {
      expect(buildPublicationFilter(filter)).toBe(expected);
    });
  }
});

describe('parsePublicationFilter', () => {
  const cases: [string, string, RowsFilter][] = [
    ['no filter', '', and()],
    ['a blank filter', '   ', and()],
    ['is', `${P}@.content.state == 'ringing'${S}`, and(row('state', 'is', 'ringing'))],
    ['===', `${P}@.content.state === 'ringing'${S}`, and(row('state', 'is', 'ringing'))],
    ['!=', `${P}@.content.state != 'idle'${S}`, and(row('state', 'isNot', 'idle'))],
    ['!==', `${P}@.content.state !== 'idle'${S}`, and(row('state', 'isNot', 'idle'))],
    ['double quotes', `${P}@.content.state == "ringing"${S}`, and(row('state', 'is', 'ringing'))],
    [
      'no spaces and extra spaces',
      `  $.publications[?( @.content.state=='ringing'&&@.content.cause )]  `,
      and(row('state', 'is', 'ringing'), row('cause', 'exists')),
    ],
    ['a presence test', `${P}@.content.cause${S}`, and(row('cause', 'exists'))],
    ['an absence test', `${P}! @.content.cause${S}`, and(row('cause', 'absent'))],
    [
      'a string method',
      `${P}@.content.from.startsWith('+1613')${S}`,
      and(row('from', 'startsWith', '+1613')),
    ],
    [
      'includes',
      `${P}@.subject.includes('/calls/')${S}`,
      and(row('subject', 'contains', '/calls/')),
    ],
    [
      'a guarded string method',
      `${P}(@.content.to || '').endsWith('01')${S}`,
      and(row('to', 'endsWith', '01')),
    ],
    [
      'a guarded string method with "and"',
      `${P}(@.content.to || '').endsWith('01') && @.method == 'PUT'${S}`,
      and(row('to', 'endsWith', '01'), row('method', 'is', 'PUT')),
    ],
    [
      'rows joined by ||',
      `${P}(@.content.from || '').startsWith('+1') || @.content.cause || !@.content.to${S}`,
      or(row('from', 'startsWith', '+1'), row('cause', 'exists'), row('to', 'absent')),
    ],
    [
      'escaped quotes',
      `${P}@.content.fromName == 'O\\'Brien'${S}`,
      and(row('fromName', 'is', "O'Brien")),
    ],
    [
      'any escaped character, as jsep reads it',
      `${P}@.content.fromName == '\\a\\)\\"'${S}`,
      and(row('fromName', 'is', 'a)"')),
    ],
    [
      'a value ending in ")" as the last row (jsonpath-plus copes there)',
      `${P}@.content.state == 'ringing' && @.content.toName == 'Sales (Ottawa)'${S}`,
      and(row('state', 'is', 'ringing'), row('toName', 'is', 'Sales (Ottawa)')),
    ],
  ];
  for (const [description, expression, expected] of cases) {
    it(`reads ${description}`, () => {
      expect(parsePublicationFilter(expression)).toEqual(expected);
    });
  }

  const unrepresentable: [string, string][] = [
    ['descendants', '$..state'],
    ['the root', '$'],
    ['another array', "$.items[?(@.content.state == 'ringing')]"],
    ['an index', '$.publications[0]'],
    ['an empty filter', '$.publications[?()]'],
    ['a path after the filter', `${P}@.content.state == 'ringing'${S}.content`],
    ['&& mixed with ||', `${P}@.content.state == 'ringing' && @.content.cause || @.content.to${S}`],
    ['a number', `${P}@.content.a == 1${S}`],
    ['a number for a known field', `${P}@.content.state == 1${S}`],
    ['an unknown content field', `${P}@.content.a == 'x'${S}`],
    ['a top-level state', `${P}@.state == 'ringing'${S}`],
    ['another comparison', `${P}@.content.timestamp >= '2024'${S}`],
    ['a literal on the left', `${P}'ringing' == @.content.state${S}`],
    ['indexOf', `${P}@.content.from.indexOf('1') >= 0${S}`],
    ['an unknown method', `${P}@.content.from.match('1')${S}`],
    ['a negated comparison', `${P}!@.content.state == 'idle'${S}`],
    ['parentheses around a row', `${P}(@.content.state == 'idle')${S}`],
    [
      'an unguarded string method with ||',
      `${P}@.content.from.startsWith('+1') || @.content.cause${S}`,
    ],
    ['a guard that is not empty', `${P}(@.content.to || 'x').endsWith('01')${S}`],
    ['an empty value', `${P}@.content.state == ''${S}`],
    ['a line break escape', `${P}@.content.fromName == 'a\\nb'${S}`],
    ['an "@." that jsonpath-plus rewrites', `${P}@.content.from == 'x@.y'${S}`],
    ['an "@root" that jsonpath-plus rewrites', `${P}@.content.from == 'x@root'${S}`],
    [
      'a ")" that ends the filter early',
      `${P}@.content.toName == 'Sales (Ottawa)' && @.content.state == 'ringing'${S}`,
    ],
    ['a single =', `${P}@.content.state = 'ringing'${S}`],
    ['an unterminated quote', `${P}@.content.state == 'ringing${S}`],
    ['a missing bracket', `${P}@.content.state == 'ringing')`],
    ['a dangling &&', `${P}@.content.state == 'ringing' &&${S}`],
    ['not JSONPath', 'state == ringing'],
  ];
  for (const [description, expression] of unrepresentable) {
    it(`gives null for ${description}`, () => {
      expect(parsePublicationFilter(expression)).toBeNull();
    });
  }
});

describe('round trips', () => {
  const filters: RowsFilter[] = [
    and(row('state', 'is', 'ringing')),
    and(row('state', 'is', 'ringing'), row('direction', 'is', 'inbound')),
    or(row('from', 'startsWith', '+1613'), row('cause', 'exists')),
    or(row('to', 'endsWith', '1'), row('toName', 'contains', 'x'), row('cause', 'absent')),
    and(row('subject', 'contains', '/endpoints/130001/'), row('method', 'isNot', 'DELETE')),
  ];
  for (const operator of FILTER_OPERATORS) {
    for (const field of FILTER_FIELDS) {
      const value = operator.needsValue ? (field.values?.[0] ?? 'v') : '';
      filters.push(and(row(field.key, operator.key, value)));
    }
  }
  for (const value of TRICKY_VALUES) {
    for (const operator of ['is', 'isNot', 'startsWith', 'endsWith', 'contains'] as const) {
      filters.push(and(row('fromName', operator, value), row('state', 'is', 'held')));
      filters.push(or(row('state', 'is', 'held'), row('fromName', operator, value)));
    }
  }

  it('cover every field, operator and tricky value', () => {
    expect(filters.length).toBe(5 + FILTER_FIELDS.length * 7 + TRICKY_VALUES.length * 10);
  });

  it('parse what build writes back to the same rows', () => {
    for (const filter of filters) {
      const expression = buildPublicationFilter(filter);
      expect(parsePublicationFilter(expression))
        .withContext(expression)
        .toEqual({
          combinator: filter.rows.length > 1 ? filter.combinator : 'and',
          rows: filter.rows,
        });
    }
  });

  it('build what parse reads back to the same text', () => {
    for (const filter of filters) {
      const expression = buildPublicationFilter(filter);
      const parsed = parsePublicationFilter(expression);
      expect(parsed).withContext(expression).not.toBeNull();
      if (parsed) expect(buildPublicationFilter(parsed)).toBe(expression);
    }
  });

  it('give a single "or" row the "and" combinator', () => {
    const expression = buildPublicationFilter(or(row('cause', 'exists')));
    expect(parsePublicationFilter(expression)?.combinator).toBe('and');
  });

  it('write filters that jsonpath-plus and the checker accept without warnings', () => {
    for (const filter of filters) {
      const expression = buildPublicationFilter(filter);
      expect(publicationFilterProblem(expression)).withContext(expression).toBeNull();
      expect(checkPublicationFilter(expression)).withContext(expression).toEqual({
        problem: null,
        index: null,
        warnings: [],
      });
    }
  });
});

describe('built filters in jsonpath-plus', () => {
  function publication(content: Record<string, unknown>, envelope: Record<string, unknown> = {}) {
    return {
      publicationId: 'p',
      topic: 'platform-api-media',
      method: 'PUT',
      subject: '/2017-09-01/endpoints/130001/calls/884422',
      content: { callId: '884422', endpointId: '130001', ...content },
      ...envelope,
    };
  }

  const ringingIn = publication({
    state: 'ringing',
    direction: 'inbound',
    from: '+16135550123',
    fromName: "Anne O'Brien",
    to: '130001',
    toName: 'Sales (Ottawa)',
  });
  const connectedOut = publication({
    state: 'connected',
    direction: 'outbound',
    from: '130001',
    to: '+33123456789',
    toName: 'Zoë 東京 🎧',
    cause: 'newCall',
  });
  /** No from, to, direction or cause. */
  const bare = publication({ state: 'idle' });
  const odd = publication(
    {
      state: 'held',
      from: 'a)]b',
      fromName: 'back\\slash',
      to: "it's)",
      toName: 'x@.y',
      callId: 'x@root',
      endpointId: 'me@path (ops)',
    },
    { method: 'POST', subject: '/2017-09-01/endpoints/130002/calls/1' },
  );
  const samples = [ringingIn, connectedOut, bare, odd];

  const cases: [string, RowsFilter, boolean[]][] = [
    ['state is ringing', and(row('state', 'is', 'ringing')), [true, false, false, false]],
    ['state is not ringing', and(row('state', 'isNot', 'ringing')), [false, true, true, true]],
    ['values are case-sensitive', and(row('state', 'is', 'Ringing')), [false, false, false, false]],
    ['from starts with', and(row('from', 'startsWith', '+1613')), [true, false, false, false]],
    ['to ends with', and(row('to', 'endsWith', '789')), [false, true, false, false]],
    ['unicode contains', and(row('toName', 'contains', '東京')), [false, true, false, false]],
    ['an emoji', and(row('toName', 'endsWith', '🎧')), [false, true, false, false]],
    ['cause is present', and(row('cause', 'exists')), [false, true, false, false]],
    ['cause is absent', and(row('cause', 'absent')), [true, false, true, true]],
    ['a missing field is not "x"', and(row('cause', 'isNot', 'busy')), [true, true, true, true]],
    ['a single quote', and(row('fromName', 'is', "Anne O'Brien")), [true, false, false, false]],
    [
      'a single quote in contains',
      and(row('fromName', 'contains', "O'B")),
      [true, false, false, false],
    ],
    ['a backslash', and(row('fromName', 'is', 'back\\slash')), [false, false, false, true]],
    [
      'a value ending in ")" before another row',
      and(row('toName', 'is', 'Sales (Ottawa)'), row('direction', 'is', 'inbound')),
      [true, false, false, false],
    ],
    ['ends with ")"', and(row('toName', 'endsWith', '(Ottawa)')), [true, false, false, false]],
    [
      '")]" in a value',
      and(row('from', 'is', 'a)]b'), row('state', 'is', 'held')),
      [false, false, false, true],
    ],
    ['a value ending in "\')"', and(row('to', 'is', "it's)")), [false, false, false, true]],
    ['"@." in a value', and(row('toName', 'is', 'x@.y')), [false, false, false, true]],
    ['"@root" in a value', and(row('callId', 'is', 'x@root')), [false, false, false, true]],
    [
      '"@path" and ")" in a value',
      and(row('endpointId', 'startsWith', 'me@path (')),
      [false, false, false, true],
    ],
    [
      'a top-level field',
      and(row('subject', 'endsWith', '/calls/884422')),
      [true, true, true, false],
    ],
    ['the method', and(row('method', 'isNot', 'PUT')), [false, false, false, true]],
    [
      'a string method on a missing field, with "and"',
      and(row('from', 'startsWith', '+1'), row('state', 'is', 'idle')),
      [false, false, false, false],
    ],
    [
      'a string method on a missing field, with "or"',
      or(row('from', 'startsWith', 'zzz'), row('state', 'is', 'idle')),
      [false, false, true, false],
    ],
    [
      'from starts with or cause is present',
      or(row('from', 'startsWith', '+1613'), row('cause', 'exists')),
      [true, true, false, false],
    ],
    [
      'ends with or contains on missing fields',
      or(row('to', 'endsWith', 'zzz'), row('cause', 'contains', 'zzz'), row('state', 'is', 'held')),
      [false, false, false, true],
    ],
    [
      'either direction',
      or(row('direction', 'is', 'inbound'), row('direction', 'is', 'outbound')),
      [true, true, false, false],
    ],
    [
      'two conditions',
      and(row('state', 'is', 'connected'), row('direction', 'is', 'outbound')),
      [false, true, false, false],
    ],
  ];
  for (const [description, filter, expected] of cases) {
    it(`pass the right publications: ${description}`, () => {
      const expression = buildPublicationFilter(filter);
      const passes = samples.map((sample) => publicationFilterPasses(expression, sample));
      expect(passes).withContext(expression).toEqual(expected);
    });
  }

  it('compare with a string also matches a number (== is loose)', () => {
    const expression = buildPublicationFilter(and(row('endpointId', 'is', '130001')));
    expect(publicationFilterPasses(expression, publication({ endpointId: 130001 }))).toBeTrue();
    expect(publicationFilterPasses(expression, publication({ endpointId: 130002 }))).toBeFalse();
  });

  it('match every tricky value exactly, whatever the operator', () => {
    for (const value of TRICKY_VALUES) {
      const exact = publication({ fromName: value });
      const longer = publication({ fromName: `<${value}>` });
      const expectations: [FilterOperator, boolean, boolean][] = [
        ['is', true, false],
        ['isNot', false, true],
        ['startsWith', true, false],
        ['endsWith', true, false],
        ['contains', true, true],
      ];
      for (const [operator, passesExact, passesLonger] of expectations) {
        const expression = buildPublicationFilter(and(row('fromName', operator, value)));
        const context = `${operator} ${JSON.stringify(value)}: ${expression}`;
        expect(publicationFilterPasses(expression, exact)).withContext(context).toBe(passesExact);
        expect(publicationFilterPasses(expression, longer)).withContext(context).toBe(passesLonger);
      }
    }
  });

  it('need the "or" guard: unguarded, an error on one row drops the publication', () => {
    const unguarded = `${P}@.content.from.startsWith('zzz') || @.content.state == 'idle'${S}`;
    expect(publicationFilterPasses(unguarded, bare)).toBeFalse();
    const built = buildPublicationFilter(
      or(row('from', 'startsWith', 'zzz'), row('state', 'is', 'idle')),
    );
    expect(built).not.toBe(unguarded);
    expect(publicationFilterPasses(built, bare)).toBeTrue();
  });
});

describe('checkPublicationFilter', () => {
  const usable = [
    '',
    '   ',
    `${P}@.content.state == 'ringing'${S}`,
    `${P}@.content.state === 'ringing'${S}`,
    `${P}@.content.state != 'idle' && @.content.state !== 'held'${S}`,
    `${P}@.content.timestamp >= '2024' && @.content.timestamp <= '2025'${S}`,
    `${P}@.content.fromName == 'a = b'${S}`,
    `${P}@.content.fromName == "it's"${S}`,
    `${P}@.content.toName == 'Sales (Ottawa'${S}`,
    `${P}@.content.toName == 'Sales (Ottawa)'${S}`,
    `${P}@.content.from.indexOf('+1') >= 0${S}`,
    `${P}(@.content.from || '').startsWith('+1') || @.content.cause${S}`,
    `${P}@.content.from.startsWith('+1') && @.content.to.endsWith('1')${S}`,
    `${P}@.subject && @.topic && @.publicationId && @.method && @.content.custom${S}`,
    `${P}@.content.from == 'Ringing' || @.content.state == 'ringing'${S}`,
    `${P}'ringing' == @.content.state${S}`,
    "$..[?(@.state == 'ringing')]",
    '$..state',
    '$',
  ];
  for (const expression of usable) {
    it(`accepts ${JSON.stringify(expression)} without warnings`, () => {
      expect(checkPublicationFilter(expression)).toEqual({
        problem: null,
        index: null,
        warnings: [],
      });
    });
  }

  const problems: [string, string, number | null, RegExp][] = [
    ['no "$"', 'publications[?(@.x)]', 0, /starts with "\$"/],
    ['no "$" after spaces', '  @.content.state', 2, /starts with "\$"/],
    ['a subject-style filter', '/2017-09-01/endpoints/', 0, /JSONPath/],
    ['an unclosed "("', `${P}@.content.state == 'ringing'`, 16, /"\(": it is never closed/],
    ['an unclosed "["', `${P}@.content.state == 'ringing')`, 14, /"\[": it is never closed/],
    [
      'an extra ")"',
      `${P}@.content.state == 'ringing'))]`,
      46,
      /"\)": the "\[" before it is still open/,
    ],
    ['an extra "]"', '$.publications]', 14, /"\]": there is no "\["/],
    ['"(" closed by "]"', `${P}@.content.state == 'ringing']`, 45, /"\(" before it is still open/],
    [
      "an unterminated ' quote",
      `${P}@.content.state == 'ringing${S}`,
      36,
      /' quote is never closed/,
    ],
    [
      'an unterminated " quote',
      `${P}@.content.state == "ringing${S}`,
      36,
      /" quote is never closed/,
    ],
    [
      'a single =',
      `${P}@.content.state = 'ringing'${S}`,
      33,
      /Use == to compare; a single = never/,
    ],
    [
      'a single = in a later row',
      `${P}@.content.state == 'ringing' && @.content.direction = 'inbound'${S}`,
      69,
      /Use ==/,
    ],
    ['a single = without spaces', `${P}@.content.state='ringing'${S}`, 32, /Use ==/],
    [
      'a value ending in ")" before another row',
      `${P}@.content.toName == 'Sales (Ottawa)' && @.content.state == 'ringing'${S}`,
      51,
      /value that ends with "\)" in double quotes/,
    ],
    ['")]" in a value', `${P}@.content.toName == 'a)]b'${S}`, 39, /write "\)\\\]"/],
    [
      '")\'" in a double-quoted value',
      `${P}@.content.toName == "a)'b" && @.content.cause${S}`,
      39,
      /write "\)\\'"/,
    ],
    ['an incomplete comparison', `${P}@.content.state ==${S}`, null, /Not valid JSONPath/],
    ['a dangling &&', `${P}@.content.state == 'ringing' &&${S}`, null, /Not valid JSONPath/],
  ];
  for (const [description, expression, index, message] of problems) {
    it(`reports ${description} at ${index}`, () => {
      const check = checkPublicationFilter(expression);
      expect(check.problem).toMatch(message);
      expect(check.index).toBe(index);
      expect(check.warnings).toEqual([]);
    });
  }

  it('reports what jsonpath-plus rejects when its own checks pass', () => {
    const expression = `${P}@.content.state ==${S}`;
    expect(checkPublicationFilter(expression).problem).toBe(publicationFilterProblem(expression));
  });

  const warned: [string, string, RegExp][] = [
    [
      'a top-level content field',
      `${P}@.state == 'ringing'${S}`,
      /^publications have no top-level "state"; did you mean @\.content\.state\?$/,
    ],
    ['a top-level from', `${P}@.from.startsWith('+1')${S}`, /did you mean @\.content\.from\?/],
    ['an unknown top-level name', `${P}@.colour${S}`, /no top-level "colour"; call details/],
    [
      'a state in the wrong case',
      `${P}@.content.state == 'Ringing'${S}`,
      /^state is never "Ringing"; known values: unknown, idle, ringing, connected, held, outOfService, completed\. Values are case-sensitive: did you mean "ringing"\?$/,
    ],
    [
      'an unknown direction',
      `${P}@.content.direction === 'in'${S}`,
      /direction is never "in"; known values: inbound, outbound\.$/,
    ],
    [
      'an unknown cause with !=',
      `${P}@.content.cause != 'Busy'${S}`,
      /cause is never "Busy".*did you mean "busy"/,
    ],
    [
      'a known value list, literal first',
      `${P}'Ringing' == @.content.state${S}`,
      /state is never "Ringing"/,
    ],
    [
      'an unguarded string method in an "or"',
      `${P}@.content.from.startsWith('+1') || @.content.cause${S}`,
      /@\.content\.from\.startsWith\(…\) throws when a publication has no content\.from.*\(@\.content\.from \|\| ''\)\.startsWith/,
    ],
    [
      'an unguarded indexOf in an "or"',
      `${P}@.content.cause || @.content.to.indexOf('1') >= 0${S}`,
      /@\.content\.to\.indexOf/,
    ],
    [
      'an "@." that jsonpath-plus rewrites',
      `${P}@.content.toName == 'x@.y'${S}`,
      /rewrites "@\." even inside quotes.*write 'x@\\\.y'/,
    ],
    [
      'an "@root" that jsonpath-plus rewrites',
      `${P}@.content.toName == 'x@root'${S}`,
      /rewrites "@root".*write 'x@r\\oot'/,
    ],
  ];
  for (const [description, expression, warning] of warned) {
    it(`warns about ${description}`, () => {
      const check = checkPublicationFilter(expression);
      expect(check.problem).toBeNull();
      expect(check.warnings.length).toBe(1);
      expect(check.warnings[0]).toMatch(warning);
    });
  }

  it('gathers several warnings, each once', () => {
    const expression = `${P}@.state == 'Ringing' || @.state == 'Held'${S}`;
    const { warnings } = checkPublicationFilter(expression);
    expect(warnings.length).toBe(1);
    expect(
      checkPublicationFilter(`${P}@.state || @.content.state == 'Ringing'${S}`).warnings.length,
    ).toBe(2);
  });

  it('gives no warnings while there is a problem', () => {
    const check = checkPublicationFilter(`${P}@.state = 'Ringing'${S}`);
    expect(check.problem).toMatch(/Use ==/);
    expect(check.warnings).toEqual([]);
  });
});

describe('explainPublicationFilter', () => {
  const cases: [string, string, string][] = [
    [
      'no filter',
      '',
      'No publication filter: every publication that matches the subject filter is delivered.',
    ],
    [
      'rows joined by "and"',
      buildPublicationFilter(and(row('state', 'is', 'ringing'), row('direction', 'is', 'inbound'))),
      'Passes publications whose state is "ringing" and whose direction is "inbound".',
    ],
    [
      'rows joined by "or"',
      buildPublicationFilter(or(row('from', 'startsWith', '+1613'), row('cause', 'exists'))),
      'Passes publications whose from starts with "+1613" or whose cause is present.',
    ],
    [
      'every operator',
      buildPublicationFilter(
        and(
          row('fromName', 'isNot', "O'Brien"),
          row('to', 'endsWith', '01'),
          row('toName', 'contains', 'Sales (Ottawa)'),
          row('cause', 'absent'),
          row('endpointId', 'is', '130001'),
          row('callId', 'exists'),
        ),
      ),
      'Passes publications whose from name is not "O\'Brien" and whose to ends with "01" and ' +
        'whose to name contains "Sales (Ottawa)" and whose cause is absent and ' +
        'whose endpoint ID is "130001" and whose call ID is present.',
    ],
    [
      'a hand-written filter that rows can say',
      `$.publications[?( @.content.state === "held" )]`,
      'Passes publications whose state is "held".',
    ],
    [
      'other JSONPath',
      '$..state',
      'Passes a publication when this JSONPath selects anything from { publications: [publication] }.',
    ],
    [
      'mixed && and ||',
      `${P}@.content.state == 'ringing' && @.content.cause || @.content.to${S}`,
      'Passes a publication when this JSONPath selects anything from { publications: [publication] }.',
    ],
    [
      'a filter with a problem',
      `${P}@.content.state = 'ringing'${S}`,
      'This publication filter cannot be used: Use == to compare; a single = never matches.',
    ],
  ];
  for (const [description, expression, expected] of cases) {
    it(`explains ${description}`, () => {
      expect(explainPublicationFilter(expression)).toBe(expected);
    });
  }
});
