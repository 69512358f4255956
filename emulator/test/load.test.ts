import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { EmulatorOptions } from '../emulator.js';
import { startMosquitto, type RunningMosquitto } from '../mosquitto.js';
import { AGENT, API, Harness, OPERATOR, waitFor } from './test-kit.js';

const RATE = 2000;
const DURATION_MS = 1000;
// How far content.timestamp may trail receipt on a busy 2-core machine running the whole suite.
const MAX_TIMESTAMP_AGE_MS = 2000;
// A load long enough never to end on its own during a test.
const LONG = { eventsPerSecond: 500, durationMs: 60_000 };

async function loadStatus(h: Harness) {
  return (await h.api('GET', '/_emulator/load')).body;
}

function loadFinished(h: Harness) {
  return waitFor(
    'the load to finish',
    async () => {
      const status = await loadStatus(h);
      return status.running ? undefined : status;
    },
    10_000,
  );
}

for (const mode of ['internal', 'external'] as const) {
  describe(`load (${mode} broker)`, () => {
    let mosquitto: RunningMosquitto | undefined;
    let h: Harness;
    before(async () => {
      let options: EmulatorOptions = {};
      if (mode === 'external') {
        mosquitto = await startMosquitto();
        options = { brokerUrl: mosquitto.tcpUrl, brokerWsUrl: mosquitto.wsUrl };
      }
      h = await Harness.start(options);
    });
    beforeEach(async () => {
      assert.equal((await h.api('POST', '/_emulator/reset')).status, 204);
    });
    after(async () => {
      await h?.close();
      await mosquitto?.close();
    });

    it(`publishes exactly rate x duration fresh, unique call events (${RATE}/s for ${DURATION_MS} ms)`, async () => {
      // Filters do not apply to load: the agent's subscription gets every extension.
      const { subscription, inbox } = await h.liveSubscriber(AGENT, {}, 0);
      const started = await h.api('POST', '/_emulator/load', {
        json: { eventsPerSecond: RATE, durationMs: DURATION_MS },
      });
      assert.equal(started.status, 202);
      assert.equal(started.body.running, true);
      assert.equal(started.body.eventsPerSecond, RATE);
      assert.equal(started.body.durationMs, DURATION_MS);
      assert.deepEqual(started.body.targets, [subscription.subscriptionId]);
      assert.match(started.body.loadId, /^[0-9a-f-]{36}$/);

      const expected = (RATE * DURATION_MS) / 1000;
      const messages = await inbox.waitForCount(expected, 10_000);
      const status = await loadFinished(h);
      assert.equal(status.published, expected);
      assert.equal(status.messages, expected);
      assert.equal(status.endedBy, 'duration');
      assert.ok(status.finishedAt - status.startedAt >= DURATION_MS, JSON.stringify(status));
      assert.ok(
        status.achievedEventsPerSecond > RATE * 0.75 && status.achievedEventsPerSecond <= RATE,
        `achieved ${status.achievedEventsPerSecond}/s`,
      );
      assert.equal(messages.length, expected);

      const publicationIds = new Set(messages.map((m) => m.payload.publicationId));
      const eventIds = new Set(messages.map((m) => m.payload.content.eventId));
      assert.equal(publicationIds.size, expected);
      assert.equal(eventIds.size, expected);
      const endpoints = new Set(messages.map((m) => m.payload.content.endpointId));
      assert.ok(endpoints.size > 1, 'every extension, not only the agent’s');
      for (const { topic, qos, bytes, receivedAt, payload } of messages) {
        assert.equal(topic, subscription.subscriptionId);
        assert.equal(qos, 0);
        assert.ok(bytes > 1100 && bytes < 1500, `${bytes} bytes`);
        assert.deepEqual(payload.subscription, { subscriptionId: subscription.subscriptionId });
        const { content, notification } = payload;
        const age = receivedAt - content.timestamp;
        assert.ok(age >= 0 && age < MAX_TIMESTAMP_AGE_MS, `timestamp ${age} ms before receipt`);
        assert.ok(content.timestamp >= status.startedAt && content.timestamp <= status.finishedAt);
        assert.equal(content.createdOn, new Date(content.timestamp).toISOString());
        assert.equal(notification.createdOn, content.createdOn);
        assert.equal(payload.subject, `/2017-09-01/${content.callId}`);
        assert.equal(content.eventType, 'CallStateNotification');
      }
    });

    it('sends every event to every target, and only to targets', async () => {
      const a = await h.liveSubscriber(OPERATOR, {}, 0);
      const b = await h.liveSubscriber(OPERATOR, {}, 0);
      const bystander = await h.liveSubscriber(OPERATOR, {}, 0);
      const started = await h.api('POST', '/_emulator/load', {
        json: {
          eventsPerSecond: 1000,
          durationMs: 100,
          subscriptionIds: [a.subscription.subscriptionId, b.subscription.subscriptionId],
        },
      });
      assert.equal(started.status, 202);
      const fromA = await a.inbox.waitForCount(100);
      const fromB = await b.inbox.waitForCount(100);
      const status = await loadFinished(h);
      assert.equal(status.published, 100);
      assert.equal(status.messages, 200);
      assert.deepEqual(
        fromA.map((m) => m.payload.publicationId),
        fromB.map((m) => m.payload.publicationId),
      );
      // The bystander would have had its copies interleaved with a's and b's by now.
      await h.call({ from: '130001', to: '130002', states: ['ringing'] });
      await bystander.inbox.waitForCount(2);
      assert.ok(bystander.inbox.messages.every((m) => m.payload.content.state === 'ringing'));
      assert.equal(bystander.inbox.messages.length, 2);
    });

    it('refuses a second load while one runs; DELETE stops it', async () => {
      const { inbox } = await h.liveSubscriber(OPERATOR, {}, 0);
      assert.equal((await h.api('POST', '/_emulator/load', { json: LONG })).status, 202);
      await inbox.waitForCount(10);
      const second = await h.api('POST', '/_emulator/load', { json: LONG });
      assert.equal(second.status, 409);
      assert.match(second.body.message, /is still running; DELETE \/_emulator\/load stops it/);

      const stopped = await h.api('DELETE', '/_emulator/load');
      assert.equal(stopped.status, 200);
      assert.equal(stopped.body.running, false);
      assert.equal(stopped.body.endedBy, 'deleted');
      assert.ok(stopped.body.published < 1000, `published ${stopped.body.published}`);
      // Everything published arrives, and nothing after.
      await inbox.waitForCount(stopped.body.published);
      const later = await loadStatus(h);
      assert.equal(later.published, stopped.body.published);
      assert.equal(inbox.messages.length, stopped.body.published);
      // A stopped load does not block the next one.
      const next = await h.api('POST', '/_emulator/load', {
        json: { eventsPerSecond: 100, durationMs: 20 },
      });
      assert.equal(next.status, 202);
      assert.notEqual(next.body.loadId, stopped.body.loadId);
      assert.equal((await loadFinished(h)).published, 2);
    });

    it('stops on reset', async () => {
      const { inbox } = await h.liveSubscriber(OPERATOR, {}, 0);
      assert.equal((await h.api('POST', '/_emulator/load', { json: LONG })).status, 202);
      await inbox.waitForCount(5);
      assert.equal((await h.api('POST', '/_emulator/reset')).status, 204);
      const status = await loadStatus(h);
      assert.equal(status.running, false);
      assert.equal(status.endedBy, 'reset');
    });

    it('ends when its subscriptions are deleted', async () => {
      const { inbox, subscription, token } = await h.liveSubscriber(OPERATOR, {}, 0);
      assert.equal((await h.api('POST', '/_emulator/load', { json: LONG })).status, 202);
      await inbox.waitForCount(5);
      const removed = await h.api('DELETE', `${API}/subscriptions/${subscription.subscriptionId}`, {
        token,
      });
      assert.equal(removed.status, 204);
      const status = await loadFinished(h);
      assert.equal(status.endedBy, 'subscriptions-gone');
    });
  });
}

describe('load requests', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(() => h.close());

  it('reports that no load has run yet', async () => {
    assert.deepEqual(await loadStatus(h), {
      running: false,
      loadId: null,
      eventsPerSecond: null,
      durationMs: null,
      targets: [],
      published: 0,
      messages: 0,
      startedAt: null,
      finishedAt: null,
      achievedEventsPerSecond: null,
      endedBy: null,
    });
  });

  it('needs a websocket subscription to send to', async () => {
    const res = await h.api('POST', '/_emulator/load', { json: LONG });
    assert.equal(res.status, 409);
    assert.match(res.body.message, /no websocket subscription/);
  });

  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a rate of 0', { eventsPerSecond: 0, durationMs: 100 }, /^eventsPerSecond must be/],
    [
      'a rate over 100,000',
      { eventsPerSecond: 100_001, durationMs: 100 },
      /^eventsPerSecond must be a number from 1 to 100000/,
    ],
    ['a rate as text', { eventsPerSecond: 'fast', durationMs: 100 }, /^eventsPerSecond must/],
    ['no duration', { eventsPerSecond: 10 }, /^durationMs must be a number from 1 to 600000/],
    ['a duration over 10 min', { eventsPerSecond: 10, durationMs: 600_001 }, /^durationMs must/],
    [
      'an empty target list',
      { eventsPerSecond: 10, durationMs: 100, subscriptionIds: [] },
      /^subscriptionIds must be a non-empty list/,
    ],
    [
      'an unknown target',
      { eventsPerSecond: 10, durationMs: 100, subscriptionIds: ['nope'] },
      /^subscriptionIds: no subscription nope exists/,
    ],
  ];
  for (const [name, body, message] of invalid) {
    it(`answers 400 for ${name}`, async () => {
      const res = await h.api('POST', '/_emulator/load', { json: body });
      assert.equal(res.status, 400);
      assert.match(res.body.message, message);
    });
  }
});
