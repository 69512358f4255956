import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sirv from 'sirv';

// Serves the production build for the e2e run, with a config.json that points at the
// e2e emulator: the same build, other runtime config, as in production.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4211' },
    emulator: { type: 'string', default: 'http://127.0.0.1:4311' },
    dist: {
      type: 'string',
      default: fileURLToPath(new URL('../dist/switchboard/browser', import.meta.url)),
    },
  },
});

if (!existsSync(values.dist)) {
  process.stderr.write(`No build at ${values.dist}: run "ng build" first.\n`);
  process.exit(1);
}

const config = JSON.stringify({
  authBaseUrl: `${values.emulator}/2017-09-01`,
  notificationsBaseUrl: `${values.emulator}/2017-09-01`,
  appName: 'Switchboard',
  appVersion: 'e2e',
  environmentLabel: 'Local emulator (e2e)',
  emulatorUrl: `${values.emulator}/_emulator`,
  defaultAccountId: '100000',
});

const files = sirv(values.dist, { single: true, dev: false, etag: true });
const server = createServer((request, response) => {
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

server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`Serving ${values.dist} on http://localhost:${values.port}\n`);
});
const close = () => server.close(() => process.exit(0));
process.once('SIGINT', close);
process.once('SIGTERM', close);
