import { fileURLToPath } from 'node:url';
import { AppPage, FIRST_EVENT_RATE } from './app-page.js';
import { BarePage } from './bare-page.js';
import { measureBundle } from './bundle-size.js';
import { WINDOW_SIZE } from './chromium.js';
import { busyShare, BUSY_WARNING_SHARE } from './machine-load.js';
import {
  MAX_SOAK_RATE,
  parseOptions,
  stepSecondsFor,
  USAGE,
  type BenchOptions,
} from './options.js';
import { formatReport, writeResults } from './report.js';
import {
  describeMachine,
  MEASUREMENT_METHOD,
  median,
  sharesOfBare,
  type BenchResults,
  type FirstEventResult,
} from './results.js';
import { runSoak, type SoakResult } from './soak.js';
import { buildApp, DIST, startStack, type BenchStack } from './stack.js';
import { DRAIN_MAX_MS, runStep, waitForQuiet, type StepPlan, type StepResult } from './steps.js';
import { judgeTargets } from './targets.js';
import { Teardown } from './teardown.js';

// npm run bench: the feed benchmark of issue #3. See bench/README.md for what it measures
// and how to read it.

const RESULTS_DIR = fileURLToPath(new URL('./results', import.meta.url));
/** Before a step, an earlier step's backlog may still be arriving; this long at most. */
const SETTLE_MAX_MS = 30_000;

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function plans(options: BenchOptions): StepPlan[] {
  return options.steps.map((targetRate) => ({
    targetRate,
    durationMs: stepSecondsFor(options, targetRate) * 1000,
  }));
}

function largestLoad(options: BenchOptions): number {
  const steps = plans(options).map((p) => (p.targetRate * p.durationMs) / 1000);
  return Math.max(...steps, options.skipSoak ? 0 : options.soakEvents);
}

/** The highest step rate, up to MAX_SOAK_RATE, the app took with nothing lost. */
function soakRateFrom(app: StepResult[]): number {
  const lossless = app.filter((s) => s.targetRate <= MAX_SOAK_RATE && s.lost === 0 && s.drained);
  if (lossless.length > 0) return Math.max(...lossless.map((s) => s.targetRate));
  return Math.min(...app.map((s) => s.targetRate));
}

const describeStep = (s: StepResult) =>
  `${s.consumer} ${s.targetRate}/s: published ${s.published}, received ${s.received} ` +
  `(${s.receivedRate}/s), lost ${s.lost}, p99 ${s.latency.p99} ms`;

async function runApp(
  stack: BenchStack,
  options: BenchOptions,
): Promise<{ firstEvent: FirstEventResult; steps: StepResult[] }> {
  progress('app: signing in and creating the default subscription');
  const app = await AppPage.open(stack.browser, stack.appUrl);
  try {
    const runsMs: number[] = [];
    for (let run = 0; run < options.firstEventRuns; run++) {
      runsMs.push(await app.measureFirstEvent(stack.emulator));
      progress(`app: first event ${runsMs.at(-1)} ms after Start`);
    }
    const steps: StepResult[] = [];
    for (const plan of plans(options)) {
      await waitForQuiet(app, SETTLE_MAX_MS);
      progress(`app: ${plan.targetRate}/s for ${plan.durationMs / 1000} s`);
      const step = await runStep(app, stack.emulator, plan);
      steps.push(step);
      progress(describeStep(step));
      // A backlog still queued at the broker would spill into the next step; a new session
      // (a new subscription, the old client's queue dropped) starts that one clean.
      if (!step.drained) await app.restartSession();
    }
    return { firstEvent: { rate: FIRST_EVENT_RATE, runsMs, medianMs: median(runsMs) }, steps };
  } finally {
    await app.close();
  }
}

/** The soak gets a page of its own, so the overloaded steps' leftovers are not in its heap. */
async function runAppSoak(stack: BenchStack, events: number, rate: number): Promise<SoakResult> {
  const app = await AppPage.open(stack.browser, stack.appUrl);
  try {
    progress(`app: soak of ${events} events at ${rate}/s`);
    const soak = await runSoak(app, stack.emulator, events, rate);
    progress(`app: soak done, heap growth ${(soak.growthBytes / 1e6).toFixed(1)} MB`);
    return soak;
  } finally {
    await app.close();
  }
}

async function runBare(stack: BenchStack, options: BenchOptions): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  for (const plan of plans(options)) {
    // A fresh page per run: nothing carries over, not even a backlog at the broker.
    const bare = await BarePage.open(stack.browser, stack.emulator, stack.bareUrl);
    try {
      progress(`bare: ${plan.targetRate}/s for ${plan.durationMs / 1000} s`);
      const step = await runStep(bare, stack.emulator, plan);
      steps.push(step);
      progress(describeStep(step));
    } finally {
      await bare.close();
    }
  }
  return steps;
}

async function main(teardown: Teardown): Promise<void> {
  const started = Date.now();
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!options.skipBuild) {
    progress('building the production app (ng build)');
    await buildApp();
  }
  const bundle = await measureBundle(DIST);
  const busy = await busyShare();
  if (busy !== null && busy > BUSY_WARNING_SHARE) {
    progress(
      `warning: the CPUs were ${Math.round(busy * 100)} % busy before the run started; ` +
        'other work lowers every figure',
    );
  }
  progress('starting Mosquitto, the emulator, the servers and Chromium');
  const stack = await startStack(teardown, largestLoad(options), options.transport);
  const chromium = await stack.browser.version();

  const app = await runApp(stack, options);
  const soak = options.skipSoak
    ? null
    : await runAppSoak(stack, options.soakEvents, options.soakRate ?? soakRateFrom(app.steps));
  const bare = await runBare(stack, options);

  const results: BenchResults = {
    date: new Date(started).toISOString(),
    command: ['tsx', 'bench/run.ts', ...process.argv.slice(2)].join(' '),
    smoke: options.smoke,
    transport: options.transport,
    machine: describeMachine(chromium, busy),
    method: MEASUREMENT_METHOD,
    setup: {
      broker: stack.broker,
      brokerQos: stack.brokerQos,
      maxQueuedMessages: stack.maxQueuedMessages,
      windowSize: WINDOW_SIZE,
      drainMaxMs: DRAIN_MAX_MS,
    },
    firstEvent: app.firstEvent,
    app: app.steps,
    bare,
    shareOfBare: sharesOfBare(app.steps, bare),
    soak,
    bundle,
    targets: judgeTargets({
      app: app.steps,
      bare,
      soak,
      firstEvent: app.firstEvent,
      bundle,
    }),
    durationMs: Date.now() - started,
  };
  const files = await writeResults(RESULTS_DIR, results);
  process.stdout.write(`${formatReport(results)}\n`);
  progress(`wrote ${files.join(', ')}`);
  if (options.smoke) assertReported(results);
}

/** The smoke run's only check: that each part produced figures (never the targets). */
function assertReported(results: BenchResults): void {
  const problems: string[] = [];
  for (const step of [...results.app, ...results.bare]) {
    if (step.published === 0)
      problems.push(`${step.consumer} ${step.targetRate}/s published nothing`);
    if (step.received === 0)
      problems.push(`${step.consumer} ${step.targetRate}/s received nothing`);
  }
  if (results.app.length === 0 || results.bare.length === 0) problems.push('a page ran no step');
  if (results.firstEvent.medianMs === null) problems.push('no first-event figure');
  if (results.bundle.gzipBytes === 0) problems.push('no bundle size');
  if (problems.length > 0)
    throw new Error(`The smoke run reported no figures: ${problems.join('; ')}`);
}

const teardown = new Teardown();
let interrupted = false;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    interrupted = true;
    progress(`${signal}: stopping everything`);
    void teardown.run().then(() => process.exit(code));
  });
}

main(teardown)
  .catch((error: unknown) => {
    if (!interrupted) {
      process.stderr.write(
        `Benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 1;
    }
  })
  .finally(() => teardown.run());
