import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT_ID, AGENT, API, Harness, OPERATOR, waitFor } from './test-kit.js';

const VALID = {
  applicationId: '6f1c2c0e-2b7a-4a55-9d3e-2f0d6f3a8b11',
  deviceId: 'tab-1',
  transport: 'websocket',
  topic: 'platform-api-media',
  subjectFilter: '/2017-09-01/endpoints/',
};

describe('subscription validation', () => {
  let h: Harness;
  let token: string;
  before(async () => {
    h = await Harness.start();
    token = await h.signIn(OPERATOR);
  });
  after(() => h.close());

  const post = (json: unknown) => h.api('POST', `${API}/subscriptions`, { token, json });

  it('creates a subscription and echoes the fields sent', async () => {
    const fields = {
      ...VALID,
      publicationFilter: "$.publications[?(@.content.state == 'ringing')]",
      methodFilter: 'PUT',
    };
    const res = await post(fields);
    assert.equal(res.status, 201);
    assert.match(res.body.subscriptionId, /^[0-9a-f]{32}$/);
    assert.equal(res.body.accountId, ACCOUNT_ID);
    assert.equal(res.body.userId, '00000000-0000-4000-8000-000000130001');
    assert.ok(Math.abs(Date.parse(res.body.createdOn) - Date.now()) < 5000);
    for (const [field, value] of Object.entries(fields))
      assert.equal(res.body[field], value, field);
  });

  // Each case: one bad field on an otherwise valid body, and what the message must say.
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['topic missing', { topic: undefined }, /^topic is required/],
    [
      'topic unknown',
      { topic: 'platform-api-calls' },
      /^topic must be one of platform-api-media, platform-api-presence, platform-api-conversations/,
    ],
    ['subjectFilter missing', { subjectFilter: undefined }, /^subjectFilter is required/],
    [
      'subjectFilter not a RegExp',
      { subjectFilter: '/endpoints/(130001' },
      /^subjectFilter is not a valid regular expression: .*Unterminated group/,
    ],
    ['deviceId missing', { deviceId: undefined }, /^deviceId is required/],
    ['deviceId empty', { deviceId: '' }, /^deviceId is required/],
    ['deviceId not a string', { deviceId: 42 }, /^deviceId must be a string/],
    ['transport missing', { transport: undefined }, /^transport is required/],
    ['transport unknown', { transport: 'sse' }, /^transport must be one of websocket, webhook/],
    [
      'publicationFilter not JSONPath',
      { publicationFilter: 'state == ringing' },
      /^publicationFilter: A publication filter is JSONPath and starts with "\$"/,
    ],
    [
      'publicationFilter syntax error',
      { publicationFilter: '$.publications[?(@.content.state == ]' },
      /^publicationFilter: Not valid JSONPath: /,
    ],
    [
      'methodFilter unknown',
      { methodFilter: 'FETCH' },
      /^methodFilter must be one of GET, POST, PUT, DELETE, PATCH/,
    ],
    ['methodFilter empty', { methodFilter: '' }, /^methodFilter must be one of/],
  ];
  for (const [name, change, message] of cases) {
    it(`answers 400 when ${name}`, async () => {
      const res = await post({ ...VALID, ...change });
      assert.equal(res.status, 400);
      assert.equal(res.body.name, 'BadRequest');
      assert.equal(res.body.statusCode, 400);
      assert.match(res.body.message, message);
    });
  }

  it('answers 400 for a body that is not a JSON object', async () => {
    const res = await h.api('POST', `${API}/subscriptions`, {
      token,
      headers: { 'Content-Type': 'application/json' },
      json: ['not', 'an', 'object'],
    });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /JSON object/);
  });

  it('accepts presence and conversations topics and webhook transport', async () => {
    for (const topic of ['platform-api-presence', 'platform-api-conversations']) {
      assert.equal(
        (await post({ ...VALID, topic, subjectFilter: '/presentities/[^/]+$' })).status,
        201,
      );
    }
    const webhook = await post({
      ...VALID,
      transport: 'webhook',
      deviceId: 'https://example.test/hook',
    });
    assert.equal(webhook.status, 201);
  });
});

describe('subscription ownership', () => {
  let h: Harness;
  let operator: string;
  let agent: string;
  before(async () => {
    h = await Harness.start();
    operator = await h.signIn(OPERATOR);
    agent = await h.signIn(AGENT);
  });
  after(() => h.close());

  it("lists, reads and deletes only the caller's own subscriptions", async () => {
    const mine = await h.subscribe(operator, { deviceId: 'op-tab' });
    const theirs = await h.subscribe(agent, { deviceId: 'agent-tab' });

    const list = await h.api('GET', `${API}/subscriptions`, { token: operator });
    assert.equal(list.status, 200);
    assert.equal(list.body.count, 1);
    assert.deepEqual(list.body._embedded.items, [mine]);

    assert.deepEqual(
      (await h.api('GET', `${API}/subscriptions/${mine.subscriptionId}`, { token: operator })).body,
      mine,
    );
    const peek = await h.api('GET', `${API}/subscriptions/${mine.subscriptionId}`, {
      token: agent,
    });
    assert.equal(peek.status, 404);
    assert.equal(peek.body.name, 'NotFound');

    const steal = await h.api('DELETE', `${API}/subscriptions/${mine.subscriptionId}`, {
      token: agent,
    });
    assert.equal(steal.status, 404);
    const everyone = await h.api('GET', '/_emulator/subscriptions');
    assert.deepEqual(
      everyone.body.items.map((s: { subscriptionId: string }) => s.subscriptionId).sort(),
      [mine.subscriptionId, theirs.subscriptionId].sort(),
    );

    const removed = await h.api('DELETE', `${API}/subscriptions/${mine.subscriptionId}`, {
      token: operator,
    });
    assert.equal(removed.status, 204);
    assert.equal(removed.body, undefined);
    const again = await h.api('DELETE', `${API}/subscriptions/${mine.subscriptionId}`, {
      token: operator,
    });
    assert.equal(again.status, 404);
    assert.equal((await h.api('GET', `${API}/subscriptions`, { token: operator })).body.count, 0);
    const left = await h.api('GET', '/_emulator/subscriptions');
    assert.deepEqual(left.body.items, [theirs]);
  });

  it('stops delivering to a connected client the moment its subscription is deleted', async () => {
    const { subscription, client, inbox, token } = await h.liveSubscriber(OPERATOR, {
      subjectFilter: '/endpoints/130002/',
    });
    await h.call({ from: '+16135550123', to: '130002', states: ['ringing'] });
    await inbox.waitForCount(1);
    const res = await h.api('DELETE', `${API}/subscriptions/${subscription.subscriptionId}`, {
      token,
    });
    assert.equal(res.status, 204);
    await h.call({ from: '+16135550123', to: '130002', states: ['ringing'] });
    // The publication is produced but matches nothing: nothing can be in flight to wait for.
    const counters = await h.counters();
    assert.equal(counters.published, 2);
    assert.equal(counters.delivered, 1);
    assert.equal(counters.subscriptions[subscription.subscriptionId], undefined);
    assert.equal(client.connected, true);
    assert.equal(inbox.messages.length, 1);
    // Subscribing again to the deleted id is now someone else's topic: socket closed.
    let isClosed = false;
    client.once('close', () => (isClosed = true));
    client.subscribe(subscription.subscriptionId, { qos: 1 });
    await waitFor('the socket to close', () => isClosed);
  });
});
