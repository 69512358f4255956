import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect } from 'mqtt';
import type { LoadStatus } from './load-generator.js';
import { startMosquitto, type RunningMosquitto } from './mosquitto.js';

// How fast POST /_emulator/load really goes, end to end, as the benchmark would see it: the
// emulator in its own process (main.ts), optionally Mosquitto, and one subscriber in a third
// process that connects like the app does (signed URL, MQTT over WebSocket, clientId =
// deviceId) and counts what arrives. Prints one line per target rate with the publisher's
// achieved rate, what the subscriber received, latency, and each process's CPU use.
//
//   tsx emulator/measure-load.ts --mode external --rates 5000,20000,50000 --duration 5000

const SELF = fileURLToPath(import.meta.url);
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const DEMO_USER = { username: 'operator@switchboard.test', password: 'switchboard' };
const ACCOUNT_ID = '100000';
// Linux reports process CPU time in clock ticks of 1/100 s.
const CLOCK_TICKS_PER_SEC = 100;
// After the publisher finishes, how long the subscriber may go without a message before
// whatever is missing counts as lost.
const QUIET_MS = 2000;
const TIMESTAMP_FIELD = Buffer.from('"timestamp":');

interface SubscriberReport {
  received: number;
  firstAt: number;
  lastAt: number;
  latencies: number[];
}

/** CPU seconds a process has used so far (user + system). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SEC;
}

async function json<T = Record<string, string>>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

// --- the subscriber process -------------------------------------------------------------

async function runSubscriber(baseUrl: string): Promise<void> {
  const api = `${baseUrl}/2017-09-01`;
  const { access_token: token } = await json(`${api}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      ...DEMO_USER,
      account_id: ACCOUNT_ID,
    }).toString(),
  });
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const deviceId = `measure-${process.pid}`;
  const { subscriptionId } = await json(`${api}/subscriptions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      deviceId,
      transport: 'websocket',
      topic: 'platform-api-media',
      subjectFilter: '/2017-09-01/endpoints/',
    }),
  });
  const { websocketUri } = await json(`${api}/connections`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ transport: 'websocket' }),
  });
  const client = connect(websocketUri, {
    protocolVersion: 4,
    clientId: deviceId,
    reconnectPeriod: 0,
  });
  let report: SubscriberReport = { received: 0, firstAt: 0, lastAt: 0, latencies: [] };
  client.on('message', (_topic, payload) => {
    const now = Date.now();
    if (report.received === 0) report.firstAt = now;
    report.received++;
    report.lastAt = now;
    // Reading the one number without parsing the whole message keeps this process cheap.
    const at = payload.indexOf(TIMESTAMP_FIELD);
    if (at >= 0) {
      const start = at + TIMESTAMP_FIELD.length;
      report.latencies.push(now - Number(payload.toString('latin1', start, start + 13)));
    }
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync(subscriptionId, { qos: 0 });
  process.on('message', (message: string) => {
    if (message === 'peek') {
      process.send?.({ ...report, latencies: [] });
    } else if (message === 'report') {
      process.send?.(report);
      report = { received: 0, firstAt: 0, lastAt: 0, latencies: [] };
    } else if (message === 'stop') {
      client.end(true);
      process.disconnect();
    }
  });
  process.send?.({ ready: subscriptionId });
}

// --- the measuring process --------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function startupLine(child: ChildProcess): Promise<string> {
  let text = '';
  for await (const chunk of child.stdout!) {
    text += (chunk as Buffer).toString();
    const end = text.indexOf('\n');
    if (end >= 0) return text.slice(0, end);
  }
  throw new Error(`the emulator exited before it started: ${text}`);
}

function ask(child: ChildProcess, message: string): Promise<SubscriberReport> {
  const answer = once(child, 'message') as Promise<[SubscriberReport]>;
  child.send(message);
  return answer.then(([report]) => report);
}

async function measure(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string', default: 'external' },
      rates: { type: 'string', default: '5000,20000,50000' },
      duration: { type: 'string', default: '5000' },
      subscriber: { type: 'string' },
    },
  });
  if (values.subscriber) return runSubscriber(values.subscriber);
  const rates = values.rates.split(',').map(Number);
  const durationMs = Number(values.duration);

  let mosquitto: RunningMosquitto | undefined;
  const args = ['--import', 'tsx', MAIN, '--port', '0', '--rate', '0'];
  if (values.mode === 'external') {
    mosquitto = await startMosquitto();
    args.push('--broker', mosquitto.tcpUrl, '--broker-ws', mosquitto.wsUrl);
  }
  const emulator = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = /listening on (http:\/\/\S+)/.exec(await startupLine(emulator))?.[1];
  if (!baseUrl) throw new Error('no base URL in the emulator start-up line');
  const subscriber = fork(SELF, ['--subscriber', baseUrl], { execArgv: ['--import', 'tsx'] });
  const [ready] = (await once(subscriber, 'message')) as [{ ready: string }];

  const pids: Record<string, number> = { emulator: emulator.pid!, subscriber: subscriber.pid! };
  if (mosquitto) pids['mosquitto'] = mosquitto.pid;
  process.stdout.write(`mode ${values.mode}, ${durationMs} ms per rate, 1 subscriber\n`);
  for (const rate of rates) {
    const cpuBefore = Object.fromEntries(
      await Promise.all(Object.entries(pids).map(async ([n, pid]) => [n, await cpuSeconds(pid)])),
    );
    await json(`${baseUrl}/_emulator/load`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ eventsPerSecond: rate, durationMs, subscriptionIds: [ready.ready] }),
    });
    let status: LoadStatus;
    do {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = await json<LoadStatus>(`${baseUrl}/_emulator/load`);
    } while (status.running);
    // Let the subscriber drain: done when everything came, or nothing came for QUIET_MS.
    let report = await ask(subscriber, 'peek');
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const latest = await ask(subscriber, 'peek');
      const quiet = latest.received === report.received && Date.now() - latest.lastAt > QUIET_MS;
      report = latest;
      if (latest.received >= status.published || quiet) break;
    }
    report = await ask(subscriber, 'report');
    const cpu = await Promise.all(
      Object.entries(pids).map(
        async ([n, pid]) => `${n} ${((await cpuSeconds(pid)) - cpuBefore[n]).toFixed(1)}s`,
      ),
    );
    const wallSec = ((status.finishedAt ?? 0) - (status.startedAt ?? 0)) / 1000;
    const receivedSpanSec = (report.lastAt - report.firstAt) / 1000;
    const latencies = report.latencies.sort((a, b) => a - b);
    process.stdout.write(
      `target ${rate}/s: published ${status.published} in ${wallSec.toFixed(2)} s ` +
        `(${status.achievedEventsPerSecond}/s); received ${report.received} ` +
        `(${(report.received / Math.max(receivedSpanSec, wallSec)).toFixed(0)}/s over ` +
        `${Math.max(receivedSpanSec, wallSec).toFixed(2)} s); latency p50 ` +
        `${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ` +
        `${latencies[latencies.length - 1]} ms; CPU ${cpu.join(', ')} ` +
        `(of ${(wallSec * 2).toFixed(1)}s on 2 cores)\n`,
    );
  }
  subscriber.send('stop');
  emulator.kill('SIGTERM');
  await once(emulator, 'exit');
  await mosquitto?.close();
}

measure().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exitCode = 1;
});
