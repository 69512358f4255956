import { MASK, maskSecrets, maskUrl } from './mask-secrets';

const PRESIGNED =
  'wss://a1b2c3-ats.iot.us-east-1.amazonaws.com/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
  '&X-Amz-Credential=AKIAEXAMPLE%2F20240506%2Fus-east-1%2Fiotdevicegateway%2Faws4_request' +
  '&X-Amz-Date=20240506T070809Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host' +
  '&X-Amz-Signature=0123456789abcdef&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE';

describe('MASK', () => {
  it('is the bullet mask', () => {
    expect(MASK).toBe('•••');
  });
});

describe('maskUrl', () => {
  it('masks every query parameter of a presigned URL except the safe ones', () => {
    expect(maskUrl(PRESIGNED)).toBe(
      'wss://a1b2c3-ats.iot.us-east-1.amazonaws.com/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=•••&X-Amz-Date=20240506T070809Z&X-Amz-Expires=60' +
        '&X-Amz-SignedHeaders=•••&X-Amz-Signature=•••&X-Amz-Security-Token=•••',
    );
  });

  const cases: { url: string; expected: string }[] = [
    { url: 'ws://localhost:4000/mqtt', expected: 'ws://localhost:4000/mqtt' },
    { url: 'ws://host/mqtt?X-Amz-Signature=abc', expected: 'ws://host/mqtt?X-Amz-Signature=•••' },
    { url: 'ws://host/mqtt?token', expected: 'ws://host/mqtt?token=•••' },
    { url: 'ws://host/mqtt?', expected: 'ws://host/mqtt?' },
    { url: 'ws://host/mqtt?a=1&&b=2', expected: 'ws://host/mqtt?a=•••&b=•••' },
    { url: 'ws://host/mqtt?x-amz-date=20240506', expected: 'ws://host/mqtt?x-amz-date=20240506' },
    { url: 'ws://host/mqtt?X%2DAmz%2DExpires=60', expected: 'ws://host/mqtt?X%2DAmz%2DExpires=60' },
    { url: 'ws://host/mqtt?%E0%A4%A=secret', expected: 'ws://host/mqtt?%E0%A4%A=•••' },
    { url: 'ws://host/mqtt?sig=a=b=c', expected: 'ws://host/mqtt?sig=•••' },
  ];

  for (const c of cases) {
    it(`turns ${c.url} into ${c.expected}`, () => {
      expect(maskUrl(c.url)).toBe(c.expected);
    });
  }

  it('masks the query of a URL that has a fragment', () => {
    const masked = maskUrl('https://host/p?code=abc123#section');
    expect(masked).toMatch(/^https:\/\/host\/p\?code=•••/);
    expect(masked).not.toContain('abc123');
  });
});

describe('maskSecrets', () => {
  const cases: { name: string; text: string; expected: string }[] = [
    { name: 'plain text', text: 'Socket closed (code 8)', expected: 'Socket closed (code 8)' },
    { name: 'an empty string', text: '', expected: '' },
    {
      name: 'a URL without a query',
      text: 'Could not reach https://notifications.api.mitel.io/2017-09-01',
      expected: 'Could not reach https://notifications.api.mitel.io/2017-09-01',
    },
    {
      name: 'a ws:// URL in a sentence',
      text: 'Failed to open ws://localhost:4000/mqtt?X-Amz-Signature=abc123 after 61 s',
      expected: 'Failed to open ws://localhost:4000/mqtt?X-Amz-Signature=••• after 61 s',
    },
    {
      name: 'a URL inside JSON',
      text: '{"websocketUri":"wss://h/mqtt?X-Amz-Date=20240506T070809Z&X-Amz-Signature=ff"}',
      expected: '{"websocketUri":"wss://h/mqtt?X-Amz-Date=20240506T070809Z&X-Amz-Signature=•••"}',
    },
    {
      name: 'two URLs',
      text: "first 'ws://a/m?k=1' then <wss://b/m?k=2>",
      expected: "first 'ws://a/m?k=•••' then <wss://b/m?k=•••>",
    },
    {
      name: 'an upper-case scheme',
      text: 'WSS://HOST/MQTT?X-AMZ-SIGNATURE=ABC',
      expected: 'WSS://HOST/MQTT?X-AMZ-SIGNATURE=•••',
    },
    {
      name: 'a Bearer token',
      text: 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_~+/=',
      expected: 'Authorization: Bearer •••',
    },
    { name: 'a lower-case bearer', text: 'bearer abc.def', expected: 'bearer •••' },
    {
      name: 'an access token field in JSON',
      text: '{"access_token":"eyJ.abc.def","token_type":"Bearer","expires_in":3600}',
      expected: '{"access_token":"•••","token_type":"Bearer","expires_in":3600}',
    },
    {
      name: 'a refresh token field with spaces around the colon',
      text: '{"refresh_token" : "r-123"}',
      expected: '{"refresh_token" : "•••"}',
    },
    {
      name: 'a form-encoded password and client secret',
      text: 'grant_type=password&username=ada&password=hunter2&client_secret=s3cr3t',
      expected: 'grant_type=password&username=ada&password=•••&client_secret=•••',
    },
    {
      name: 'a security token outside a URL',
      text: 'X-Amz-Security-Token: FwoGZXIvYXdz',
      expected: 'X-Amz-Security-Token: •••',
    },
    {
      name: 'an escaped URL in JSON, by its signature field',
      text: '"wss:\\/\\/h\\/mqtt?X-Amz-Signature=abc123"',
      expected: '"wss:\\/\\/h\\/mqtt?X-Amz-Signature=•••"',
    },
    {
      name: 'a password field of any case',
      text: 'PASSWORD=hunter2',
      expected: 'PASSWORD=•••',
    },
    {
      name: 'a JSON password with spaces',
      text: '{"password":"correct horse battery staple"}',
      expected: '{"password":"•••"}',
    },
    {
      name: 'a JSON password with a comma',
      text: '{"password":"a,secret","user":"x"}',
      expected: '{"password":"•••","user":"x"}',
    },
    {
      name: 'a JSON client secret with an ampersand',
      text: '{"client_secret":"s3&cr3t"}',
      expected: '{"client_secret":"•••"}',
    },
    {
      name: 'a JSON password with an escaped quote',
      text: '{"password":"ab\\"cd ef","next":1}',
      expected: '{"password":"•••","next":1}',
    },
    {
      name: 'the access key id of an escaped URL in JSON',
      text: '"wss:\\/\\/h\\/mqtt?X-Amz-Credential=AKIAEXAMPLE%2F20240506&X-Amz-Signature=abc"',
      expected: '"wss:\\/\\/h\\/mqtt?X-Amz-Credential=•••&X-Amz-Signature=•••"',
    },
  ];

  for (const c of cases) {
    it(`masks ${c.name}`, () => {
      expect(maskSecrets(c.text)).toBe(c.expected);
    });
  }

  it('leaves no secret of a presigned URL in the text', () => {
    const masked = maskSecrets(`Connecting to ${PRESIGNED} failed`);
    for (const secret of ['AKIAEXAMPLE', '0123456789abcdef', 'FwoGZXIvYXdzEXAMPLE']) {
      expect(masked).not.toContain(secret);
    }
    expect(masked).toContain('X-Amz-Expires=60');
    expect(masked).toMatch(/ failed$/);
  });

  it('is idempotent', () => {
    const texts = [
      `Connecting to ${PRESIGNED} failed`,
      'Authorization: Bearer abc.def',
      '{"access_token":"eyJ.abc","password":"hunter2"}',
      'ws://host/mqtt?X-Amz-Signature=abc',
    ];
    for (const text of texts) {
      const once = maskSecrets(text);
      expect(maskSecrets(once)).withContext(text).toBe(once);
      expect(once).withContext(text).toContain(MASK);
    }
  });
});
