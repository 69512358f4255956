import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { connect, type MqttClient } from 'mqtt';
import type { MessageBroker } from './message-broker.js';

// External-broker mode: the emulator publishes to an MQTT 3.1.1 broker elsewhere (Mosquitto,
// or any broker or cluster with a WebSocket listener) and hands out that broker's URL, so
// load can go beyond what one Node process can fan out. The broker is only published to:
// it cannot check the signed URL or who subscribes to what, and it does not tell the
// emulator what it delivered (see README).

export type Qos = 0 | 1;

export interface ExternalBrokerOptions {
  /** e.g. mqtt://127.0.0.1:1883 */
  url: string;
  /** QoS of routed publications (scripted calls, the simulator); load is always QoS 0 */
  qos: Qos;
  /** how long start() keeps trying to reach the broker */
  connectTimeoutMs: number;
  log: (line: string) => void;
}

export const DEFAULT_BROKER_CONNECT_TIMEOUT_MS = 5000;
// Retries while start() waits, so a broker that is still coming up is found.
const RECONNECT_PERIOD_MS = 500;
// The load waits while this much is still unwritten to the broker's socket (a few hundred
// milliseconds of output at 20,000 events/s) instead of piling messages up in memory.
const MAX_UNSENT_BYTES = 8 * 1024 * 1024;
// close() first lets QoS 1 messages in flight be acknowledged, for at most this long.
const GRACEFUL_END_MS = 2000;

const readable = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class ExternalBroker implements MessageBroker {
  readonly mode = 'external';
  readonly delivered = null;
  readonly mqttConnects = null;
  readonly socketDrops = null;
  private isClosed = false;

  private constructor(
    private readonly client: MqttClient,
    private readonly options: ExternalBrokerOptions,
  ) {
    client.on('offline', () => options.log(`lost the MQTT broker at ${options.url}; retrying`));
    client.on('connect', () => options.log(`connected to the MQTT broker at ${options.url}`));
  }

  /** Connects, or fails with a message naming the URL after connectTimeoutMs. */
  static async start(options: ExternalBrokerOptions): Promise<ExternalBroker> {
    let client: MqttClient;
    try {
      client = connect(options.url, {
        protocolVersion: 4,
        clientId: `switchboard-emulator-${randomBytes(6).toString('hex')}`,
        clean: true,
        reconnectPeriod: RECONNECT_PERIOD_MS,
        connectTimeout: options.connectTimeoutMs,
        // Load messages are QoS 0 and paced: while the broker is away they are skipped and
        // caught up afterwards, never queued in memory without bound.
        queueQoSZero: false,
      });
      // Each message goes out when due rather than waiting for Nagle's algorithm to fill a
      // segment: measured, that took the median latency at 5,000/s from 4 ms to 1 ms. On
      // every (re)connect, since each has a new socket.
      client.on('connect', () => (client.stream as unknown as Socket).setNoDelay?.(true));
    } catch (error) {
      throw new Error(`Invalid MQTT broker URL ${options.url}: ${readable(error)}`);
    }
    let lastError = 'no answer';
    const noteError = (error: Error) => (lastError = error.message || error.name);
    client.on('error', noteError);
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), options.connectTimeoutMs);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    client.off('error', noteError);
    if (!connected) {
      await client.endAsync(true);
      throw new Error(
        `Cannot reach the MQTT broker at ${options.url} within ${options.connectTimeoutMs} ms ` +
          `(${lastError}). Start one first (tsx emulator/mosquitto.ts), or run the emulator ` +
          'with --with-mosquitto.',
      );
    }
    // Later errors (a lost connection) are retried by mqtt.js; log them rather than crash.
    client.on('error', (error) => options.log(`MQTT broker error: ${readable(error)}`));
    return new ExternalBroker(client, options);
  }

  clientIds(): null {
    return null;
  }

  /** Resolves when the broker has the message: on PUBACK at QoS 1, once written at QoS 0. */
  publish(topic: string, payload: string): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    return new Promise((resolve, reject) =>
      this.client.publish(topic, payload, { qos: this.options.qos }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }

  publishLoad(topic: string, payload: Buffer): void {
    this.client.publish(topic, payload, { qos: 0 });
  }

  isBackedUp(): boolean {
    if (this.isClosed || !this.client.connected) return true;
    return (this.client.stream as unknown as Writable).writableLength > MAX_UNSENT_BYTES;
  }

  /** Nothing to do: subscribers are the broker's, not ours. */
  async disconnectAll(): Promise<void> {}

  resetCounters(): void {}

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    let isAcknowledged = Object.keys(this.client.outgoing).length === 0;
    if (!isAcknowledged) {
      let timer: NodeJS.Timeout | undefined;
      isAcknowledged = await Promise.race([
        new Promise<boolean>((resolve) => this.client.once('outgoingEmpty', () => resolve(true))),
        new Promise<boolean>(
          (resolve) => (timer = setTimeout(() => resolve(false), GRACEFUL_END_MS)),
        ),
      ]);
      clearTimeout(timer);
    }
    // Graceful: DISCONNECT after what was written; forced: drop a broker that stopped answering.
    await this.client.endAsync(!isAcknowledged);
  }
}
