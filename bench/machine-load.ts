import { readdir, readFile } from 'node:fs/promises';
import { cpus } from 'node:os';

// Other work on the machine (a test run, a build) takes cores from the publisher, the broker
// and the browser, and every figure drops with it. The benchmark samples how busy the CPUs
// are before it starts, and measures, per step, how much CPU went to processes that are not
// its own (not descended from this one), so a reader can tell a clean figure from a
// crowded one. Linux only (/proc); elsewhere both read as unknown (null).

/** Long enough to average out a blip, short enough not to slow the run down. */
const SAMPLE_MS = 2000;
/** Above this, the run's figures are likely to be low because of someone else. */
export const BUSY_WARNING_SHARE = 0.15;
/** Kernel clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

async function cpuTicks(): Promise<{ busy: number; total: number }> {
  // First line of /proc/stat: "cpu user nice system idle iowait irq softirq steal ..."
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  return { busy: total - idle, total };
}

/** The share (0..1) of all CPU time that was busy over the next SAMPLE_MS. */
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

interface ProcessTicks {
  ppid: number;
  /** user + system time so far, in clock ticks */
  ticks: number;
  /** the same for its children that have exited and been waited for */
  childTicks: number;
}

async function processTicks(): Promise<Map<number, ProcessTicks>> {
  const table = new Map<number, ProcessTicks>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // After "pid (comm) ": state ppid ...; utime, stime, cutime, cstime are 11..14 from 0.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), {
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
        childTicks: Number(fields[13]) + Number(fields[14]),
      });
    } catch {
      // Gone between readdir and readFile.
    }
  }
  return table;
}

function isOurs(pid: number, table: Map<number, ProcessTicks>): boolean {
  for (let current: number | undefined = pid; current && current > 1;) {
    if (current === process.pid) return true;
    current = table.get(current)?.ppid;
  }
  return false;
}

/**
 * Measures the share of the machine's CPU that other processes used from now until the
 * returned function is called. Short-lived processes (a test run's) are caught through
 * their parent's children time once they have exited.
 */
export async function startOtherWorkMeter(): Promise<() => Promise<number | null>> {
  let before: Map<number, ProcessTicks>;
  try {
    before = await processTicks();
  } catch {
    return async () => null;
  }
  const startedAt = Date.now();
  return async () => {
    const after = await processTicks();
    let ticks = 0;
    for (const [pid, now] of after) {
      if (isOurs(pid, after)) continue;
      const then = before.get(pid);
      // A process that started during the step counts from zero; a negative difference is
      // a reused pid, not negative work.
      ticks += Math.max(0, now.ticks - (then?.ticks ?? 0));
      ticks += Math.max(0, now.childTicks - (then?.childTicks ?? 0));
    }
    for (const [pid, then] of before) {
      // One that exited during the step is in its parent's children time with its whole
      // life: take off what it had used before the step.
      if (!after.has(pid) && !isOurs(pid, before)) ticks -= then.ticks;
    }
    const seconds = (Date.now() - startedAt) / 1000;
    const capacity = seconds * CLOCK_TICKS_PER_SECOND * cpus().length;
    return capacity > 0 ? Math.min(1, Math.max(0, ticks / capacity)) : null;
  };
}
