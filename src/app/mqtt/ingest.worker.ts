/// <reference lib="webworker" />
import { MqttError, MqttErrorCode } from './mqtt-transport';
import { PahoTransport } from './paho-transport';
import { WireError, WorkerEvent, WorkerRequest } from './worker-protocol';

// The ingest worker: Paho, UTF-8 decoding and parsing run here, off the page's main thread,
// and parsed events cross to the page in batches. Paho keeps its message store in memory
// here (a worker has no localStorage), so nothing of the URL ever reaches storage.

/** How long the worker gathers messages before posting a batch: well under one frame. */
const BATCH_WINDOW_MS = 8;

const transport = new PahoTransport((flush) => setTimeout(flush, BATCH_WINDOW_MS));
const post = (event: WorkerEvent) => postMessage(event);

transport.batches$.subscribe((batch) => post({ type: 'batch', batch }));
transport.connectionLost$.subscribe((error) => post({ type: 'lost', error: toWire(error) }));

addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'connect':
      answer(
        request.id,
        // CONNACK's session-present flag crosses as 1, 0 or null (could not be read).
        transport
          .connect(request.options)
          .then(({ sessionPresent }) => (sessionPresent === null ? null : Number(sessionPresent))),
      );
      break;
    case 'subscribe':
      answer(
        request.id,
        run(() => transport.subscribe(request.topic, request.qos)),
      );
      break;
    case 'unsubscribe':
      answer(
        request.id,
        run(() => transport.unsubscribe(request.topic)).then(() => null),
      );
      break;
    case 'disconnect':
      transport.disconnect();
      break;
  }
});

function answer(id: number, result: Promise<number | null>): void {
  result.then(
    (value) => post({ type: 'resolved', id, value }),
    (error: unknown) => post({ type: 'rejected', id, error: toWire(error) }),
  );
}

/** Runs an operation that may throw synchronously (not connected) as a promise. */
function run<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return operation();
  } catch (error) {
    return Promise.reject(error);
  }
}

function toWire(error: unknown): WireError {
  if (error instanceof MqttError) {
    return { code: error.code, message: error.message, connackCode: error.connackCode };
  }
  return {
    code: MqttErrorCode.InternalError,
    message: error instanceof Error ? error.message : String(error),
    connackCode: null,
  };
}
