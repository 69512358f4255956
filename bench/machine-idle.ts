import { readFile } from 'node:fs/promises';

// Other work on the machine (a test run, a build) takes cores from the publisher, the broker
// and the browser, and every figure drops with it. The benchmark samples how busy the CPUs
// are just before it starts its own processes, records it, and warns when it is high.

/** Long enough to average out a blip, short enough not to slow the run down. */
const SAMPLE_MS = 2000;
/** Above this, the run's figures are likely to be low because of someone else. */
export const BUSY_WARNING_SHARE = 0.15;

async function cpuTicks(): Promise<{ busy: number; total: number }> {
  // First line of /proc/stat: "cpu user nice system idle iowait irq softirq steal ..."
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  return { busy: total - idle, total };
}

/** The share (0..1) of all CPU time that was busy over the next SAMPLE_MS; null off Linux. */
export async function busyShare(): Promise<number | null> {
  try {
    const before = await cpuTicks();
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    const after = await cpuTicks();
    const total = after.total - before.total;
    return total > 0 ? (after.busy - before.busy) / total : null;
  } catch {
    return null;
  }
}
