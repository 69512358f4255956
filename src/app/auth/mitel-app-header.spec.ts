import { browserOf, mitelAppHeader } from './mitel-app-header';

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/126.0.6478.126 Safari/537.36';
const HEADLESS_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'HeadlessChrome/126.0.6478.126 Safari/537.36';
const CHROMIUM =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chromium/118.0.5993.88 Safari/537.36';
const EDGE =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/125.0.0.0 Safari/537.36 Edg/125.0.2535.67';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0';
const SAFARI =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Version/17.5 Safari/605.1.15';

describe('browserOf', () => {
  const cases: { name: string; userAgent: string; expected: string }[] = [
    { name: 'Chrome', userAgent: CHROME, expected: 'Chrome/126' },
    { name: 'headless Chrome', userAgent: HEADLESS_CHROME, expected: 'Chrome/126' },
    { name: 'Chromium', userAgent: CHROMIUM, expected: 'Chrome/118' },
    { name: 'Edge, not the Chrome it also names', userAgent: EDGE, expected: 'Edge/125' },
    { name: 'Firefox', userAgent: FIREFOX, expected: 'Firefox/127' },
    { name: 'Safari, by its Version', userAgent: SAFARI, expected: 'Safari/17' },
    {
      name: 'Safari on iPhone, with its Mobile token',
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 ' +
        '(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      expected: 'Safari/17',
    },
    { name: 'an empty user agent', userAgent: '', expected: 'unknown/0' },
    { name: 'curl', userAgent: 'curl/8.5.0', expected: 'unknown/0' },
  ];

  for (const c of cases) {
    it(`reads ${c.name} as ${c.expected}`, () => {
      expect(browserOf(c.userAgent)).toBe(c.expected);
    });
  }

  it('reads the browser running these tests', () => {
    expect(browserOf(navigator.userAgent)).toMatch(/^Chrome\/\d+$/);
  });
});

describe('mitelAppHeader', () => {
  it('joins name, version, platform and session', () => {
    expect(mitelAppHeader('Switchboard', '0.1.0', CHROME, 'sess-7c1e')).toBe(
      'Switchboard/0.1.0;platform=Chrome/126;session=sess-7c1e;',
    );
  });

  it('names an unknown platform', () => {
    expect(mitelAppHeader('Switchboard', '0.1.0', 'curl/8.5.0', 's1')).toBe(
      'Switchboard/0.1.0;platform=unknown/0;session=s1;',
    );
  });

  const tokens: { name: string; appName: string; appVersion: string; session: string }[] = [
    { name: 'spaces', appName: 'Call Console', appVersion: '1.0 beta', session: 'a b' },
    { name: 'slashes', appName: 'Switch/board', appVersion: '1/2', session: 'a/b' },
    { name: 'semicolons', appName: 'Switch;board', appVersion: '1;2', session: 'a;b' },
    {
      name: 'runs of separators',
      appName: 'Switch ; / board',
      appVersion: '1\t2',
      session: 'a;;b',
    },
  ];
  for (const c of tokens) {
    it(`replaces ${c.name} in the parts it is given`, () => {
      const header = mitelAppHeader(c.appName, c.appVersion, FIREFOX, c.session);
      const match = /^([^;/\s]+)\/([^;/\s]+);platform=Firefox\/127;session=([^;/\s]+);$/.exec(
        header,
      );
      expect(match).withContext(header).not.toBeNull();
      expect(match?.[1]).toBe(c.appName.replace(/[;/\s]+/g, '-'));
      expect(match?.[3]).toBe(c.session.replace(/[;/\s]+/g, '-'));
    });
  }

  it('turns each run of separators into one dash', () => {
    expect(mitelAppHeader('Call  Console', '1 ; 2', EDGE, 'x / y')).toBe(
      'Call-Console/1-2;platform=Edge/125;session=x-y;',
    );
  });
});
