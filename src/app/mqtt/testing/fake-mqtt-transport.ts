import { Subject } from 'rxjs';
import { MessageBatch } from '../../events/call-event';
import { MessageBatcher } from '../../events/message-batcher';
import {
  ConnectResult,
  MqttConnectOptions,
  MqttError,
  MqttErrorCode,
  MqttTransport,
} from '../mqtt-transport';

interface Deferred<T> {
  resolve(value: T): void;
  reject(error: MqttError): void;
}

export interface FakeSubscription {
  readonly topic: string;
  readonly qos: number;
}

/**
 * A transport driven by the test: connects and subscribes wait until the test accepts or
 * rejects them, and messages arrive when the test delivers them.
 */
export class FakeMqttTransport implements MqttTransport {
  private readonly batches = new Subject<MessageBatch>();
  private readonly losses = new Subject<MqttError>();
  private pendingConnect: Deferred<ConnectResult> | null = null;
  private readonly pendingSubscribes: { topic: string; qos: number; deferred: Deferred<number> }[] =
    [];
  private connected = false;

  readonly batches$ = this.batches.asObservable();
  readonly connectionLost$ = this.losses.asObservable();
  /** Every connect call's options, oldest first. */
  readonly connectAttempts: MqttConnectOptions[] = [];
  /** Topics currently subscribed (acknowledged). */
  readonly subscriptions: FakeSubscription[] = [];
  readonly unsubscribed: string[] = [];
  disconnectCount = 0;
  /** When set, subscribes are acknowledged at once with this QoS. */
  autoGrantQos: number | null = null;

  connect(options: MqttConnectOptions): Promise<ConnectResult> {
    this.connectAttempts.push(options);
    this.connected = false;
    return new Promise<ConnectResult>(
      (resolve, reject) => (this.pendingConnect = { resolve, reject }),
    );
  }

  subscribe(topic: string, qos: 0 | 1): Promise<number> {
    if (!this.connected) {
      return Promise.reject(new MqttError(MqttErrorCode.SocketClosed, 'Not connected.'));
    }
    if (this.autoGrantQos !== null) {
      this.subscriptions.push({ topic, qos: this.autoGrantQos });
      return Promise.resolve(this.autoGrantQos);
    }
    return new Promise<number>((resolve, reject) =>
      this.pendingSubscribes.push({ topic, qos, deferred: { resolve, reject } }),
    );
  }

  unsubscribe(topic: string): Promise<void> {
    this.unsubscribed.push(topic);
    const index = this.subscriptions.findIndex((entry) => entry.topic === topic);
    if (index >= 0) this.subscriptions.splice(index, 1);
    return Promise.resolve();
  }

  disconnect(): void {
    this.disconnectCount++;
    this.connected = false;
    this.subscriptions.length = 0;
    this.pendingConnect = null;
  }

  isConnected(): boolean {
    return this.connected;
  }

  get hasPendingConnect(): boolean {
    return this.pendingConnect !== null;
  }

  get pendingSubscribeTopics(): string[] {
    return this.pendingSubscribes.map((entry) => entry.topic);
  }

  /** CONNACK 0; `sessionPresent` as the broker would flag it (null: unknown). */
  acceptConnection(sessionPresent: boolean | null = false): void {
    const pending = this.takeConnect();
    this.connected = true;
    pending.resolve({ sessionPresent });
  }

  rejectConnection(
    code: number,
    message = `Paho error ${code}`,
    connackCode: number | null = null,
  ): void {
    this.takeConnect().reject(new MqttError(code, message, connackCode));
  }

  /** Acknowledges the oldest pending subscribe. */
  grantSubscription(qos = 0): void {
    const next = this.pendingSubscribes.shift();
    if (!next) throw new Error('No subscribe is pending.');
    this.subscriptions.push({ topic: next.topic, qos });
    next.deferred.resolve(qos);
  }

  /** What CloudLink does to a SUBSCRIBE it refuses: the socket closes (Paho code 8). */
  closeOnSubscribe(): void {
    this.dropConnection(MqttErrorCode.SocketClosed, 'AMQJS0008I Socket closed.');
  }

  /** One message, parsed as the real transports parse it, arriving as a batch of its own. */
  deliver(topic: string, payload: unknown, receivedAt = Date.now()): void {
    this.deliverMany(topic, [payload], receivedAt);
  }

  /** Several messages arriving together, as one batch. */
  deliverMany(topic: string, payloads: readonly unknown[], receivedAt = Date.now()): void {
    const batcher = new MessageBatcher();
    for (const payload of payloads) {
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      batcher.add(topic, text, receivedAt);
    }
    this.batches.next(batcher.drain());
  }

  dropConnection(
    code: number = MqttErrorCode.SocketClosed,
    message = 'AMQJS0008I Socket closed.',
  ): void {
    const error = new MqttError(code, message);
    const waiting = this.pendingSubscribes.splice(0);
    const wasConnected = this.connected;
    this.connected = false;
    this.subscriptions.length = 0;
    waiting.forEach((entry) => entry.deferred.reject(error));
    if (wasConnected) this.losses.next(error);
  }

  private takeConnect(): Deferred<ConnectResult> {
    const pending = this.pendingConnect;
    if (!pending) throw new Error('No connect is pending.');
    this.pendingConnect = null;
    return pending;
  }
}
