import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator } from '../emulator.js';
import { startMosquitto, type RunningMosquitto } from '../mosquitto.js';
import { API, Harness, OPERATOR, waitFor } from './test-kit.js';

const EMULATOR_DIR = fileURLToPath(new URL('..', import.meta.url));
const OUTSIDE = '+16135550123';
const PRESIGNED_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
];

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('external-broker mode (Mosquitto)', () => {
  let mosquitto: RunningMosquitto;
  let h: Harness;
  before(async () => {
    mosquitto = await startMosquitto();
    h = await Harness.start({ brokerUrl: mosquitto.tcpUrl, brokerWsUrl: mosquitto.wsUrl });
  });
  beforeEach(async () => {
    assert.equal((await h.api('POST', '/_emulator/reset')).status, 204);
  });
  after(async () => {
    await h?.close();
    await mosquitto?.close();
  });

  it("hands out the broker's WebSocket URL, presigned like the emulator's own", async () => {
    const token = await h.signIn(OPERATOR);
    const before = Date.now();
    const res = await h.api('POST', `${API}/connections`, {
      token,
      json: { transport: 'websocket' },
    });
    assert.equal(res.status, 201);
    const url = new URL(res.body.websocketUri);
    assert.equal(`${url.origin}${url.pathname}`, mosquitto.wsUrl);
    assert.deepEqual([...url.searchParams.keys()], PRESIGNED_PARAMS);
    assert.equal(url.searchParams.get('X-Amz-Expires'), '60');
    const expiresIn = Date.parse(res.body.expiresOn) - before;
    assert.ok(expiresIn > 58_000 && expiresIn <= 60_000, `expires in ${expiresIn} ms`);
    assert.equal(typeof res.body.connectionId, 'string');
  });

  it('delivers a matching scripted call through the broker in the contract envelope', async () => {
    const { subscription, inbox, clientId } = await h.liveSubscriber(OPERATOR, {
      subjectFilter: '/endpoints/130004/',
    });
    // Published first over the same connection: had it been sent, it would arrive first.
    await h.call({ from: OUTSIDE, to: '130005' });
    const call = await h.call({ from: OUTSIDE, to: '130004', fromName: 'Acme Corp' });
    const messages = await inbox.waitForCount(3);
    assert.deepEqual(
      messages.map((m) => m.payload.publicationId),
      call.publicationIds,
    );
    for (const { topic, qos, payload } of messages) {
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
      assert.equal(payload.content.endpointId, '130004');
      assert.equal(payload.content.fromName, 'Acme Corp');
      assert.deepEqual(payload.subscription, { subscriptionId: subscription.subscriptionId });
    }
    assert.deepEqual(
      messages.map((m) => m.payload.content.state),
      ['ringing', 'connected', 'completed'],
    );
    const counters = await h.counters();
    assert.equal(counters.mode, 'external');
    assert.equal(counters.published, 6);
    assert.equal(counters.delivered, null);
    assert.equal(counters.mqttClients, null);
    assert.equal(counters.mqttConnects, null);
    assert.equal(counters.socketDrops, null);
    assert.deepEqual(counters.subscriptions[subscription.subscriptionId], {
      matched: 3,
      delivered: null,
      deliveredQos1Acked: null,
      ownerUsername: OPERATOR.username,
      deviceId: clientId,
    });
  });

  it('stops publishing to a subscription once it is deleted', async () => {
    const first = await h.liveSubscriber(OPERATOR, { subjectFilter: '/endpoints/130006/' });
    // A second subscription on the same client, created later, so routed after the first:
    // once its copy of a publication arrives, the first one's would have arrived before.
    const sentinel = await h.subscribe(first.token, {
      deviceId: first.clientId,
      subjectFilter: '/endpoints/130006/',
    });
    await first.client.subscribeAsync(sentinel.subscriptionId, { qos: 1 });
    await h.call({ from: OUTSIDE, to: '130006', states: ['ringing'] });
    await first.inbox.waitForCount(2);

    const removed = await h.api(
      'DELETE',
      `${API}/subscriptions/${first.subscription.subscriptionId}`,
      { token: first.token },
    );
    assert.equal(removed.status, 204);
    const call = await h.call({ from: OUTSIDE, to: '130006', states: ['ringing'] });
    const messages = await first.inbox.waitForCount(3);
    assert.equal(messages.length, 3);
    assert.equal(messages[2].topic, sentinel.subscriptionId);
    assert.equal(messages[2].payload.publicationId, call.publicationIds[0]);
    const counters = await h.counters();
    assert.equal(counters.subscriptions[first.subscription.subscriptionId], undefined);
    assert.equal(counters.subscriptions[sentinel.subscriptionId].matched, 2);
  });

  it('resets: subscriptions gone, counters zero, clients of the broker left alone', async () => {
    const { client, token } = await h.liveSubscriber(OPERATOR);
    await h.call({ from: OUTSIDE, to: '130001', states: ['ringing'] });
    assert.equal((await h.api('POST', '/_emulator/reset')).status, 204);
    assert.equal((await h.api('GET', `${API}/subscriptions`, { token })).body.count, 0);
    assert.deepEqual(await h.counters(), {
      mode: 'external',
      published: 0,
      delivered: null,
      subscriptions: {},
      mqttClients: null,
      mqttConnects: null,
      socketDrops: null,
      connectionsIssued: 0,
    });
    assert.equal(client.connected, true);
  });

  it("refuses the faults that need the emulator's own broker (409), and runs REST faults", async () => {
    const { clientId } = await h.liveSubscriber(OPERATOR);
    const mqttFaults = [
      { kind: 'drop-sockets' },
      { kind: 'refuse-upgrades', seconds: 5 },
      { kind: 'expire-urls' },
      { kind: 'restart-broker' },
      { kind: 'duplicate-client', clientId },
    ];
    for (const json of mqttFaults) {
      const res = await h.api('POST', '/_emulator/faults', { json });
      assert.equal(res.status, 409, json.kind);
      assert.match(
        res.body.message,
        new RegExp(`^The ${json.kind} fault needs the emulator's own`),
      );
    }
    assert.deepEqual((await h.api('GET', '/_emulator/faults')).body, { items: [] });
    const token = await h.signIn(OPERATOR);
    const fail = await h.api('POST', '/_emulator/faults', {
      json: { kind: 'fail-rest', status: 502, count: 1 },
    });
    assert.equal(fail.status, 201);
    const failed = await h.api('GET', `${API}/subscriptions`, { token });
    assert.equal(failed.status, 502);
    assert.equal(failed.body.name, 'BadGateway');
    const expired = await h.api('POST', '/_emulator/faults', {
      json: { kind: 'expire-token', accessToken: token },
    });
    assert.equal(expired.status, 201);
    assert.equal((await h.api('GET', `${API}/subscriptions`, { token })).status, 401);
  });

  it('serves no MQTT of its own', async () => {
    const res = await h.api('GET', '/mqtt');
    assert.equal(res.status, 404);
    assert.match(res.body.message, /external-broker mode/);
  });

  it('publishes at QoS 0 when told to', async () => {
    const qos0 = Harness.around(
      await startEmulator({
        port: 0,
        brokerUrl: mosquitto.tcpUrl,
        brokerWsUrl: mosquitto.wsUrl,
        brokerQos: 0,
      }),
    );
    try {
      const { inbox } = await qos0.liveSubscriber(OPERATOR, {}, 1);
      await qos0.call({ from: OUTSIDE, to: '130002', states: ['ringing'] });
      const [message] = await inbox.waitForCount(1);
      assert.equal(message.qos, 0);
    } finally {
      await qos0.close();
    }
  });
});

describe('external-broker mode start-up', () => {
  it('fails within the timeout, naming the URL, when the broker cannot be reached', async () => {
    const brokerUrl = `mqtt://127.0.0.1:${await closedPort()}`;
    const startedAt = Date.now();
    await assert.rejects(
      startEmulator({
        port: 0,
        brokerUrl,
        brokerWsUrl: 'ws://127.0.0.1:1/mqtt',
        brokerConnectTimeoutMs: 800,
      }),
      (error: Error) => {
        assert.match(
          error.message,
          new RegExp(`^Cannot reach the MQTT broker at ${brokerUrl} within 800 ms \\(.+\\)`),
        );
        return true;
      },
    );
    assert.ok(Date.now() - startedAt < 3000);
  });

  it('refuses half a configuration and a WebSocket URL that is not one', async () => {
    await assert.rejects(
      startEmulator({ port: 0, brokerUrl: 'mqtt://127.0.0.1:1883' }),
      /needs both the broker URL to publish to \(--broker\) and its WebSocket URL/,
    );
    await assert.rejects(
      startEmulator({
        port: 0,
        brokerUrl: 'mqtt://127.0.0.1:1883',
        brokerWsUrl: 'http://127.0.0.1:9001/mqtt',
      }),
      /must be a ws:\/\/ or wss:\/\/ URL/,
    );
  });

  it('main.ts --with-mosquitto runs the emulator against its own Mosquitto', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', `${EMULATOR_DIR}main.ts`, '--with-mosquitto', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    let line = '';
    for await (const chunk of child.stdout) {
      line += (chunk as Buffer).toString();
      if (line.includes('\n')) break;
    }
    const [, baseUrl, wsUrl] =
      /^CloudLink emulator listening on (http:\/\/127\.0\.0\.1:\d+) \(external broker: publishing to mqtt:\/\/127\.0\.0\.1:\d+, MQTT over WebSocket at (ws:\/\/127\.0\.0\.1:\d+\/mqtt)\)$/m.exec(
        line,
      ) ?? [];
    assert.ok(baseUrl, `unexpected output: ${line}${errors}`);
    const counters = (await (await fetch(`${baseUrl}/_emulator/counters`)).json()) as {
      mode: string;
    };
    assert.equal(counters.mode, 'external');
    const h = Harness.around({ port: 0, baseUrl, mode: 'external', close: async () => {} });
    const token = await h.signIn(OPERATOR);
    assert.ok((await h.websocketUri(token)).startsWith(`${wsUrl}?`));
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, errors);
    await waitFor('nothing to listen on the broker port', async () => {
      try {
        await fetch(wsUrl.replace(/^ws/, 'http'));
        return false;
      } catch {
        return true;
      }
    });
  });
});
