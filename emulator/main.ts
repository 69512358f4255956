import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startEmulator, type RunningEmulator } from './emulator.js';
import { startMosquitto, type RunningMosquitto } from './mosquitto.js';

// CLI: `tsx emulator/main.ts [--port 4300] [--host 127.0.0.1] [--token-ttl 3600]
// [--url-ttl 60] [--rate 2] [--seed N] [--verbose]`, plus external-broker mode with
// `--broker URL --broker-ws URL [--broker-qos 1]` or `--with-mosquitto`. EMULATOR_PORT,
// EMULATOR_RATE, EMULATOR_BROKER_URL, EMULATOR_BROKER_WS_URL and EMULATOR_BROKER_QOS are
// read when the flags are absent (flags win).

const DEMO_RATE = 2;

const USAGE = `Usage: tsx emulator/main.ts [options]
  --port <n>       listen port (default ${DEFAULT_PORT}, env EMULATOR_PORT; 0 = any free port)
  --host <addr>    listen address (default 127.0.0.1)
  --token-ttl <s>  access token lifetime in seconds (default 3600)
  --url-ttl <s>    websocketUri lifetime in seconds (default 60)
  --rate <n>       simulated call events per second (default ${DEMO_RATE}, env EMULATOR_RATE; 0 = off)
  --seed <n>       seed for the call simulator
  --broker <url>   external-broker mode: publish to this MQTT broker, e.g. mqtt://127.0.0.1:1883
                   (env EMULATOR_BROKER_URL; needs --broker-ws)
  --broker-ws <url>  the broker's MQTT-over-WebSocket URL that POST /connections hands out,
                   e.g. ws://127.0.0.1:9001/mqtt (env EMULATOR_BROKER_WS_URL)
  --broker-qos <n> QoS 0 or 1 for routed publications in external mode (default 1,
                   env EMULATOR_BROKER_QOS)
  --with-mosquitto start a throwaway Mosquitto on free ports and use it as the external broker
  --verbose        log every request and every MQTT refusal (and Mosquitto's log)
  --help           show this text`;

function numberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new Error(`${name} must be a non-negative number; got "${value}".`);
  }
  return parsed;
}

function qosOption(value: string | undefined): 0 | 1 | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === '0' || value === '1') return Number(value) as 0 | 1;
  throw new Error(`--broker-qos must be 0 or 1; got "${value}".`);
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
      broker: { type: 'string' },
      'broker-ws': { type: 'string' },
      'broker-qos': { type: 'string' },
      'with-mosquitto': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const verbose = values.verbose;
  let brokerUrl = values.broker || process.env['EMULATOR_BROKER_URL'] || undefined;
  let brokerWsUrl = values['broker-ws'] || process.env['EMULATOR_BROKER_WS_URL'] || undefined;
  const brokerQos = qosOption(values['broker-qos'] ?? process.env['EMULATOR_BROKER_QOS']);
  let mosquitto: RunningMosquitto | undefined;
  if (values['with-mosquitto']) {
    if (brokerUrl || brokerWsUrl) {
      throw new Error(
        '--with-mosquitto starts its own broker: leave out --broker and --broker-ws.',
      );
    }
    mosquitto = await startMosquitto({
      log: verbose ? (line) => process.stderr.write(`[mosquitto] ${line}\n`) : undefined,
    });
    ({ tcpUrl: brokerUrl, wsUrl: brokerWsUrl } = mosquitto);
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
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
      brokerUrl,
      brokerWsUrl,
      brokerQos,
    });
  } catch (error) {
    await mosquitto?.close();
    throw error;
  }
  const shutDown = (signal: NodeJS.Signals) => {
    if (verbose) process.stderr.write(`[emulator] ${signal}: closing\n`);
    const closeAll = async () => {
      await emulator.close();
      await mosquitto?.close();
    };
    closeAll().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`emulator failed to close: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // Registered before the start-up line: whoever reads it may signal at once.
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
  if (emulator.mode === 'internal') {
    const socketUrl = emulator.baseUrl.replace(/^http/, 'ws');
    console.log(
      `CloudLink emulator listening on ${emulator.baseUrl} (MQTT over WebSocket at ${socketUrl}/mqtt)`,
    );
  } else {
    console.log(
      `CloudLink emulator listening on ${emulator.baseUrl} (external broker: publishing to ` +
        `${brokerUrl}, MQTT over WebSocket at ${brokerWsUrl})`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
