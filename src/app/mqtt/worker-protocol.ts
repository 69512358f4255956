import { MessageBatch } from '../events/call-event';
import { MqttConnectOptions } from './mqtt-transport';

/** What the page asks of the ingest worker. Each request carries an id its answer repeats. */
export type WorkerRequest =
  | { readonly type: 'connect'; readonly id: number; readonly options: MqttConnectOptions }
  | { readonly type: 'subscribe'; readonly id: number; readonly topic: string; readonly qos: 0 | 1 }
  | { readonly type: 'unsubscribe'; readonly id: number; readonly topic: string }
  | { readonly type: 'disconnect' };

/** An MqttError flattened for postMessage (class instances lose their type on the way). */
export interface WireError {
  readonly code: number;
  readonly message: string;
  readonly connackCode: number | null;
}

/** What the ingest worker tells the page. */
export type WorkerEvent =
  | { readonly type: 'resolved'; readonly id: number; readonly value: number | null }
  | { readonly type: 'rejected'; readonly id: number; readonly error: WireError }
  | { readonly type: 'batch'; readonly batch: MessageBatch }
  | { readonly type: 'lost'; readonly error: WireError };

/** The slice of `Worker` the page uses; a fake port stands in for it in unit tests. */
export interface WorkerPort {
  postMessage(message: WorkerRequest): void;
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}
