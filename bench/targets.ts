import type { BundleSize } from './bundle-size.js';
import { SUSTAIN_RATE, SUSTAIN_SECONDS } from './options.js';
import type { FirstEventResult, TargetCheck, TargetStatus } from './results.js';
import { STORE_CAP, type SoakResult } from './soak.js';
import type { StepResult } from './steps.js';

// The targets, judged on one run's figures. Reported, never asserted: a miss is a
// finding for the README, not a failed run. MB and kB are decimal (10^6 and 10^3 bytes).

const MB = 1_000_000;
const KB = 1000;
/** A step whose publisher fell this far short of its target rate did not test the target. */
const PUBLISHER_TOLERANCE = 0.02;
const CEILING_SHARE = 0.8;
const P99_RATE = 5000;
const P99_LIMIT_MS = 100;
const LONG_TASK_RATE = 5000;
const LONG_TASK_LIMIT_MS = 50;
const HEAP_LIMIT_BYTES = 150 * MB;
const SOAK_GROWTH_LIMIT_BYTES = 10 * MB;
const FIRST_EVENT_LIMIT_MS = 500;
const BUNDLE_LIMIT_BYTES = 300 * KB;

export interface TargetInputs {
  app: StepResult[];
  bare: StepResult[];
  soak: SoakResult | null;
  firstEvent: FirstEventResult;
  bundle: BundleSize;
}

const judged = (isMet: boolean): TargetStatus => (isMet ? 'pass' : 'miss');
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

function sustained(app: StepResult[]): TargetCheck {
  const target = `sustain ${SUSTAIN_RATE}/s for ${SUSTAIN_SECONDS} s with 0 lost and 0 duplicated`;
  const step = app.find((s) => s.targetRate === SUSTAIN_RATE);
  const id = 'sustain';
  if (!step) return { id, target, measured: `no ${SUSTAIN_RATE}/s step`, status: 'not measured' };
  const figures = `lost ${step.lost}, duplicated ${step.duplicates} over ${step.durationMs / 1000} s at ${step.achievedRate}/s published`;
  if (step.durationMs < SUSTAIN_SECONDS * 1000) {
    return { id, target, measured: `${figures} (step too short)`, status: 'not measured' };
  }
  if (step.achievedRate < SUSTAIN_RATE * (1 - PUBLISHER_TOLERANCE)) {
    return { id, target, measured: `${figures} (publisher fell short)`, status: 'not measured' };
  }
  return {
    id,
    target,
    measured: figures,
    status: judged(step.lost === 0 && step.duplicates === 0),
  };
}

function ceilingShare(app: StepResult[], bare: StepResult[]): TargetCheck {
  const target = `≥ ${CEILING_SHARE * 100} % of the bare ceiling (best received rate)`;
  const best = (steps: StepResult[]) => Math.max(0, ...steps.map((s) => s.receivedRate));
  const appBest = best(app);
  const ceiling = best(bare);
  if (ceiling === 0)
    return { id: 'ceiling', target, measured: 'no bare run', status: 'not measured' };
  const share = appBest / ceiling;
  return {
    id: 'ceiling',
    target,
    measured: `${Math.round(share * 100)} % (app ${appBest}/s, bare ${ceiling}/s)`,
    status: judged(share >= CEILING_SHARE),
  };
}

function p99(app: StepResult[]): TargetCheck {
  const target = `p99 ≤ ${P99_LIMIT_MS} ms at ${P99_RATE}/s`;
  const step = app.find((s) => s.targetRate === P99_RATE);
  if (!step)
    return { id: 'p99', target, measured: `no ${P99_RATE}/s step`, status: 'not measured' };
  return {
    id: 'p99',
    target,
    measured: `p99 ${step.latency.p99} ms`,
    status: judged(step.latency.p99 <= P99_LIMIT_MS),
  };
}

function longTasks(app: StepResult[]): TargetCheck {
  const target = `no long task > ${LONG_TASK_LIMIT_MS} ms at ≤ ${LONG_TASK_RATE}/s`;
  const steps = app.filter((s) => s.targetRate <= LONG_TASK_RATE);
  if (steps.length === 0) {
    return { id: 'long-tasks', target, measured: 'no step at or below', status: 'not measured' };
  }
  const count = steps.reduce((sum, s) => sum + s.longTasks.count, 0);
  const longest = Math.max(...steps.map((s) => s.longTasks.maxMs));
  return {
    id: 'long-tasks',
    target,
    measured: `${count} long tasks, longest ${longest} ms`,
    status: judged(longest <= LONG_TASK_LIMIT_MS),
  };
}

function heapAtCap(app: StepResult[], soak: SoakResult | null): TargetCheck {
  const target = `JS heap ≤ ${mb(HEAP_LIMIT_BYTES)} with ${STORE_CAP} retained`;
  if (soak && (soak.retained ?? 0) >= STORE_CAP) {
    return {
      id: 'heap',
      target,
      measured: `${mb(soak.heapEndBytes)} with ${soak.retained} retained (end of soak)`,
      status: judged(soak.heapEndBytes <= HEAP_LIMIT_BYTES),
    };
  }
  const step = app.find((s) => (s.retained ?? 0) >= STORE_CAP);
  if (!step) {
    return { id: 'heap', target, measured: 'store never reached its cap', status: 'not measured' };
  }
  return {
    id: 'heap',
    target,
    measured: `${mb(step.heap.totalBytes)} with ${step.retained} retained (${step.targetRate}/s step)`,
    status: judged(step.heap.totalBytes <= HEAP_LIMIT_BYTES),
  };
}

function soakGrowth(soak: SoakResult | null): TargetCheck {
  const target = `heap growth ≤ ${mb(SOAK_GROWTH_LIMIT_BYTES)} over the soak`;
  if (!soak) return { id: 'soak', target, measured: 'no soak', status: 'not measured' };
  return {
    id: 'soak',
    target,
    measured: `${mb(soak.growthBytes)} from the store's cap to ${soak.events} events`,
    status: judged(soak.growthBytes <= SOAK_GROWTH_LIMIT_BYTES),
  };
}

function firstEvent(result: FirstEventResult): TargetCheck {
  const target = `first event ≤ ${FIRST_EVENT_LIMIT_MS} ms after Start`;
  if (result.medianMs === null) {
    return { id: 'first-event', target, measured: 'no measurement', status: 'not measured' };
  }
  return {
    id: 'first-event',
    target,
    measured: `median ${Math.round(result.medianMs)} ms of ${result.runsMs.length}`,
    status: judged(result.medianMs <= FIRST_EVENT_LIMIT_MS),
  };
}

function bundleSize(bundle: BundleSize): TargetCheck {
  return {
    id: 'bundle',
    target: `initial bundle ≤ ${BUNDLE_LIMIT_BYTES / KB} kB gzip`,
    measured: `${(bundle.gzipBytes / KB).toFixed(1)} kB gzip (level ${bundle.gzipLevel})`,
    status: judged(bundle.gzipBytes <= BUNDLE_LIMIT_BYTES),
  };
}

export function judgeTargets(inputs: TargetInputs): TargetCheck[] {
  return [
    sustained(inputs.app),
    ceilingShare(inputs.app, inputs.bare),
    p99(inputs.app),
    longTasks(inputs.app),
    heapAtCap(inputs.app, inputs.soak),
    soakGrowth(inputs.soak),
    firstEvent(inputs.firstEvent),
    bundleSize(inputs.bundle),
  ];
}
