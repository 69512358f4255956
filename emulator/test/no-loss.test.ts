import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { MqttClient } from 'mqtt';
import { Harness, OPERATOR, closed, waitFor } from './test-kit.js';

// The promise the reconnect design rests on: in internal mode, QoS 1 with cleanSession false
// loses nothing across dropped sockets. A steady stream of scripted calls (about 200 events
// a second, so every publicationId is known) runs while the sockets are dropped five times;
// the client comes back each time 100-500 ms later with a fresh URL and the same client id,
// and must end up with every publicationId its subscription matched. Duplicates are allowed
// (the app dedupes); none may be missing.

const OUTSIDE = '+16135550123';
const CALL_EVERY_MS = 15; // 3 events per call: about 200 events/s
const DROPS = 5;
const TRAFFIC_BETWEEN_DROPS_MS = 600;

describe('no loss across dropped sockets (QoS 1, cleanSession false, internal mode)', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(() => h.close());

  it('a client that reconnects after each of 5 drops receives every publication', async () => {
    const token = await h.signIn(OPERATOR);
    const clientId = 'steady-tab';
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

    // The publisher: one three-event call every CALL_EVERY_MS, paced by elapsed time.
    const published: string[] = [];
    const failures: unknown[] = [];
    const calls = new Set<Promise<void>>();
    let isStreaming = true;
    const stream = (async () => {
      const startedAt = Date.now();
      let started = 0;
      while (isStreaming) {
        const due = Math.floor((Date.now() - startedAt) / CALL_EVERY_MS);
        for (; started < due; started++) {
          const to = `13000${(started % 9) + 1}`;
          const call = h.call({ from: OUTSIDE, to }).then(
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

    try {
      await dropAndReturn();
    } finally {
      isStreaming = false;
      await stream;
    }
    assert.deepEqual(failures, []);

    async function dropAndReturn() {
      for (let drop = 1; drop <= DROPS; drop++) {
        const before = received().length;
        await waitFor('traffic before the drop', () => received().length >= before + 50);
        await sleep(TRAFFIC_BETWEEN_DROPS_MS);
        const gone = closed(client);
        const fault = await h.api('POST', '/_emulator/faults', { json: { kind: 'drop-sockets' } });
        assert.equal(fault.status, 201);
        assert.equal(fault.body.dropped, 1);
        await gone;
        await sleep(100 + Math.random() * 400);
        client = await connectAgain();
        assert.equal(h.connack(client).sessionPresent, true, `session lost at drop ${drop}`);
      }
      const afterLast = received().length;
      await waitFor('traffic after the last drop', () => received().length >= afterLast + 50);
    }

    const expected = new Set(published);
    assert.equal(expected.size, published.length);
    assert.ok(expected.size > 600, `only ${expected.size} publications`);
    const missing = () => {
      const got = new Set(received());
      return [...expected].filter((id) => !got.has(id));
    };
    await waitFor(`every publication (missing ${missing().length})`, () => missing().length === 0);

    const all = received();
    const counters = await h.counters();
    const mine = counters.subscriptions[subscriptionId];
    assert.equal(mine.matched, expected.size);
    assert.ok(
      all.every((id) => expected.has(id)),
      'received a publication never published',
    );
    assert.equal(counters.mqttConnects, DROPS + 1);
    assert.equal(counters.socketDrops, DROPS);
    const duplicates = all.length - new Set(all).size;
    const flagged = clients.flatMap((c) => h.inbox(c).messages).filter((m) => m.dup).length;
    await waitFor('every copy to be acknowledged', async () => {
      const c = (await h.counters()).subscriptions[subscriptionId];
      return c.deliveredQos1Acked >= expected.size;
    });
    if (process.env['NO_LOSS_VERBOSE']) {
      console.log(
        `published ${expected.size}, received ${all.length} (${duplicates} duplicates, ` +
          `${flagged} with DUP), delivered ${mine.delivered}, acked ${mine.deliveredQos1Acked}`,
      );
    }
  });
});
