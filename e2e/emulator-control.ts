import { EMULATOR_URL } from './ports.js';

export interface EmulatorSubscription {
  subscriptionId: string;
  deviceId: string;
  subjectFilter: string;
  topic: string;
  userId?: string;
}

export interface ScriptedCall {
  from: string;
  to: string;
  states?: string[];
  stepMs?: number;
  cause?: string;
  fromName?: string;
  toName?: string;
}

export interface PlacedCall {
  callTrackingId: string;
  legs: { endpointId: string; callId: string }[];
  publicationIds: string[];
}

export interface Counters {
  published: number;
  delivered: number;
  subscriptions: Record<
    string,
    { matched: number; delivered: number; ownerUsername: string; deviceId: string }
  >;
  mqttClients: string[];
  mqttConnects: number;
  socketDrops: number;
  connectionsIssued: number;
}

export interface Fault {
  kind: string;
  [param: string]: unknown;
}

/** The tests' only way to drive the emulator: its /_emulator control API. */
export class EmulatorControl {
  constructor(private readonly base = `${EMULATOR_URL}/_emulator`) {}

  async reset(): Promise<void> {
    await this.send('POST', '/reset');
  }

  placeCall(call: ScriptedCall): Promise<PlacedCall> {
    return this.send('POST', '/calls', call) as Promise<PlacedCall>;
  }

  async setRate(eventsPerSecond: number): Promise<void> {
    await this.send('PUT', '/simulator', { eventsPerSecond });
  }

  async subscriptions(): Promise<EmulatorSubscription[]> {
    const body = (await this.send('GET', '/subscriptions')) as { items: EmulatorSubscription[] };
    return body.items;
  }

  /** Injects a fault (cloudlink-contract.md §4 on demand); see emulator/README.md. */
  fault(fault: Fault): Promise<{ id: string }> {
    return this.send('POST', '/faults', fault) as Promise<{ id: string }>;
  }

  async clearFaults(): Promise<void> {
    await this.send('DELETE', '/faults');
  }

  counters(): Promise<Counters> {
    return this.send('GET', '/counters') as Promise<Counters>;
  }

  private async send(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    }
    return response.status === 204 ? null : response.json();
  }
}
