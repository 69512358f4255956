// What the benchmark asks of the emulator over HTTP: a token, subscriptions and connection
// URLs for the bare page (as any CloudLink client gets them), and the load generator.

export const DEMO_ACCOUNT = '100000';
export const OPERATOR = 'operator@switchboard.test';
export const DEMO_PASSWORD = 'switchboard';
export const CALL_EVENTS_TOPIC = 'platform-api-media';
export const ALL_ENDPOINTS_FILTER = '/2017-09-01/endpoints/';
const APPLICATION_ID = 'switchboard-bench';

/** How often a running load is polled for its end. */
const LOAD_POLL_MS = 200;

/** GET /_emulator/load (emulator/load-generator.ts), the fields the benchmark reads. */
export interface LoadStatus {
  running: boolean;
  /** events published; each went to every target subscription */
  published: number;
  /** epoch ms */
  startedAt: number | null;
  finishedAt: number | null;
  achievedEventsPerSecond: number | null;
}

export interface LoadRequest {
  eventsPerSecond: number;
  durationMs: number;
  /** only these subscriptions get the load; all matching ones when absent */
  subscriptionIds?: string[];
}

export class EmulatorClient {
  private token: string | undefined;

  constructor(private readonly baseUrl: string) {}

  private get api(): string {
    return `${this.baseUrl}/2017-09-01`;
  }

  private get control(): string {
    return `${this.baseUrl}/_emulator`;
  }

  async signIn(): Promise<void> {
    const body = new URLSearchParams({
      grant_type: 'password',
      username: OPERATOR,
      password: DEMO_PASSWORD,
      account_id: DEMO_ACCOUNT,
    });
    const reply = await this.request<{ access_token: string }>('POST', `${this.api}/token`, body);
    this.token = reply.access_token;
  }

  /** A subscription to every endpoint's call events, owned by `deviceId` (the MQTT client id). */
  async createSubscription(deviceId: string): Promise<string> {
    const reply = await this.request<{ subscriptionId: string }>(
      'POST',
      `${this.api}/subscriptions`,
      {
        applicationId: APPLICATION_ID,
        deviceId,
        transport: 'websocket',
        topic: CALL_EVENTS_TOPIC,
        subjectFilter: ALL_ENDPOINTS_FILTER,
      },
    );
    return reply.subscriptionId;
  }

  async deleteSubscription(subscriptionId: string): Promise<void> {
    await this.request('DELETE', `${this.api}/subscriptions/${encodeURIComponent(subscriptionId)}`);
  }

  /** A fresh WebSocket URL (in external-broker mode, the broker's). A credential: never log it. */
  async connectionUri(): Promise<string> {
    const reply = await this.request<{ websocketUri: string }>('POST', `${this.api}/connections`, {
      transport: 'websocket',
    });
    return reply.websocketUri;
  }

  async startLoad(load: LoadRequest): Promise<void> {
    await this.request('POST', `${this.control}/load`, { ...load });
  }

  loadStatus(): Promise<LoadStatus> {
    return this.request<LoadStatus>('GET', `${this.control}/load`);
  }

  async stopLoad(): Promise<void> {
    await this.request('DELETE', `${this.control}/load`).catch(() => undefined);
  }

  /**
   * The call simulator's rate (0 = off). Unlike the load generator, whose targets are fixed
   * when it starts, the simulator routes each event to whichever subscriptions match at
   * that moment, so a subscription created mid-stream gets events at once.
   */
  async setSimulatorRate(eventsPerSecond: number): Promise<void> {
    await this.request('PUT', `${this.control}/simulator`, { eventsPerSecond });
  }

  /** Runs one load to its end; `onTick` sees each status while it runs. */
  async runLoad(
    load: LoadRequest,
    onTick?: (status: LoadStatus) => Promise<void>,
  ): Promise<LoadStatus> {
    await this.startLoad(load);
    const deadline = Date.now() + load.durationMs * 3 + 30_000;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, LOAD_POLL_MS));
      const status = await this.loadStatus();
      if (!status.running) return status;
      await onTick?.(status);
      if (Date.now() > deadline) {
        await this.stopLoad();
        throw new Error(`The load of ${load.eventsPerSecond}/s did not finish in time`);
      }
    }
  }

  private async request<T = unknown>(
    method: string,
    url: string,
    body?: URLSearchParams | Record<string, unknown>,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token && url.startsWith(this.api)) headers['authorization'] = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body instanceof URLSearchParams) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = body.toString();
    } else if (body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    if (!response.ok) {
      // The path only: a query string here could be a credential.
      const path = new URL(url).pathname;
      throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
