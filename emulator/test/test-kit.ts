import { connect, type IClientOptions, type IConnackPacket, type MqttClient } from 'mqtt';
import { WebSocket } from 'ws';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator.js';

// Shared set-up for the emulator's tests: one emulator per test file on a free port, real
// HTTP through fetch, a real MQTT client (mqtt.js) over WebSocket, and a close() that ends
// every client it handed out, so a test file's process can exit on its own.

export const OPERATOR = { username: 'operator@switchboard.test', password: 'switchboard' };
export const AGENT = { username: 'agent@switchboard.test', password: 'switchboard' };
export const ACCOUNT_ID = '100000';
export const API = '/2017-09-01';

const DEFAULT_WAIT_MS = 3000;
const POLL_INTERVAL_MS = 20;

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Credentials {
  username: string;
  password: string;
}

/** Polls until `probe` returns something truthy; fails with `what` after the timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** Messages one MQTT client received, parsed, in arrival order. */
export class Inbox {
  readonly messages: Array<{
    topic: string;
    payload: any;
    qos: number;
    /** the DUP flag: set on a redelivery the broker flags as one */
    dup: boolean;
    /** size of the raw payload */
    bytes: number;
    /** Date.now() when the message arrived */
    receivedAt: number;
  }> = [];

  constructor(client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      this.messages.push({
        topic,
        payload: JSON.parse(payload.toString('utf8')),
        qos: packet.qos,
        dup: packet.dup,
        bytes: payload.length,
        receivedAt: Date.now(),
      });
    });
  }

  async waitForCount(count: number, timeoutMs?: number) {
    await waitFor(
      `${count} MQTT messages (have ${this.messages.length})`,
      () => this.messages.length >= count,
      timeoutMs,
    );
    return this.messages;
  }
}

export class Harness {
  private readonly clients = new Set<MqttClient>();
  private readonly inboxes = new WeakMap<MqttClient, Inbox>();
  private readonly connacks = new WeakMap<MqttClient, IConnackPacket>();

  private constructor(readonly emulator: RunningEmulator) {}

  static async start(options: EmulatorOptions = {}): Promise<Harness> {
    return new Harness(await startEmulator({ port: 0, ...options }));
  }

  /** Wraps an emulator started elsewhere; close() then still closes it. */
  static around(emulator: RunningEmulator): Harness {
    return new Harness(emulator);
  }

  get baseUrl(): string {
    return this.emulator.baseUrl;
  }

  async api<T = any>(
    method: string,
    path: string,
    options: {
      token?: string;
      json?: unknown;
      form?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  }

  async tokens(user: Credentials) {
    const response = await this.api('POST', `${API}/token`, {
      form: { grant_type: 'password', ...user, account_id: ACCOUNT_ID },
    });
    if (response.status !== 200)
      throw new Error(`sign-in failed: ${JSON.stringify(response.body)}`);
    return response.body as { access_token: string; refresh_token: string; expires_in: number };
  }

  async signIn(user: Credentials): Promise<string> {
    return (await this.tokens(user)).access_token;
  }

  async websocketUri(token: string): Promise<string> {
    const response = await this.api('POST', `${API}/connections`, {
      token,
      json: { transport: 'websocket' },
    });
    if (response.status !== 201)
      throw new Error(`connections failed: ${JSON.stringify(response.body)}`);
    return response.body.websocketUri as string;
  }

  async subscribe(token: string, fields: Record<string, unknown>): Promise<any> {
    const response = await this.api('POST', `${API}/subscriptions`, {
      token,
      json: {
        transport: 'websocket',
        topic: 'platform-api-media',
        subjectFilter: '/2017-09-01/endpoints/',
        ...fields,
      },
    });
    if (response.status !== 201)
      throw new Error(`subscribe failed: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /**
   * Connects mqtt.js to a websocketUri; rejects (rather than retrying) if refused. Its inbox
   * listens from before CONNECT, so messages a stored session flushes right after CONNACK
   * are not missed.
   */
  async mqtt(
    websocketUri: string,
    clientId: string,
    options: IClientOptions = {},
  ): Promise<MqttClient> {
    const client = connect(websocketUri, {
      protocolVersion: 4,
      clientId,
      reconnectPeriod: 0,
      connectTimeout: 3000,
      ...options,
    });
    this.clients.add(client);
    this.inboxes.set(client, new Inbox(client));
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        client.removeListener('connect', succeed);
        client.removeListener('close', closedEarly);
        reject(error);
      };
      const closedEarly = () => fail(new Error('the connection closed before CONNACK'));
      const succeed = (connack: IConnackPacket) => {
        this.connacks.set(client, connack);
        client.removeListener('error', fail);
        client.removeListener('close', closedEarly);
        resolve();
      };
      client.once('connect', succeed);
      client.once('error', fail);
      client.once('close', closedEarly);
    });
    return client;
  }

  /** The CONNACK the client got when mqtt() connected it. */
  connack(client: MqttClient): IConnackPacket {
    const connack = this.connacks.get(client);
    if (!connack) throw new Error('not a client of this harness');
    return connack;
  }

  inbox(client: MqttClient): Inbox {
    const inbox = this.inboxes.get(client);
    if (!inbox) throw new Error('not a client of this harness');
    return inbox;
  }

  /** Signs in, creates a subscription for a fresh client id and connects it, subscribed. */
  async liveSubscriber(user: Credentials, fields: Record<string, unknown> = {}, qos: 0 | 1 = 1) {
    const token = await this.signIn(user);
    const clientId = `test-${Math.random().toString(36).slice(2, 10)}`;
    const subscription = await this.subscribe(token, { deviceId: clientId, ...fields });
    const client = await this.mqtt(await this.websocketUri(token), clientId);
    const inbox = this.inbox(client);
    await client.subscribeAsync(subscription.subscriptionId, { qos });
    return { token, clientId, subscription, client, inbox };
  }

  async call(fields: Record<string, unknown>) {
    const response = await this.api('POST', '/_emulator/calls', { json: { stepMs: 0, ...fields } });
    if (response.status !== 202) throw new Error(`call failed: ${JSON.stringify(response.body)}`);
    return response.body as {
      callTrackingId: string;
      legs: Array<{ endpointId: string; callId: string }>;
      publicationIds: string[];
    };
  }

  async counters() {
    return (await this.api('GET', '/_emulator/counters')).body;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients].map((client) => client.endAsync(true)));
    await this.emulator.close();
  }
}

/** Resolves when the client's connection is gone (mqtt.js emits 'close'). */
export function closed(client: MqttClient): Promise<void> {
  if (!client.connected) return Promise.resolve();
  return new Promise((resolve) => client.once('close', () => resolve()));
}

/** The HTTP status a WebSocket upgrade gets: 101 when it opens, else the refusal. */
export function upgradeStatus(uri: string, protocols: string[] = ['mqtt']): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(uri, protocols);
    ws.on('error', () => {});
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (req, res) => {
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
  });
}
