import { connect, type MqttClient } from 'mqtt';
import { API_BASE } from './auth-api.js';
import type { DemoAccount } from './demo-account.js';
import { HttpError, badRequest, notFound } from './http-error.js';
import type { MqttGateway } from './mqtt-gateway.js';
import type { JsonObject } from './request-body.js';
import type { SignedUrls } from './signed-url.js';
import type { SubscriptionRegistry } from './subscription-registry.js';
import { TimerSet } from './timer-set.js';
import type { TokenIssuer } from './token-issuer.js';

// Injected faults (/_emulator/faults): the failures of cloudlink-contract.md §4, on demand,
// so the app's recovery can be tested against the real emulator. Some act at once and are
// gone (drop-sockets, restart-broker, duplicate-client, expire-token, expire-urls without
// ttlSec); the others stay listed while they are in force (refuse-upgrades for its window,
// expire-urls with ttlSec until cleared, fail-rest and delay-rest until their count is used).

export const FAULT_KINDS = [
  'drop-sockets',
  'refuse-upgrades',
  'expire-urls',
  'fail-rest',
  'delay-rest',
  'restart-broker',
  'duplicate-client',
  'expire-token',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** The fields each kind takes; anything else is a 400, so a typo is not silently ignored. */
const FIELDS: Readonly<Record<FaultKind, readonly string[]>> = {
  'drop-sockets': [],
  'refuse-upgrades': ['seconds'],
  'expire-urls': ['ttlSec'],
  'fail-rest': ['status', 'count', 'path', 'method', 'retryAfterSec', 'message'],
  'delay-rest': ['ms', 'count', 'path', 'method'],
  'restart-broker': [],
  'duplicate-client': ['clientId'],
  'expire-token': ['username', 'accessToken', 'refreshToo'],
};

export const FAIL_STATUSES = [400, 401, 403, 404, 429, 500, 502, 503] as const;
const FAIL_MESSAGES: Readonly<Record<number, string>> = {
  400: 'The request is not valid.',
  401: 'The access token is not valid.',
  403: 'You do not have permission to perform this operation.',
  404: 'The resource was not found.',
  429: 'Too many requests; try again later.',
  500: 'An internal error occurred.',
  502: 'Bad gateway: an upstream service did not answer properly.',
  503: 'The service is temporarily unavailable; try again later.',
};
const REST_METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
// Auth-service paths: a REST fault without a path leaves them alone (so an app can still
// sign in and refresh); a fault whose path names one of them does hit it.
const AUTH_PATHS = [`${API_BASE}/token`, `${API_BASE}/authorize`];
const MAX_SECONDS = 3600;
const MAX_TTL_SEC = 86_400;
const MAX_COUNT = 100_000;
const MAX_DELAY_MS = 120_000;
const MAX_MESSAGE_LENGTH = 500;
const DEFAULT_RETRY_AFTER_SEC = 1;
// How long the duplicate-client twin stays connected before it leaves the id to the app.
const TWIN_LIFETIME_MS = 200;
const TWIN_CONNECT_TIMEOUT_MS = 3000;
// The twin's own URL gets the usual lifetime even while expire-urls shortens everyone's.
const TWIN_URL_TTL_SEC = 60;

/** What GET /_emulator/faults lists and POST answers: id, kind, description and the params. */
export type FaultView = { id: string; kind: FaultKind; description: string } & Record<
  string,
  unknown
>;

interface RestFault {
  readonly kind: 'fail-rest' | 'delay-rest';
  readonly view: FaultView;
  readonly path: string | undefined;
  readonly method: string | undefined;
  remaining: number;
}

interface FailRestFault extends RestFault {
  readonly kind: 'fail-rest';
  readonly status: number;
  readonly message: string;
  readonly retryAfterSec: number | undefined;
}

interface DelayRestFault extends RestFault {
  readonly kind: 'delay-rest';
  readonly ms: number;
}

type ActiveFault =
  | FailRestFault
  | DelayRestFault
  | { readonly kind: 'refuse-upgrades'; readonly view: FaultView; readonly untilMs: number }
  | { readonly kind: 'expire-urls'; readonly view: FaultView };

export interface FaultParts {
  account: DemoAccount;
  tokens: TokenIssuer;
  urls: SignedUrls;
  registry: SubscriptionRegistry;
  /** the emulator's own broker; absent in external-broker mode */
  gateway?: MqttGateway;
  /** where MQTT clients connect (no query), for the duplicate-client twin */
  socketUrl: () => string;
  log: (line: string) => void;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function wholeNumber(body: JsonObject, field: string, min: number, max: number): number {
  const value = body[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`${field} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

function optionalWholeNumber(
  body: JsonObject,
  field: string,
  min: number,
  max: number,
): number | undefined {
  return body[field] === undefined ? undefined : wholeNumber(body, field, min, max);
}

function optionalText(body: JsonObject, field: string, maxLength: number): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    throw badRequest(`${field} must be a non-empty string of at most ${maxLength} characters.`);
  }
  return value;
}

function restPath(body: JsonObject): string | undefined {
  const path = optionalText(body, 'path', 1000);
  if (path !== undefined && !(path === API_BASE || path.startsWith(`${API_BASE}/`))) {
    throw badRequest(
      `path must be a path under ${API_BASE}, such as "${API_BASE}/connections"; got "${path}".`,
    );
  }
  return path;
}

function restMethod(body: JsonObject): string | undefined {
  const method = optionalText(body, 'method', 10)?.toUpperCase();
  if (method !== undefined && !REST_METHODS.includes(method)) {
    throw badRequest(`method must be one of ${REST_METHODS.join(', ')}; got "${method}".`);
  }
  return method;
}

/** "the next 3 POST calls to /2017-09-01/connections", for descriptions. */
function describeCalls(count: number, method: string | undefined, path: string | undefined) {
  const calls = `${count === 1 ? 'call' : `${count} calls`}`;
  const where = path === undefined ? `under ${API_BASE} (token calls excepted)` : `to ${path}*`;
  return `the next ${method ? `${method} ` : 'REST '}${calls} ${where}`;
}

function mask(secret: string): string {
  return `${secret.slice(0, 4)}…`;
}

/** Resolves once the MQTT client is connected; rejects if it errs or closes first. */
function connected(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      client.off('connect', onConnect);
      client.off('error', onError);
      client.off('close', onClose);
    };
    const onConnect = () => {
      cleanUp();
      resolve();
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const onClose = () => onError(new Error('the connection closed before CONNACK'));
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
  });
}

export class FaultInjector {
  private readonly active: ActiveFault[] = [];
  private readonly timers = new TimerSet();
  private readonly twins = new Set<MqttClient>();
  private nextId = 1;

  constructor(private readonly parts: FaultParts) {
    parts.gateway?.setUpgradeGate(() => this.isRefusingUpgrades());
  }

  /** Faults still in force, oldest first. */
  list(): FaultView[] {
    this.prune();
    return this.active.map((fault) => this.viewOf(fault));
  }

  /** POST /_emulator/faults: validates (400 naming the field) and applies the fault. */
  async inject(body: JsonObject): Promise<FaultView> {
    const kind = body['kind'];
    if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
      throw badRequest(`kind must be one of ${FAULT_KINDS.join(', ')}.`);
    }
    const faultKind = kind as FaultKind;
    const allowed = FIELDS[faultKind];
    for (const field of Object.keys(body)) {
      if (field !== 'kind' && !allowed.includes(field)) {
        throw badRequest(
          `${faultKind} has no field "${field}"; it takes ` +
            (allowed.length > 0 ? allowed.join(', ') : 'no other field than kind') +
            '.',
        );
      }
    }
    const id = `fault-${this.nextId++}`;
    switch (faultKind) {
      case 'drop-sockets':
        return this.dropSockets(id);
      case 'refuse-upgrades':
        return this.refuseUpgrades(id, body);
      case 'expire-urls':
        return this.expireUrls(id, body);
      case 'fail-rest':
        return this.failRest(id, body);
      case 'delay-rest':
        return this.delayRest(id, body);
      case 'restart-broker':
        return this.restartBroker(id);
      case 'duplicate-client':
        return this.duplicateClient(id, body);
      case 'expire-token':
        return this.expireToken(id, body);
    }
  }

  /** DELETE /_emulator/faults/{id}: false if no such fault is in force. */
  remove(id: string): boolean {
    this.prune();
    const index = this.active.findIndex((fault) => fault.view.id === id);
    if (index < 0) return false;
    const [fault] = this.active.splice(index, 1);
    if (fault.kind === 'expire-urls') this.parts.urls.overrideTtl(undefined);
    return true;
  }

  /**
   * DELETE /_emulator/faults and reset: every fault in force ends, delayed requests are
   * answered now, and a duplicate-client twin leaves now.
   */
  clear(): void {
    this.active.length = 0;
    this.parts.urls.overrideTtl(undefined);
    this.timers.clear();
  }

  async close(): Promise<void> {
    this.clear();
    this.timers.close();
    await Promise.all([...this.twins].map((twin) => this.endTwin(twin)));
  }

  /**
   * The HTTP server's gate: holds a matching request for a delay-rest fault, then answers it
   * with a fail-rest fault's error, each using one of its count. OPTIONS preflights never
   * reach it, so a browser can always read the injected answer.
   */
  readonly gate = async (method: string, pathname: string): Promise<HttpError | undefined> => {
    if (pathname !== API_BASE && !pathname.startsWith(`${API_BASE}/`)) return undefined;
    if (this.active.length === 0) return undefined;
    const delay = this.take('delay-rest', method, pathname);
    if (delay) await this.timers.wait(delay.ms);
    const fail = this.take('fail-rest', method, pathname);
    if (!fail) return undefined;
    const headers: Record<string, string> = { 'x-emulator-fault': fail.view.id };
    if (fail.retryAfterSec !== undefined) headers['Retry-After'] = String(fail.retryAfterSec);
    return new HttpError(fail.status, fail.message, headers);
  };

  private isRefusingUpgrades(): boolean {
    this.prune();
    return this.active.some((fault) => fault.kind === 'refuse-upgrades');
  }

  /** The oldest fault of that kind matching the request, with one of its count used. */
  private take<K extends RestFault['kind']>(
    kind: K,
    method: string,
    pathname: string,
  ): Extract<ActiveFault, { kind: K }> | undefined {
    const index = this.active.findIndex(
      (fault) => fault.kind === kind && this.matches(fault as RestFault, method, pathname),
    );
    if (index < 0) return undefined;
    const fault = this.active[index] as RestFault;
    fault.remaining--;
    if (fault.remaining <= 0) this.active.splice(index, 1);
    return fault as Extract<ActiveFault, { kind: K }>;
  }

  private matches(fault: RestFault, method: string, pathname: string): boolean {
    if (fault.method !== undefined && fault.method !== method) return false;
    if (fault.path !== undefined && !pathname.startsWith(fault.path)) return false;
    const authPath = AUTH_PATHS.find((p) => pathname === p || pathname.startsWith(`${p}/`));
    return authPath === undefined || (fault.path ?? '').startsWith(authPath);
  }

  /** Forgets refuse-upgrades windows that have passed. */
  private prune(): void {
    const now = Date.now();
    for (let i = this.active.length - 1; i >= 0; i--) {
      const fault = this.active[i];
      if (fault.kind === 'refuse-upgrades' && fault.untilMs <= now) this.active.splice(i, 1);
    }
  }

  private viewOf(fault: ActiveFault): FaultView {
    switch (fault.kind) {
      case 'fail-rest':
      case 'delay-rest':
        return { ...fault.view, remaining: fault.remaining };
      case 'refuse-upgrades':
        return { ...fault.view, remainingMs: Math.max(0, fault.untilMs - Date.now()) };
      case 'expire-urls':
        return { ...fault.view };
    }
  }

  /** A fault that stays in force: recorded, logged, and its view answered. */
  private keep(fault: ActiveFault): FaultView {
    this.active.push(fault);
    return this.done(this.viewOf(fault));
  }

  /** A fault that acted and is over: logged, and its view answered. */
  private done(view: FaultView): FaultView {
    this.parts.log(`fault ${view.id}: ${view.description}`);
    return view;
  }

  private ownBroker(kind: FaultKind): MqttGateway {
    const gateway = this.parts.gateway;
    if (!gateway) {
      const why =
        kind === 'expire-urls'
          ? 'an external broker does not check the signed URL, so an expired one still connects'
          : "the MQTT sockets and sessions are the external broker's, which the emulator " +
            'does not control';
      throw new HttpError(
        409,
        `The ${kind} fault needs the emulator's own MQTT broker: in external-broker mode ${why}.`,
      );
    }
    return gateway;
  }

  private dropSockets(id: string): FaultView {
    const dropped = this.ownBroker('drop-sockets').dropSockets();
    return this.done({
      id,
      kind: 'drop-sockets',
      description:
        `Dropped ${plural(dropped, 'MQTT socket')} abruptly (no DISCONNECT); ` +
        'cleanSession=false sessions are kept.',
      dropped,
    });
  }

  private refuseUpgrades(id: string, body: JsonObject): FaultView {
    const seconds = body['seconds'];
    if (
      typeof seconds !== 'number' ||
      !Number.isFinite(seconds) ||
      seconds <= 0 ||
      seconds > MAX_SECONDS
    ) {
      throw badRequest(`seconds must be a number greater than 0 and at most ${MAX_SECONDS}.`);
    }
    this.ownBroker('refuse-upgrades');
    const untilMs = Date.now() + seconds * 1000;
    const until = new Date(untilMs).toISOString();
    return this.keep({
      kind: 'refuse-upgrades',
      untilMs,
      view: {
        id,
        kind: 'refuse-upgrades',
        description: `Every /mqtt upgrade is refused with 503 Service Unavailable until ${until}.`,
        seconds,
        until,
      },
    });
  }

  private expireUrls(id: string, body: JsonObject): FaultView {
    const ttlSec = optionalWholeNumber(body, 'ttlSec', 0, MAX_TTL_SEC);
    this.ownBroker('expire-urls');
    const { urls } = this.parts;
    urls.expireAllIssued();
    const expired = 'Every websocketUri issued so far is expired (403)';
    if (ttlSec === undefined) {
      return this.done({ id, kind: 'expire-urls', description: `${expired}.` });
    }
    // One lifetime at a time: a newer expire-urls with ttlSec replaces an older one.
    for (let i = this.active.length - 1; i >= 0; i--) {
      if (this.active[i].kind === 'expire-urls') this.active.splice(i, 1);
    }
    urls.overrideTtl(ttlSec);
    return this.keep({
      kind: 'expire-urls',
      view: {
        id,
        kind: 'expire-urls',
        description: `${expired}; URLs issued from now on live ${plural(ttlSec, 'second')} until this fault is cleared.`,
        ttlSec,
      },
    });
  }

  private failRest(id: string, body: JsonObject): FaultView {
    const status = body['status'];
    if (typeof status !== 'number' || !(FAIL_STATUSES as readonly number[]).includes(status)) {
      throw badRequest(`status must be one of ${FAIL_STATUSES.join(', ')}.`);
    }
    const count = optionalWholeNumber(body, 'count', 1, MAX_COUNT) ?? 1;
    const path = restPath(body);
    const method = restMethod(body);
    const given = optionalWholeNumber(body, 'retryAfterSec', 0, MAX_SECONDS);
    const retryAfterSec = status === 429 ? (given ?? DEFAULT_RETRY_AFTER_SEC) : given;
    const message =
      optionalText(body, 'message', MAX_MESSAGE_LENGTH) ??
      (status === 429
        ? `Too many requests; retry after ${plural(retryAfterSec ?? 0, 'second')}.`
        : FAIL_MESSAGES[status]);
    const retry = retryAfterSec === undefined ? '' : ` with Retry-After: ${retryAfterSec}`;
    return this.keep({
      kind: 'fail-rest',
      path,
      method,
      status,
      message,
      retryAfterSec,
      remaining: count,
      view: {
        id,
        kind: 'fail-rest',
        description: `Answers ${describeCalls(count, method, path)} with ${status}${retry}.`,
        status,
        count,
        ...(path === undefined ? {} : { path }),
        ...(method === undefined ? {} : { method }),
        ...(retryAfterSec === undefined ? {} : { retryAfterSec }),
        message,
      },
    });
  }

  private delayRest(id: string, body: JsonObject): FaultView {
    const ms = wholeNumber(body, 'ms', 1, MAX_DELAY_MS);
    const count = optionalWholeNumber(body, 'count', 1, MAX_COUNT) ?? 1;
    const path = restPath(body);
    const method = restMethod(body);
    return this.keep({
      kind: 'delay-rest',
      path,
      method,
      ms,
      remaining: count,
      view: {
        id,
        kind: 'delay-rest',
        description: `Answers ${describeCalls(count, method, path)} ${ms} ms late.`,
        ms,
        count,
        ...(path === undefined ? {} : { path }),
        ...(method === undefined ? {} : { method }),
      },
    });
  }

  private async restartBroker(id: string): Promise<FaultView> {
    const dropped = await this.ownBroker('restart-broker').restart();
    return this.done({
      id,
      kind: 'restart-broker',
      description:
        `Restarted the MQTT broker: dropped ${plural(dropped, 'socket')} and lost every ` +
        'session and queued message; tokens and subscriptions are kept.',
      dropped,
    });
  }

  /**
   * Connects the emulator's own client with the app's client id, through a URL of the
   * subscription owner whose deviceId it is, so the broker drops the app's connection (what
   * two tabs sharing a client id do to each other), then leaves after TWIN_LIFETIME_MS. It
   * resumes the stored session (cleanSession false) but never acknowledges anything, so
   * messages flushed to it stay queued for the app's return.
   */
  private async duplicateClient(id: string, body: JsonObject): Promise<FaultView> {
    const clientId = optionalText(body, 'clientId', 256);
    if (clientId === undefined) throw badRequest('clientId is required.');
    const gateway = this.ownBroker('duplicate-client');
    if (!gateway.hasClient(clientId)) {
      throw notFound(`No MQTT client with client id "${clientId}" is connected.`);
    }
    const { account, registry, urls, socketUrl } = this.parts;
    const owner =
      registry.all().find((s) => s.view.deviceId === clientId)?.owner ?? account.users[0];
    const issued = urls.issue(owner.userId, socketUrl(), {
      counted: false,
      ttlSec: TWIN_URL_TTL_SEC,
    });
    gateway.expectOwnConnection(issued.connectionId);
    const twin = connect(issued.websocketUri, {
      protocolVersion: 4,
      clientId,
      clean: false,
      reconnectPeriod: 0,
      connectTimeout: TWIN_CONNECT_TIMEOUT_MS,
    });
    // Never calling back means never sending PUBACK.
    twin.handleMessage = () => {};
    this.twins.add(twin);
    try {
      await connected(twin);
    } catch (error) {
      gateway.forgetOwnConnection(issued.connectionId);
      await this.endTwin(twin);
      throw new HttpError(
        500,
        `The duplicate client could not connect: ${(error as Error).message}`,
      );
    }
    // The broker dropped the app's connection when the twin registered, before its CONNACK.
    gateway.countDrop();
    const leave = () => void this.endTwin(twin);
    this.timers.after(TWIN_LIFETIME_MS, leave, leave);
    return this.done({
      id,
      kind: 'duplicate-client',
      description:
        `Connected a second client with client id "${clientId}" (as ${owner.username}), ` +
        `which made the broker drop the first; it leaves after ${TWIN_LIFETIME_MS} ms.`,
      clientId,
      ownerUsername: owner.username,
    });
  }

  private async endTwin(twin: MqttClient): Promise<void> {
    this.twins.delete(twin);
    await twin.endAsync(true);
  }

  private expireToken(id: string, body: JsonObject): FaultView {
    const username = optionalText(body, 'username', 256);
    const accessToken = optionalText(body, 'accessToken', 1024);
    const refreshToo = body['refreshToo'] ?? false;
    if (typeof refreshToo !== 'boolean') throw badRequest('refreshToo must be true or false.');
    if (username === undefined && accessToken === undefined) {
      throw badRequest('username or accessToken is required.');
    }
    const { account, tokens } = this.parts;
    const user =
      username === undefined ? undefined : account.users.find((u) => u.username === username);
    if (username !== undefined && !user) {
      throw badRequest(`username: there is no demo user "${username}".`);
    }
    if (accessToken !== undefined && !tokens.knowsAccessToken(accessToken)) {
      throw badRequest('accessToken is not an access token this emulator issued.');
    }
    const result = tokens.expireNow({ userId: user?.userId, accessToken }, refreshToo);
    const whose = accessToken === undefined ? `of ${username}` : 'given';
    return this.done({
      id,
      kind: 'expire-token',
      description:
        `Expired ${plural(result.expiredAccessTokens, 'access token')} ${whose}` +
        (refreshToo
          ? ` and revoked ${plural(result.revokedRefreshTokens, 'refresh token')}.`
          : '; refresh tokens still work.'),
      ...(username === undefined ? {} : { username }),
      ...(accessToken === undefined ? {} : { accessToken: mask(accessToken) }),
      refreshToo,
      ...result,
    });
  }
}
