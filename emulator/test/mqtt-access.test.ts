import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MqttClient } from 'mqtt';
import { AGENT, Harness, OPERATOR, upgradeStatus, waitFor } from './test-kit.js';

function mangle(uri: string, param: string, replace: (value: string) => string): string {
  const url = new URL(uri);
  url.searchParams.set(param, replace(url.searchParams.get(param) ?? ''));
  return url.toString();
}

/** Watches a client for the socket closing; `subscribed` records any SUBACK grant. */
async function subscribeExpectingClose(client: MqttClient, topic: string) {
  let isClosed = false;
  client.once('close', () => (isClosed = true));
  let granted: unknown;
  client.subscribeAsync(topic, { qos: 1 }).then(
    (g) => (granted = g),
    () => {},
  );
  await waitFor('the broker to close the socket', () => isClosed);
  assert.equal(client.connected, false);
  assert.equal(
    granted,
    undefined,
    `got a SUBACK instead of a closed socket: ${JSON.stringify(granted)}`,
  );
}

describe('the signed MQTT URL', () => {
  let h: Harness;
  let token: string;
  before(async () => {
    h = await Harness.start();
    token = await h.signIn(OPERATOR);
  });
  after(() => h.close());

  it('is an AWS-IoT-style presigned ws:// URL on this emulator, valid for 60 s', async () => {
    const res = await h.api('POST', '/2017-09-01/connections', {
      token,
      json: { transport: 'websocket' },
    });
    assert.equal(res.status, 201);
    const url = new URL(res.body.websocketUri);
    assert.equal(url.protocol, 'ws:');
    assert.equal(url.host, `127.0.0.1:${h.emulator.port}`);
    assert.equal(url.pathname, '/mqtt');
    assert.equal(url.searchParams.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
    assert.ok(url.searchParams.get('X-Amz-Credential')?.startsWith(`${res.body.connectionId}/`));
    assert.match(res.body.websocketUri, /X-Amz-Credential=[^&]+%2F/);
    assert.match(url.searchParams.get('X-Amz-Date') ?? '', /^\d{8}T\d{6}Z$/);
    assert.equal(url.searchParams.get('X-Amz-Expires'), '60');
    assert.ok(url.searchParams.get('X-Amz-Security-Token'));
    assert.match(url.searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
    const lifetime = Date.parse(res.body.expiresOn) - Date.now();
    assert.ok(lifetime > 58_000 && lifetime <= 60_000, `expiresOn ${res.body.expiresOn}`);
  });

  it('refuses /connections without transport websocket', async () => {
    const res = await h.api('POST', '/2017-09-01/connections', { token, json: {} });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /transport/);
  });

  it('answers a plain GET with 426 when valid and 403 when mangled', async () => {
    const uri = (await h.websocketUri(token)).replace(/^ws:/, 'http:');
    const valid = await fetch(uri);
    assert.equal(valid.status, 426);
    assert.match(((await valid.json()) as { message: string }).message, /MQTT-over-WebSocket URL/);
    const mangled = await fetch(
      mangle(uri, 'X-Amz-Signature', (s) => s.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))),
    );
    assert.equal(mangled.status, 403);
    const body = (await mangled.json()) as { name: string; message: string };
    assert.equal(body.name, 'Forbidden');
    assert.match(body.message, /signature/);
  });

  it('upgrades a valid URL with the mqtt subprotocol only', async () => {
    const uri = await h.websocketUri(token);
    assert.equal(await upgradeStatus(uri, ['mqtt']), 101);
    assert.equal(await upgradeStatus(uri, ['mqttv3.1']), 426);
    assert.equal(await upgradeStatus(uri, []), 426);
  });

  it('refuses the upgrade when any part of the URL was changed', async () => {
    const uri = await h.websocketUri(token);
    assert.equal(
      await upgradeStatus(
        mangle(uri, 'X-Amz-Signature', (s) => s.slice(0, -2) + '00'),
        ['mqtt'],
      ),
      403,
    );
    assert.equal(
      await upgradeStatus(
        mangle(uri, 'X-Amz-Expires', () => '86400'),
        ['mqtt'],
      ),
      403,
    );
    assert.equal(
      await upgradeStatus(
        mangle(uri, 'X-Amz-Security-Token', (s) => s + 'x'),
        ['mqtt'],
      ),
      403,
    );
    const stripped = new URL(uri);
    stripped.searchParams.delete('X-Amz-Signature');
    assert.equal(await upgradeStatus(stripped.toString(), ['mqtt']), 403);
    await assert.rejects(
      h.mqtt(
        mangle(uri, 'X-Amz-Signature', (s) => s.slice(0, -2) + '00'),
        'mangled',
      ),
    );
  });

  it('accepts MQTT 3.1.1 and answers CONNACK 1 to MQTT 3.1', async () => {
    const ok = await h.mqtt(await h.websocketUri(token), 'v4-client');
    assert.equal(ok.connected, true);
    await assert.rejects(
      h.mqtt(await h.websocketUri(token), 'v3-client', { protocolVersion: 3, protocolId: 'MQTT' }),
      (error: Error & { code?: number }) => error.code === 1,
    );
  });

  it('drops the older of two clients with the same client id', async () => {
    const first = await h.mqtt(await h.websocketUri(token), 'twin');
    let firstClosed = false;
    first.once('close', () => (firstClosed = true));
    const second = await h.mqtt(await h.websocketUri(token), 'twin');
    await waitFor('the first twin to be dropped', () => firstClosed);
    assert.equal(second.connected, true);
  });
});

describe('URL expiry', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start({ urlTtlSec: 1 });
  });
  after(() => h.close());

  it('refuses a URL once X-Amz-Date + X-Amz-Expires has passed', async () => {
    const token = await h.signIn(OPERATOR);
    const res = await h.api('POST', '/2017-09-01/connections', {
      token,
      json: { transport: 'websocket' },
    });
    const uri: string = res.body.websocketUri;
    const expiresOn = Date.parse(res.body.expiresOn);
    const plain = uri.replace(/^ws:/, 'http:');
    const refusal = await waitFor('the URL to expire', async () => {
      const r = await fetch(plain);
      const body = (await r.json()) as { message: string };
      return r.status === 403 ? body : undefined;
    });
    assert.ok(Date.now() >= expiresOn, 'refused before expiresOn');
    assert.match(refusal.message, /expired/);
    assert.equal(await upgradeStatus(uri, ['mqtt']), 403);
    await assert.rejects(h.mqtt(uri, 'late-client'));
  });
});

describe('SUBSCRIBE and PUBLISH rules', () => {
  let h: Harness;
  let operatorToken: string;
  let agentToken: string;
  before(async () => {
    h = await Harness.start();
    operatorToken = await h.signIn(OPERATOR);
    agentToken = await h.signIn(AGENT);
  });
  after(() => h.close());

  it('grants SUBSCRIBE to the own subscription whose deviceId is the client id', async () => {
    const sub = await h.subscribe(operatorToken, { deviceId: 'good-client' });
    const client = await h.mqtt(await h.websocketUri(operatorToken), 'good-client');
    const granted = await client.subscribeAsync(sub.subscriptionId, { qos: 1 });
    assert.equal(granted[0].qos, 1);
  });

  it('closes the socket when deviceId differs from the client id', async () => {
    const sub = await h.subscribe(operatorToken, { deviceId: 'device-a' });
    const client = await h.mqtt(await h.websocketUri(operatorToken), 'device-b');
    await subscribeExpectingClose(client, sub.subscriptionId);
    assert.ok(!(await h.counters()).mqttClients.includes('device-b'));
  });

  it("closes the socket on SUBSCRIBE to another user's subscription", async () => {
    const sub = await h.subscribe(operatorToken, { deviceId: 'shared-id' });
    const client = await h.mqtt(await h.websocketUri(agentToken), 'shared-id');
    await subscribeExpectingClose(client, sub.subscriptionId);
  });

  it('closes the socket on SUBSCRIBE to an unknown topic or a wildcard', async () => {
    for (const topic of ['0123456789abcdef0123456789abcdef', '#']) {
      const client = await h.mqtt(await h.websocketUri(operatorToken), `probe-${topic.length}`);
      await subscribeExpectingClose(client, topic);
    }
  });

  it('closes the socket of a client that publishes', async () => {
    const sub = await h.subscribe(operatorToken, { deviceId: 'publisher' });
    const client = await h.mqtt(await h.websocketUri(operatorToken), 'publisher');
    await client.subscribeAsync(sub.subscriptionId, { qos: 1 });
    let isClosed = false;
    client.once('close', () => (isClosed = true));
    client.publish(sub.subscriptionId, '{"forged":true}', { qos: 1 }, () => {});
    await waitFor('the broker to close the publisher', () => isClosed);
    assert.equal((await h.counters()).published, 0);
  });

  it('keeps QoS 1 messages for a cleanSession=false client until it reconnects', async () => {
    const sub = await h.subscribe(operatorToken, {
      deviceId: 'sticky',
      subjectFilter: '/2017-09-01/endpoints/130005/',
    });
    const options = { clean: false };
    const first = await h.mqtt(await h.websocketUri(operatorToken), 'sticky', options);
    await first.subscribeAsync(sub.subscriptionId, { qos: 1 });
    await first.endAsync();
    await h.call({ from: '+16135550123', to: '130005' });
    const again = await h.mqtt(await h.websocketUri(operatorToken), 'sticky', options);
    const inbox = h.inbox(again);
    const messages = await inbox.waitForCount(3);
    assert.deepEqual(
      messages.map((m) => m.payload.content.state),
      ['ringing', 'connected', 'completed'],
    );
    assert.ok(messages.every((m) => m.qos === 1));
  });
});
