import type { BenchResults } from './results.js';
import type { StepResult } from './steps.js';

// bench/results/latest.svg, written by hand (no charting library): left, the received rate
// against the target rate for the app and the bare page, with the "received = target"
// line; right, p99 latency per step on a log scale (it spans milliseconds to seconds).

const WIDTH = 960;
const HEIGHT = 420;
const PANEL_WIDTH = 400;
const PANEL_HEIGHT = 280;
const TOP = 70;
const LEFT_PANEL_X = 80;
const RIGHT_PANEL_X = 550;
const COLOURS = {
  app: '#1a73e8',
  bare: '#e37400',
  ideal: '#9aa0a6',
  grid: '#e8eaed',
  text: '#202124',
};
const FONT = 'font-family="system-ui, DejaVu Sans, sans-serif"';

interface Series {
  name: string;
  colour: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function shortRate(rate: number): string {
  return rate >= 1000 ? `${Number((rate / 1000).toFixed(1))}k` : String(rate);
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(value, 1)));
  const steps = [1, 2, 2.5, 5, 10].map((s) => s * magnitude);
  return steps.find((s) => s >= value) ?? 10 * magnitude;
}

/** One panel: axes, grid, labels and the series as polylines with dots. */
function panel(options: {
  x: number;
  title: string;
  yLabel: string;
  categories: number[];
  yTicks: number[];
  yScale: (value: number) => number;
  yFormat: (value: number) => string;
  series: Series[];
}): string {
  const { x, categories } = options;
  const parts: string[] = [];
  const columnX = (i: number) => x + ((i + 0.5) * PANEL_WIDTH) / Math.max(categories.length, 1);
  const rowY = (value: number) => TOP + PANEL_HEIGHT - options.yScale(value) * PANEL_HEIGHT;
  parts.push(
    `<text x="${x + PANEL_WIDTH / 2}" y="${TOP - 30}" text-anchor="middle" font-size="15" font-weight="600">${escape(options.title)}</text>`,
  );
  for (const tick of options.yTicks) {
    const y = rowY(tick);
    parts.push(
      `<line x1="${x}" y1="${y}" x2="${x + PANEL_WIDTH}" y2="${y}" stroke="${COLOURS.grid}"/>`,
      `<text x="${x - 8}" y="${y + 4}" text-anchor="end" font-size="11">${escape(options.yFormat(tick))}</text>`,
    );
  }
  parts.push(
    `<line x1="${x}" y1="${TOP + PANEL_HEIGHT}" x2="${x + PANEL_WIDTH}" y2="${TOP + PANEL_HEIGHT}" stroke="${COLOURS.text}"/>`,
    `<line x1="${x}" y1="${TOP}" x2="${x}" y2="${TOP + PANEL_HEIGHT}" stroke="${COLOURS.text}"/>`,
  );
  categories.forEach((rate, i) => {
    parts.push(
      `<text x="${columnX(i)}" y="${TOP + PANEL_HEIGHT + 18}" text-anchor="middle" font-size="11">${shortRate(rate)}</text>`,
    );
  });
  parts.push(
    `<text x="${x + PANEL_WIDTH / 2}" y="${TOP + PANEL_HEIGHT + 40}" text-anchor="middle" font-size="12">target rate (events/s)</text>`,
    `<text transform="translate(${x - 58} ${TOP + PANEL_HEIGHT / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escape(options.yLabel)}</text>`,
  );
  for (const s of options.series) {
    const points = s.points.map((p) => `${columnX(p.x).toFixed(1)},${rowY(p.y).toFixed(1)}`);
    if (points.length > 1) {
      const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
      parts.push(
        `<polyline points="${points.join(' ')}" fill="none" stroke="${s.colour}" stroke-width="2"${dash}/>`,
      );
    }
    if (!s.dashed) {
      for (const point of points) {
        const [cx, cy] = point.split(',');
        parts.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${s.colour}"/>`);
      }
    }
  }
  return parts.join('\n');
}

function legend(entries: { name: string; colour: string; dashed?: boolean }[]): string {
  return entries
    .map((entry, i) => {
      const x = LEFT_PANEL_X + i * 190;
      const y = HEIGHT - 14;
      const dash = entry.dashed ? ' stroke-dasharray="5 4"' : '';
      return (
        `<line x1="${x}" y1="${y - 4}" x2="${x + 24}" y2="${y - 4}" stroke="${entry.colour}" stroke-width="2"${dash}/>` +
        `<text x="${x + 30}" y="${y}" font-size="12">${escape(entry.name)}</text>`
      );
    })
    .join('\n');
}

export function renderChart(results: BenchResults): string {
  const categories = [...new Set([...results.app, ...results.bare].map((s) => s.targetRate))].sort(
    (a, b) => a - b,
  );
  const index = (rate: number) => categories.indexOf(rate);
  const pointsOf = (steps: StepResult[], value: (s: StepResult) => number) =>
    steps.map((s) => ({ x: index(s.targetRate), y: value(s) }));

  const maxRate = niceCeiling(
    Math.max(1, ...categories, ...[...results.app, ...results.bare].map((s) => s.receivedRate)),
  );
  const rateTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * maxRate);
  const rates = panel({
    x: LEFT_PANEL_X,
    title: 'Received rate vs target',
    yLabel: 'received (events/s)',
    categories,
    yTicks: rateTicks,
    yScale: (v) => v / maxRate,
    yFormat: shortRate,
    series: [
      {
        name: 'target',
        colour: COLOURS.ideal,
        dashed: true,
        points: categories.map((r, i) => ({ x: i, y: r })),
      },
      { name: 'app', colour: COLOURS.app, points: pointsOf(results.app, (s) => s.receivedRate) },
      { name: 'bare', colour: COLOURS.bare, points: pointsOf(results.bare, (s) => s.receivedRate) },
    ],
  });

  // Log scale from 1 ms to the next power of ten above the worst p99.
  const worst = Math.max(10, ...[...results.app, ...results.bare].map((s) => s.latency.p99));
  const decades = Math.ceil(Math.log10(worst));
  const log = (ms: number) => Math.log10(Math.max(ms, 1)) / decades;
  const latencyTicks = Array.from({ length: decades + 1 }, (_, i) => 10 ** i);
  const latencies = panel({
    x: RIGHT_PANEL_X,
    title: 'p99 latency per step',
    yLabel: 'p99 publish → painted / parsed (ms)',
    categories,
    yTicks: latencyTicks,
    yScale: log,
    yFormat: (ms) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`),
    series: [
      { name: 'app', colour: COLOURS.app, points: pointsOf(results.app, (s) => s.latency.p99) },
      { name: 'bare', colour: COLOURS.bare, points: pointsOf(results.bare, (s) => s.latency.p99) },
    ],
  });

  const subtitle = `${results.date} · ${results.machine.cpus} CPUs · ${results.machine.chromium}${results.smoke ? ' · smoke run' : ''}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ${FONT} fill="${COLOURS.text}">`,
    `<title>Switchboard feed benchmark</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="12" fill="#5f6368">${escape(subtitle)}</text>`,
    rates,
    latencies,
    legend([
      { name: 'Switchboard app', colour: COLOURS.app },
      { name: 'bare Paho page (ceiling)', colour: COLOURS.bare },
      { name: 'received = target', colour: COLOURS.ideal, dashed: true },
    ]),
    '</svg>',
    '',
  ].join('\n');
}
