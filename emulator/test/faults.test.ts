import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  API,
  ACCOUNT_ID,
  AGENT,
  Harness,
  OPERATOR,
  closed,
  upgradeStatus,
  waitFor,
} from './test-kit.js';

// /_emulator/faults: each kind's observable effect, through real HTTP and mqtt.js.

const FAULTS = '/_emulator/faults';
const OUTSIDE = '+16135550123';
const APP_ORIGIN = 'http://localhost:4200';

describe('faults', () => {
  let h: Harness;
  let token: string;
  const inject = (json: Record<string, unknown>) => h.api('POST', FAULTS, { json });
  const listed = async () => (await h.api('GET', FAULTS)).body.items as any[];
  const connections = (headers: Record<string, string> = {}) =>
    h.api('POST', `${API}/connections`, { token, json: { transport: 'websocket' }, headers });

  before(async () => {
    h = await Harness.start();
  });
  beforeEach(async () => {
    assert.equal((await h.api('POST', '/_emulator/reset')).status, 204);
    token = await h.signIn(OPERATOR);
  });
  after(() => h.close());

  describe('the API', () => {
    it('refuses bad parameters with a 400 naming the field', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{}, /^kind must be one of drop-sockets, refuse-upgrades, /],
        [{ kind: 'unplug' }, /^kind must be one of/],
        [{ kind: 'drop-sockets', seconds: 3 }, /drop-sockets has no field "seconds"/],
        [{ kind: 'refuse-upgrades' }, /^seconds must be a number greater than 0/],
        [{ kind: 'refuse-upgrades', seconds: 0 }, /^seconds must/],
        [{ kind: 'refuse-upgrades', second: 3 }, /has no field "second"; it takes seconds/],
        [{ kind: 'expire-urls', ttlSec: 1.5 }, /^ttlSec must be a whole number/],
        [{ kind: 'fail-rest', status: 418, count: 1 }, /^status must be one of 400, 401, /],
        [{ kind: 'fail-rest', status: 500, count: 0 }, /^count must be a whole number from 1/],
        [
          { kind: 'fail-rest', status: 500, path: '/_emulator/calls' },
          /^path must be a path under/,
        ],
        [{ kind: 'fail-rest', status: 500, method: 'PATCH' }, /^method must be one of GET, /],
        [{ kind: 'fail-rest', status: 429, retryAfterSec: -1 }, /^retryAfterSec must/],
        [{ kind: 'fail-rest', status: 500, message: '' }, /^message must be a non-empty/],
        [{ kind: 'delay-rest', count: 1 }, /^ms must be a whole number from 1/],
        [{ kind: 'duplicate-client' }, /^clientId is required/],
        [{ kind: 'expire-token' }, /^username or accessToken is required/],
        [{ kind: 'expire-token', username: 'nobody@x.test' }, /^username: there is no demo user/],
        [{ kind: 'expire-token', accessToken: 'forged' }, /^accessToken is not an access token/],
        [{ kind: 'expire-token', username: OPERATOR.username, refreshToo: 'yes' }, /^refreshToo/],
      ];
      for (const [json, message] of cases) {
        const res = await inject(json);
        assert.equal(res.status, 400, JSON.stringify(json));
        assert.equal(res.body.name, 'BadRequest');
        assert.match(res.body.message, message, JSON.stringify(json));
      }
      assert.deepEqual(await listed(), []);
    });

    it('lists the faults in force, deletes one or all, and reset clears them', async () => {
      const fail = await inject({ kind: 'fail-rest', status: 503, count: 2, path: `${API}/x` });
      assert.equal(fail.status, 201);
      assert.deepEqual(Object.keys(fail.body).slice(0, 3), ['id', 'kind', 'description']);
      assert.equal(fail.body.kind, 'fail-rest');
      assert.equal(fail.body.count, 2);
      assert.match(fail.body.description, /503/);
      const delay = await inject({ kind: 'delay-rest', ms: 50, count: 3 });
      const refuse = await inject({ kind: 'refuse-upgrades', seconds: 60 });
      const urls = await inject({ kind: 'expire-urls', ttlSec: 5 });
      const drop = await inject({ kind: 'drop-sockets' });
      assert.equal(drop.status, 201);
      assert.equal(drop.body.dropped, 0);
      const items = await listed();
      assert.deepEqual(
        items.map((f) => f.id),
        [fail.body.id, delay.body.id, refuse.body.id, urls.body.id],
      );
      assert.equal(items[0].remaining, 2);
      assert.equal(items[1].remaining, 3);
      assert.ok(items[2].remainingMs > 50_000 && items[2].remainingMs <= 60_000);
      assert.equal(items[3].ttlSec, 5);

      assert.equal((await h.api('DELETE', `${FAULTS}/${delay.body.id}`)).status, 204);
      const missing = await h.api('DELETE', `${FAULTS}/${delay.body.id}`);
      assert.equal(missing.status, 404);
      assert.match(missing.body.message, /No fault/);
      assert.equal((await listed()).length, 3);
      assert.equal((await h.api('DELETE', FAULTS)).status, 204);
      assert.deepEqual(await listed(), []);
      assert.equal(await upgradeStatus(await h.websocketUri(token)), 101);

      await inject({ kind: 'refuse-upgrades', seconds: 60 });
      assert.equal((await h.api('POST', '/_emulator/reset')).status, 204);
      assert.deepEqual(await listed(), []);
      assert.equal(await upgradeStatus(await h.websocketUri(token)), 101);
    });
  });

  describe('drop-sockets', () => {
    it('closes every MQTT socket at once, without DISCONNECT, and counts it', async () => {
      const a = await h.liveSubscriber(OPERATOR);
      const b = await h.liveSubscriber(AGENT);
      const gone = Promise.all([closed(a.client), closed(b.client)]);
      const res = await inject({ kind: 'drop-sockets' });
      assert.equal(res.status, 201);
      assert.equal(res.body.dropped, 2);
      await gone;
      await waitFor(
        'no MQTT client left',
        async () => (await h.counters()).mqttClients.length === 0,
      );
      const counters = await h.counters();
      assert.equal(counters.socketDrops, 2);
      assert.equal(counters.mqttConnects, 2);
      assert.deepEqual(await listed(), []);
    });

    it('keeps a cleanSession=false session: the client returns to what it missed', async () => {
      const clientId = 'dropped-tab';
      const sub = await h.subscribe(token, { deviceId: clientId, subjectFilter: '/130002/' });
      const first = await h.mqtt(await h.websocketUri(token), clientId, { clean: false });
      await first.subscribeAsync(sub.subscriptionId, { qos: 1 });
      const gone = closed(first);
      await inject({ kind: 'drop-sockets' });
      await gone;
      const call = await h.call({ from: OUTSIDE, to: '130002' });
      const again = await h.mqtt(await h.websocketUri(token), clientId, { clean: false });
      assert.equal(h.connack(again).sessionPresent, true);
      const messages = await h.inbox(again).waitForCount(3);
      assert.deepEqual(
        messages.map((m) => m.payload.publicationId),
        call.publicationIds,
      );
    });
  });

  describe('refuse-upgrades', () => {
    it('answers every upgrade with a raw 503 for the window, then upgrades again', async () => {
      const uri = await h.websocketUri(token);
      const res = await inject({ kind: 'refuse-upgrades', seconds: 0.6 });
      assert.equal(res.status, 201);
      const until = Date.parse(res.body.until);
      assert.equal(await upgradeStatus(uri), 503);
      assert.equal(await upgradeStatus(`${uri}&X-Amz-Signature=mangled`), 503);
      assert.equal(await upgradeStatus(uri, []), 503);
      await assert.rejects(h.mqtt(uri, 'refused-client'));
      assert.equal((await listed()).length, 1);
      await waitFor('the window to end', async () => (await upgradeStatus(uri)) === 101);
      assert.ok(Date.now() >= until, 'upgraded before the window ended');
      assert.deepEqual(await listed(), []);
      const client = await h.mqtt(uri, 'after-the-window');
      assert.equal(client.connected, true);
    });
  });

  describe('expire-urls', () => {
    it('expires every URL issued so far (403), while a fresh one works', async () => {
      const old = await h.websocketUri(token);
      assert.equal(await upgradeStatus(old), 101);
      const res = await inject({ kind: 'expire-urls' });
      assert.equal(res.status, 201);
      assert.equal(await upgradeStatus(old), 403);
      const plain = await fetch(old.replace(/^ws:/, 'http:'));
      assert.equal(plain.status, 403);
      assert.match(((await plain.json()) as { message: string }).message, /expired/);
      const fresh = await h.websocketUri(token);
      assert.equal(new URL(fresh).searchParams.get('X-Amz-Expires'), '60');
      assert.equal(await upgradeStatus(fresh), 101);
      assert.equal((await fetch(fresh.replace(/^ws:/, 'http:'))).status, 426);
      assert.deepEqual(await listed(), []);
    });

    it('with ttlSec, URLs issued from then on live that long, until cleared', async () => {
      const res = await inject({ kind: 'expire-urls', ttlSec: 1 });
      const issued = await connections();
      assert.equal(new URL(issued.body.websocketUri).searchParams.get('X-Amz-Expires'), '1');
      const lifetime = Date.parse(issued.body.expiresOn) - Date.now();
      assert.ok(lifetime <= 1000, `expiresOn ${issued.body.expiresOn}`);
      await waitFor('the short-lived URL to expire', async () => {
        return (await upgradeStatus(issued.body.websocketUri)) === 403;
      });
      assert.equal((await h.api('DELETE', `${FAULTS}/${res.body.id}`)).status, 204);
      const normal = await h.websocketUri(token);
      assert.equal(new URL(normal).searchParams.get('X-Amz-Expires'), '60');
    });
  });

  describe('fail-rest', () => {
    it('answers the next count matching calls with the status, in the usual error shape', async () => {
      const res = await inject({
        kind: 'fail-rest',
        status: 503,
        count: 2,
        path: `${API}/connections`,
      });
      assert.equal(res.status, 201);
      for (let i = 0; i < 2; i++) {
        // Another path is left alone and does not use up the count.
        assert.equal((await h.api('GET', `${API}/subscriptions`, { token })).status, 200);
        const failed = await connections({ Origin: APP_ORIGIN });
        assert.equal(failed.status, 503);
        assert.deepEqual(Object.keys(failed.body), [
          'name',
          'message',
          'statusCode',
          'correlationId',
        ]);
        assert.equal(failed.body.name, 'ServiceUnavailable');
        assert.equal(failed.body.statusCode, 503);
        assert.equal(failed.headers.get('x-mitel-correlation-id'), failed.body.correlationId);
        assert.equal(failed.headers.get('access-control-allow-origin'), APP_ORIGIN);
        assert.equal(failed.headers.get('retry-after'), null);
        assert.equal((await listed()).length, 1 - i);
      }
      assert.equal((await connections()).status, 201);
    });

    it('429 carries Retry-After (1 by default), readable cross-origin', async () => {
      await inject({ kind: 'fail-rest', status: 429, count: 1 });
      const limited = await connections({ Origin: APP_ORIGIN });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.name, 'TooManyRequests');
      assert.equal(limited.headers.get('retry-after'), '1');
      assert.match(limited.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
      await inject({
        kind: 'fail-rest',
        status: 429,
        count: 1,
        retryAfterSec: 7,
        message: 'Slow down.',
      });
      const again = await h.api('GET', `${API}/subscriptions`, { token });
      assert.equal(again.headers.get('retry-after'), '7');
      assert.equal(again.body.message, 'Slow down.');
    });

    it('matches the method, leaves preflights alone, and spares token calls unless named', async () => {
      await inject({ kind: 'fail-rest', status: 401, count: 1, method: 'post', message: 'Nope.' });
      const preflight = await fetch(`${h.baseUrl}${API}/subscriptions`, {
        method: 'OPTIONS',
        headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST' },
      });
      assert.equal(preflight.status, 204);
      assert.equal((await h.api('GET', `${API}/subscriptions`, { token })).status, 200);
      await h.signIn(OPERATOR); // a POST, but a token call
      const failed = await connections();
      assert.equal(failed.status, 401);
      assert.equal(failed.body.message, 'Nope.');
      assert.equal((await connections()).status, 201);

      await inject({ kind: 'fail-rest', status: 500, count: 1, path: `${API}/token` });
      await assert.rejects(h.signIn(OPERATOR), /sign-in failed/);
      await h.signIn(OPERATOR);
    });
  });

  describe('delay-rest', () => {
    it('answers the next count matching calls that much later, normally', async () => {
      await inject({ kind: 'delay-rest', ms: 400, count: 1, path: `${API}/connections` });
      const t0 = performance.now();
      const slow = await connections();
      const slowMs = performance.now() - t0;
      assert.equal(slow.status, 201);
      assert.ok(slowMs >= 400, `answered after ${slowMs} ms`);
      const t1 = performance.now();
      assert.equal((await connections()).status, 201);
      assert.ok(performance.now() - t1 < 400);
      assert.deepEqual(await listed(), []);
    });
  });

  describe('restart-broker', () => {
    it('drops every socket and loses every session, while tokens and subscriptions stay', async () => {
      const clientId = 'restarted-tab';
      const sub = await h.subscribe(token, { deviceId: clientId, subjectFilter: '/130003/' });
      const first = await h.mqtt(await h.websocketUri(token), clientId, { clean: false });
      await first.subscribeAsync(sub.subscriptionId, { qos: 1 });
      const gone = closed(first);
      const res = await inject({ kind: 'restart-broker' });
      assert.equal(res.status, 201);
      assert.equal(res.body.dropped, 1);
      await gone;
      await h.call({ from: OUTSIDE, to: '130003' }); // published while no session exists

      const again = await h.mqtt(await h.websocketUri(token), clientId, { clean: false });
      assert.equal(h.connack(again).sessionPresent, false);
      const listedSubs = await h.api('GET', `${API}/subscriptions`, { token });
      assert.equal(listedSubs.status, 200);
      assert.equal(listedSubs.body.count, 1);
      await again.subscribeAsync(sub.subscriptionId, { qos: 1 });
      const call = await h.call({ from: OUTSIDE, to: '130003' });
      const messages = await h.inbox(again).waitForCount(3);
      assert.deepEqual(
        messages.map((m) => m.payload.publicationId),
        call.publicationIds,
      );
      const counters = await h.counters();
      assert.equal(counters.socketDrops, 1);
      assert.equal(counters.subscriptions[sub.subscriptionId].matched, 6);
      assert.deepEqual(counters.mqttClients, [clientId]);
    });
  });

  describe('duplicate-client', () => {
    it("connects a twin with the client's id, which kicks it, then leaves", async () => {
      const { client, clientId, subscription } = await h.liveSubscriber(OPERATOR, {
        subjectFilter: '/130004/',
      });
      const issuedBefore = (await h.counters()).connectionsIssued;
      const kicked = closed(client);
      const res = await inject({ kind: 'duplicate-client', clientId });
      assert.equal(res.status, 201);
      assert.equal(res.body.ownerUsername, OPERATOR.username);
      await kicked;
      // The app comes back once the twin has left (a twin still there would be kicked).
      const again = await h.mqtt(await h.websocketUri(token), clientId);
      await again.subscribeAsync(subscription.subscriptionId, { qos: 1 });
      await h.call({ from: OUTSIDE, to: '130004' });
      await h.inbox(again).waitForCount(3);
      const counters = await h.counters();
      assert.equal(counters.mqttConnects, 2, 'the twin is not counted');
      assert.equal(counters.socketDrops, 1);
      assert.equal(counters.connectionsIssued, issuedBefore + 1);
      assert.deepEqual(counters.mqttClients, [clientId]);
    });

    it('leaves a cleanSession=false session intact and takes none of its messages', async () => {
      const clientId = 'twin-tab';
      const sub = await h.subscribe(token, { deviceId: clientId, subjectFilter: '/130006/' });
      const first = await h.mqtt(await h.websocketUri(token), clientId, { clean: false });
      await first.subscribeAsync(sub.subscriptionId, { qos: 1 });
      const kicked = closed(first);
      await inject({ kind: 'duplicate-client', clientId });
      await kicked;
      // Reaches the twin, which holds the session for a moment and never acknowledges.
      const call = await h.call({ from: OUTSIDE, to: '130006' });
      const again = await h.mqtt(await h.websocketUri(token), clientId, { clean: false });
      assert.equal(h.connack(again).sessionPresent, true);
      const messages = await h.inbox(again).waitForCount(3);
      assert.deepEqual(
        new Set(messages.map((m) => m.payload.publicationId)),
        new Set(call.publicationIds),
      );
    });

    it('is a 404 when no client has that id', async () => {
      const res = await inject({ kind: 'duplicate-client', clientId: 'nobody' });
      assert.equal(res.status, 404);
      assert.match(res.body.message, /No MQTT client with client id "nobody"/);
    });
  });

  describe('expire-token', () => {
    const refresh = (refreshToken: string) =>
      h.api('POST', `${API}/token`, {
        form: { grant_type: 'refresh_token', refresh_token: refreshToken },
      });

    it("expires a user's access tokens; the refresh token still works", async () => {
      const tokens = await h.tokens(OPERATOR);
      const agent = await h.signIn(AGENT);
      const res = await inject({ kind: 'expire-token', username: OPERATOR.username });
      assert.equal(res.status, 201);
      // Every live one: this test's, beforeEach's and earlier tests'.
      assert.ok(res.body.expiredAccessTokens >= 2);
      assert.equal(res.body.revokedRefreshTokens, 0);
      const denied = await h.api('GET', `${API}/subscriptions`, { token: tokens.access_token });
      assert.equal(denied.status, 401);
      assert.equal(denied.body.message, 'The access token has expired.');
      assert.equal((await h.api('GET', `${API}/subscriptions`, { token: agent })).status, 200);
      const renewed = await refresh(tokens.refresh_token);
      assert.equal(renewed.status, 200);
      const ok = await h.api('GET', `${API}/subscriptions`, { token: renewed.body.access_token });
      assert.equal(ok.status, 200);
      assert.deepEqual(await listed(), []);
    });

    it('expires one access token, and with refreshToo revokes its refresh token', async () => {
      const one = await h.tokens(OPERATOR);
      const other = await h.tokens(OPERATOR);
      const res = await inject({
        kind: 'expire-token',
        accessToken: one.access_token,
        refreshToo: true,
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.expiredAccessTokens, 1);
      assert.equal(res.body.revokedRefreshTokens, 1);
      assert.ok(!JSON.stringify(res.body).includes(one.access_token), 'the token is echoed');
      const denied = await h.api('GET', `${API}/token`, { token: one.access_token });
      assert.equal(denied.status, 401);
      assert.match(denied.body.message, /expired/);
      const refused = await refresh(one.refresh_token);
      assert.equal(refused.status, 401);
      assert.match(refused.body.message, /refresh token is not valid/);
      assert.equal((await h.api('GET', `${API}/token`, { token: other.access_token })).status, 200);
      assert.equal((await refresh(other.refresh_token)).status, 200);
    });

    it('with refreshToo and a username, revokes every refresh token of that user', async () => {
      const tokens = await h.tokens(OPERATOR);
      const res = await inject({
        kind: 'expire-token',
        username: OPERATOR.username,
        refreshToo: true,
      });
      assert.ok(res.body.revokedRefreshTokens >= 2);
      assert.equal((await refresh(tokens.refresh_token)).status, 401);
      const signedIn = await h.api('POST', `${API}/token`, {
        form: { grant_type: 'password', ...OPERATOR, account_id: ACCOUNT_ID },
      });
      assert.equal(signedIn.status, 200);
    });
  });
});
