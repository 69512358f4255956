import { Subject } from 'rxjs';
import { MessageBatch } from '../events/call-event';
import {
  ConnectResult,
  MqttConnectOptions,
  MqttError,
  MqttErrorCode,
  MqttTransport,
} from './mqtt-transport';
import { WireError, WorkerEvent, WorkerPort, WorkerRequest } from './worker-protocol';

type Request = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

interface Waiting {
  resolve(value: number | null): void;
  reject(error: MqttError): void;
}

/**
 * The MqttTransport whose Paho and parser run in the ingest worker. It forwards calls as
 * messages and turns the worker's answers back into promises and observables, so the
 * supervisor cannot tell where Paho runs.
 */
export class WorkerTransport implements MqttTransport {
  private readonly batches = new Subject<MessageBatch>();
  private readonly losses = new Subject<MqttError>();
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private connected = false;
  private port: WorkerPort | null = null;
  private isTerminated = false;

  readonly batches$ = this.batches.asObservable();
  readonly connectionLost$ = this.losses.asObservable();

  /** The worker starts on first use, so an app that never connects never spawns it. */
  constructor(private readonly startWorker: () => WorkerPort) {}

  async connect(options: MqttConnectOptions): Promise<ConnectResult> {
    this.connected = false;
    const flag = await this.request({ type: 'connect', options });
    this.connected = true;
    return { sessionPresent: flag === null ? null : flag === 1 };
  }

  async subscribe(topic: string, qos: 0 | 1): Promise<number> {
    if (!this.connected) throw new MqttError(MqttErrorCode.SocketClosed, 'Not connected.');
    return (await this.request({ type: 'subscribe', topic, qos })) ?? qos;
  }

  async unsubscribe(topic: string): Promise<void> {
    await this.request({ type: 'unsubscribe', topic });
  }

  disconnect(): void {
    this.connected = false;
    this.port?.postMessage({ type: 'disconnect' });
    this.failWaiting(new MqttError(MqttErrorCode.SocketClosed, 'Disconnected.'));
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** Ends the worker for good (the app is going away); the observables complete. */
  terminate(): void {
    this.isTerminated = true;
    this.disconnect();
    this.port?.terminate();
    this.port = null;
    this.batches.complete();
    this.losses.complete();
  }

  private request(request: Request): Promise<number | null> {
    if (this.isTerminated) {
      return Promise.reject(
        new MqttError(MqttErrorCode.InternalError, 'The MQTT transport was terminated.'),
      );
    }
    const id = this.nextId++;
    return new Promise<number | null>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.ensurePort().postMessage({ ...request, id } as WorkerRequest);
    });
  }

  private ensurePort(): WorkerPort {
    if (this.port) return this.port;
    const port = this.startWorker();
    port.onmessage = (event) => this.receive(event.data);
    port.onerror = (event) => this.crash(event.message || 'The ingest worker failed.');
    this.port = port;
    return port;
  }

  private receive(event: WorkerEvent): void {
    switch (event.type) {
      case 'batch':
        this.batches.next(event.batch);
        break;
      case 'resolved':
        this.settle(event.id)?.resolve(event.value);
        break;
      case 'rejected':
        this.settle(event.id)?.reject(fromWire(event.error));
        break;
      case 'lost':
        if (!this.connected) return;
        this.connected = false;
        this.failWaiting(fromWire(event.error));
        this.losses.next(fromWire(event.error));
        break;
    }
  }

  /** A dead worker is a lost connection; the next connect starts a fresh one. */
  private crash(message: string): void {
    this.port?.terminate();
    this.port = null;
    const error = new MqttError(MqttErrorCode.InternalError, `Ingest worker: ${message}`);
    this.failWaiting(error);
    if (this.connected) {
      this.connected = false;
      this.losses.next(error);
    }
  }

  private settle(id: number): Waiting | undefined {
    const entry = this.waiting.get(id);
    this.waiting.delete(id);
    return entry;
  }

  private failWaiting(error: MqttError): void {
    const entries = [...this.waiting.values()];
    this.waiting.clear();
    entries.forEach((entry) => entry.reject(error));
  }
}

function fromWire(error: WireError): MqttError {
  return new MqttError(error.code, error.message, error.connackCode);
}
