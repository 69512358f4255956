import { EMULATOR_URL } from './ports.js';

/** A second CloudLink client for tests: what another tool (or user) does through REST. */
export class CloudLinkClient {
  private constructor(private readonly token: string) {}

  static async signIn(username: string, password = 'switchboard'): Promise<CloudLinkClient> {
    const response = await fetch(`${EMULATOR_URL}/2017-09-01/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username,
        password,
        account_id: '100000',
      }),
    });
    if (!response.ok) throw new Error(`sign-in failed: HTTP ${response.status}`);
    const body = (await response.json()) as { access_token: string };
    return new CloudLinkClient(body.access_token);
  }

  async createSubscription(fields: { deviceId: string; subjectFilter: string }): Promise<string> {
    const body = (await this.send('POST', '/subscriptions', {
      applicationId: '00000000-0000-4000-8000-0000000000e2',
      transport: 'websocket',
      topic: 'platform-api-media',
      ...fields,
    })) as { subscriptionId: string };
    return body.subscriptionId;
  }

  /** A fresh presigned WebSocket URL. */
  async websocketUri(): Promise<string> {
    const body = (await this.send('POST', '/connections', { transport: 'websocket' })) as {
      websocketUri: string;
    };
    return body.websocketUri;
  }

  private async send(method: string, path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${EMULATOR_URL}/2017-09-01${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
    return response.json();
  }
}
