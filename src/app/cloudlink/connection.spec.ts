import { ASSUMED_URL_LIFETIME_MS, readConnection } from './connection';

const RECEIVED_AT = Date.UTC(2024, 4, 6, 7, 8, 9);
const PRESIGNED =
  'wss://a1b2c3-ats.iot.us-east-1.amazonaws.com/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
  '&X-Amz-Date=20240506T070809Z&X-Amz-Expires=60&X-Amz-Signature=0123456789abcdef';
const LOCAL = 'ws://localhost:4000/mqtt?X-Amz-Signature=emu';

describe('readConnection', () => {
  it('assumes a URL lifetime of about a minute', () => {
    expect(ASSUMED_URL_LIFETIME_MS).toBe(60_000);
  });

  it('reads a full response', () => {
    expect(
      readConnection(
        {
          connectionId: 'conn-9',
          websocketUri: PRESIGNED,
          expiresOn: '2024-05-06T07:09:04.000Z',
        },
        RECEIVED_AT,
      ),
    ).toEqual({
      websocketUri: PRESIGNED,
      connectionId: 'conn-9',
      expiresAt: Date.UTC(2024, 4, 6, 7, 9, 4),
      receivedAt: RECEIVED_AT,
    });
  });

  const fields: { name: string; body: Record<string, unknown>; expected: string }[] = [
    { name: 'websocketUri', body: { websocketUri: PRESIGNED }, expected: PRESIGNED },
    { name: 'websocketUrl', body: { websocketUrl: PRESIGNED }, expected: PRESIGNED },
    { name: 'uri', body: { uri: LOCAL }, expected: LOCAL },
    { name: 'url', body: { url: LOCAL }, expected: LOCAL },
    {
      name: 'websocketUri before websocketUrl',
      body: { websocketUrl: LOCAL, websocketUri: PRESIGNED },
      expected: PRESIGNED,
    },
    {
      name: 'websocketUrl before uri and url',
      body: { url: 'ws://url/mqtt', uri: 'ws://uri/mqtt', websocketUrl: 'ws://wsurl/mqtt' },
      expected: 'ws://wsurl/mqtt',
    },
    {
      name: 'uri before url',
      body: { url: 'ws://url/mqtt', uri: 'ws://uri/mqtt' },
      expected: 'ws://uri/mqtt',
    },
    {
      name: 'a later field when an earlier one is not a ws URL',
      body: { websocketUri: 'https://host/mqtt', url: LOCAL },
      expected: LOCAL,
    },
    {
      name: 'a later field when an earlier one is not a string',
      body: { websocketUri: { href: PRESIGNED }, uri: PRESIGNED },
      expected: PRESIGNED,
    },
    { name: 'an upper-case scheme', body: { url: 'WSS://HOST/mqtt' }, expected: 'WSS://HOST/mqtt' },
  ];
  for (const c of fields) {
    it(`takes ${c.name}`, () => {
      expect(readConnection(c.body, RECEIVED_AT)?.websocketUri).toBe(c.expected);
    });
  }

  it('keeps the query string of the presigned URL intact', () => {
    const result = readConnection({ websocketUri: PRESIGNED }, RECEIVED_AT);
    expect(result?.websocketUri).toContain('X-Amz-Signature=0123456789abcdef');
  });

  const noUrl: { name: string; body: unknown }[] = [
    { name: 'null', body: null },
    { name: 'a string', body: PRESIGNED },
    { name: 'a number', body: 1 },
    { name: 'an empty object', body: {} },
    { name: 'an https URL', body: { websocketUri: 'https://host/mqtt' } },
    { name: 'an http URL', body: { url: 'http://localhost:4000/mqtt' } },
    { name: 'a relative path', body: { uri: '/mqtt?X-Amz-Signature=x' } },
    { name: 'a ws URL not at the start', body: { url: ' see ws://host/mqtt' } },
    { name: 'an empty string', body: { websocketUri: '' } },
    { name: 'a ws URL in an unknown field', body: { endpoint: LOCAL, connectionId: 'c' } },
  ];
  for (const c of noUrl) {
    it(`reads ${c.name} as no connection`, () => {
      expect(readConnection(c.body, RECEIVED_AT)).toBeNull();
    });
  }

  const expiry: { name: string; expiresOn: unknown; expected: number }[] = [
    {
      name: 'an ISO expiresOn',
      expiresOn: '2024-05-06T07:09:09Z',
      expected: Date.UTC(2024, 4, 6, 7, 9, 9),
    },
    {
      name: 'an expiresOn with an offset',
      expiresOn: '2024-05-06T09:09:39+02:00',
      expected: Date.UTC(2024, 4, 6, 7, 9, 39),
    },
    {
      name: 'a missing expiresOn',
      expiresOn: undefined,
      expected: RECEIVED_AT + ASSUMED_URL_LIFETIME_MS,
    },
    {
      name: 'an unreadable expiresOn',
      expiresOn: 'in a minute',
      expected: RECEIVED_AT + ASSUMED_URL_LIFETIME_MS,
    },
    {
      name: 'an expiresOn in epoch milliseconds',
      expiresOn: RECEIVED_AT + 5_000,
      expected: RECEIVED_AT + 5_000,
    },
    {
      name: 'an expiresOn in epoch seconds',
      expiresOn: 1_714_979_349,
      expected: 1_714_979_349_000,
    },
  ];
  for (const c of expiry) {
    it(`works out expiresAt from ${c.name}`, () => {
      const result = readConnection({ websocketUri: LOCAL, expiresOn: c.expiresOn }, RECEIVED_AT);
      expect(result?.expiresAt).toBe(c.expected);
      expect(result?.receivedAt).toBe(RECEIVED_AT);
    });
  }

  it('has no connection id when it is missing or not a string', () => {
    expect(readConnection({ url: LOCAL }, RECEIVED_AT)?.connectionId).toBeNull();
    expect(readConnection({ url: LOCAL, connectionId: 9 }, RECEIVED_AT)?.connectionId).toBeNull();
  });
});
