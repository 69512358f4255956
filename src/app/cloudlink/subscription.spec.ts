import {
  DEFAULT_SUBJECT_FILTER,
  Subscription,
  TOPICS,
  readSubscription,
  readSubscriptionList,
} from './subscription';

/** A subscription body as POST/GET /subscriptions returns it. */
function subscriptionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subscriptionId: 'sub-42',
    applicationId: 'switchboard',
    deviceId: 'sb-tab-7c1e',
    topic: 'platform-api-media',
    subjectFilter: '/2017-09-01/endpoints/130001/calls',
    publicationFilter: "$.publications[?(@.content.state == 'ringing')]",
    methodFilter: 'PUT',
    transport: 'websocket',
    createdOn: '2024-05-06T07:08:09.010Z',
    expiresOn: '2024-05-07T07:08:09.010Z',
    ...overrides,
  };
}

describe('subscription constants', () => {
  it('knows the three notification topics', () => {
    expect([...TOPICS]).toEqual([
      'platform-api-media',
      'platform-api-presence',
      'platform-api-conversations',
    ]);
  });

  it('defaults the subject filter to every endpoint', () => {
    expect(new RegExp(DEFAULT_SUBJECT_FILTER).test('/2017-09-01/endpoints/130001/calls/1')).toBe(
      true,
    );
  });
});

describe('readSubscription', () => {
  it('reads every field of a full body', () => {
    expect(readSubscription(subscriptionBody())).toEqual({
      subscriptionId: 'sub-42',
      topic: 'platform-api-media',
      subjectFilter: '/2017-09-01/endpoints/130001/calls',
      publicationFilter: "$.publications[?(@.content.state == 'ringing')]",
      methodFilter: 'PUT',
      applicationId: 'switchboard',
      deviceId: 'sb-tab-7c1e',
      transport: 'websocket',
      createdOn: '2024-05-06T07:08:09.010Z',
    });
  });

  it('takes "id" when there is no subscriptionId', () => {
    const body = subscriptionBody({ subscriptionId: undefined, id: 'sub-from-id' });
    expect(readSubscription(body)?.subscriptionId).toBe('sub-from-id');
  });

  it('prefers subscriptionId over id', () => {
    const body = subscriptionBody({ subscriptionId: 'sub-a', id: 'sub-b' });
    expect(readSubscription(body)?.subscriptionId).toBe('sub-a');
  });

  it('reads a body with only an id, defaulting the rest', () => {
    expect(readSubscription({ subscriptionId: 'sub-1' })).toEqual({
      subscriptionId: 'sub-1',
      topic: '',
      subjectFilter: '',
      publicationFilter: undefined,
      methodFilter: undefined,
      applicationId: undefined,
      deviceId: undefined,
      transport: undefined,
      createdOn: undefined,
    });
  });

  it('shows optional fields of the wrong type or empty as absent', () => {
    const result = readSubscription(
      subscriptionBody({
        topic: 7,
        subjectFilter: null,
        publicationFilter: '',
        methodFilter: ['PUT'],
        applicationId: 1,
        deviceId: { id: 'x' },
        transport: true,
        createdOn: 1_714_979_289_010,
      }),
    ) as Subscription;

    expect(result.subscriptionId).toBe('sub-42');
    expect(result.topic).toBe('');
    expect(result.subjectFilter).toBe('');
    expect(result.publicationFilter).toBeUndefined();
    expect(result.methodFilter).toBeUndefined();
    expect(result.applicationId).toBeUndefined();
    expect(result.deviceId).toBeUndefined();
    expect(result.transport).toBeUndefined();
    expect(result.createdOn).toBeUndefined();
  });

  const noId: { name: string; body: unknown }[] = [
    { name: 'null', body: null },
    { name: 'undefined', body: undefined },
    { name: 'a string', body: 'sub-42' },
    { name: 'a number', body: 42 },
    { name: 'an empty object', body: {} },
    { name: 'an empty subscriptionId', body: { subscriptionId: '', topic: 'platform-api-media' } },
    { name: 'a numeric subscriptionId', body: { subscriptionId: 42 } },
    { name: 'a numeric id', body: { id: 42 } },
    { name: 'an array', body: [subscriptionBody()] },
  ];
  for (const c of noId) {
    it(`reads ${c.name} as no subscription`, () => {
      expect(readSubscription(c.body)).toBeNull();
    });
  }
});

describe('readSubscriptionList', () => {
  const two = [subscriptionBody(), subscriptionBody({ subscriptionId: 'sub-43', topic: 'x' })];

  const shapes: { name: string; body: unknown }[] = [
    { name: 'a bare array', body: two },
    { name: '{ items }', body: { items: two, count: 2 } },
    { name: '{ _embedded: { items } }', body: { _embedded: { items: two }, _links: {} } },
    {
      name: '{ items } that is not an array beside _embedded',
      body: { items: 'none', _embedded: { items: two } },
    },
  ];
  for (const c of shapes) {
    it(`reads ${c.name}`, () => {
      const list = readSubscriptionList(c.body);
      expect(list.map((item) => item.subscriptionId)).toEqual(['sub-42', 'sub-43']);
      expect(list[1].topic).toBe('x');
    });
  }

  it('skips items without an id and keeps the rest in order', () => {
    const list = readSubscriptionList({
      items: [null, subscriptionBody({ subscriptionId: 'a' }), 'junk', {}, { id: 'b' }, 7],
    });
    expect(list.map((item) => item.subscriptionId)).toEqual(['a', 'b']);
  });

  const junk: { name: string; body: unknown }[] = [
    { name: 'null', body: null },
    { name: 'undefined', body: undefined },
    { name: 'a string', body: '[]' },
    { name: 'a number', body: 3 },
    { name: 'an empty object', body: {} },
    { name: '{ items: null }', body: { items: null } },
    { name: '{ items: {} }', body: { items: { 0: subscriptionBody() } } },
    { name: '{ _embedded: null }', body: { _embedded: null } },
    { name: '{ _embedded: { items: "x" } }', body: { _embedded: { items: 'x' } } },
    { name: '{ data: [...] }', body: { data: [subscriptionBody()] } },
    { name: 'an empty array', body: [] },
  ];
  for (const c of junk) {
    it(`reads ${c.name} as an empty list`, () => {
      expect(readSubscriptionList(c.body)).toEqual([]);
    });
  }
});
