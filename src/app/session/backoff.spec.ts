import { RECONNECT_BASE_MS, RECONNECT_CAP_MS, reconnectDelay } from './backoff';

describe('reconnectDelay', () => {
  it('uses a 500 ms base and a 30 s cap', () => {
    expect(RECONNECT_BASE_MS).toBe(500);
    expect(RECONNECT_CAP_MS).toBe(30_000);
  });

  const justUnderOne = () => 0.999999;

  const ceilings: { attempt: number; ceiling: number }[] = [
    { attempt: 1, ceiling: 500 },
    { attempt: 2, ceiling: 1_000 },
    { attempt: 3, ceiling: 2_000 },
    { attempt: 4, ceiling: 4_000 },
    { attempt: 5, ceiling: 8_000 },
    { attempt: 6, ceiling: 16_000 },
    { attempt: 7, ceiling: 30_000 },
    { attempt: 8, ceiling: 30_000 },
    { attempt: 31, ceiling: 30_000 },
    { attempt: 1_000, ceiling: 30_000 },
    { attempt: 0, ceiling: 500 },
    { attempt: -5, ceiling: 500 },
  ];
  for (const c of ceilings) {
    it(`waits just under ${c.ceiling} ms at most on attempt ${c.attempt}`, () => {
      expect(reconnectDelay(c.attempt, justUnderOne)).toBe(c.ceiling - 1);
    });

    it(`waits half of ${c.ceiling} ms with random 0.5 on attempt ${c.attempt}`, () => {
      expect(reconnectDelay(c.attempt, () => 0.5)).toBe(c.ceiling / 2);
    });
  }

  it('can retry at once when the random draw is 0', () => {
    expect(reconnectDelay(5, () => 0)).toBe(0);
  });

  it('rounds down to whole milliseconds', () => {
    expect(reconnectDelay(1, () => 0.0031)).toBe(1);
    expect(reconnectDelay(2, () => 0.12345)).toBe(123);
  });

  it('takes a custom base and cap', () => {
    expect(reconnectDelay(1, () => 0.5, 100, 1_000)).toBe(50);
    expect(reconnectDelay(3, () => 0.5, 100, 1_000)).toBe(200);
    expect(reconnectDelay(5, () => 0.5, 100, 1_000)).toBe(500);
    expect(reconnectDelay(50, () => 0.5, 100, 1_000)).toBe(500);
  });

  it('stays a whole number in [0, ceiling) for many attempts and draws', () => {
    const draws = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999999];
    for (let attempt = 1; attempt <= 40; attempt++) {
      const ceiling = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** (attempt - 1));
      for (const draw of draws) {
        const delay = reconnectDelay(attempt, () => draw);
        expect(Number.isInteger(delay)).withContext(`${attempt}/${draw}`).toBeTrue();
        expect(delay).withContext(`${attempt}/${draw}`).toBeGreaterThanOrEqual(0);
        expect(delay).withContext(`${attempt}/${draw}`).toBeLessThan(ceiling);
      }
    }
  });

  it('draws from Math.random by default', () => {
    const random = spyOn(Math, 'random').and.returnValue(0.25);
    expect(reconnectDelay(3)).toBe(500);
    expect(random).toHaveBeenCalledTimes(1);
  });

  it('treats an attempt that is not a number as the first, never as "retry at once"', () => {
    expect(reconnectDelay(Number.NaN, () => 0.5)).toBe(250);
    expect(reconnectDelay(Number.POSITIVE_INFINITY, () => 0.5)).toBe(250);
  });
});
