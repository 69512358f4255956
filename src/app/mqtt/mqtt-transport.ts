import { Observable } from 'rxjs';
import { MessageBatch } from '../events/call-event';

export interface MqttConnectOptions {
  /** The presigned WebSocket URL, query string and all. */
  readonly uri: string;
  /** Equals every subscription's deviceId. */
  readonly clientId: string;
  readonly keepAliveSec: number;
  readonly timeoutSec: number;
  readonly cleanSession: boolean;
  /** Direct MQTT mode only: CloudLink authenticates by the presigned URL. */
  readonly userName?: string;
  readonly password?: string;
}

export interface ConnectResult {
  /**
   * The broker's CONNACK "session present" flag: true when it resumed this client id's
   * session (and will deliver what was queued), null when it could not be read.
   */
  readonly sessionPresent: boolean | null;
}

/** Paho's error codes, by their meaning for CloudLink (cloudlink-contract.md §4). */
export const MqttErrorCode = {
  ConnectTimeout: 1,
  SubscribeTimeout: 2,
  PingTimeout: 4,
  InternalError: 5,
  ConnackRefused: 6,
  SocketError: 7,
  SocketClosed: 8,
} as const;

/** A failed connect or subscribe, or a lost connection, as Paho reported it. */
export class MqttError extends Error {
  override readonly name = 'MqttError';

  constructor(
    readonly code: number,
    message: string,
    /** For code 6: the CONNACK return code (4 bad credentials, 5 not authorized). */
    readonly connackCode: number | null = null,
  ) {
    super(message);
  }
}

/**
 * One MQTT 3.1.1 client over WebSocket, delivering parsed call events in batches. Each
 * `connect` starts a fresh client (CloudLink's URL expires within about a minute), and there
 * is no automatic reconnect: the session supervisor decides when and with which URL. Where
 * Paho and the parser run (a worker or the page) is the implementation's business.
 */
export interface MqttTransport {
  /** Parsed messages from every subscription, in arrival order, in batches. */
  readonly batches$: Observable<MessageBatch>;
  /** Emits once per connection that was established and then lost (not on disconnect()). */
  readonly connectionLost$: Observable<MqttError>;

  connect(options: MqttConnectOptions): Promise<ConnectResult>;
  /** Resolves with the granted QoS; rejects with MqttError when refused or closed. */
  subscribe(topic: string, qos: 0 | 1): Promise<number>;
  unsubscribe(topic: string): Promise<void>;
  /** Closes the connection if any; never throws. */
  disconnect(): void;
  isConnected(): boolean;
}
