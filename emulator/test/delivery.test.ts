import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ACCOUNT_ID, AGENT, API, Harness, OPERATOR, waitFor } from './test-kit.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OUTSIDE = '+16135550123';

describe('delivery', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  beforeEach(async () => {
    assert.equal((await h.api('POST', '/_emulator/reset')).status, 204);
  });
  after(() => h.close());

  it('delivers each publication in the contract envelope, QoS 1', async () => {
    const { subscription, inbox } = await h.liveSubscriber(OPERATOR);
    const call = await h.call({ from: OUTSIDE, to: '130004', fromName: 'Acme Corp' });
    const messages = await inbox.waitForCount(3);
    assert.deepEqual(
      messages.map((m) => m.payload.publicationId),
      call.publicationIds,
    );
    const [{ payload, topic, qos }] = messages;
    assert.equal(topic, subscription.subscriptionId);
    assert.equal(qos, 1);
    assert.deepEqual(Object.keys(payload), [
      'publicationId',
      'topic',
      'method',
      'subject',
      'content',
      'publisher',
      'subscription',
      'notification',
    ]);
    const [leg] = call.legs;
    assert.equal(leg.endpointId, '130004');
    const callNumber = leg.callId.split('/').pop();
    assert.equal(payload.topic, 'platform-api-media');
    assert.equal(payload.method, 'PUT');
    assert.equal(payload.subject, `/2017-09-01/endpoints/130004/calls/${callNumber}`);
    assert.deepEqual(payload.subscription, { subscriptionId: subscription.subscriptionId });
    assert.deepEqual(payload.publisher, {
      accountId: ACCOUNT_ID,
      principalId: '00000000-0000-4000-9000-000000130004',
    });
    assert.match(payload.notification.correlationId, UUID);
    assert.ok(!Number.isNaN(Date.parse(payload.notification.createdOn)));
    assert.match(payload.publicationId, UUID);
  });

  it('matches the subject filter as an unanchored RegExp', async () => {
    const one = await h.liveSubscriber(OPERATOR, {
      subjectFilter: '/2017-09-01/endpoints/130001/calls',
    });
    const two = await h.liveSubscriber(OPERATOR, { subjectFilter: 'endpoints/13000[12]/' });
    const call = await h.call({ from: '130001', to: '130002' });
    assert.equal(call.publicationIds.length, 6);
    const both = await two.inbox.waitForCount(6);
    assert.deepEqual(
      new Set(both.map((m) => m.payload.content.endpointId)),
      new Set(['130001', '130002']),
    );
    const mine = await one.inbox.waitForCount(3);
    assert.ok(mine.every((m) => m.payload.content.endpointId === '130001'));
    assert.ok(mine.every((m) => m.payload.content.direction === 'outbound'));
    assert.equal((await h.counters()).subscriptions[one.subscription.subscriptionId].matched, 3);
  });

  it('applies the JSONPath publication filter over { publications: [p] }', async () => {
    const ringing = await h.liveSubscriber(OPERATOR, {
      publicationFilter: "$.publications[?(@.content.state == 'ringing')]",
    });
    const inbound = await h.liveSubscriber(OPERATOR, {
      publicationFilter:
        "$.publications[?(@.content.direction == 'inbound' && @.content.state != 'ringing')]",
    });
    await h.call({
      from: '130001',
      to: '130002',
      states: ['ringing', 'connected', 'held', 'connected', 'completed'],
    });
    const ringingOnly = await ringing.inbox.waitForCount(2);
    assert.ok(ringingOnly.every((m) => m.payload.content.state === 'ringing'));
    const inboundOnly = await inbound.inbox.waitForCount(4);
    assert.deepEqual(
      inboundOnly.map((m) => m.payload.content.state),
      ['connected', 'held', 'connected', 'completed'],
    );
    const counters = await h.counters();
    assert.equal(counters.subscriptions[ringing.subscription.subscriptionId].matched, 2);
    assert.equal(counters.subscriptions[inbound.subscription.subscriptionId].matched, 4);
  });

  it('applies the method filter', async () => {
    const put = await h.liveSubscriber(OPERATOR, { methodFilter: 'PUT' });
    const post = await h.liveSubscriber(OPERATOR, { methodFilter: 'POST' });
    await h.call({ from: OUTSIDE, to: '130006' });
    await put.inbox.waitForCount(3);
    const counters = await h.counters();
    assert.equal(counters.subscriptions[post.subscription.subscriptionId].matched, 0);
    assert.equal(post.inbox.messages.length, 0);
  });

  it('only delivers endpoints the owner may see (the agent sees 130003)', async () => {
    const agent = await h.liveSubscriber(AGENT);
    const operator = await h.liveSubscriber(OPERATOR);
    await h.call({ from: '130004', to: '130003' });
    await h.call({ from: OUTSIDE, to: '130005' });
    await operator.inbox.waitForCount(9);
    const seen = await agent.inbox.waitForCount(3);
    assert.ok(seen.every((m) => m.payload.content.endpointId === '130003'));
    assert.equal((await h.counters()).subscriptions[agent.subscription.subscriptionId].matched, 3);
    const endpoints = await h.api('GET', '/_emulator/endpoints', { token: agent.token });
    assert.deepEqual(endpoints.body.items, [
      { endpointId: '130003', extension: '130003', name: 'Alan Turing' },
    ]);
    const all = await h.api('GET', '/_emulator/endpoints');
    assert.equal(all.body.items.length, 10);
  });

  it('sends one publicationId to every subscription it matches', async () => {
    const a = await h.liveSubscriber(OPERATOR);
    const b = await h.liveSubscriber(OPERATOR, { subjectFilter: '/130007/' });
    const call = await h.call({ from: OUTSIDE, to: '130007', states: ['ringing'] });
    const [fromA] = await a.inbox.waitForCount(1);
    const [fromB] = await b.inbox.waitForCount(1);
    assert.equal(fromA.payload.publicationId, call.publicationIds[0]);
    assert.equal(fromB.payload.publicationId, call.publicationIds[0]);
    assert.notEqual(
      fromA.payload.subscription.subscriptionId,
      fromB.payload.subscription.subscriptionId,
    );
  });

  it('counts published, matched and delivered truthfully, QoS 0 included', async () => {
    const qos1 = await h.liveSubscriber(OPERATOR, { subjectFilter: '/130008/' }, 1);
    const qos0 = await h.liveSubscriber(OPERATOR, { subjectFilter: '/130008/' }, 0);
    const unconnected = await h.subscribe(qos1.token, {
      deviceId: 'nobody-here',
      subjectFilter: '/130008/',
    });
    await h.call({ from: OUTSIDE, to: '130008' });
    await h.call({ from: OUTSIDE, to: '130009', states: ['ringing'] });
    await qos1.inbox.waitForCount(3);
    const atQos0 = await qos0.inbox.waitForCount(3);
    assert.ok(atQos0.every((m) => m.qos === 0));
    const counters = await waitFor('delivered to settle', async () => {
      const c = await h.counters();
      return c.delivered === 6 ? c : undefined;
    });
    assert.equal(counters.published, 4);
    assert.deepEqual(counters.subscriptions[qos1.subscription.subscriptionId], {
      matched: 3,
      delivered: 3,
      // Acknowledgements are counted for cleanSession=false sessions only (see README).
      deliveredQos1Acked: 0,
      ownerUsername: OPERATOR.username,
      deviceId: qos1.clientId,
    });
    assert.equal(counters.subscriptions[qos0.subscription.subscriptionId].delivered, 3);
    assert.deepEqual(counters.subscriptions[unconnected.subscriptionId], {
      matched: 3,
      delivered: 0,
      deliveredQos1Acked: 0,
      ownerUsername: OPERATOR.username,
      deviceId: 'nobody-here',
    });
    assert.deepEqual(counters.mqttClients.sort(), [qos1.clientId, qos0.clientId].sort());
    assert.equal(counters.mqttConnects, 2);
    assert.equal(counters.socketDrops, 0);
    assert.equal(counters.connectionsIssued, 2);
  });

  it('reset deletes subscriptions, disconnects clients, zeroes counters and stops the simulator', async () => {
    const { client, token } = await h.liveSubscriber(OPERATOR);
    let isClosed = false;
    client.once('close', () => (isClosed = true));
    await h.call({ from: OUTSIDE, to: '130001', states: ['ringing'] });
    assert.equal(
      (await h.api('PUT', '/_emulator/simulator', { json: { eventsPerSecond: 5 } })).status,
      200,
    );

    assert.equal((await h.api('POST', '/_emulator/reset')).status, 204);
    await waitFor('the client to be disconnected', () => isClosed);
    assert.deepEqual((await h.api('GET', '/_emulator/subscriptions')).body, { items: [] });
    assert.equal((await h.api('GET', `${API}/subscriptions`, { token })).body.count, 0);
    assert.equal((await h.api('GET', '/_emulator/simulator')).body.eventsPerSecond, 0);
    assert.deepEqual(await h.counters(), {
      mode: 'internal',
      published: 0,
      delivered: 0,
      subscriptions: {},
      mqttClients: [],
      mqttConnects: 0,
      socketDrops: 0,
      connectionsIssued: 0,
    });
  });
});
