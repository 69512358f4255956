import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DIST, serveApp } from '../e2e/serve-app.js';
import { startEmulator } from '../emulator/emulator.js';
import { startMosquitto } from '../emulator/mosquitto.js';
import { serveBarePage } from './bare-page.js';
import { Chromium } from './chromium.js';
import { EmulatorClient } from './emulator-client.js';
import type { Teardown } from './teardown.js';

// What a run needs, started in order and registered for teardown: the production build
// served with the probe on, Mosquitto, the emulator publishing to it, the bare page's
// server and Chromium. The browser reads from Mosquitto over WebSocket, as in the issue's
// baseline; the emulator only issues tokens, URLs and subscriptions, and publishes.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = DEFAULT_DIST;
/**
 * The load generator publishes at QoS 0 whatever this says; it applies to routed events
 * (the simulator, used for the first-event measurement). QoS 0 as in the baseline.
 */
const BROKER_QOS = 0;
/** Mosquitto's default queue bound, the least the benchmark will configure. */
const MIN_MAX_QUEUED_MESSAGES = 1_000_000;
/**
 * Head-room over the largest single load, so that a page that falls behind finds its
 * backlog queued in Mosquitto rather than dropped there: any loss is then the page's.
 */
const QUEUE_HEADROOM = 1.5;

export interface BenchStack {
  emulator: EmulatorClient;
  appUrl: string;
  bareUrl: string;
  browser: Chromium;
  broker: string;
  brokerQos: number;
  maxQueuedMessages: number;
}

export async function buildApp(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    // Its report goes to stderr with the progress lines: stdout is the benchmark's table.
    const child = spawn('npx', ['ng', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`ng build failed (${code ?? signal})`)),
    );
  });
}

/** `largestLoad`: the most events any one load in this run will publish. */
/**
 * `transport`: where the app runs Paho and the parser, the ingest worker or the page's main
 * thread (the benchmark measures both to decide whether the worker stays).
 */
export async function startStack(
  teardown: Teardown,
  largestLoad: number,
  transport: 'worker' | 'main' = 'worker',
): Promise<BenchStack> {
  const maxQueuedMessages = Math.max(
    MIN_MAX_QUEUED_MESSAGES,
    Math.ceil(largestLoad * QUEUE_HEADROOM),
  );
  const mosquitto = await startMosquitto({ maxQueuedMessages });
  teardown.add('Mosquitto', mosquitto, () => mosquitto.close());

  const emulator = await startEmulator({
    port: 0,
    brokerUrl: mosquitto.tcpUrl,
    brokerWsUrl: mosquitto.wsUrl,
    brokerQos: BROKER_QOS,
  });
  teardown.add('the emulator', emulator, () => emulator.close());

  const app = await serveApp({
    port: 0,
    emulatorUrl: emulator.baseUrl,
    extraConfig: {
      benchmarkProbe: true,
      environmentLabel: 'Local emulator (benchmark)',
      mqttTransport: transport,
    },
  });
  teardown.add('the app server', app, () => app.close());

  const bare = await serveBarePage();
  teardown.add('the bare page server', bare, () => bare.close());

  const browser = await Chromium.launch();
  teardown.add('Chromium', browser, () => browser.close());

  const client = new EmulatorClient(emulator.baseUrl);
  await client.signIn();
  return {
    emulator: client,
    appUrl: app.url,
    bareUrl: bare.url,
    browser,
    broker: 'Mosquitto 2 over WebSocket (emulator in external-broker mode)',
    brokerQos: BROKER_QOS,
    maxQueuedMessages,
  };
}
