import { DestroyRef } from '@angular/core';
import { AppConfig } from '../config/app-config';
import { MqttTransport } from './mqtt-transport';
import { PahoTransport } from './paho-transport';
import { WorkerTransport } from './worker-transport';

/**
 * Paho and the parser run in a worker unless the config says `"mqttTransport": "main"` or
 * the browser has no module workers; the benchmark measures both (README, "Performance").
 */
export function createMqttTransport(config: AppConfig, destroyRef: DestroyRef): MqttTransport {
  if (config.mqttTransport === 'main' || typeof Worker === 'undefined') return new PahoTransport();
  const transport = new WorkerTransport(
    () => new Worker(new URL('./ingest.worker', import.meta.url), { type: 'module' }),
  );
  destroyRef.onDestroy(() => transport.terminate());
  return transport;
}
