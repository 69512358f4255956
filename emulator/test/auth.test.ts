import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT_ID, AGENT, API, Harness, OPERATOR, waitFor } from './test-kit.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('token grants', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(() => h.close());

  it('grants a password token from a form-encoded body', async () => {
    const res = await h.api('POST', `${API}/token`, {
      form: { grant_type: 'password', ...OPERATOR, account_id: ACCOUNT_ID },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'bearer');
    assert.equal(typeof res.body.access_token, 'string');
    assert.equal(typeof res.body.refresh_token, 'string');
    assert.equal(res.body.expires_in, 3600);
    assert.equal(typeof res.body.scope, 'string');
  });

  it('grants a password token from a JSON body, account_id as string or number', async () => {
    for (const account_id of [ACCOUNT_ID, Number(ACCOUNT_ID)]) {
      const res = await h.api('POST', `${API}/token`, {
        json: { grant_type: 'password', ...AGENT, account_id },
      });
      assert.equal(res.status, 200);
      assert.ok(res.body.access_token);
    }
  });

  it('answers 401 with a clear message for a wrong password or account', async () => {
    for (const form of [
      {
        grant_type: 'password',
        username: OPERATOR.username,
        password: 'nope',
        account_id: ACCOUNT_ID,
      },
      { grant_type: 'password', ...OPERATOR, account_id: '999999' },
    ]) {
      const res = await h.api('POST', `${API}/token`, { form });
      assert.equal(res.status, 401);
      assert.equal(res.body.name, 'Unauthorized');
      assert.equal(res.body.statusCode, 401);
      assert.match(res.body.message, /username, password or account id is incorrect/);
      assert.equal(res.body.correlationId, res.headers.get('x-mitel-correlation-id'));
    }
  });

  it('answers 400 naming the problem for an unknown grant or a missing field', async () => {
    const unknown = await h.api('POST', `${API}/token`, { form: { grant_type: 'magic' } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /grant_type "magic" is not supported/);
    const missing = await h.api('POST', `${API}/token`, {
      form: { grant_type: 'password', ...OPERATOR },
    });
    assert.equal(missing.status, 400);
    assert.match(missing.body.message, /account_id is required/);
  });

  it('rotates refresh tokens: each is good for exactly one refresh', async () => {
    const first = await h.tokens(OPERATOR);
    const refreshed = await h.api('POST', `${API}/token`, {
      form: { grant_type: 'refresh_token', refresh_token: first.refresh_token },
    });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.access_token, first.access_token);
    assert.notEqual(refreshed.body.refresh_token, first.refresh_token);
    const reused = await h.api('POST', `${API}/token`, {
      form: { grant_type: 'refresh_token', refresh_token: first.refresh_token },
    });
    assert.equal(reused.status, 401);
    assert.match(reused.body.message, /refresh token/);
    const claims = await h.api('GET', `${API}/token`, { token: refreshed.body.access_token });
    assert.equal(claims.body.username, OPERATOR.username);
  });

  it('exchanges a single-use authorization code bound to its client_id', async () => {
    const authorize = await h.api('POST', `${API}/authorize`, {
      form: { response_type: 'code', ...AGENT, account_id: ACCOUNT_ID, client_id: 'switchboard' },
    });
    assert.equal(authorize.status, 200);
    const { code } = authorize.body;
    const wrongClient = await h.api('POST', `${API}/token`, {
      json: { grant_type: 'authorization_code', code, client_id: 'someone-else' },
    });
    assert.equal(wrongClient.status, 401);
    // The failed attempt burnt the code, as single-use codes must be.
    const second = await h.api('POST', `${API}/authorize`, {
      json: { response_type: 'code', ...AGENT, account_id: ACCOUNT_ID, client_id: 'switchboard' },
    });
    const granted = await h.api('POST', `${API}/token`, {
      form: { grant_type: 'authorization_code', code: second.body.code, client_id: 'switchboard' },
    });
    assert.equal(granted.status, 200);
    const claims = await h.api('GET', `${API}/token`, { token: granted.body.access_token });
    assert.equal(claims.body.username, AGENT.username);
    const replay = await h.api('POST', `${API}/token`, {
      form: { grant_type: 'authorization_code', code: second.body.code, client_id: 'switchboard' },
    });
    assert.equal(replay.status, 401);
  });

  it('refuses /authorize with bad credentials', async () => {
    const res = await h.api('POST', `${API}/authorize`, {
      form: {
        response_type: 'code',
        username: AGENT.username,
        password: 'x',
        account_id: ACCOUNT_ID,
        client_id: 'c',
      },
    });
    assert.equal(res.status, 401);
  });

  it('returns the claims of a token', async () => {
    const token = await h.signIn(AGENT);
    const res = await h.api('GET', `${API}/token`, { token });
    assert.equal(res.status, 200);
    assert.deepEqual(
      { ...res.body, expiresOn: undefined },
      {
        userId: '00000000-0000-4000-8000-000000130003',
        accountId: ACCOUNT_ID,
        principalId: '00000000-0000-4000-9000-000000130003',
        role: 'agent',
        extension: '130003',
        name: 'Alan Turing',
        username: AGENT.username,
        expiresOn: undefined,
      },
    );
    const expiresIn = Date.parse(res.body.expiresOn) - Date.now();
    assert.ok(expiresIn > 3500_000 && expiresIn <= 3600_000, `expiresOn ${res.body.expiresOn}`);
  });

  it('says which bearer problem it found', async () => {
    const missing = await h.api('GET', `${API}/subscriptions`);
    assert.equal(missing.status, 401);
    assert.match(missing.body.message, /Authorization header is missing/);
    const basic = await h.api('GET', `${API}/subscriptions`, {
      headers: { Authorization: 'Basic abc' },
    });
    assert.match(basic.body.message, /Bearer scheme/);
    const unknown = await h.api('GET', `${API}/subscriptions`, { token: 'not-a-token' });
    assert.equal(unknown.status, 401);
    assert.match(unknown.body.message, /not recognised/);
  });
});

describe('token expiry', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start({ tokenTtlSec: 1 });
  });
  after(() => h.close());

  it('refuses an access token once it has expired, saying so', async () => {
    const tokens = await h.tokens(OPERATOR);
    assert.equal(tokens.expires_in, 1);
    const issuedAt = Date.now();
    assert.equal(
      (await h.api('GET', `${API}/subscriptions`, { token: tokens.access_token })).status,
      200,
    );
    const refused = await waitFor('the token to expire', async () => {
      const res = await h.api('GET', `${API}/subscriptions`, { token: tokens.access_token });
      return res.status === 401 ? res : undefined;
    });
    assert.ok(Date.now() - issuedAt >= 900, 'expired too early');
    assert.equal(refused.body.message, 'The access token has expired.');
    const claims = await h.api('GET', `${API}/token`, { token: tokens.access_token });
    assert.equal(claims.status, 401);
    // A refresh still works after the access token has expired.
    const refreshed = await h.api('POST', `${API}/token`, {
      form: { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
    });
    assert.equal(refreshed.status, 200);
  });
});

describe('HTTP basics', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(() => h.close());

  it('puts a correlation id on every response, echoing one the caller sent', async () => {
    for (const [method, path] of [
      ['GET', '/_emulator/health'],
      ['GET', '/nowhere'],
      ['GET', `${API}/subscriptions`],
      ['OPTIONS', `${API}/subscriptions`],
    ]) {
      const res = await fetch(`${h.baseUrl}${path}`, { method });
      assert.match(res.headers.get('x-mitel-correlation-id') ?? '', UUID, `${method} ${path}`);
      await res.arrayBuffer();
    }
    const echoed = await fetch(`${h.baseUrl}/nowhere`, {
      headers: { 'x-mitel-correlation-id': 'abc-123' },
    });
    assert.equal(echoed.headers.get('x-mitel-correlation-id'), 'abc-123');
    const body = await echoed.json();
    assert.deepEqual(body, {
      name: 'NotFound',
      message: 'There is no resource at /nowhere.',
      statusCode: 404,
      correlationId: 'abc-123',
    });
  });

  it('answers CORS preflights for local origins, including keepalive DELETEs', async () => {
    const res = await fetch(`${h.baseUrl}${API}/subscriptions/0123456789abcdef0123456789abcdef`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:4200',
        'Access-Control-Request-Method': 'DELETE',
        'Access-Control-Request-Headers': 'authorization,x-mitel-app',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:4200');
    assert.equal(res.headers.get('access-control-allow-methods'), 'GET,POST,PUT,DELETE,OPTIONS');
    assert.equal(
      res.headers.get('access-control-allow-headers'),
      'Authorization, Content-Type, X-Mitel-App, x-mitel-correlation-id',
    );
    assert.equal(
      res.headers.get('access-control-expose-headers'),
      'x-mitel-correlation-id, Retry-After',
    );
    assert.equal(res.headers.get('access-control-max-age'), '600');
    assert.ok(res.headers.get('x-mitel-correlation-id'));
  });

  it('reflects 127.0.0.1 origins on ordinary responses and ignores foreign ones', async () => {
    const local = await fetch(`${h.baseUrl}/_emulator/health`, {
      headers: { Origin: 'http://127.0.0.1:9876' },
    });
    assert.equal(local.headers.get('access-control-allow-origin'), 'http://127.0.0.1:9876');
    const foreign = await fetch(`${h.baseUrl}/_emulator/health`, {
      headers: { Origin: 'https://evil.example' },
    });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    await local.arrayBuffer();
    await foreign.arrayBuffer();
  });

  it('answers 405 for a known path with the wrong method', async () => {
    const res = await h.api('PATCH', `${API}/subscriptions`);
    assert.equal(res.status, 405);
    assert.equal(res.body.name, 'MethodNotAllowed');
  });
});
