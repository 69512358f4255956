import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderChart } from './chart.js';
import type { BenchResults } from './results.js';
import type { StepResult } from './steps.js';

// The run's output: a plain-text table on stdout, and files under bench/results/.

const MB = 1_000_000;

/** `figures`: whether columns after the first hold numbers (right-aligned) or words. */
function table(header: string[], rows: string[][], figures = true): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // Words left, figures right, as a reader scans them.
  const cell = (text: string, i: number) =>
    i === 0 || !figures ? text.padEnd(widths[i]!) : text.padStart(widths[i]!);
  const line = (cells: string[]) => cells.map(cell).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const count = (n: number | null) => (n === null ? '-' : n.toLocaleString('en-US'));
const percent = (share: number | null) => (share === null ? '-' : `${Math.round(share * 100)} %`);
const megabytes = (bytes: number) => (bytes / MB).toFixed(1);

function stepRows(results: BenchResults): string[][] {
  const share = (step: StepResult) => {
    if (step.consumer !== 'app') return '';
    const found = results.shareOfBare.find((s) => s.targetRate === step.targetRate);
    return found?.share == null ? '-' : `${Math.round(found.share * 100)} %`;
  };
  return [...results.app, ...results.bare].map((step) => [
    step.consumer,
    count(step.targetRate),
    String(step.durationMs / 1000),
    count(step.published),
    count(step.achievedRate),
    count(step.received),
    count(step.receivedRate),
    share(step),
    count(step.lost),
    count(step.duplicates),
    count(step.malformed),
    `${step.latency.p50}/${step.latency.p95}/${step.latency.p99}/${Math.round(step.latency.max)}`,
    `${step.longTasks.count}/${step.longTasks.maxMs}`,
    megabytes(step.heap.totalBytes),
    count(step.domNodes),
    count(step.retained),
    percent(step.othersCpuShare),
  ]);
}

export function formatReport(results: BenchResults): string {
  const out: string[] = [];
  const m = results.machine;
  out.push(
    `Switchboard feed benchmark${results.smoke ? ' (smoke: checks only that it runs)' : ''}`,
    `${results.date} · ${m.os} · ${m.cpus} × ${m.cpuModel} · ${(m.memoryBytes / 2 ** 30).toFixed(0)} GiB · Node ${m.node} · ${m.chromium}`,
    `CPUs busy before the run: ${percent(m.busyBeforeRun)} (other work lowers every figure)`,
    `Broker: ${results.setup.broker}, QoS ${results.setup.brokerQos}. ` +
      `App transport: Paho and the parser in ${results.transport === 'worker' ? 'the ingest worker' : "the page's main thread"}. ${results.method}`,
    '',
    table(
      [
        'page',
        'target/s',
        's',
        'published',
        'pub/s',
        'received',
        'recv/s',
        'of bare',
        'lost',
        'dup',
        'bad',
        'p50/p95/p99/max ms',
        'long n/max ms',
        'heap MB',
        'DOM',
        'retained',
        'others',
      ],
      stepRows(results),
    ),
    '',
    `recv/s: events received within the load's duration, per second. lost: published − (received − dup) once the page caught up or ${results.setup.drainMaxMs / 1000} s passed. ` +
      'Latency: publish → painted (app), publish → parsed (bare). heap: JS heap after a forced GC, page + workers. ' +
      "others: the machine's CPU used by processes not the benchmark's own during the step (above a few % the step's figures are low).",
    '',
  );
  const first = results.firstEvent;
  out.push(
    `First event after Start (${count(first.rate)}/s flowing): ` +
      (first.medianMs === null
        ? 'not measured'
        : `median ${Math.round(first.medianMs)} ms (runs: ${first.runsMs.map(Math.round).join(', ')} ms)`),
  );
  const soak = results.soak;
  out.push(
    soak
      ? `Soak: ${count(soak.published)} events at ${count(soak.rate)}/s, received ${count(soak.received)}, lost ${count(soak.lost)}, ` +
          `retained ${count(soak.retained)}, evicted ${count(soak.evicted)}; heap ${megabytes(soak.heapEmptyBytes)} MB empty → ` +
          `${megabytes(soak.heapAtCapBytes)} MB at cap → ${megabytes(soak.heapEndBytes)} MB at end (growth ${megabytes(soak.growthBytes)} MB); ` +
          `p99 ${soak.latency.p99} ms, long tasks ${soak.longTasks.count} (max ${soak.longTasks.maxMs} ms); others ${percent(soak.othersCpuShare)}`
      : 'Soak: skipped',
  );
  const b = results.bundle;
  out.push(
    `Initial bundle: ${(b.gzipBytes / 1000).toFixed(1)} kB gzip (level ${b.gzipLevel}), ` +
      `${(b.brotliBytes / 1000).toFixed(1)} kB brotli, ${(b.rawBytes / 1000).toFixed(1)} kB raw, ` +
      `${b.files.length} files; index.html ${(b.indexHtmlGzipBytes / 1000).toFixed(1)} kB gzip besides`,
    '',
    table(
      ['target', 'measured', 'result'],
      results.targets.map((t) => [t.target, t.measured, t.status]),
      false,
    ),
    '',
    `Took ${(results.durationMs / 1000).toFixed(0)} s: ${results.command}`,
  );
  return out.join('\n');
}

/** File-name-safe ISO time: 2026-12-04T10-15-30Z. */
function stamp(date: string): string {
  return date.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/**
 * A full run writes <date-time>.json, latest.json and latest.svg (latest-main.* for a run
 * with `--transport main`, the comparison). A smoke run (npm test)
 * writes only smoke-latest.json and smoke-latest.svg, so it neither overwrites the latest
 * real figures nor piles up a file per test run.
 */
export async function writeResults(dir: string, results: BenchResults): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const svg = renderChart(results);
  const written: [string, string][] = results.smoke
    ? [
        [join(dir, 'smoke-latest.json'), json],
        [join(dir, 'smoke-latest.svg'), svg],
      ]
    : [
        [join(dir, `${stamp(results.date)}.json`), json],
        [join(dir, `${latestName(results)}.json`), json],
        [join(dir, `${latestName(results)}.svg`), svg],
      ];
  for (const [file, content] of written) await writeFile(file, content);
  return written.map(([file]) => file);
}

function latestName(results: BenchResults): string {
  return results.transport === 'main' ? 'latest-main' : 'latest';
}
