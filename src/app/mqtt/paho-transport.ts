import { Client, ErrorWithInvocationContext, Message } from 'paho-mqtt';
import { Subject } from 'rxjs';
import { MessageBatch } from '../events/call-event';
import { MessageBatcher } from '../events/message-batcher';
import {
  ConnectResult,
  MqttConnectOptions,
  MqttError,
  MqttErrorCode,
  MqttTransport,
} from './mqtt-transport';

/** How long a SUBSCRIBE may wait for its SUBACK. */
const SUBSCRIBE_TIMEOUT_SEC = 10;
/** SUBACK return code for "refused" in MQTT 3.1.1. */
const SUBACK_FAILURE = 0x80;

interface Pending {
  reject(error: MqttError): void;
}

/** When to hand over what arrived: by default at the end of the current task. */
export type FlushScheduler = (flush: () => void) => void;
const endOfTask: FlushScheduler = (flush) => queueMicrotask(flush);

/**
 * The one file that imports paho-mqtt. A fresh `Client` per connect, built with the URI
 * overload so the presigned query string survives; `mqttVersion: 4` pinned (unset, Paho
 * falls back to MQTT 3.1 and reports that attempt's error); Paho's own reconnect off (it
 * would reuse an expired URL). Payloads are decoded with the platform's TextDecoder (Paho's
 * own UTF-8 decoder is a JavaScript loop) and parsed into batches. No Angular here: the
 * same class runs on the page or inside the ingest worker.
 */
export class PahoTransport implements MqttTransport {
  private readonly batches = new Subject<MessageBatch>();
  private readonly losses = new Subject<MqttError>();
  private readonly batcher = new MessageBatcher();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private isFlushScheduled = false;
  private client: Client | null = null;
  private readonly pending = new Set<Pending>();

  readonly batches$ = this.batches.asObservable();
  readonly connectionLost$ = this.losses.asObservable();

  constructor(private readonly scheduleFlush: FlushScheduler = endOfTask) {}

  connect(options: MqttConnectOptions): Promise<ConnectResult> {
    this.disconnect();
    const client = new Client(options.uri, options.clientId);
    this.client = client;
    client.onMessageArrived = (message: Message) => this.forward(client, message);
    client.onConnectionLost = (error: ErrorWithInvocationContext) => this.reportLoss(client, error);
    const connack = { sessionPresent: null as boolean | null };

    return new Promise<ConnectResult>((resolve, reject) => {
      try {
        withConnackSniffer(connack, () =>
          client.connect({
            mqttVersion: 4,
            reconnect: false,
            cleanSession: options.cleanSession,
            keepAliveInterval: options.keepAliveSec,
            timeout: options.timeoutSec,
            useSSL: options.uri.toLowerCase().startsWith('wss:'),
            // Paho throws on a key set to undefined: add credentials only when given.
            ...(options.userName ? { userName: options.userName } : {}),
            ...(options.password ? { password: options.password } : {}),
            onSuccess: () => resolve({ sessionPresent: connack.sessionPresent }),
            onFailure: (error) => {
              if (this.client === client) this.client = null;
              reject(toMqttError(error));
            },
          }),
        );
      } catch (error) {
        this.client = null;
        reject(new MqttError(MqttErrorCode.InternalError, describe(error)));
      }
    });
  }

  subscribe(topic: string, qos: 0 | 1): Promise<number> {
    const client = this.requireClient();
    return this.track<number>((resolve, reject) =>
      client.subscribe(topic, {
        qos,
        timeout: SUBSCRIBE_TIMEOUT_SEC,
        onSuccess: (result) => {
          const granted = firstCode(result.grantedQos);
          if (granted === SUBACK_FAILURE) {
            reject(
              new MqttError(MqttErrorCode.SocketClosed, 'The broker refused the subscription.'),
            );
          } else {
            resolve(granted);
          }
        },
        onFailure: (error) => {
          const code = firstCode(error.errorCode);
          reject(
            code === SUBACK_FAILURE
              ? new MqttError(MqttErrorCode.SocketClosed, 'The broker refused the subscription.')
              : toMqttError(error),
          );
        },
      }),
    );
  }

  unsubscribe(topic: string): Promise<void> {
    const client = this.requireClient();
    return this.track<void>((resolve, reject) =>
      client.unsubscribe(topic, {
        timeout: SUBSCRIBE_TIMEOUT_SEC,
        onSuccess: () => resolve(),
        onFailure: (error) => reject(toMqttError(error)),
      }),
    );
  }

  disconnect(): void {
    const client = this.client;
    this.client = null;
    this.flush();
    this.rejectPending(new MqttError(MqttErrorCode.SocketClosed, 'Disconnected.'));
    if (!client) return;
    client.onConnectionLost = () => undefined;
    client.onMessageArrived = () => undefined;
    try {
      if (client.isConnected()) client.disconnect();
    } catch {
      // Already closing: nothing left to release.
    }
  }

  isConnected(): boolean {
    return this.client?.isConnected() ?? false;
  }

  private forward(client: Client, message: Message): void {
    if (this.client !== client) return;
    let payload: string;
    try {
      payload = this.decoder.decode(message.payloadBytes);
    } catch {
      // Not UTF-8: hand the parser something it will count as malformed.
      payload = '\u0000<payload is not UTF-8 text>';
    }
    this.batcher.add(message.destinationName, payload, Date.now());
    if (this.isFlushScheduled) return;
    this.isFlushScheduled = true;
    this.scheduleFlush(() => this.flush());
  }

  private flush(): void {
    this.isFlushScheduled = false;
    if (!this.batcher.isEmpty) this.batches.next(this.batcher.drain());
  }

  private reportLoss(client: Client, error: ErrorWithInvocationContext): void {
    if (this.client !== client) return;
    this.client = null;
    const loss = toMqttError(error);
    this.flush();
    this.rejectPending(loss);
    this.losses.next(loss);
  }

  private requireClient(): Client {
    if (!this.client?.isConnected()) {
      throw new MqttError(MqttErrorCode.SocketClosed, 'Not connected.');
    }
    return this.client;
  }

  /** Operations still waiting when the socket drops fail with the drop's error. */
  private track<T>(
    start: (resolve: (value: T) => void, reject: (error: MqttError) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { reject };
      this.pending.add(entry);
      const settle =
        <A>(fn: (arg: A) => void) =>
        (arg: A) => {
          this.pending.delete(entry);
          fn(arg);
        };
      try {
        start(settle(resolve), settle(reject));
      } catch (error) {
        this.pending.delete(entry);
        reject(new MqttError(MqttErrorCode.InternalError, describe(error)));
      }
    });
  }

  private rejectPending(error: MqttError): void {
    const waiting = [...this.pending];
    this.pending.clear();
    waiting.forEach((entry) => entry.reject(error));
  }
}

/**
 * Paho reads CONNACK's "session present" flag but never reports it. Paho opens its socket
 * synchronously inside connect(), so for that one call the global WebSocket is a subclass
 * that reads the first four bytes the broker sends (CONNACK: 0x20 0x02 flags rc) before Paho
 * sees them. A broker may split them over several frames (aedes sends the first byte alone).
 */
function withConnackSniffer(connack: { sessionPresent: boolean | null }, connect: () => void) {
  const scope = globalThis as { WebSocket: typeof WebSocket };
  const Original = scope.WebSocket;
  if (typeof Original !== 'function') {
    connect();
    return;
  }
  scope.WebSocket = class ConnackSniffingWebSocket extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const reader = new ConnackReader(connack);
      const listener = (event: MessageEvent) => {
        if (reader.read(event.data)) this.removeEventListener('message', listener);
      };
      this.addEventListener('message', listener);
    }
  };
  try {
    connect();
  } finally {
    scope.WebSocket = Original;
  }
}

/** Collects the first bytes from the broker until CONNACK's four are in. */
export class ConnackReader {
  private readonly bytes: number[] = [];

  constructor(private readonly connack: { sessionPresent: boolean | null }) {}

  /** Returns true once done (read, or not a CONNACK). */
  read(data: unknown): boolean {
    if (!(data instanceof ArrayBuffer)) return true;
    const chunk = new Uint8Array(data);
    for (let index = 0; index < chunk.length && this.bytes.length < 4; index++) {
      this.bytes.push(chunk[index]);
    }
    if (this.bytes.length < 4) return this.bytes[0] !== 0x20;
    const [type, length, flags] = this.bytes;
    if (type === 0x20 && length === 0x02) this.connack.sessionPresent = (flags & 0x01) === 1;
    return true;
  }
}

/** Paho's error text; code 6 carries the CONNACK return code in its message. */
export function toMqttError(error: { errorCode: unknown; errorMessage?: string }): MqttError {
  const code = typeof error.errorCode === 'number' ? error.errorCode : MqttErrorCode.InternalError;
  const message = error.errorMessage ?? `Paho error ${code}`;
  const connack =
    code === MqttErrorCode.ConnackRefused ? /return code:\s*(\d+)/i.exec(message) : null;
  return new MqttError(code, message, connack ? Number(connack[1]) : null);
}

function firstCode(value: unknown): number {
  if (Array.isArray(value)) return Number(value[0]);
  return Number(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
