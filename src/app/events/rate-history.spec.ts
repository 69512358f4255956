import { RATE_HISTORY_SECONDS, RateHistory } from './rate-history';

/** The start of a whole second, in epoch ms. */
const T0 = 1_714_979_300_000;
const second = (n: number) => T0 + n * 1000;

/** The last `count` values of a series, oldest first. */
function tail(series: number[], count: number): number[] {
  return series.slice(series.length - count);
}

describe('RateHistory', () => {
  it('shows five minutes', () => {
    expect(RATE_HISTORY_SECONDS).toBe(300);
  });

  it('reads all zeros, 300 of them, before anything is recorded', () => {
    const series = new RateHistory().series(T0);
    expect(series.length).toBe(RATE_HISTORY_SECONDS);
    expect(series.every((value) => value === 0)).toBeTrue();
  });

  it('adds up the counts recorded within one second', () => {
    const history = new RateHistory();
    history.record(3, second(0));
    history.record(2, second(0) + 500);
    history.record(4, second(0) + 999);
    expect(tail(history.series(second(0) + 999), 2)).toEqual([0, 9]);
  });

  it('keeps one bucket a second, oldest first, ending with the current second', () => {
    const history = new RateHistory();
    history.record(5, second(0));
    history.record(7, second(1) + 10);
    history.record(2, second(2) + 990);
    const series = history.series(second(2) + 995);
    expect(series.length).toBe(RATE_HISTORY_SECONDS);
    expect(tail(series, 4)).toEqual([0, 5, 7, 2]);
    expect(series.slice(0, RATE_HISTORY_SECONDS - 3).every((value) => value === 0)).toBeTrue();
  });

  it('reads seconds without events as zero', () => {
    const history = new RateHistory();
    history.record(4, second(0));
    history.record(6, second(3));
    expect(tail(history.series(second(5)), 6)).toEqual([4, 0, 0, 6, 0, 0]);
  });

  it('moves the window along as time passes without events', () => {
    const history = new RateHistory();
    history.record(8, second(0));
    expect(tail(history.series(second(0)), 1)).toEqual([8]);
    expect(tail(history.series(second(1)), 2)).toEqual([8, 0]);
    const later = history.series(second(10));
    expect(later[RATE_HISTORY_SECONDS - 11]).toBe(8);
    expect(later.reduce((sum, value) => sum + value, 0)).toBe(8);
  });

  it('keeps a second for 300 seconds, then lets it go', () => {
    const history = new RateHistory();
    history.record(7, second(0));
    history.record(1, second(150));

    const last = history.series(second(299));
    expect(last[0]).toBe(7);
    expect(last[150]).toBe(1);

    const after = history.series(second(300));
    expect(after[0]).toBe(0);
    expect(after[149]).toBe(1);
    expect(after).not.toContain(7);
  });

  it('does not add a new second to the count of the second 300 s before it', () => {
    const history = new RateHistory();
    history.record(7, second(0));
    history.record(1, second(300));
    const series = history.series(second(300));
    expect(series[RATE_HISTORY_SECONDS - 1]).toBe(1);
    expect(series.reduce((sum, value) => sum + value, 0)).toBe(1);
  });

  it('wraps around several times and still reads the last 300 seconds', () => {
    const history = new RateHistory();
    for (let s = 0; s < 1000; s++) history.record(s % 10, second(s));
    const series = history.series(second(999));
    const wanted: number[] = [];
    for (let s = 700; s < 1000; s++) wanted.push(s % 10);
    expect(series).toEqual(wanted);
  });

  it('forgets everything after a gap longer than the window', () => {
    const history = new RateHistory();
    for (let s = 0; s < 20; s++) history.record(3, second(s));
    history.record(2, second(1000));
    const series = history.series(second(1000));
    expect(series[RATE_HISTORY_SECONDS - 1]).toBe(2);
    expect(series.reduce((sum, value) => sum + value, 0)).toBe(2);
  });

  it('keeps fractional counts', () => {
    const history = new RateHistory();
    history.record(0.5, second(0));
    history.record(0.25, second(0));
    expect(tail(history.series(second(0)), 1)).toEqual([0.75]);
  });

  it('does not change when series() is read repeatedly for the same second', () => {
    const history = new RateHistory();
    history.record(4, second(0));
    const first = history.series(second(0) + 100);
    const again = history.series(second(0) + 900);
    expect(again).toEqual(first);
    expect(tail(again, 1)).toEqual([4]);
  });

  it('clears to zeros and starts over', () => {
    const history = new RateHistory();
    history.record(9, second(0));
    history.record(9, second(1));
    history.clear();
    expect(history.series(second(1)).every((value) => value === 0)).toBeTrue();

    history.record(2, second(50));
    const series = history.series(second(51));
    expect(tail(series, 2)).toEqual([2, 0]);
    expect(series.reduce((sum, value) => sum + value, 0)).toBe(2);
  });
});
