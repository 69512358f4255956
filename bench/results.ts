import { cpus, platform, release, totalmem } from 'node:os';
import type { BundleSize } from './bundle-size.js';
import type { SoakResult } from './soak.js';
import type { StepResult } from './steps.js';

// The shape of bench/results/*.json: everything one run measured, with where and how.

export const MEASUREMENT_METHOD =
  'Debian Chromium started headless by the benchmark and driven over a raw DevTools pipe ' +
  '(no Playwright): no Network, Page or Runtime domain enabled on the measured pages. ' +
  'Figures are read with Runtime.evaluate from counters the pages keep themselves ' +
  '(window.__switchboardProbe in the app, window.bare in the bare page), long tasks from a ' +
  'PerformanceObserver injected before each step, heaps with HeapProfiler.collectGarbage + ' +
  "Runtime.getHeapUsage on the page and each of its workers (the page's main-thread heap " +
  "plus its workers' heaps).";

export interface Machine {
  os: string;
  cpuModel: string;
  cpus: number;
  memoryBytes: number;
  node: string;
  chromium: string;
  /** how busy the CPUs were (0..1) just before the run started its processes */
  busyBeforeRun: number | null;
}

export type TargetStatus = 'pass' | 'miss' | 'not measured';

export interface TargetCheck {
  id: string;
  target: string;
  /** the figure it was judged on, in words, e.g. "lost 0, duplicated 0 over 60 s" */
  measured: string;
  status: TargetStatus;
}

export interface FirstEventResult {
  rate: number;
  runsMs: number[];
  medianMs: number | null;
}

export interface BenchResults {
  date: string;
  command: string;
  smoke: boolean;
  /** Where the app ran Paho and the parser. */
  transport: 'worker' | 'main';
  machine: Machine;
  method: string;
  setup: {
    broker: string;
    brokerQos: number;
    maxQueuedMessages: number;
    windowSize: string;
    drainMaxMs: number;
  };
  firstEvent: FirstEventResult;
  app: StepResult[];
  bare: StepResult[];
  /** app received rate ÷ bare received rate at the same target */
  shareOfBare: { targetRate: number; share: number | null }[];
  soak: SoakResult | null;
  bundle: BundleSize;
  targets: TargetCheck[];
  durationMs: number;
}

export function describeMachine(chromium: string, busyBeforeRun: number | null): Machine {
  const cores = cpus();
  return {
    os: `${platform()} ${release()}`,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cpus: cores.length,
    memoryBytes: totalmem(),
    node: process.version,
    chromium,
    busyBeforeRun,
  };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function sharesOfBare(app: StepResult[], bare: StepResult[]): BenchResults['shareOfBare'] {
  return app.map((step) => {
    const ceiling = bare.find((b) => b.targetRate === step.targetRate);
    const share =
      ceiling && ceiling.receivedRate > 0 ? step.receivedRate / ceiling.receivedRate : null;
    return { targetRate: step.targetRate, share };
  });
}
