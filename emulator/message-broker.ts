import type { PublicationSink } from './publication-router.js';

/**
 * internal: the emulator's own broker (aedes behind /mqtt), which checks the signed URL and
 * who may subscribe, and can count deliveries. external: an MQTT broker elsewhere
 * (Mosquitto, a cluster) that the emulator only publishes to.
 */
export type BrokerMode = 'internal' | 'external';

/** Where the load generator's messages go: fire and forget, QoS 0. */
export interface LoadSink {
  /** Hands one message to the broker; no promise, so a hot loop allocates nothing per call. */
  publishLoad(topic: string, payload: Buffer): void;
  /** True while the broker has not taken what it was given; the load waits, then catches up. */
  isBackedUp(): boolean;
}

/** What the emulator needs from whichever broker carries its messages. */
export interface MessageBroker extends PublicationSink, LoadSink {
  readonly mode: BrokerMode;
  /** copies written to subscribers; null where the broker cannot tell (external) */
  readonly delivered: number | null;
  /** ids of connected MQTT clients; null where the broker cannot tell (external) */
  clientIds(): string[] | null;
  /** MQTT connections accepted (CONNACK 0) since the last reset; null where not ours */
  readonly mqttConnects: number | null;
  /** MQTT sockets the emulator closed on purpose (faults) since the last reset; null where not ours */
  readonly socketDrops: number | null;
  /** Ends every subscriber's connection; does nothing where the broker is not ours. */
  disconnectAll(): Promise<void>;
  resetCounters(): void;
  close(): Promise<void>;
}
