import { LatencyHistogram, LatencySummary } from './latency-histogram';

function summaryOf(samples: readonly number[]): LatencySummary {
  const histogram = new LatencyHistogram();
  for (const sample of samples) histogram.record(sample);
  return histogram.summary();
}

function range(from: number, to: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value++) values.push(value);
  return values;
}

/** A fixed shuffle, so order-independence is tested without randomness. */
function shuffled(values: readonly number[]): number[] {
  const result = [...values];
  let seed = 7;
  for (let index = result.length - 1; index > 0; index--) {
    seed = (seed * 16_807) % 2_147_483_647;
    const other = seed % (index + 1);
    [result[index], result[other]] = [result[other], result[index]];
  }
  return result;
}

describe('LatencyHistogram', () => {
  it('summarises nothing as zeros', () => {
    expect(new LatencyHistogram().summary()).toEqual({
      count: 0,
      p50: 0,
      p95: 0,
      p99: 0,
      max: 0,
    });
  });

  const cases: { name: string; samples: number[]; summary: LatencySummary }[] = [
    {
      name: '1..100',
      samples: range(1, 100),
      summary: { count: 100, p50: 50, p95: 95, p99: 99, max: 100 },
    },
    {
      name: '1..100 shuffled',
      samples: shuffled(range(1, 100)),
      summary: { count: 100, p50: 50, p95: 95, p99: 99, max: 100 },
    },
    {
      name: '1..1000',
      samples: range(1, 1000),
      summary: { count: 1000, p50: 500, p95: 950, p99: 990, max: 1000 },
    },
    {
      name: '1..10 (ranks round up)',
      samples: range(1, 10),
      summary: { count: 10, p50: 5, p95: 10, p99: 10, max: 10 },
    },
    {
      name: 'one sample',
      samples: [42],
      summary: { count: 1, p50: 42, p95: 42, p99: 42, max: 42 },
    },
    {
      name: 'two samples',
      samples: [10, 20],
      summary: { count: 2, p50: 10, p95: 20, p99: 20, max: 20 },
    },
    {
      name: 'all equal',
      samples: [250, 250, 250, 250],
      summary: { count: 4, p50: 250, p95: 250, p99: 250, max: 250 },
    },
    {
      name: 'a long tail',
      samples: [...Array<number>(90).fill(20), ...Array<number>(9).fill(300), 5000],
      summary: { count: 100, p50: 20, p95: 300, p99: 300, max: 5000 },
    },
    {
      name: 'zero latency',
      samples: [0, 0, 0],
      summary: { count: 3, p50: 0, p95: 0, p99: 0, max: 0 },
    },
    {
      name: 'fractions rounded to the millisecond',
      samples: [10.4],
      summary: { count: 1, p50: 10, p95: 10, p99: 10, max: 10 },
    },
    {
      name: 'a half rounded up',
      samples: [10.5],
      summary: { count: 1, p50: 11, p95: 11, p99: 11, max: 11 },
    },
    {
      name: 'fractions just under a half',
      samples: [0.49, 99.6],
      summary: { count: 2, p50: 0, p95: 100, p99: 100, max: 100 },
    },
    {
      name: 'a negative latency (clock skew) as zero',
      samples: [-5],
      summary: { count: 1, p50: 0, p95: 0, p99: 0, max: 0 },
    },
    {
      name: 'negatives among positives',
      samples: [-300, -1, 4, 8],
      summary: { count: 4, p50: 0, p95: 8, p99: 8, max: 8 },
    },
    {
      name: 'exactly 60 s',
      samples: [60_000],
      summary: { count: 1, p50: 60_000, p95: 60_000, p99: 60_000, max: 60_000 },
    },
    {
      name: 'above 60 s, counted in the last bucket, with the true max',
      samples: [90_000],
      summary: { count: 1, p50: 60_000, p95: 60_000, p99: 60_000, max: 90_000 },
    },
    {
      name: 'a few above 60 s among quick ones',
      samples: [...Array<number>(98).fill(10), 120_000, 75_000.4],
      summary: { count: 100, p50: 10, p95: 10, p99: 60_000, max: 120_000 },
    },
  ];

  for (const c of cases) {
    it(`summarises ${c.name}`, () => {
      expect(summaryOf(c.samples)).toEqual(c.summary);
    });
  }

  it('rounds the max', () => {
    expect(summaryOf([3.2, 7.6]).max).toBe(8);
    expect(summaryOf([75_000.4]).max).toBe(75_000);
  });

  it('keeps counting as samples arrive between summaries', () => {
    const histogram = new LatencyHistogram();
    for (const sample of range(1, 50)) histogram.record(sample);
    expect(histogram.summary().p50).toBe(25);
    for (const sample of range(51, 100)) histogram.record(sample);
    expect(histogram.summary()).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('resets to the empty summary and counts afresh', () => {
    const histogram = new LatencyHistogram();
    for (const sample of [5, 7, 90_000]) histogram.record(sample);
    histogram.reset();
    expect(histogram.summary()).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });

    histogram.record(12);
    histogram.record(30);
    expect(histogram.summary()).toEqual({ count: 2, p50: 12, p95: 30, p99: 30, max: 30 });
  });
});
