import { parseArgs } from 'node:util';
import { AppPage } from './app-page.js';
import { startStack } from './stack.js';
import { Teardown } from './teardown.js';

// Where the app's main thread spends its time under load: a sampling CPU profile of the
// measured page while the emulator publishes, summarised by function. Run it against a
// build with readable names: `npx ng build --configuration profile && npx tsx bench/profile.ts`.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '8' },
    top: { type: 'string', default: '40' },
    // Freeze the list first: what is left is ingest, not rendering.
    paused: { type: 'boolean', default: false },
    transport: { type: 'string', default: 'worker' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const SAMPLING_INTERVAL_US = 250;

const teardown = new Teardown();
try {
  const transport = values.transport === 'main' ? 'main' : 'worker';
  const stack = await startStack(teardown, rate * seconds, transport);
  const app = await AppPage.open(stack.browser, stack.appUrl);
  if (values.paused) await app.click('Pause');
  await app.page.send('Profiler.enable');
  await app.page.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await app.page.send('Profiler.start');
  const status = await stack.emulator.runLoad({
    eventsPerSecond: rate,
    durationMs: seconds * 1000,
  });
  const { profile } = await app.page.send<{
    profile: { nodes: ProfileNode[]; startTime: number; endTime: number };
  }>('Profiler.stop');
  const counters = await app.counters();
  const totalHits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    const file = frame.url.split('/').pop() || '(native)';
    const key = `${frame.functionName || '(anonymous)'}  ${file}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  process.stdout.write(
    `published ${status.published} at ${rate}/s; app received ${counters.received}; ` +
      `profile ${Math.round(wallMs)} ms, ${totalHits} samples\n`,
  );
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  for (const [name, hits] of top) {
    const share = (100 * hits) / totalHits;
    process.stdout.write(`${share.toFixed(1).padStart(5)} %  ${name}\n`);
  }
} finally {
  await teardown.run();
}
