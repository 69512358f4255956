import { publicationOf } from './call-event';
import { endpointFromSubject, parseMessage, readPublication } from './publication-parser';

const TOPIC = 'sub-42';
const RECEIVED_AT = 1_714_979_300_000;

interface PublicationOptions {
  publicationId?: string;
  endpointId?: string;
  call?: number;
  content?: Record<string, unknown>;
  envelope?: Record<string, unknown>;
}

/** A platform-api-media publication shaped like cloudlink-contract.md §3. */
function mediaPublication(options: PublicationOptions = {}): Record<string, unknown> {
  const endpointId = options.endpointId ?? '130001';
  const call = options.call ?? 884422;
  return {
    publicationId: options.publicationId ?? 'pub-7f3a9c',
    topic: 'platform-api-media',
    method: 'PUT',
    subject: `/2017-09-01/endpoints/${endpointId}/calls/${call}`,
    publisher: { accountId: 'acc-3141', principalId: 'prn-2718' },
    subscription: { subscriptionId: 'sub-42' },
    notification: { createdOn: '2024-05-06T07:08:09.010Z', correlationId: 'corr-5150' },
    content: {
      callId: `endpoints/${endpointId}/calls/${call}`,
      endpointId,
      from: '130002',
      fromName: 'Grace Hopper',
      to: endpointId,
      toName: 'Ada Lovelace',
      state: 'ringing',
      cause: 'newCall',
      direction: 'inbound',
      timestamp: 1_714_979_289_010,
      createdOn: '2024-05-06T07:08:09.010Z',
      eventId: `evt-${call}-1`,
      eventType: 'CallStateNotification',
      extraPbxData: {
        alertingDevice: endpointId,
        calledDevice: endpointId,
        eventType: 'Delivered',
        callTrackingID: 'trk-1',
      },
      accountId: 'acc-3141',
      isCtiEvent: true,
      ...options.content,
    },
    ...options.envelope,
  };
}

function parse(value: unknown) {
  return parseMessage(JSON.stringify(value), TOPIC, RECEIVED_AT);
}

describe('parseMessage', () => {
  describe('one publication', () => {
    it('reads every field of a call event', () => {
      const result = parse(mediaPublication());

      expect(result.malformed).toEqual([]);
      expect(result.events.length).toBe(1);
      const event = result.events[0];
      expect(event.key).toBe('pub-7f3a9c');
      expect(event.publicationId).toBe('pub-7f3a9c');
      expect(event.eventId).toBe('evt-884422-1');
      expect(event.topic).toBe('platform-api-media');
      expect(event.method).toBe('PUT');
      expect(event.subject).toBe('/2017-09-01/endpoints/130001/calls/884422');
      expect(event.subscriptionId).toBe('sub-42');
      expect(event.receivedAt).toBe(RECEIVED_AT);
      expect(event.occurredAt).toBe(1_714_979_289_010);
      expect(event.callId).toBe('endpoints/130001/calls/884422');
      expect(event.endpointId).toBe('130001');
      expect(event.state).toBe('ringing');
      expect(event.cause).toBe('newCall');
      expect(event.direction).toBe('inbound');
      expect(event.from).toBe('130002');
      expect(event.fromName).toBe('Grace Hopper');
      expect(event.to).toBe('130001');
      expect(event.toName).toBe('Ada Lovelace');
    });

    it('keeps the whole original publication, unknown fields included', () => {
      const original = mediaPublication({
        envelope: { vendorTrace: { hop: 3 } },
        content: { ringTime: 4200, fromNumberE164: '+15550100' },
      });
      const event = parse(original).events[0];

      const publication = publicationOf(event)!;
      expect(publication).toEqual(original);
      expect(publication['vendorTrace']).toEqual({ hop: 3 });
      const content = publication['content'] as Record<string, unknown>;
      expect(content['ringTime']).toBe(4200);
      expect(content['fromNumberE164']).toBe('+15550100');
      expect(content['extraPbxData']).toEqual(
        jasmine.objectContaining({ callTrackingID: 'trk-1' }),
      );
    });

    it('falls back to the MQTT topic when the envelope names no subscription', () => {
      const event = parse(mediaPublication({ envelope: { subscription: undefined } })).events[0];
      expect(event.subscriptionId).toBe(TOPIC);
    });

    it('has no subscription id when neither the envelope nor the topic gives one', () => {
      const payload = JSON.stringify(mediaPublication({ envelope: { subscription: 'sub-9' } }));
      const event = parseMessage(payload, '', RECEIVED_AT).events[0];
      expect(event.subscriptionId).toBeNull();
    });

    it('accepts a publication that has only a subject, only content or only a publicationId', () => {
      expect(parse({ subject: '/2017-09-01/endpoints/130001/calls/1' }).events.length).toBe(1);
      expect(parse({ content: { state: 'idle' } }).events[0].state).toBe('idle');
      expect(parse({ publicationId: 'p-only' }).events[0].key).toBe('p-only');
    });

    it('reads a publication that also carries a "publications" field as one publication', () => {
      const result = parse(mediaPublication({ envelope: { publications: 'not a batch' } }));
      expect(result.malformed).toEqual([]);
      expect(result.events.map((event) => event.publicationId)).toEqual(['pub-7f3a9c']);
    });
  });

  describe('batches', () => {
    it('reads { publications: [...] } in order', () => {
      const result = parse({
        publications: [
          mediaPublication({ publicationId: 'pub-1', call: 1, content: { state: 'ringing' } }),
          mediaPublication({ publicationId: 'pub-2', call: 1, content: { state: 'connected' } }),
          mediaPublication({ publicationId: 'pub-3', call: 2, endpointId: '130005' }),
        ],
      });

      expect(result.malformed).toEqual([]);
      expect(result.events.map((event) => event.publicationId)).toEqual([
        'pub-1',
        'pub-2',
        'pub-3',
      ]);
      expect(result.events.map((event) => event.state)).toEqual([
        'ringing',
        'connected',
        'ringing',
      ]);
      expect(result.events[2].endpointId).toBe('130005');
    });

    it('reads an empty batch as nothing, not as malformed', () => {
      expect(parse({ publications: [] })).toEqual({ events: [], malformed: [] });
    });

    it('keeps the good items of a batch and counts each bad one as malformed', () => {
      const result = parse({
        publications: [
          mediaPublication({ publicationId: 'pub-good-1' }),
          42,
          'ringing',
          null,
          { unrelated: true },
          [mediaPublication({ publicationId: 'pub-nested' })],
          mediaPublication({ publicationId: 'pub-good-2' }),
        ],
      });

      expect(result.events.map((event) => event.publicationId)).toEqual([
        'pub-good-1',
        'pub-good-2',
      ]);
      expect(result.malformed.length).toBe(5);
      expect(result.malformed.map((item) => item.reason)).toEqual([
        'Item 1 of "publications" is not a publication (a number).',
        'Item 2 of "publications" is not a publication (a string).',
        'Item 3 of "publications" is not a publication (null).',
        'Item 4 of "publications" is not a publication (an object).',
        'Item 5 of "publications" is not a publication (an array).',
      ]);
      expect(result.malformed.map((item) => item.excerpt)).toEqual([
        '42',
        '"ringing"',
        'null',
        '{"unrelated":true}',
        jasmine.stringContaining('pub-nested'),
      ]);
      for (const item of result.malformed) {
        expect(item.topic).toBe(TOPIC);
        expect(item.receivedAt).toBe(RECEIVED_AT);
      }
    });

    it('reports "publications" that is not an array as one malformed message', () => {
      const result = parse({ publications: { 0: mediaPublication() } });
      expect(result.events).toEqual([]);
      expect(result.malformed.length).toBe(1);
      expect(result.malformed[0].reason).toBe('"publications" is not an array.');
    });
  });

  describe('malformed messages', () => {
    const cases: { name: string; payload: string; reason: string | RegExp }[] = [
      { name: 'empty payload', payload: '', reason: /^Not JSON: / },
      { name: 'plain text', payload: 'hello broker', reason: /^Not JSON: / },
      { name: 'truncated JSON', payload: '{"publicationId":"p1","content":{', reason: /^Not JSON/ },
      { name: 'a number', payload: '42', reason: 'Expected a JSON object, got a number.' },
      { name: 'a string', payload: '"ringing"', reason: 'Expected a JSON object, got a string.' },
      { name: 'a boolean', payload: 'true', reason: 'Expected a JSON object, got a boolean.' },
      { name: 'null', payload: 'null', reason: 'Expected a JSON object, got null.' },
      {
        name: 'an array of publications',
        payload: '[{"subject":"/2017-09-01/endpoints/130001/calls/1"}]',
        reason: 'Expected a JSON object, got an array.',
      },
      {
        name: 'an object that is not a publication',
        payload: '{"hello":"world","state":"ringing"}',
        reason: 'Not a publication: it has no subject, content or publicationId.',
      },
      {
        name: 'an empty object',
        payload: '{}',
        reason: 'Not a publication: it has no subject, content or publicationId.',
      },
    ];

    for (const c of cases) {
      it(`reports ${c.name} as one malformed message with no events`, () => {
        const result = parseMessage(c.payload, TOPIC, RECEIVED_AT);

        expect(result.events).toEqual([]);
        expect(result.malformed.length).toBe(1);
        const [item] = result.malformed;
        if (typeof c.reason === 'string') expect(item.reason).toBe(c.reason);
        else expect(item.reason).toMatch(c.reason);
        expect(item.topic).toBe(TOPIC);
        expect(item.receivedAt).toBe(RECEIVED_AT);
        expect(item.excerpt).toBe(c.payload);
      });
    }

    it('cuts a long payload to a 200-character excerpt ending in an ellipsis', () => {
      const payload = `not json ${'x'.repeat(500)}`;
      const [item] = parseMessage(payload, TOPIC, RECEIVED_AT).malformed;
      expect(item.excerpt).toBe(`${payload.slice(0, 200)}…`);
    });

    it('masks the signature of a presigned URL in the excerpt', () => {
      const payload =
        'oops {"websocketUri":"wss://mqtt.example.io/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIAEXAMPLE%2F20240506&X-Amz-Signature=d34db33fcafe"}';
      const [item] = parseMessage(payload, TOPIC, RECEIVED_AT).malformed;

      expect(item.excerpt).not.toContain('d34db33fcafe');
      expect(item.excerpt).not.toContain('AKIAEXAMPLE');
      expect(item.excerpt).toContain('X-Amz-Signature=•••');
      expect(item.excerpt).toContain('X-Amz-Algorithm=AWS4-HMAC-SHA256');
      expect(item.excerpt).toContain('wss://mqtt.example.io/mqtt?');
    });

    it('masks a ws:// URL with a signature in an object that is not a publication', () => {
      const payload = JSON.stringify({
        error: 'reconnect',
        url: 'ws://localhost:4000/mqtt?X-Amz-Date=20240506T070809Z&X-Amz-Signature=abc123def',
      });
      const [item] = parseMessage(payload, TOPIC, RECEIVED_AT).malformed;

      expect(item.reason).toMatch(/^Not a publication/);
      expect(item.excerpt).not.toContain('abc123def');
      expect(item.excerpt).toContain('X-Amz-Date=20240506T070809Z');
    });

    it('masks tokens and passwords in the excerpt of a bad batch item', () => {
      const result = parse({
        publications: [{ access_token: 'eyJhbGciOi.secret.sig', password: 'hunter2' }],
      });
      const [item] = result.malformed;

      expect(item.excerpt).not.toContain('eyJhbGciOi');
      expect(item.excerpt).not.toContain('hunter2');
      expect(item.excerpt).toContain('"access_token":"•••"');
    });

    it('masks a Bearer token in a non-JSON payload', () => {
      const [item] = parseMessage('Authorization: Bearer abc.def.ghi', TOPIC, 1).malformed;
      expect(item.excerpt).toBe('Authorization: Bearer •••');
    });
  });

  describe('fields of the wrong type', () => {
    it('shows fields of the wrong type as absent', () => {
      const event = parse(
        mediaPublication({
          envelope: {
            publicationId: { id: 'p' },
            topic: ['platform-api-media'],
            method: true,
            subject: 17,
            subscription: 'sub-42',
          },
          content: {
            callId: null,
            endpointId: false,
            state: { name: 'ringing' },
            cause: [],
            direction: true,
            from: {},
            fromName: ['Grace'],
            to: null,
            toName: false,
            eventId: { value: 'e' },
            timestamp: true,
            createdOn: { iso: '2024-05-06T07:08:09Z' },
          },
        }),
      ).events[0];

      expect(event.publicationId).toBeNull();
      expect(event.topic).toBeNull();
      expect(event.method).toBeNull();
      expect(event.subject).toBe('17');
      expect(event.subscriptionId).toBe(TOPIC);
      expect(event.callId).toBeNull();
      expect(event.endpointId).toBeNull();
      expect(event.state).toBeNull();
      expect(event.cause).toBeNull();
      expect(event.direction).toBeNull();
      expect(event.from).toBeNull();
      expect(event.fromName).toBeNull();
      expect(event.to).toBeNull();
      expect(event.toName).toBeNull();
      expect(event.eventId).toBeNull();
      expect(event.occurredAt).toBeNull();
      expect(event.key).toMatch(/^local:\d+$/);
    });

    it('shows empty strings as absent', () => {
      const event = parse(
        mediaPublication({ envelope: { publicationId: '' }, content: { state: '', from: '' } }),
      ).events[0];
      expect(event.publicationId).toBeNull();
      expect(event.state).toBeNull();
      expect(event.from).toBeNull();
      expect(event.key).toBe('event:evt-884422-1');
    });

    it('reads numbers as their digits', () => {
      const event = parse(
        mediaPublication({ content: { from: 130002, to: 130001, endpointId: 130001 } }),
      ).events[0];
      expect(event.from).toBe('130002');
      expect(event.to).toBe('130001');
      expect(event.endpointId).toBe('130001');
    });

    it('treats content that is not an object as empty content', () => {
      const event = parse(mediaPublication({ envelope: { content: 'ringing' } })).events[0];
      expect(event.state).toBeNull();
      expect(event.callId).toBeNull();
      expect(event.occurredAt).toBeNull();
      expect(event.endpointId).toBe('130001');
    });
  });

  describe('keys', () => {
    it('uses the publicationId as the key', () => {
      expect(parse(mediaPublication({ publicationId: 'pub-x' })).events[0].key).toBe('pub-x');
    });

    it('uses the eventId when there is no publicationId', () => {
      const event = parse(
        mediaPublication({ envelope: { publicationId: undefined }, content: { eventId: 'e-9' } }),
      ).events[0];
      expect(event.publicationId).toBeNull();
      expect(event.eventId).toBe('e-9');
      expect(event.key).toBe('event:e-9');
    });

    it('gives a distinct local key to each event without ids', () => {
      const bare = { subject: '/2017-09-01/endpoints/130001/calls/1', content: { state: 'idle' } };
      const first = parse(bare).events[0];
      const second = parse(bare).events[0];
      expect(first.key).toMatch(/^local:\d+$/);
      expect(second.key).toMatch(/^local:\d+$/);
      expect(first.key).not.toBe(second.key);
    });
  });

  describe('occurredAt', () => {
    const cases: { name: string; content: Record<string, unknown>; expected: number | null }[] = [
      {
        name: 'timestamp in ms',
        content: { timestamp: 1_714_979_289_010 },
        expected: 1_714_979_289_010,
      },
      {
        name: 'timestamp in seconds',
        content: { timestamp: 1_714_979_289 },
        expected: 1_714_979_289_000,
      },
      {
        name: 'timestamp in fractional seconds',
        content: { timestamp: 1_714_979_289.5 },
        expected: 1_714_979_289_500,
      },
      {
        name: 'timestamp as a string of ms',
        content: { timestamp: '1714979289010' },
        expected: 1_714_979_289_010,
      },
      {
        name: 'timestamp as a string of seconds',
        content: { timestamp: '1714979289' },
        expected: 1_714_979_289_000,
      },
      {
        name: 'timestamp as an ISO string',
        content: { timestamp: '2024-05-06T07:08:09.010Z' },
        expected: Date.UTC(2024, 4, 6, 7, 8, 9, 10),
      },
      {
        name: 'createdOn (ISO) when there is no timestamp',
        content: { timestamp: undefined, createdOn: '2024-05-06T07:08:09.010Z' },
        expected: Date.UTC(2024, 4, 6, 7, 8, 9, 10),
      },
      {
        name: 'createdOn when the timestamp is not a date',
        content: { timestamp: 'yesterday', createdOn: '2024-05-06T07:08:09Z' },
        expected: Date.UTC(2024, 4, 6, 7, 8, 9),
      },
      {
        name: 'timestamp ahead of createdOn when both are present',
        content: { timestamp: 1_700_000_000_000, createdOn: '2024-05-06T07:08:09Z' },
        expected: 1_700_000_000_000,
      },
      {
        name: 'nothing when neither is readable',
        content: { timestamp: 'soon', createdOn: 'not a date' },
        expected: null,
      },
      {
        name: 'createdOn when the timestamp is blank',
        content: { timestamp: ' ', createdOn: '2024-05-06T07:08:09Z' },
        expected: Date.UTC(2024, 4, 6, 7, 8, 9),
      },
      {
        name: 'createdOn when the timestamp is beyond any date',
        content: { timestamp: 1e300, createdOn: '2024-05-06T07:08:09Z' },
        expected: Date.UTC(2024, 4, 6, 7, 8, 9),
      },
      {
        name: 'nothing for a negative timestamp alone',
        content: { timestamp: -5, createdOn: undefined },
        expected: null,
      },
      {
        name: 'nothing when both are missing',
        content: { timestamp: undefined, createdOn: undefined },
        expected: null,
      },
      {
        name: 'nothing for an empty string',
        content: { timestamp: '', createdOn: undefined },
        expected: null,
      },
    ];

    for (const c of cases) {
      it(`reads ${c.name}`, () => {
        const event = parse(mediaPublication({ content: c.content })).events[0];
        expect(event.occurredAt).toBe(c.expected);
      });
    }
  });

  describe('endpoint', () => {
    it('takes content.endpointId when present', () => {
      const event = parse(
        mediaPublication({ endpointId: '130001', content: { endpointId: '130009' } }),
      ).events[0];
      expect(event.endpointId).toBe('130009');
    });

    it('takes the endpoint from the subject when content.endpointId is missing', () => {
      const event = parse(
        mediaPublication({ endpointId: '130007', content: { endpointId: undefined } }),
      ).events[0];
      expect(event.endpointId).toBe('130007');
    });

    it('takes the endpoint from the subject when content.endpointId is of the wrong type', () => {
      const event = parse(
        mediaPublication({ endpointId: '130007', content: { endpointId: { id: 1 } } }),
      ).events[0];
      expect(event.endpointId).toBe('130007');
    });
  });

  it('never throws, and accounts for every message, on odd inputs', () => {
    const odd: string[] = [
      '',
      ' ',
      '\u0000',
      '{',
      '}',
      '[',
      '[]',
      '[[[]]]',
      'undefined',
      'NaN',
      '-0',
      '1e400',
      '"\\ud800"',
      '{"publications":null}',
      '{"publications":[null,null]}',
      '{"publications":[[],{}]}',
      '{"publications":"yes"}',
      '{"content":null}',
      '{"subject":null,"content":[]}',
      '{"__proto__":{"subject":"x"}}',
      '{"subject":"/2017-09-01/endpoints//calls/"}',
      '{"content":{"timestamp":1e308,"createdOn":12}}',
      '{"content":{"timestamp":-1,"from":{"toString":"x"}}}',
      `{"publications":[${'{"content":{}},'.repeat(50)}{}]}`,
      '['.repeat(100_000),
      JSON.stringify({ publications: [mediaPublication(), 'x'] }),
    ];

    for (const payload of odd) {
      let result: ReturnType<typeof parseMessage> | undefined;
      expect(() => (result = parseMessage(payload, TOPIC, RECEIVED_AT)))
        .withContext(payload.slice(0, 40))
        .not.toThrow();
      expect(result!.events.length + result!.malformed.length)
        .withContext(payload.slice(0, 40))
        .toBeGreaterThan(0);
    }
  });
});

describe('readPublication', () => {
  it('reads an already-parsed object, keeping its JSON text', () => {
    const original = mediaPublication({ publicationId: 'pub-direct' });
    const event = readPublication(original, 'sub-7', 99);
    expect(JSON.parse(event.raw)).toEqual(original);
    expect(event.key).toBe('pub-direct');
    expect(event.receivedAt).toBe(99);
  });
});

describe('endpointFromSubject', () => {
  const cases: { subject: string | null; expected: string | null }[] = [
    { subject: '/2017-09-01/endpoints/130001/calls/884422', expected: '130001' },
    { subject: '/2017-09-01/endpoints/130001', expected: '130001' },
    { subject: '/2017-09-01/endpoints/130001/', expected: '130001' },
    { subject: '/2017-09-01/endpoints/ext%20200/calls/1', expected: 'ext 200' },
    { subject: '/2017-09-01/endpoints/', expected: null },
    { subject: '/2017-09-01/users/u-1/presence', expected: null },
    { subject: '', expected: null },
    { subject: null, expected: null },
  ];

  for (const c of cases) {
    it(`reads ${JSON.stringify(c.subject)} as ${JSON.stringify(c.expected)}`, () => {
      expect(endpointFromSubject(c.subject)).toBe(c.expected);
    });
  }
});

describe('parseMessage with a badly percent-encoded subject', () => {
  it('does not throw, keeps the event, and takes the endpoint as written', () => {
    const payload = JSON.stringify({
      publications: [
        { publicationId: 'p1', subject: '/2017-09-01/endpoints/100%/calls/1' },
        { publicationId: 'p2', subject: '/2017-09-01/endpoints/130001/calls/2' },
      ],
    });
    const parsed = parseMessage(payload, 'sub-42', 1);
    expect(parsed.malformed).toEqual([]);
    expect(parsed.events.map((event) => event.endpointId)).toEqual(['100%', '130001']);
  });
});

describe('raw text of a publication', () => {
  it('is the payload itself for a single publication, byte for byte', () => {
    const payload = '{ "publicationId": "p1",  "subject": "/2017-09-01/endpoints/1/calls/2" }';
    expect(parseMessage(payload, 't', 1).events[0].raw).toBe(payload);
  });

  it('is each item’s own JSON inside a batch', () => {
    const payload = JSON.stringify({
      publications: [{ publicationId: 'a' }, { publicationId: 'b' }],
    });
    const raws = parseMessage(payload, 't', 1).events.map((event) => event.raw);
    expect(raws).toEqual(['{"publicationId":"a"}', '{"publicationId":"b"}']);
  });
});
