import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { CdpPage } from './cdp-page.js';
import type { Chromium } from './chromium.js';
import type { EmulatorClient } from './emulator-client.js';
import type { DeliveryCounters, LatencyFigures, MeasuredPage } from './measured-page.js';

// The ceiling: bench/bare-page (Paho 1.1.0 + JSON.parse, no UI), one fresh page per run,
// subscribed through the same REST calls the app makes, with its own client id.

const PAGE_DIR = fileURLToPath(new URL('./bare-page', import.meta.url));
const PAHO_DIR = fileURLToPath(new URL('../node_modules/paho-mqtt', import.meta.url));
const VENDOR_PREFIX = '/vendor';
/** Like the app's client ids, unique per page; the prefix tells the bench's apart. */
export const BARE_CLIENT_PREFIX = 'bench-bare-';
/** The QoS the app subscribes with, so the broker treats both consumers alike. */
const SUBSCRIBE_QOS = 1;
const CONNECT_TIMEOUT_MS = 15_000;

export interface BarePageServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the bare page and Paho's classic script (from node_modules) on a free port. */
export async function serveBarePage(): Promise<BarePageServer> {
  const page = sirv(PAGE_DIR, { dev: false, etag: true });
  const vendor = sirv(PAHO_DIR, { dev: false, etag: true });
  const server: Server = createServer((request, response) => {
    const notFound = () => {
      response.writeHead(404);
      response.end();
    };
    const path = request.url ?? '/';
    if (path.startsWith(`${VENDOR_PREFIX}/`)) {
      request.url = path.slice(VENDOR_PREFIX.length);
      vendor(request, response, notFound);
    } else {
      page(request, response, notFound);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export class BarePage implements MeasuredPage {
  readonly kind = 'bare';

  private constructor(
    readonly page: CdpPage,
    private readonly emulator: EmulatorClient,
    private readonly subscriptionId: string,
  ) {}

  get subscriptionIds(): string[] {
    return [this.subscriptionId];
  }

  /** A fresh page, its own subscription, connected and subscribed. */
  static async open(browser: Chromium, emulator: EmulatorClient, url: string): Promise<BarePage> {
    const clientId = `${BARE_CLIENT_PREFIX}${randomUUID()}`;
    const subscriptionId = await emulator.createSubscription(clientId);
    const page = await CdpPage.open(browser);
    const bare = new BarePage(page, emulator, subscriptionId);
    try {
      await page.goto(url);
      const uri = await emulator.connectionUri();
      // Passed as a call argument, not in the page URL, so the presigned URI is never in a
      // log or a history entry.
      await withTimeout(
        page.call('(options) => window.bare.start(options)', {
          uri,
          clientId,
          topic: subscriptionId,
          qos: SUBSCRIBE_QOS,
        }),
        CONNECT_TIMEOUT_MS,
        'the bare page to connect and subscribe',
      );
      return bare;
    } catch (error) {
      await bare.close();
      throw error;
    }
  }

  async reset(): Promise<void> {
    // Every run gets a fresh page; nothing to clear.
  }

  async counters(): Promise<DeliveryCounters> {
    const { received, malformed } = await this.page.evaluate<{
      received: number;
      malformed: number;
    }>('window.bare.counters()');
    // The bare page does not look for repeats: that would cost the ceiling a Set lookup per
    // message, and at QoS 0 the broker sends each message once.
    return { received, malformed, duplicates: null, retained: null, evicted: null };
  }

  latency(): Promise<LatencyFigures> {
    return this.page.evaluate<LatencyFigures>('window.bare.latency()');
  }

  async close(): Promise<void> {
    await this.page.evaluate('window.bare && window.bare.stop()').catch(() => undefined);
    await this.page.close();
    await this.emulator.deleteSubscription(this.subscriptionId).catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
