import { SUBJECT_CATALOG, buildSubjectFilter, defaultPieces } from './subject-filter-builder';
import {
  WarningCode,
  explainSubjectFilter,
  subjectFilterSyntax,
  subjectFilterWarnings,
} from './subject-filter-checks';
import { subjectFilterSyntaxProblem } from './filter-matching';

import { callsOf, range } from './testing/subject-pieces';

function warningCodes(expression: string): WarningCode[] {
  return subjectFilterWarnings(expression).map((warning) => warning.code);
}

describe('subjectFilterWarnings', () => {
  const mustWarn: [WarningCode, string, number][] = [
    ['unanchored-id', '/2017-09-01/endpoints/13000', 22],
    ['unanchored-id', '/endpoints/130001', 11],
    ['unanchored-id', '^/2017-09-01/presentities/alice', 26],
    ['unescaped-dot', '/2017.09-01/endpoints/', 5],
    ['unescaped-dot', '/endpoints/1300.1/calls', 15],
    ['mqtt-wildcard', 'endpoints/+/calls', 10],
    ['mqtt-wildcard', '/2017-09-01/endpoints/+', 22],
    ['mqtt-wildcard', 'calls/#', 6],
    ['mqtt-wildcard', '#/calls', 0],
    ['backtracking', '(a+)+', 0],
    ['backtracking', '/x(.*)*', 2],
    ['backtracking', '/endpoints/(\\d+)+/calls', 11],
    ['backtracking', '/endpoints/.*.*/calls', 11],
    ['backtracking', '/endpoints/[^/]+[^/]+', 11],
    ['whitespace', ' /endpoints/', 0],
    ['whitespace', '/endpoints/ ', 11],
    ['whitespace', '/endpoints/\t130001/calls', 11],
    ['anchored-end', '/endpoints/130001/calls$', 23],
    ['anchored-end', '^/2017-09-01/endpoints$', 22],
    ['anchored-end', '^/2017-09-01/conversations/1/messages$', 37],
  ];
  for (const [code, expression, index] of mustWarn) {
    it(`warns ${code} for ${JSON.stringify(expression)} at ${index}`, () => {
      const warning = subjectFilterWarnings(expression).find(
        (candidate) => candidate.code === code,
      );
      expect(warning?.index).toBe(index);
    });
  }

  const mustNotWarn: [WarningCode, string][] = [
    ['unanchored-id', '/endpoints/130001/calls'],
    ['unanchored-id', '/endpoints/130001$'],
    ['unanchored-id', '/endpoints/130001(?:/|$)'],
    ['unanchored-id', '/endpoints/130001/'],
    ['unanchored-id', '^/2017-09-01/endpoints/'],
    ['unanchored-id', '/2017-09-01'],
    ['unanchored-id', '/things/130001'],
    ['unanchored-id', '/endpoints/[^/]+'],
    ['unescaped-dot', '/2017\\.09/endpoints/'],
    ['unescaped-dot', '/2017[.]09/endpoints/'],
    ['unescaped-dot', '/endpoints/.*'],
    ['unescaped-dot', '/endpoints/.+/calls'],
    ['unescaped-dot', '/endpoints/.?/calls'],
    ['unescaped-dot', '/endpoints/.{6}/calls'],
    ['mqtt-wildcard', '/endpoints/[^/]+/calls'],
    ['mqtt-wildcard', '/endpoints/\\d+/calls'],
    ['mqtt-wildcard', '/endpoints/c#'],
    ['mqtt-wildcard', '/endpoints/\\+/calls'],
    ['mqtt-wildcard', '/calls/1+'],
    ['backtracking', '/endpoints/[^/]+/calls/.*'],
    ['backtracking', '(?:130001|130002)+'],
    ['backtracking', '(?:a{2}){3}'],
    ['backtracking', '(?<=a)b+'],
    ['backtracking', '\\d+[a-z]+'],
    ['backtracking', '/endpoints/.*/calls/.*'],
    ['whitespace', '/endpoints/\\s'],
    ['whitespace', '/endpoints/130001/calls'],
    ['anchored-end', '/endpoints/130001(?:/|$)'],
    ['anchored-end', '/presentities/[^/]+$'],
    ['anchored-end', '/endpoints/130001$'],
    ['anchored-end', '/endpoints/130001/calls/[0-9]+$'],
  ];
  for (const [code, expression] of mustNotWarn) {
    it(`does not warn ${code} for ${JSON.stringify(expression)}`, () => {
      expect(warningCodes(expression)).not.toContain(code);
    });
  }

  it('names the example ids and the sub-collection for an unanchored extension', () => {
    const [warning] = subjectFilterWarnings('/endpoints/13000');
    expect(warning.message).toBe(
      '"/endpoints/13000" also matches longer ids such as 130001 and 130009. ' +
        'End it with "/" or "(?:/|$)", or add the sub-collection ("/calls").',
    );
  });

  it('suggests "$" for a user id, whose subjects end there', () => {
    const [warning] = subjectFilterWarnings('/presentities/alice');
    expect(warning.message).toContain('End it with "$" or "(?:/|$)".');
  });

  it('explains the MQTT mistake for "+" and "#"', () => {
    const [plus] = subjectFilterWarnings('endpoints/+/calls');
    const [hash] = subjectFilterWarnings('calls/#');
    expect(plus.message).toContain('not MQTT topic filters');
    expect(plus.message).toContain('[^/]+');
    expect(hash.message).toContain('leave the rest off');
  });

  it('tells what follows a "$" that matches nothing', () => {
    const [warning] = subjectFilterWarnings('/endpoints/130001/calls$');
    expect(warning.message).toContain('"/{callNumber}"');
  });

  it('suggests one path level for backtracking', () => {
    const [warning] = subjectFilterWarnings('(a+)+');
    expect(warning.message).toContain('backtrack badly');
    expect(warning.message).toContain('[^/]+');
  });

  it('reports every unescaped dot', () => {
    const dots = subjectFilterWarnings('/2017.09.01/').filter(
      (warning) => warning.code === 'unescaped-dot',
    );
    expect(dots.map((warning) => warning.index)).toEqual([5, 8]);
  });

  it('sorts warnings by index', () => {
    const warnings = subjectFilterWarnings(' /2017.09-01/endpoints/130001/calls$');
    expect(warnings.map((warning) => [warning.code, warning.index])).toEqual([
      ['whitespace', 0],
      ['unescaped-dot', 6],
      ['anchored-end', 35],
    ]);
  });

  it('gives no warnings for an expression that does not compile', () => {
    expect(subjectFilterWarnings('/endpoints/+/calls[')).toEqual([]);
    expect(subjectFilterWarnings('+')).toEqual([]);
  });

  const canonical = [
    ...SUBJECT_CATALOG.map((entry) => buildSubjectFilter(defaultPieces(entry.topic))),
    buildSubjectFilter(callsOf(range('130001', '130999'))),
    buildSubjectFilter(callsOf(range('0001', '0010'), { version: null })),
    buildSubjectFilter(callsOf({ kind: 'list', ids: ['130001', '130005'] })),
    buildSubjectFilter(callsOf({ kind: 'one', id: '130001' }, { subCollection: null })),
  ];
  for (const expression of canonical) {
    it(`gives no warnings for the built ${expression}`, () => {
      expect(subjectFilterWarnings(expression)).toEqual([]);
    });
  }
});

describe('subjectFilterSyntax', () => {
  const valid = ['', '/2017-09-01/endpoints/130001/calls', '(?=a)*', 'a{,5}', 'x{2', '.*'];
  for (const expression of valid) {
    it(`accepts ${JSON.stringify(expression)}`, () => {
      expect(subjectFilterSyntax(expression)).toBeNull();
    });
  }

  const problems: [string, number | null, RegExp][] = [
    ['/endpoints/(130001/calls', 11, /"\(" at character 12 is never closed/],
    ['/endpoints/130001)/calls', 17, /"\)" at character 18 has no matching "\("/],
    ['/endpoints/[0-9/calls', 11, /"\[" at character 12 is never closed/],
    ['*/calls', 0, /"\*" at character 1 has nothing before it to repeat.*not globs/],
    ['+', 0, /nothing before it to repeat.*not MQTT topic filters/],
    ['/endpoints/(+)', 12, /nothing before it to repeat/],
    ['/endpoints/a|*', 13, /nothing before it to repeat/],
    ['/endpoints/a**', 13, /nothing before it to repeat/],
    ['^*', 1, /nothing before it to repeat/],
    ['/endpoints/\\', 11, /lone "\\"/],
    ['/endpoints/1{3,1}', 12, /numbers out of order/],
    ['/endpoints/[9-0]', 12, /"9-0" at character 13 is backwards/],
    ['/endpoints/(?x)', 11, /does not start a valid group/],
    ['(?<=a)*', 6, /lookbehind cannot be repeated/],
    ['(a(b', 0, /"\(" at character 1 is never closed/],
    ['(?<n>a)\\k<m>', null, /Not a valid regular expression/],
  ];
  for (const [expression, index, message] of problems) {
    it(`locates the problem in ${JSON.stringify(expression)} at ${index}`, () => {
      const problem = subjectFilterSyntax(expression);
      expect(problem?.index).toBe(index);
      expect(problem?.message).toMatch(message);
    });
  }

  it("adds the engine's own words", () => {
    const engineMessage = subjectFilterSyntaxProblem('(a') ?? '';
    const detail = engineMessage.slice(engineMessage.lastIndexOf(': ') + 2);
    expect(detail).not.toBe('');
    expect(subjectFilterSyntax('(a')?.message).toContain(`(${detail})`);
  });
});

describe('explainSubjectFilter', () => {
  const sentences: [string, string][] = [
    [
      '^/2017-09-01/endpoints/13000[1-3]/calls',
      'Calls of extensions 130001 to 130003 (API 2017-09-01).',
    ],
    ['^/2017-09-01/endpoints/130001/calls', 'Calls of extension 130001 (API 2017-09-01).'],
    ['/2017-09-01/endpoints/130001/calls', 'Calls of extension 130001 (API 2017-09-01).'],
    [
      '^/2017-09-01/endpoints/(?:130001|130005)/calls',
      'Calls of extensions 130001 and 130005 (API 2017-09-01).',
    ],
    [
      '^/2017-09-01/endpoints/(?:11|13|15|17|19|21|23|25|27|29)/calls',
      'Calls of extensions 11, 13, 15, 17, 19, 21, 23, 25 and 2 more (10 in all) (API 2017-09-01).',
    ],
    [
      '^/2017-09-01/endpoints/(?:130001|130002|130005)/calls',
      'Calls of extensions 130001, 130002 and 130005 (API 2017-09-01).',
    ],
    ['^/2017-09-01/endpoints/[^/]+/calls', 'Calls of every extension (API 2017-09-01).'],
    ['^/[^/]+/endpoints/[^/]+/calls', 'Calls of every extension (any API version).'],
    ['^/2017-09-01/endpoints/130001(?:/|$)', 'Everything about extension 130001 (API 2017-09-01).'],
    ['^/[^/]+/presentities/[^/]+(?:/|$)', 'Everything about every user (any API version).'],
    ['^/2017-09-01/conversations/4711/messages', 'Messages of conversation 4711 (API 2017-09-01).'],
    [
      '/endpoints/.*',
      'Matches any subject that contains a match for this regular expression anywhere ' +
        '(subject filters are not anchored).',
    ],
    [
      '^/2017-09-01/endpoints/13000[1-5]7/calls',
      'Matches any subject that starts with a match for this regular expression ' +
        '(the rest of the subject can be anything).',
    ],
    ['/endpoints/(130001', 'Not a valid regular expression.'],
    ['', 'Matches every subject (the filter is empty).'],
  ];
  for (const [expression, sentence] of sentences) {
    it(`explains ${JSON.stringify(expression)}`, () => {
      expect(explainSubjectFilter(expression)).toBe(sentence);
    });
  }
});
