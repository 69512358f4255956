import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startEmulator } from './emulator.js';

// CLI: `tsx emulator/main.ts [--port 4300] [--host 127.0.0.1] [--token-ttl 3600]
// [--url-ttl 60] [--rate 2] [--seed N] [--verbose]`; EMULATOR_PORT and EMULATOR_RATE
// are read when the flags are absent (flags win).

const DEMO_RATE = 2;

const USAGE = `Usage: tsx emulator/main.ts [options]
  --port <n>       listen port (default ${DEFAULT_PORT}, env EMULATOR_PORT; 0 = any free port)
  --host <addr>    listen address (default 127.0.0.1)
  --token-ttl <s>  access token lifetime in seconds (default 3600)
  --url-ttl <s>    websocketUri lifetime in seconds (default 60)
  --rate <n>       simulated call events per second (default ${DEMO_RATE}, env EMULATOR_RATE; 0 = off)
  --seed <n>       seed for the call simulator
  --verbose        log every request and every MQTT refusal
  --help           show this text`;

function numberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new Error(`${name} must be a non-negative number; got "${value}".`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'token-ttl': { type: 'string' },
      'url-ttl': { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const verbose = values.verbose;
  const emulator = await startEmulator({
    port: numberOption('--port', values.port ?? process.env['EMULATOR_PORT'], DEFAULT_PORT),
    host: values.host,
    tokenTtlSec: numberOption('--token-ttl', values['token-ttl'], 3600),
    urlTtlSec: numberOption('--url-ttl', values['url-ttl'], 60),
    simulatorEventsPerSecond: numberOption(
      '--rate',
      values.rate ?? process.env['EMULATOR_RATE'],
      DEMO_RATE,
    ),
    seed: values.seed === undefined ? undefined : numberOption('--seed', values.seed, 0),
    log: verbose ? (line) => process.stderr.write(`[emulator] ${line}\n`) : undefined,
  });
  const socketUrl = emulator.baseUrl.replace(/^http/, 'ws');
  console.log(
    `CloudLink emulator listening on ${emulator.baseUrl} (MQTT over WebSocket at ${socketUrl}/mqtt)`,
  );

  const shutDown = (signal: NodeJS.Signals) => {
    if (verbose) process.stderr.write(`[emulator] ${signal}: closing\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`emulator failed to close: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
