import { parseArgs } from 'node:util';

// The command line, with the defaults the targets are stated against.

export const DEFAULT_STEPS = [1000, 5000, 10_000, 20_000, 50_000];
export const DEFAULT_STEP_SECONDS = 20;
/** The "sustain 20,000 events/s for 60 s": that step runs this long in a full run. */
export const SUSTAIN_RATE = 20_000;
export const SUSTAIN_SECONDS = 60;
export const DEFAULT_SOAK_EVENTS = 1_000_000;
/** The soak runs at the highest lossless step rate up to this (the sustained rate). */
export const MAX_SOAK_RATE = SUSTAIN_RATE;
export const DEFAULT_FIRST_EVENT_RUNS = 3;

const SMOKE_STEPS = [1000];
const SMOKE_STEP_SECONDS = 2;

export const USAGE = `Usage: tsx bench/run.ts [options]
  --smoke               the whole pipeline in seconds: one 1,000/s step for 2 s into the app
                        and the bare page, first event once, no soak; checks only that it
                        runs and reports
  --steps <list>        target rates in events/s (default ${DEFAULT_STEPS.join(',')})
  --step-seconds <n>    seconds per step (default ${DEFAULT_STEP_SECONDS})
  --sustain-seconds <n> seconds for the ${SUSTAIN_RATE}/s step (default ${SUSTAIN_SECONDS}, or
                        --step-seconds when that is given)
  --soak-events <n>     events in the soak (default ${DEFAULT_SOAK_EVENTS})
  --soak-rate <n>       soak rate in events/s (default: the highest step rate, up to
                        ${MAX_SOAK_RATE}, that the app took without loss)
  --skip-soak           no soak
  --first-event-runs <n> Start → first event measurements, median reported (default ${DEFAULT_FIRST_EVENT_RUNS})
  --skip-build          use the existing dist/switchboard/browser
  --transport <where>   where the app runs Paho and the parser: worker (default) or main
                        (the page's main thread); run both to compare
  --help                this text`;

export interface BenchOptions {
  smoke: boolean;
  steps: number[];
  stepSeconds: number;
  sustainSeconds: number;
  soakEvents: number;
  /** undefined = chosen from the steps' results */
  soakRate: number | undefined;
  skipSoak: boolean;
  firstEventRuns: number;
  skipBuild: boolean;
  transport: 'worker' | 'main';
  help: boolean;
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value.replace(/_/g, ''));
  if (!Number.isFinite(number) || number <= 0) {
    throw new Error(`--${name} must be a positive number, not "${value}"`);
  }
  return number;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      smoke: { type: 'boolean', default: false },
      steps: { type: 'string' },
      'step-seconds': { type: 'string' },
      'sustain-seconds': { type: 'string' },
      'soak-events': { type: 'string' },
      'soak-rate': { type: 'string' },
      'skip-soak': { type: 'boolean', default: false },
      'first-event-runs': { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      transport: { type: 'string', default: 'worker' },
      help: { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke;
  const steps = values.steps
    ? values.steps.split(',').map((rate) => positive('steps', rate.trim()) as number)
    : smoke
      ? SMOKE_STEPS
      : DEFAULT_STEPS;
  const stepSeconds =
    positive('step-seconds', values['step-seconds']) ??
    (smoke ? SMOKE_STEP_SECONDS : DEFAULT_STEP_SECONDS);
  const sustainSeconds =
    positive('sustain-seconds', values['sustain-seconds']) ??
    (smoke || values['step-seconds'] !== undefined ? stepSeconds : SUSTAIN_SECONDS);
  return {
    smoke,
    steps: [...steps].sort((a, b) => a - b),
    stepSeconds,
    sustainSeconds,
    soakEvents: positive('soak-events', values['soak-events']) ?? DEFAULT_SOAK_EVENTS,
    soakRate: positive('soak-rate', values['soak-rate']),
    skipSoak: smoke || values['skip-soak'],
    firstEventRuns:
      positive('first-event-runs', values['first-event-runs']) ??
      (smoke ? 1 : DEFAULT_FIRST_EVENT_RUNS),
    skipBuild: values['skip-build'],
    transport: readTransport(values.transport),
    help: values.help,
  };
}

/** How long a step at `rate` runs. */
export function stepSecondsFor(options: BenchOptions, rate: number): number {
  return rate === SUSTAIN_RATE ? options.sustainSeconds : options.stepSeconds;
}

function readTransport(value: string | undefined): 'worker' | 'main' {
  if (value === 'worker' || value === 'main' || value === undefined) return value ?? 'worker';
  throw new Error(`--transport must be worker or main, not "${value}"`);
}
