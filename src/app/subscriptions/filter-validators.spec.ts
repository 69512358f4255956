import { FormControl } from '@angular/forms';
import {
  escapeRegex,
  extensionFilter,
  publicationFilterValidator,
  regexProblem,
  subjectFilterValidator,
} from './filter-validators';

function subjectErrors(value: string | null) {
  return new FormControl(value, subjectFilterValidator).errors;
}

function publicationErrors(value: string | null) {
  return new FormControl(value, publicationFilterValidator).errors;
}

describe('subjectFilterValidator', () => {
  const valid = [
    '/2017-09-01/endpoints/',
    '/2017-09-01/endpoints/130001/calls',
    '/2017-09-01/endpoints/[^/]+/calls',
    '^/2017-09-01/endpoints/(130001|130002)/calls/\\d+$',
    '/2017-09-01/endpoints/13000[1-5]',
    'a+b',
    '/calls/1+',
    '/endpoints/c#',
    '.*',
  ];
  for (const value of valid) {
    it(`accepts ${value}`, () => {
      expect(subjectErrors(value)).toBeNull();
    });
  }

  const required: (string | null)[] = ['', '   ', '\t', null];
  for (const value of required) {
    it(`requires a value, given ${JSON.stringify(value)}`, () => {
      expect(subjectErrors(value)).toEqual({ required: true });
    });
  }

  const badRegex = ['(', '/endpoints/[130001', '*calls', '/calls/(?<x', '+'];
  for (const value of badRegex) {
    it(`reports the regular expression problem of ${value}`, () => {
      const errors = subjectErrors(value);
      expect(Object.keys(errors ?? {})).toEqual(['regex']);
      expect(errors?.['regex']).toBe(regexProblem(value));
      expect(errors?.['regex']).toMatch(/Invalid regular expression/);
    });
  }

  const wildcards = [
    '/2017-09-01/endpoints/+/calls',
    '/2017-09-01/endpoints/#',
    '/2017-09-01/endpoints/+',
    '#',
    '#/calls',
    '/2017-09-01/#/calls',
  ];
  for (const value of wildcards) {
    it(`explains that ${value} is an MQTT wildcard, not a regular expression`, () => {
      const errors = subjectErrors(value);
      expect(Object.keys(errors ?? {})).toEqual(['mqttWildcard']);
      expect(errors?.['mqttWildcard']).toContain('[^/]+');
      expect(errors?.['mqttWildcard']).toContain('regular expressions');
    });
  }

  it('re-validates when the value changes', () => {
    const control = new FormControl('/2017-09-01/endpoints/+/calls', subjectFilterValidator);
    expect(control.valid).toBeFalse();
    control.setValue('/2017-09-01/endpoints/[^/]+/calls');
    expect(control.valid).toBeTrue();
    control.setValue('');
    expect(control.hasError('required')).toBeTrue();
  });
});

describe('subjectFilterValidator and backtracking', () => {
  for (const value of ['^/2017-09-01/endpoints/(1+)+x$', '(.*)*calls']) {
    it(`refuses ${value}, which can backtrack badly`, () => {
      const errors = subjectErrors(value);
      expect(Object.keys(errors ?? {})).toEqual(['backtracking']);
      expect(errors?.['backtracking']).toMatch(/backtrack/);
    });
  }
});

describe('publicationFilterValidator', () => {
  const valid: (string | null)[] = [
    '',
    '   ',
    null,
    '$',
    '$.publications',
    "$.publications[?(@.content.state == 'ringing')]",
    "  $.publications[?(@.content.direction == 'inbound')]  ",
  ];
  for (const value of valid) {
    it(`accepts ${JSON.stringify(value)}`, () => {
      expect(publicationErrors(value)).toBeNull();
    });
  }

  const invalid = [
    'publications[0]',
    '.publications',
    "@.content.state == 'ringing'",
    'content.state',
    'x$',
  ];
  const broken: [string, RegExp][] = [
    ["$.publications[?(@.content.state = 'ringing')]", /==/],
    ["$.publications[?(@.content.state == 'ringing'", /\(|\[/],
  ];
  for (const [value, problem] of broken) {
    it(`refuses ${value} and says why`, () => {
      const errors = publicationErrors(value);
      expect(Object.keys(errors ?? {})).toEqual(['jsonPath']);
      expect(errors?.['jsonPath']).toMatch(problem);
    });
  }

  for (const value of invalid) {
    it(`asks for a leading $ in ${value}`, () => {
      const errors = publicationErrors(value);
      expect(Object.keys(errors ?? {})).toEqual(['jsonPath']);
      expect(errors?.['jsonPath']).toMatch(/^A JSONPath starts with \$/);
    });
  }
});

describe('regexProblem', () => {
  const valid = ['', 'abc', '/2017-09-01/endpoints/[^/]+/calls', '(a|b)*', '\\d{3}'];
  for (const pattern of valid) {
    it(`finds no problem in ${JSON.stringify(pattern)}`, () => {
      expect(regexProblem(pattern)).toBeNull();
    });
  }

  const invalid = ['(', ')', '[', '?', 'a{2,1}', '\\'];
  for (const pattern of invalid) {
    it(`describes the problem in ${pattern}`, () => {
      const problem = regexProblem(pattern);
      expect(problem).toEqual(jasmine.any(String));
      expect(problem).toContain('Invalid regular expression');
    });
  }
});

describe('extensionFilter', () => {
  const cases: { endpointId: string; expected: string }[] = [
    { endpointId: '130001', expected: '/2017-09-01/endpoints/130001/calls' },
    { endpointId: '1.2', expected: '/2017-09-01/endpoints/1\\.2/calls' },
    { endpointId: '+1(555)', expected: '/2017-09-01/endpoints/\\+1\\(555\\)/calls' },
    { endpointId: '', expected: '/2017-09-01/endpoints//calls' },
  ];
  for (const c of cases) {
    it(`builds the filter for ${JSON.stringify(c.endpointId)}`, () => {
      expect(extensionFilter(c.endpointId)).toBe(c.expected);
    });
  }

  it('matches that extension and no other', () => {
    const filter = new RegExp(extensionFilter('130001'));
    expect(filter.test('/2017-09-01/endpoints/130001/calls/884422')).toBeTrue();
    expect(filter.test('/2017-09-01/endpoints/1300011/calls/884422')).toBeFalse();
    expect(filter.test('/2017-09-01/endpoints/130002/calls/884422')).toBeFalse();
  });

  it('treats dots in the extension literally', () => {
    const filter = new RegExp(extensionFilter('1.2'));
    expect(filter.test('/2017-09-01/endpoints/1.2/calls/1')).toBeTrue();
    expect(filter.test('/2017-09-01/endpoints/1x2/calls/1')).toBeFalse();
  });

  it('passes the subject filter validator', () => {
    expect(subjectErrors(extensionFilter('130001'))).toBeNull();
    expect(subjectErrors(extensionFilter('+'))).toBeNull();
  });
});

describe('escapeRegex', () => {
  it('escapes every regular expression metacharacter', () => {
    expect(escapeRegex('.*+?^${}()|[]\\')).toBe('\\.\\*\\+\\?\\^\\$\\{\\}\\(\\)\\|\\[\\]\\\\');
  });

  it('leaves ordinary characters alone', () => {
    expect(escapeRegex('/2017-09-01/endpoints/130001')).toBe('/2017-09-01/endpoints/130001');
  });

  const texts = ['a.b', '(555) 0100', '[x]', 'c:\\temp', '^$', 'a|b', '1+1=2?', '{x}', '#+'];
  for (const text of texts) {
    it(`makes ${text} match only itself`, () => {
      const pattern = new RegExp(`^${escapeRegex(text)}$`);
      expect(pattern.test(text)).toBeTrue();
      expect(pattern.test(`${text}x`)).toBeFalse();
    });
  }
});
