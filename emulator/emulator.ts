import type { AddressInfo } from 'node:net';
import { addAuthRoutes } from './auth-api.js';
import { CallScripts } from './call-script.js';
import { CallSimulator } from './call-simulator.js';
import { addControlRoutes } from './control-api.js';
import { DemoAccount } from './demo-account.js';
import { createHttpServer } from './http-server.js';
import { MqttGateway } from './mqtt-gateway.js';
import { addNotificationRoutes } from './notifications-api.js';
import { Pbx } from './pbx.js';
import { PublicationRouter } from './publication-router.js';
import { Router } from './router.js';
import { SignedUrls } from './signed-url.js';
import { SubscriptionRegistry } from './subscription-registry.js';
import { TokenIssuer } from './token-issuer.js';

// The CloudLink emulator as one object: REST, MQTT over WebSocket and /_emulator on one
// port, loopback only. Tests start one per file on port 0; main.ts starts the demo one.

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
}

export interface RunningEmulator {
  port: number;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? (() => {});
  const account = new DemoAccount();
  const tokens = new TokenIssuer(account, options.tokenTtlSec ?? DEFAULT_TOKEN_TTL_SEC);
  const urls = new SignedUrls(options.urlTtlSec ?? DEFAULT_URL_TTL_SEC);
  const registry = new SubscriptionRegistry();
  const gateway = new MqttGateway(registry, urls, log);
  await gateway.start();
  const publications = new PublicationRouter(registry, account, gateway);
  const pbx = new Pbx(account);
  const scripts = new CallScripts(pbx, publications);
  const simulator = new CallSimulator(pbx, publications, log, options.seed);

  let port = 0;
  const http = new Router();
  addAuthRoutes(http, tokens);
  addNotificationRoutes(http, {
    tokens,
    urls,
    registry,
    gateway,
    socketBase: () => `ws://${urlHost(host)}:${port}`,
  });
  addControlRoutes(http, {
    account,
    tokens,
    urls,
    registry,
    router: publications,
    gateway,
    scripts,
    simulator,
  });

  const server = createHttpServer({
    router: http,
    upgradePath: '/mqtt',
    onUpgrade: (req, socket, head, correlationId) =>
      gateway.handleUpgrade(req, socket, head, correlationId),
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
    await gateway.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  simulator.setRate(options.simulatorEventsPerSecond ?? 0);

  let closing: Promise<void> | undefined;
  const close = async () => {
    simulator.close();
    scripts.close();
    await gateway.close();
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await serverClosed;
  };
  return {
    port,
    baseUrl: `http://${urlHost(host)}:${port}`,
    close: () => (closing ??= close()),
  };
}
