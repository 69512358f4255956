import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { MqttClient } from 'mqtt';
import { Harness, OPERATOR, closed, waitFor } from './test-kit.js';

// The promise the reconnect design rests on: in internal mode, QoS 1 with cleanSession false
// loses nothing across dropped sockets. A steady stream of scripted calls (so every
// publicationId is known) runs while the sockets are dropped again and again; the client
// comes back each time with a fresh URL and the same client id, and must end up with every
// publicationId its subscription matched. Duplicates are allowed (the app dedupes by
// publicationId); none may be missing. README, "No loss across dropped sockets", says which
// aedes behaviours this caught.

const OUTSIDE = '+16135550123';
const EVENTS_PER_CALL = 3;
// Generous: under a loaded machine the last backlog can take a while to flush.
const SETTLE_MS = 15_000;

interface Scenario {
  eventsPerSecond: number;
  drops: number;
  /** waits before each drop, after the client is back (and before the first) */
  beforeDrop: () => Promise<unknown>;
  /** how long the client stays away, ms */
  awayMs: () => number;
}

const between = (min: number, max: number) => () => min + Math.random() * (max - min);

describe('no loss across dropped sockets (QoS 1, cleanSession false, internal mode)', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  beforeEach(async () => {
    assert.equal((await h.api('POST', '/_emulator/reset')).status, 204);
  });
  after(() => h.close());

  async function run(scenario: Scenario) {
    const token = await h.signIn(OPERATOR);
    const clientId = `steady-tab-${Math.random().toString(36).slice(2, 8)}`;
    const { subscriptionId } = await h.subscribe(token, { deviceId: clientId });
    const clients: MqttClient[] = [];
    const connectAgain = async () => {
      const client = await h.mqtt(await h.websocketUri(token), clientId, { clean: false });
      clients.push(client);
      return client;
    };
    const received = () =>
      clients.flatMap((c) => h.inbox(c).messages.map((m) => m.payload.publicationId as string));

    let client = await connectAgain();
    assert.equal(h.connack(client).sessionPresent, false);
    await client.subscribeAsync(subscriptionId, { qos: 1 });

    // The publisher: scripted calls paced by elapsed time, each answering its publicationIds.
    const callEveryMs = (1000 * EVENTS_PER_CALL) / scenario.eventsPerSecond;
    const published: string[] = [];
    const failures: unknown[] = [];
    const calls = new Set<Promise<void>>();
    let isStreaming = true;
    const stream = (async () => {
      const startedAt = Date.now();
      let started = 0;
      while (isStreaming) {
        const due = Math.floor((Date.now() - startedAt) / callEveryMs);
        for (; started < due; started++) {
          const call = h.call({ from: OUTSIDE, to: `13000${(started % 9) + 1}` }).then(
            (c) => void published.push(...c.publicationIds),
            (error: unknown) => void failures.push(error),
          );
          calls.add(call);
          void call.finally(() => calls.delete(call));
        }
        await sleep(5);
      }
      await Promise.all(calls);
    })();

    const dropAndReturn = async () => {
      for (let drop = 1; drop <= scenario.drops; drop++) {
        await scenario.beforeDrop();
        const gone = closed(client);
        const fault = await h.api('POST', '/_emulator/faults', { json: { kind: 'drop-sockets' } });
        assert.equal(fault.status, 201);
        assert.equal(fault.body.dropped, 1);
        await gone;
        await sleep(scenario.awayMs());
        client = await connectAgain();
        assert.equal(h.connack(client).sessionPresent, true, `session lost at drop ${drop}`);
      }
      await scenario.beforeDrop();
    };
    try {
      await dropAndReturn();
    } finally {
      isStreaming = false;
      await stream;
    }
    assert.deepEqual(failures, []);

    const expected = new Set(published);
    assert.equal(expected.size, published.length);
    const missing = () => {
      const got = new Set(received());
      return [...expected].filter((id) => !got.has(id));
    };
    await waitFor(
      `every publication (${missing().length} of ${expected.size} missing)`,
      () => missing().length === 0,
      SETTLE_MS,
    );
    assert.ok(client.connected, 'the broker closed the returned client');
    const all = received();
    assert.ok(
      all.every((id) => expected.has(id)),
      'received a publication never published',
    );
    const counters = await h.counters();
    const mine = counters.subscriptions[subscriptionId];
    assert.equal(mine.matched, expected.size);
    assert.equal(counters.mqttConnects, scenario.drops + 1);
    assert.equal(counters.socketDrops, scenario.drops);
    await waitFor('every message to be acknowledged', async () => {
      const c = (await h.counters()).subscriptions[subscriptionId];
      return c.deliveredQos1Acked >= expected.size;
    });
    if (process.env['NO_LOSS_VERBOSE']) {
      const flagged = clients.flatMap((c) => h.inbox(c).messages).filter((m) => m.dup).length;
      console.log(
        `published ${expected.size}, received ${all.length} ` +
          `(${all.length - new Set(all).size} duplicates, ${flagged} with DUP)`,
      );
    }
    return expected.size;
  }

  it('5 drops at about 200 events/s, the client back within 100-500 ms each time', async () => {
    const count = await run({
      eventsPerSecond: 200,
      drops: 5,
      // Some traffic, then a while longer, so each drop cuts a flowing stream.
      beforeDrop: async () => {
        const { delivered } = await h.counters();
        await waitFor('traffic', async () => (await h.counters()).delivered >= delivered + 50);
        await sleep(400);
      },
      awayMs: between(100, 500),
    });
    assert.ok(count > 600, `only ${count} publications`);
  });

  it('10 drops while the returning client is still being sent its backlog', async () => {
    const count = await run({
      eventsPerSecond: 600,
      drops: 10,
      // Right after CONNACK, while aedes may still be flushing the stored queue.
      beforeDrop: () => sleep(Math.random() * 150),
      awayMs: between(100, 400),
    });
    assert.ok(count > 1000, `only ${count} publications`);
  });
});
