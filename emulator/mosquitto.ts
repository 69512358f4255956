import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { access, constants, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// Starts a throwaway Mosquitto for the emulator's external-broker mode: the tests, the
// benchmark and a human trying it. The config comes from mosquitto/mosquitto.conf (a
// template in the repo), filled in with free ports and written to a temporary directory.

const DEFAULT_BINARY = '/usr/sbin/mosquitto';
const TEMPLATE = fileURLToPath(new URL('./mosquitto/mosquitto.conf', import.meta.url));
// Far more than any benchmark queues for one subscriber (about a minute at 20,000/s), and
// still bounded, so a subscriber that stops reading cannot take all the memory.
const DEFAULT_MAX_QUEUED_MESSAGES = 1_000_000;
// Mosquitto starts in milliseconds; this only bites when something is badly wrong.
const STARTUP_TIMEOUT_MS = 10_000;
const PORT_POLL_MS = 25;
// SIGTERM lets Mosquitto close its sockets; one that has not gone by then is killed.
const STOP_TIMEOUT_MS = 3000;
// Enough of stderr to explain a failed start without keeping a long run's log in memory.
const KEPT_STDERR_LINES = 50;

export interface MosquittoOptions {
  /** loopback MQTT port; default: a free one */
  tcpPort?: number;
  /** MQTT-over-WebSocket port (bound on all interfaces); default: a free one */
  wsPort?: number;
  /** per-client queue bound; default 1,000,000 */
  maxQueuedMessages?: number;
  /** receives Mosquitto's log lines (stderr); silent when absent */
  log?: (line: string) => void;
  /** the mosquitto executable; default /usr/sbin/mosquitto */
  binary?: string;
}

export interface RunningMosquitto {
  /** mqtt://127.0.0.1:TCP_PORT, where the emulator publishes */
  tcpUrl: string;
  /** ws://127.0.0.1:WS_PORT/mqtt, what the emulator hands out */
  wsUrl: string;
  tcpPort: number;
  wsPort: number;
  /** the broker's process id, for CPU measurements */
  pid: number;
  close(): Promise<void>;
}

/** A port nobody listens on right now: bind to port 0, read it, let it go. */
async function freePort(host?: string): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function assertExecutable(binary: string): Promise<void> {
  try {
    await access(binary, constants.X_OK);
  } catch {
    throw new Error(
      `Mosquitto is not installed (no executable ${binary}). ` +
        'Run `sh scripts/ensure-system-deps.sh` to install it from Debian.',
    );
  }
}

function fillTemplate(template: string, values: Record<string, number>): string {
  return template.replace(/@([A-Z_]+)@/g, (match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`mosquitto.conf has an unknown placeholder ${match}`);
    return String(value);
  });
}

/** Lines of a child's stream, to a callback, without ever letting the pipe fill up. */
function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(line);
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<RunningMosquitto> {
  const binary = options.binary ?? DEFAULT_BINARY;
  await assertExecutable(binary);
  const tcpPort = options.tcpPort ?? (await freePort('127.0.0.1'));
  // The websockets listener binds every interface, so the port must be free on all of them.
  let wsPort = options.wsPort ?? (await freePort());
  while (wsPort === tcpPort) wsPort = await freePort();
  const config = fillTemplate(await readFile(TEMPLATE, 'utf8'), {
    TCP_PORT: tcpPort,
    WS_PORT: wsPort,
    MAX_QUEUED_MESSAGES: options.maxQueuedMessages ?? DEFAULT_MAX_QUEUED_MESSAGES,
  });
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-mosquitto-'));
  const configFile = join(dir, 'mosquitto.conf');
  await writeFile(configFile, config);

  const child = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  // A test process that dies without close() must not leave a broker behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stderr: string[] = [];
  readLines(child.stderr!, (line) => {
    stderr.push(line);
    if (stderr.length > KEPT_STDERR_LINES) stderr.shift();
    options.log?.(line);
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited(child);
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
    })());

  try {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    const pending = new Set([tcpPort, wsPort]);
    while (pending.size > 0) {
      if (spawnError) throw spawnError;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `Mosquitto exited during start-up (${child.exitCode ?? child.signalCode}):\n` +
            stderr.join('\n'),
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Mosquitto did not open ports ${[...pending].join(', ')} within ` +
            `${STARTUP_TIMEOUT_MS} ms:\n${stderr.join('\n')}`,
        );
      }
      for (const port of [...pending]) if (await canConnect(port)) pending.delete(port);
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, PORT_POLL_MS));
    }
  } catch (error) {
    await close();
    throw error;
  }

  return {
    tcpUrl: `mqtt://127.0.0.1:${tcpPort}`,
    wsUrl: `ws://127.0.0.1:${wsPort}/mqtt`,
    tcpPort,
    wsPort,
    pid: child.pid ?? 0,
    close,
  };
}

const USAGE = `Usage: tsx emulator/mosquitto.ts [options]
  --tcp-port <n>   loopback MQTT port (default: a free one)
  --ws-port <n>    MQTT-over-WebSocket port (default: a free one)
  --verbose        show Mosquitto's log
  --help           show this text`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'tcp-port': { type: 'string' },
      'ws-port': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = (value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
      throw new Error(`A port must be a number from 1 to 65535; got "${value}".`);
    }
    return parsed;
  };
  const mosquitto = await startMosquitto({
    tcpPort: port(values['tcp-port']),
    wsPort: port(values['ws-port']),
    log: values.verbose ? (line) => process.stderr.write(`[mosquitto] ${line}\n`) : undefined,
  });
  const stop = () => {
    mosquitto.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`mosquitto failed to stop: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // Before the line that tells a script it may signal us.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(
    `Mosquitto listening: MQTT ${mosquitto.tcpUrl}, MQTT over WebSocket ${mosquitto.wsUrl}\n` +
      `Run the emulator against it: tsx emulator/main.ts --broker ${mosquitto.tcpUrl} ` +
      `--broker-ws ${mosquitto.wsUrl}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
