import { MessageBatch } from '../events/call-event';
import { MqttConnectOptions, MqttError, MqttErrorCode } from './mqtt-transport';
import { WireError, WorkerEvent, WorkerPort, WorkerRequest } from './worker-protocol';
import { WorkerTransport } from './worker-transport';

/** Stands in for the ingest worker: records what the page posts, answers when told. */
class FakeWorkerPort implements WorkerPort {
  readonly posted: WorkerRequest[] = [];
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;

  postMessage(message: WorkerRequest): void {
    this.posted.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The worker tells the page something. */
  send(event: WorkerEvent): void {
    this.onmessage?.(new MessageEvent<WorkerEvent>('message', { data: event }));
  }

  resolve(id: number, value: number | null = null): void {
    this.send({ type: 'resolved', id, value });
  }

  reject(id: number, error: WireError): void {
    this.send({ type: 'rejected', id, error });
  }

  /** The worker script throws or fails to load. */
  crash(message: string): void {
    this.onerror?.(new ErrorEvent('error', { message }));
  }

  lastId(): number {
    const last = this.posted[this.posted.length - 1];
    if (!last || last.type === 'disconnect') throw new Error('No request was posted last.');
    return last.id;
  }
}

const OPTIONS: MqttConnectOptions = {
  uri: 'ws://localhost:4000/mqtt?X-Amz-Signature=abc',
  clientId: 'device-1',
  keepAliveSec: 30,
  timeoutSec: 10,
  cleanSession: true,
};

const LOST: WireError = {
  code: MqttErrorCode.SocketError,
  message: 'Socket error.',
  connackCode: null,
};

type Outcome<T> = { value: T } | { error: unknown } | 'pending';

/** Follows a promise without letting a rejection go unhandled. */
function track<T>(promise: Promise<T>): { readonly outcome: Outcome<T> } {
  const tracker: { outcome: Outcome<T> } = { outcome: 'pending' };
  promise.then(
    (value) => (tracker.outcome = { value }),
    (error: unknown) => (tracker.outcome = { error }),
  );
  return tracker;
}

/** Lets promise callbacks run. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await Promise.resolve();
}

function errorOf<T>(tracker: { readonly outcome: Outcome<T> }): MqttError {
  const outcome = tracker.outcome;
  if (outcome === 'pending' || !('error' in outcome)) {
    throw new Error(`Expected a rejection, got ${JSON.stringify(outcome)}.`);
  }
  expect(outcome.error).toBeInstanceOf(MqttError);
  return outcome.error as MqttError;
}

describe('WorkerTransport', () => {
  let ports: FakeWorkerPort[];
  let transport: WorkerTransport;

  beforeEach(() => {
    ports = [];
    transport = new WorkerTransport(() => {
      const port = new FakeWorkerPort();
      ports.push(port);
      return port;
    });
  });

  /** Connects through the worker; returns the port. */
  async function connected(): Promise<FakeWorkerPort> {
    const connecting = transport.connect(OPTIONS);
    const port = ports[ports.length - 1];
    port.resolve(port.lastId());
    await connecting;
    return port;
  }

  describe('starting the worker', () => {
    it('does not start a worker until the first request', () => {
      expect(ports.length).toBe(0);
      expect(transport.isConnected()).toBeFalse();
      transport.disconnect();
      expect(ports.length).toBe(0);
    });

    it('starts one worker on the first request and reuses it', async () => {
      const port = await connected();
      expect(ports.length).toBe(1);
      const subscribing = transport.subscribe('sub-42', 1);
      port.resolve(port.lastId(), 1);
      await subscribing;
      track(transport.unsubscribe('sub-42'));
      expect(ports.length).toBe(1);
      expect(port.posted.map((request) => request.type)).toEqual([
        'connect',
        'subscribe',
        'unsubscribe',
      ]);
    });
  });

  describe('requests', () => {
    it('posts connect with its options and connects when resolved', async () => {
      const connecting = track(transport.connect(OPTIONS));
      const [port] = ports;
      expect(port.posted).toEqual([{ type: 'connect', id: 1, options: OPTIONS }]);
      await settle();
      expect(connecting.outcome).toBe('pending');
      expect(transport.isConnected()).toBeFalse();

      port.resolve(1);
      await settle();
      expect(connecting.outcome).toEqual({ value: { sessionPresent: null } });
      expect(transport.isConnected()).toBeTrue();
    });

    it('posts subscribe and unsubscribe with increasing ids', async () => {
      const port = await connected();
      const first = track(transport.subscribe('sub-a', 1));
      const second = track(transport.subscribe('sub-b', 0));
      const third = track(transport.unsubscribe('sub-a'));
      expect(port.posted).toEqual([
        { type: 'connect', id: 1, options: OPTIONS },
        { type: 'subscribe', id: 2, topic: 'sub-a', qos: 1 },
        { type: 'subscribe', id: 3, topic: 'sub-b', qos: 0 },
        { type: 'unsubscribe', id: 4, topic: 'sub-a' },
      ]);

      // Answers may come in any order: each settles its own request.
      port.resolve(4);
      port.resolve(3, 0);
      port.resolve(2, 1);
      await settle();
      expect(first.outcome).toEqual({ value: 1 });
      expect(second.outcome).toEqual({ value: 0 });
      expect(third.outcome).toEqual({ value: undefined });
    });

    const grants: { qos: 0 | 1; answer: number | null; granted: number }[] = [
      { qos: 1, answer: 1, granted: 1 },
      { qos: 1, answer: 0, granted: 0 },
      { qos: 1, answer: null, granted: 1 },
      { qos: 0, answer: null, granted: 0 },
    ];
    for (const g of grants) {
      it(`resolves subscribe(qos ${g.qos}) answered ${g.answer} with ${g.granted}`, async () => {
        const port = await connected();
        const subscribing = transport.subscribe('sub-42', g.qos);
        port.resolve(port.lastId(), g.answer);
        expect(await subscribing).toBe(g.granted);
      });
    }

    it('turns a rejected connect into an MqttError with code, message and CONNACK code', async () => {
      const connecting = track(transport.connect(OPTIONS));
      ports[0].reject(1, { code: 6, message: 'Not authorized.', connackCode: 5 });
      await settle();
      const error = errorOf(connecting);
      expect(error.code).toBe(MqttErrorCode.ConnackRefused);
      expect(error.message).toBe('Not authorized.');
      expect(error.connackCode).toBe(5);
      expect(error.name).toBe('MqttError');
      expect(transport.isConnected()).toBeFalse();
    });

    it('turns a rejected subscribe into an MqttError and stays connected', async () => {
      const port = await connected();
      const subscribing = track(transport.subscribe('sub-42', 1));
      port.reject(port.lastId(), { code: 2, message: 'Subscribe timed out.', connackCode: null });
      await settle();
      const error = errorOf(subscribing);
      expect([error.code, error.message, error.connackCode]).toEqual([
        MqttErrorCode.SubscribeTimeout,
        'Subscribe timed out.',
        null,
      ]);
      expect(transport.isConnected()).toBeTrue();
    });

    it('rejects subscribe before connect with code 8, without starting a worker', async () => {
      const subscribing = track(transport.subscribe('sub-42', 1));
      await settle();
      expect(errorOf(subscribing).code).toBe(MqttErrorCode.SocketClosed);
      expect(ports.length).toBe(0);
    });

    it('rejects subscribe while a connect is still pending', async () => {
      track(transport.connect(OPTIONS));
      const subscribing = track(transport.subscribe('sub-42', 1));
      await settle();
      expect(errorOf(subscribing).code).toBe(MqttErrorCode.SocketClosed);
      expect(ports[0].posted.length).toBe(1);
    });

    it('ignores an answer for a request it is not waiting for', async () => {
      const port = await connected();
      const subscribing = track(transport.subscribe('sub-42', 1));
      port.resolve(99, 0);
      port.reject(98, LOST);
      port.resolve(1, 0);
      await settle();
      expect(subscribing.outcome).toBe('pending');
      port.resolve(2, 1);
      await settle();
      expect(subscribing.outcome).toEqual({ value: 1 });
    });
  });

  describe('batches$', () => {
    it('passes on every batch the worker sends, as sent', async () => {
      const port = await connected();
      const received: MessageBatch[] = [];
      const subscription = transport.batches$.subscribe((batch) => received.push(batch));
      const first: MessageBatch = { events: [], malformed: [], perTopic: [['sub-42', 0]] };
      const second: MessageBatch = {
        events: [],
        malformed: [
          { receivedAt: 1, topic: 'sub-42', reason: 'Not JSON', excerpt: 'x', size: 1, text: 'x' },
        ],
        perTopic: [['sub-42', 1]],
      };
      port.send({ type: 'batch', batch: first });
      port.send({ type: 'batch', batch: second });
      expect(received).toEqual([first, second]);
      expect(received[1]).toBe(second);

      subscription.unsubscribe();
      port.send({ type: 'batch', batch: first });
      expect(received.length).toBe(2);
    });
  });

  describe('a lost connection', () => {
    it('emits once, rejects waiting requests and reads as disconnected', async () => {
      const port = await connected();
      const losses: MqttError[] = [];
      transport.connectionLost$.subscribe((error) => losses.push(error));
      const subscribing = track(transport.subscribe('sub-42', 1));

      port.send({ type: 'lost', error: LOST });
      port.send({ type: 'lost', error: LOST });
      await settle();

      expect(losses.length).toBe(1);
      expect(losses[0]).toBeInstanceOf(MqttError);
      expect([losses[0].code, losses[0].message]).toEqual([
        MqttErrorCode.SocketError,
        'Socket error.',
      ]);
      expect(errorOf(subscribing).code).toBe(MqttErrorCode.SocketError);
      expect(transport.isConnected()).toBeFalse();
    });

    it('is ignored when not connected', async () => {
      const losses: MqttError[] = [];
      transport.connectionLost$.subscribe((error) => losses.push(error));
      const connecting = track(transport.connect(OPTIONS));
      const [port] = ports;

      port.send({ type: 'lost', error: LOST });
      await settle();
      expect(losses).toEqual([]);
      expect(connecting.outcome).toBe('pending');

      port.resolve(1);
      await settle();
      expect(connecting.outcome).toEqual({ value: { sessionPresent: null } });
      expect(transport.isConnected()).toBeTrue();
    });

    it('is ignored after disconnect()', async () => {
      const port = await connected();
      const losses: MqttError[] = [];
      transport.connectionLost$.subscribe((error) => losses.push(error));
      transport.disconnect();
      port.send({ type: 'lost', error: LOST });
      expect(losses).toEqual([]);
    });

    it('can connect again on the same worker afterwards', async () => {
      const port = await connected();
      port.send({ type: 'lost', error: LOST });
      const reconnecting = transport.connect(OPTIONS);
      port.resolve(port.lastId());
      await reconnecting;
      expect(transport.isConnected()).toBeTrue();
      expect(ports.length).toBe(1);
    });
  });

  describe('disconnect()', () => {
    it('posts disconnect, rejects waiting requests with code 8 and emits no loss', async () => {
      const port = await connected();
      const losses: MqttError[] = [];
      transport.connectionLost$.subscribe((error) => losses.push(error));
      const subscribing = track(transport.subscribe('sub-42', 1));

      transport.disconnect();
      await settle();

      expect(port.posted[port.posted.length - 1]).toEqual({ type: 'disconnect' });
      expect(errorOf(subscribing).code).toBe(MqttErrorCode.SocketClosed);
      expect(transport.isConnected()).toBeFalse();
      expect(losses).toEqual([]);
      expect(port.terminated).toBeFalse();
    });

    it('rejects a pending connect, and a late answer does not connect', async () => {
      const connecting = track(transport.connect(OPTIONS));
      transport.disconnect();
      ports[0].resolve(1);
      await settle();
      expect(errorOf(connecting).code).toBe(MqttErrorCode.SocketClosed);
      expect(transport.isConnected()).toBeFalse();
    });
  });

  describe('a worker error', () => {
    it('reads as a lost connection when connected, and ends the worker', async () => {
      const port = await connected();
      const losses: MqttError[] = [];
      transport.connectionLost$.subscribe((error) => losses.push(error));
      const subscribing = track(transport.subscribe('sub-42', 1));

      port.crash('Out of memory');
      await settle();

      expect(losses.length).toBe(1);
      expect([losses[0].code, losses[0].message]).toEqual([
        MqttErrorCode.InternalError,
        'Ingest worker: Out of memory',
      ]);
      expect(errorOf(subscribing).code).toBe(MqttErrorCode.InternalError);
      expect(transport.isConnected()).toBeFalse();
      expect(port.terminated).toBeTrue();
    });

    it('names the worker when the error has no message', async () => {
      const port = await connected();
      const losses: MqttError[] = [];
      transport.connectionLost$.subscribe((error) => losses.push(error));
      port.crash('');
      expect(losses.map((error) => error.message)).toEqual([
        'Ingest worker: The ingest worker failed.',
      ]);
    });

    it('rejects a pending connect without emitting a loss', async () => {
      const losses: MqttError[] = [];
      transport.connectionLost$.subscribe((error) => losses.push(error));
      const connecting = track(transport.connect(OPTIONS));
      ports[0].crash('Script failed to load');
      await settle();
      const error = errorOf(connecting);
      expect(error.code).toBe(MqttErrorCode.InternalError);
      expect(error.message).toContain('Script failed to load');
      expect(losses).toEqual([]);
    });

    it('starts a fresh worker for the next request', async () => {
      const first = await connected();
      first.crash('boom');

      const reconnecting = track(transport.connect(OPTIONS));
      expect(ports.length).toBe(2);
      const second = ports[1];
      expect(second).not.toBe(first);
      expect(first.posted.length).toBe(1);
      expect(second.posted).toEqual([{ type: 'connect', id: 2, options: OPTIONS }]);

      second.resolve(second.lastId());
      await settle();
      expect(reconnecting.outcome).toEqual({ value: { sessionPresent: null } });
      expect(transport.isConnected()).toBeTrue();
    });
  });

  describe('terminate()', () => {
    it('disconnects, ends the worker and rejects waiting requests', async () => {
      const port = await connected();
      const losses: MqttError[] = [];
      transport.connectionLost$.subscribe((error) => losses.push(error));
      const subscribing = track(transport.subscribe('sub-42', 1));

      transport.terminate();
      await settle();

      expect(port.posted[port.posted.length - 1]).toEqual({ type: 'disconnect' });
      expect(port.terminated).toBeTrue();
      expect(errorOf(subscribing).code).toBe(MqttErrorCode.SocketClosed);
      expect(transport.isConnected()).toBeFalse();
      expect(losses).toEqual([]);
    });

    it('completes its observables and refuses later requests', async () => {
      await connected();
      let isBatchesDone = false;
      let isLossesDone = false;
      transport.batches$.subscribe({ complete: () => (isBatchesDone = true) });
      transport.connectionLost$.subscribe({ complete: () => (isLossesDone = true) });
      transport.terminate();
      expect([isBatchesDone, isLossesDone]).toEqual([true, true]);
      const later = track(transport.connect(OPTIONS));
      await settle();
      expect(errorOf(later).message).toBe('The MQTT transport was terminated.');
      expect(ports.length).toBe(1);
    });

    it('does nothing before any worker was started', () => {
      expect(() => transport.terminate()).not.toThrow();
      expect(ports.length).toBe(0);
    });
  });
});
