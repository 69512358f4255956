import type { AddressInfo } from 'node:net';
import { addAuthRoutes } from './auth-api.js';
import { CallScripts } from './call-script.js';
import { CallSimulator } from './call-simulator.js';
import { addControlRoutes } from './control-api.js';
import { DemoAccount } from './demo-account.js';
import { DEFAULT_BROKER_CONNECT_TIMEOUT_MS, ExternalBroker, type Qos } from './external-broker.js';
import { FaultInjector } from './faults.js';
import { createHttpServer } from './http-server.js';
import { LoadGenerator } from './load-generator.js';
import type { BrokerMode, MessageBroker } from './message-broker.js';
import { MqttGateway } from './mqtt-gateway.js';
import { addNotificationRoutes } from './notifications-api.js';
import { Pbx } from './pbx.js';
import { PublicationRouter } from './publication-router.js';
import { Router } from './router.js';
import { SIGNED_PATH, SignedUrls } from './signed-url.js';
import { SubscriptionRegistry } from './subscription-registry.js';
import { TokenIssuer } from './token-issuer.js';

// The CloudLink emulator as one object: REST, MQTT over WebSocket and /_emulator on one
// port, loopback only. Tests start one per file on port 0; main.ts starts the demo one.
// With brokerUrl and brokerWsUrl it runs in external-broker mode instead: no MQTT of its
// own, it publishes to that broker and hands out its WebSocket URL.

export const DEFAULT_PORT = 4300;
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_TOKEN_TTL_SEC = 3600;
// About what CloudLink is reported to give; long enough to connect, short enough that an
// app reusing an old URL finds out quickly.
const DEFAULT_URL_TTL_SEC = 60;

export interface EmulatorOptions {
  /** default 4300; 0 = pick a free port */
  port?: number;
  /** default '127.0.0.1' */
  host?: string;
  /** access token lifetime, default 3600 */
  tokenTtlSec?: number;
  /** websocketUri lifetime, default 60 */
  urlTtlSec?: number;
  /** default 0 (off); main.ts uses a demo rate of 2 */
  simulatorEventsPerSecond?: number;
  /** PRNG seed for the simulator */
  seed?: number;
  /** receives one line per request and per MQTT refusal; silent when absent */
  log?: (line: string) => void;
  /** external-broker mode: where to publish (MQTT over TCP), e.g. mqtt://127.0.0.1:1883 */
  brokerUrl?: string;
  /** external-broker mode: the broker's MQTT-over-WebSocket URL, e.g. ws://127.0.0.1:9001/mqtt */
  brokerWsUrl?: string;
  /** external-broker mode: QoS of routed publications, default 1 (load is always QoS 0) */
  brokerQos?: Qos;
  /** external-broker mode: how long start-up tries to reach the broker, default 5000 */
  brokerConnectTimeoutMs?: number;
}

export interface RunningEmulator {
  port: number;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  mode: BrokerMode;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

interface ExternalSettings {
  url: string;
  wsUrl: string;
  qos: Qos;
  connectTimeoutMs: number;
}

/** The external-broker settings, checked, or undefined for the internal broker. */
function externalSettings(options: EmulatorOptions): ExternalSettings | undefined {
  const { brokerUrl, brokerWsUrl } = options;
  if (brokerUrl === undefined && brokerWsUrl === undefined) return undefined;
  if (!brokerUrl || !brokerWsUrl) {
    throw new Error(
      'External-broker mode needs both the broker URL to publish to (--broker) and its ' +
        'WebSocket URL to hand out (--broker-ws).',
    );
  }
  let protocol = '';
  try {
    protocol = new URL(brokerWsUrl).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'ws:' && protocol !== 'wss:') {
    throw new Error(
      `The broker WebSocket URL must be a ws:// or wss:// URL; got "${brokerWsUrl}".`,
    );
  }
  const qos = options.brokerQos ?? 1;
  if (qos !== 0 && qos !== 1) throw new Error(`The broker QoS must be 0 or 1; got ${String(qos)}.`);
  return {
    url: brokerUrl,
    wsUrl: brokerWsUrl,
    qos,
    connectTimeoutMs: options.brokerConnectTimeoutMs ?? DEFAULT_BROKER_CONNECT_TIMEOUT_MS,
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? (() => {});
  const account = new DemoAccount();
  const tokens = new TokenIssuer(account, options.tokenTtlSec ?? DEFAULT_TOKEN_TTL_SEC);
  const urls = new SignedUrls(options.urlTtlSec ?? DEFAULT_URL_TTL_SEC);
  const registry = new SubscriptionRegistry();
  const external = externalSettings(options);
  let gateway: MqttGateway | undefined;
  let broker: MessageBroker;
  if (external) {
    broker = await ExternalBroker.start({ ...external, log });
  } else {
    gateway = new MqttGateway(registry, urls, log);
    await gateway.start();
    broker = gateway;
  }
  const publications = new PublicationRouter(registry, account, broker);
  const pbx = new Pbx(account);
  const scripts = new CallScripts(pbx, publications);
  const simulator = new CallSimulator(pbx, publications, log, options.seed);
  const load = new LoadGenerator(registry, account, broker);
  load.prepare();

  let port = 0;
  const socketUrl = () => external?.wsUrl ?? `ws://${urlHost(host)}:${port}${SIGNED_PATH}`;
  const faults = new FaultInjector({
    account,
    tokens,
    urls,
    registry,
    gateway,
    socketUrl,
    log,
  });
  const http = new Router();
  addAuthRoutes(http, tokens);
  addNotificationRoutes(http, { tokens, urls, registry, gateway, socketUrl });
  addControlRoutes(http, {
    account,
    tokens,
    urls,
    registry,
    router: publications,
    broker,
    scripts,
    simulator,
    load,
    faults,
  });

  const server = createHttpServer({
    router: http,
    gate: faults.gate,
    upgradePath: '/mqtt',
    onUpgrade: gateway?.handleUpgrade.bind(gateway),
    log,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await faults.close();
    await broker.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  simulator.setRate(options.simulatorEventsPerSecond ?? 0);

  let closing: Promise<void> | undefined;
  const close = async () => {
    simulator.close();
    scripts.close();
    load.stop('closed');
    await faults.close();
    await broker.close();
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await serverClosed;
  };
  return {
    port,
    baseUrl: `http://${urlHost(host)}:${port}`,
    mode: broker.mode,
    close: () => (closing ??= close()),
  };
}
