/** Seconds of history the sparkline shows. */
export const RATE_HISTORY_SECONDS = 300;

/** Events per second over the last minutes, one bucket a second, for the sparkline. */
export class RateHistory {
  private readonly buckets = new Float64Array(RATE_HISTORY_SECONDS);
  private currentSecond: number | null = null;

  record(count: number, now: number): void {
    const second = Math.floor(now / 1000);
    this.advanceTo(second);
    this.buckets[second % RATE_HISTORY_SECONDS] += count;
  }

  /** Oldest first, ending with the current (partial) second. */
  series(now: number): number[] {
    const second = Math.floor(now / 1000);
    this.advanceTo(second);
    const result: number[] = [];
    for (let offset = RATE_HISTORY_SECONDS - 1; offset >= 0; offset--) {
      result.push(this.buckets[(second - offset) % RATE_HISTORY_SECONDS]);
    }
    return result;
  }

  clear(): void {
    this.buckets.fill(0);
    this.currentSecond = null;
  }

  private advanceTo(second: number): void {
    if (this.currentSecond === null) {
      this.currentSecond = second;
      return;
    }
    // Seconds without events read as zero: clear the buckets skipped since the last one.
    const gap = Math.min(second - this.currentSecond, RATE_HISTORY_SECONDS);
    for (let step = 1; step <= gap; step++) {
      this.buckets[(this.currentSecond + step) % RATE_HISTORY_SECONDS] = 0;
    }
    if (second > this.currentSecond) this.currentSecond = second;
  }
}
