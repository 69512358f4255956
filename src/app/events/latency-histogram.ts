/** Latencies above this many milliseconds are counted in the last bucket. */
const MAX_TRACKED_MS = 60_000;

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Millisecond-exact latency percentiles in fixed memory (one counter per millisecond). */
export class LatencyHistogram {
  private readonly buckets = new Uint32Array(MAX_TRACKED_MS + 1);
  private count = 0;
  private max = 0;

  record(latencyMs: number): void {
    const bucket = Math.min(MAX_TRACKED_MS, Math.max(0, Math.round(latencyMs)));
    this.buckets[bucket]++;
    this.count++;
    if (latencyMs > this.max) this.max = latencyMs;
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      p50: this.percentile(0.5),
      p95: this.percentile(0.95),
      p99: this.percentile(0.99),
      max: Math.round(this.max),
    };
  }

  reset(): void {
    this.buckets.fill(0);
    this.count = 0;
    this.max = 0;
  }

  /** The smallest latency at or under which `share` of the samples fall. */
  private percentile(share: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil(share * this.count);
    let seen = 0;
    for (let bucket = 0; bucket <= MAX_TRACKED_MS; bucket++) {
      seen += this.buckets[bucket];
      if (seen >= rank) return bucket;
    }
    return MAX_TRACKED_MS;
  }
}
