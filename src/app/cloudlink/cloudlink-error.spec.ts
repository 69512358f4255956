import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import {
  CloudLinkError,
  messageFromBody,
  parseRetryAfter,
  toCloudLinkError,
} from './cloudlink-error';

const SUBSCRIPTIONS_URL = 'https://notifications.api.mitel.io/2017-09-01/subscriptions';

function httpError(
  status: number,
  error: unknown = null,
  headers: Record<string, string> = {},
  url: string | undefined = SUBSCRIPTIONS_URL,
): HttpErrorResponse {
  return new HttpErrorResponse({
    status,
    statusText: status === 0 ? 'Unknown Error' : 'Error',
    error,
    headers: new HttpHeaders(headers),
    url,
  });
}

describe('toCloudLinkError', () => {
  it('explains status 0 as unreachable, naming the origin only', () => {
    const result = toCloudLinkError(
      httpError(0, new ProgressEvent('error'), { 'x-mitel-correlation-id': 'corr-1' }),
      SUBSCRIPTIONS_URL,
    );

    expect(result).toBeInstanceOf(CloudLinkError);
    expect(result.status).toBe(0);
    expect(result.message).toBe(
      'Could not reach https://notifications.api.mitel.io: the service is down, the address in ' +
        'config.json is wrong, or the browser blocked the request (CORS).',
    );
    expect(result.url).toBe(SUBSCRIPTIONS_URL);
    expect(result.correlationId).toBeNull();
    expect(result.retryAfterSec).toBeNull();
    expect(result.summary).toBe(result.message);
  });

  it('takes the service message, correlation id and status of a 400', () => {
    const result = toCloudLinkError(
      httpError(
        400,
        { name: 'BadRequest', message: 'subjectFilter is not a valid regular expression' },
        { 'X-Mitel-Correlation-Id': 'c0ffee-42' },
      ),
      SUBSCRIPTIONS_URL,
    );

    expect(result.status).toBe(400);
    expect(result.message).toBe('subjectFilter is not a valid regular expression');
    expect(result.correlationId).toBe('c0ffee-42');
    expect(result.retryAfterSec).toBeNull();
    expect(result.summary).toBe(
      'subjectFilter is not a valid regular expression · HTTP 400 · correlation id c0ffee-42',
    );
  });

  it('reads an OAuth-style 401 body', () => {
    const result = toCloudLinkError(
      httpError(401, { error: 'invalid_token', error_description: 'Token has expired' }),
      SUBSCRIPTIONS_URL,
    );
    expect(result.status).toBe(401);
    expect(result.message).toBe('Token has expired');
    expect(result.summary).toBe('Token has expired · HTTP 401');
  });

  it('reads Retry-After of a 429 in seconds', () => {
    const result = toCloudLinkError(
      httpError(429, null, { 'Retry-After': '17', 'x-mitel-correlation-id': 'rl-1' }),
      SUBSCRIPTIONS_URL,
    );
    expect(result.status).toBe(429);
    expect(result.retryAfterSec).toBe(17);
    expect(result.message).toBe('Too many requests; CloudLink asked to wait.');
    expect(result.correlationId).toBe('rl-1');
  });

  it('reads a lower-case retry-after header', () => {
    const result = toCloudLinkError(httpError(429, '', { 'retry-after': '3' }), SUBSCRIPTIONS_URL);
    expect(result.retryAfterSec).toBe(3);
  });

  it('reads a 500 with a plain-text body', () => {
    const result = toCloudLinkError(
      httpError(500, '  upstream connect error  '),
      SUBSCRIPTIONS_URL,
    );
    expect(result.status).toBe(500);
    expect(result.message).toBe('upstream connect error');
  });

  const defaults: { status: number; message: string }[] = [
    { status: 400, message: 'The request was rejected as invalid.' },
    { status: 401, message: 'Not signed in, or the session expired.' },
    { status: 403, message: 'This user is not allowed to do that.' },
    { status: 404, message: 'Not found.' },
    { status: 429, message: 'Too many requests; CloudLink asked to wait.' },
    { status: 500, message: 'CloudLink had a server error.' },
    { status: 502, message: 'CloudLink had a server error.' },
    { status: 503, message: 'CloudLink had a server error.' },
    { status: 409, message: 'Request failed.' },
    { status: 418, message: 'Request failed.' },
  ];
  for (const c of defaults) {
    it(`says "${c.message}" for a ${c.status} without a readable body`, () => {
      const result = toCloudLinkError(httpError(c.status, { unexpected: 1 }), SUBSCRIPTIONS_URL);
      expect(result.status).toBe(c.status);
      expect(result.message).toBe(c.message);
      expect(result.summary).toBe(`${c.message} · HTTP ${c.status}`);
    });
  }

  it('prefers the response URL and strips its query string', () => {
    const result = toCloudLinkError(
      httpError(404, null, {}, `${SUBSCRIPTIONS_URL}/sub-42?token=abc`),
      'https://fallback.example/x',
    );
    expect(result.url).toBe(`${SUBSCRIPTIONS_URL}/sub-42`);
  });

  it('falls back to the requested URL, without its query', () => {
    const result = toCloudLinkError(
      new HttpErrorResponse({ status: 500, error: null }),
      `${SUBSCRIPTIONS_URL}?access_token=abc`,
    );
    expect(result.url).toBe(SUBSCRIPTIONS_URL);
  });

  it('names the requested URL when it cannot find an origin in it', () => {
    const result = toCloudLinkError(new HttpErrorResponse({ status: 0 }), 'not a url');
    expect(result.message).toMatch(/^Could not reach not a url: /);
  });

  it('masks secrets the service echoes back', () => {
    const result = toCloudLinkError(
      httpError(400, { message: 'Bad header: Authorization: Bearer eyJ.abc.def' }),
      SUBSCRIPTIONS_URL,
    );
    expect(result.message).toBe('Bad header: Authorization: Bearer •••');
  });

  it('returns a CloudLinkError unchanged', () => {
    const original = new CloudLinkError('gone', 410, SUBSCRIPTIONS_URL);
    expect(toCloudLinkError(original, 'https://other.example')).toBe(original);
  });

  it('wraps any other Error with status 0', () => {
    const result = toCloudLinkError(new TypeError('Failed to fetch'), `${SUBSCRIPTIONS_URL}?q=1`);
    expect(result).toBeInstanceOf(CloudLinkError);
    expect(result.message).toBe('Failed to fetch');
    expect(result.status).toBe(0);
    expect(result.url).toBe(SUBSCRIPTIONS_URL);
  });

  it('wraps a thrown non-Error value', () => {
    expect(toCloudLinkError('timeout', SUBSCRIPTIONS_URL).message).toBe('timeout');
    expect(toCloudLinkError(undefined, SUBSCRIPTIONS_URL).message).toBe('undefined');
  });
});

describe('messageFromBody', () => {
  const cases: { name: string; body: unknown; expected: string | null }[] = [
    { name: 'null', body: null, expected: null },
    { name: 'undefined', body: undefined, expected: null },
    { name: 'a number', body: 500, expected: null },
    { name: 'a boolean', body: false, expected: null },
    { name: 'an empty string', body: '', expected: null },
    { name: 'a blank string', body: '  \n ', expected: null },
    { name: 'plain text', body: ' Service Unavailable ', expected: 'Service Unavailable' },
    {
      name: 'JSON text with a message',
      body: '{"message":"No such topic"}',
      expected: 'No such topic',
    },
    { name: 'JSON text without a message', body: '{"code":7}', expected: '{"code":7}' },
    { name: 'JSON text of a number', body: '42', expected: '42' },
    {
      name: 'an HTML page',
      body: '<html><body>502 Bad Gateway</body></html>',
      expected: '<html><body>502 Bad Gateway</body></html>',
    },
    { name: '{ message }', body: { message: 'Invalid filter' }, expected: 'Invalid filter' },
    {
      name: '{ error, error_description }',
      body: { error: 'invalid_grant', error_description: 'Wrong password' },
      expected: 'Wrong password',
    },
    {
      name: '{ errorMessage }',
      body: { errorMessage: 'Quota exceeded' },
      expected: 'Quota exceeded',
    },
    {
      name: '{ detail }',
      body: { title: 'Forbidden', detail: 'Missing role' },
      expected: 'Missing role',
    },
    { name: '{ error: string }', body: { error: 'invalid_token' }, expected: 'invalid_token' },
    {
      name: '{ error: { message } }',
      body: { error: { code: 'E42', message: 'Nested reason' } },
      expected: 'Nested reason',
    },
    {
      name: 'deeply nested',
      body: { error: { detail: { message: '  deep  ' } } },
      expected: 'deep',
    },
    {
      name: 'message before error_description',
      body: { error_description: 'second', message: 'first' },
      expected: 'first',
    },
    {
      name: 'a blank message, then error',
      body: { message: '   ', error: 'used instead' },
      expected: 'used instead',
    },
    { name: 'a numeric message', body: { message: 404 }, expected: null },
    { name: 'an object without known keys', body: { status: 'failed' }, expected: null },
    { name: 'an array', body: ['a', 'b'], expected: null },
  ];

  for (const c of cases) {
    it(`reads ${c.name}`, () => {
      expect(messageFromBody(c.body)).toBe(c.expected);
    });
  }

  it('cuts plain text to 300 characters', () => {
    const long = 'x'.repeat(1000);
    expect(messageFromBody(long)).toBe('x'.repeat(300));
  });
});

describe('parseRetryAfter', () => {
  const NOW = Date.UTC(2024, 4, 6, 7, 8, 9, 500);

  beforeEach(() => {
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date(NOW));
  });

  afterEach(() => {
    jasmine.clock().uninstall();
  });

  const cases: { value: string | null; expected: number | null }[] = [
    { value: null, expected: null },
    { value: '', expected: null },
    { value: '   ', expected: null },
    { value: '0', expected: 0 },
    { value: '120', expected: 120 },
    { value: ' 5 ', expected: 5 },
    { value: '-3', expected: 0 },
    { value: 'soon', expected: null },
    { value: 'Mon, 06 May 2024 07:08:39 GMT', expected: 30 },
    { value: 'Mon, 06 May 2024 07:09:09 GMT', expected: 60 },
    { value: 'Mon, 06 May 2024 07:08:09 GMT', expected: 0 },
    { value: 'Mon, 06 May 2024 07:00:00 GMT', expected: 0 },
  ];

  for (const c of cases) {
    it(`reads ${JSON.stringify(c.value)} as ${c.expected}`, () => {
      expect(parseRetryAfter(c.value)).toBe(c.expected);
    });
  }
});

describe('CloudLinkError', () => {
  it('masks secrets in its message', () => {
    const error = new CloudLinkError(
      'Handshake to wss://h/mqtt?X-Amz-Signature=abc failed',
      500,
      'https://h',
    );
    expect(error.message).toBe('Handshake to wss://h/mqtt?X-Amz-Signature=••• failed');
  });

  const summaries: { status: number; correlationId: string | null; expected: string }[] = [
    { status: 0, correlationId: null, expected: 'Boom' },
    { status: 0, correlationId: 'corr-1', expected: 'Boom · correlation id corr-1' },
    { status: 503, correlationId: null, expected: 'Boom · HTTP 503' },
    { status: 403, correlationId: 'corr-2', expected: 'Boom · HTTP 403 · correlation id corr-2' },
    { status: 403, correlationId: '', expected: 'Boom · HTTP 403' },
  ];
  for (const c of summaries) {
    it(`summarises status ${c.status} with correlation id ${JSON.stringify(c.correlationId)}`, () => {
      expect(new CloudLinkError('Boom', c.status, 'https://h', c.correlationId).summary).toBe(
        c.expected,
      );
    });
  }

  it('is an Error named CloudLinkError', () => {
    const error = new CloudLinkError('x', 1, 'u');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CloudLinkError');
    expect(error.retryAfterSec).toBeNull();
  });
});
