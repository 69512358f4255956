import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sirv from 'sirv';

// Serves the production build with a config.json generated for the run (the same build,
// other runtime config, as in production). Used by the e2e run and the benchmark.

export const DEFAULT_DIST = fileURLToPath(new URL('../dist/switchboard/browser', import.meta.url));

export interface ServeAppOptions {
  port: number;
  /** Base URL of the emulator, e.g. http://127.0.0.1:4311 */
  emulatorUrl: string;
  dist?: string;
  /** Extra config.json fields (e.g. benchmarkProbe). */
  extraConfig?: Record<string, unknown>;
}

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

export async function serveApp(options: ServeAppOptions): Promise<ServedApp> {
  const dist = options.dist ?? DEFAULT_DIST;
  if (!existsSync(dist)) throw new Error(`No build at ${dist}: run "ng build" first.`);
  const config = JSON.stringify({
    authBaseUrl: `${options.emulatorUrl}/2017-09-01`,
    notificationsBaseUrl: `${options.emulatorUrl}/2017-09-01`,
    appName: 'Switchboard',
    appVersion: 'e2e',
    environmentLabel: 'Local emulator (e2e)',
    emulatorUrl: `${options.emulatorUrl}/_emulator`,
    defaultAccountId: '100000',
    ...options.extraConfig,
  });
  const files = sirv(dist, { single: true, dev: false, etag: true });
  const server: Server = createServer((request, response) => {
    if (request.url?.split('?')[0] === '/config.json') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(config);
      return;
    }
    files(request, response, () => {
      response.writeHead(404);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4211' },
      emulator: { type: 'string', default: 'http://127.0.0.1:4311' },
      dist: { type: 'string', default: DEFAULT_DIST },
    },
  });
  serveApp({ port: Number(values.port), emulatorUrl: values.emulator, dist: values.dist }).then(
    (app) => {
      process.stdout.write(`Serving ${values.dist} on ${app.url}\n`);
      const close = () => void app.close().then(() => process.exit(0));
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
