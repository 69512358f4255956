import { SessionLabel, SessionState, describeSession, isRunning } from './session-state';

const NOW = 1_714_979_289_000;

describe('describeSession', () => {
  const cases: { name: string; state: SessionState; expected: SessionLabel }[] = [
    {
      name: 'signed out',
      state: { kind: 'signed-out' },
      expected: { text: 'Signed out', tone: 'idle', detail: null },
    },
    {
      name: 'stopped with no reason',
      state: { kind: 'stopped', reason: null },
      expected: { text: 'Stopped', tone: 'idle', detail: null },
    },
    {
      name: 'stopped with a reason',
      state: { kind: 'stopped', reason: 'Stopped by the user' },
      expected: { text: 'Stopped', tone: 'idle', detail: 'Stopped by the user' },
    },
    {
      name: 'connecting, first attempt',
      state: { kind: 'connecting', attempt: 1 },
      expected: { text: 'Connecting', tone: 'busy', detail: null },
    },
    {
      name: 'connecting, third attempt',
      state: { kind: 'connecting', attempt: 3 },
      expected: { text: 'Connecting', tone: 'busy', detail: 'attempt 3' },
    },
    {
      name: 'subscribing',
      state: { kind: 'subscribing' },
      expected: { text: 'Connecting', tone: 'busy', detail: 'subscribing' },
    },
    {
      name: 'live',
      state: { kind: 'live', since: NOW - 60_000 },
      expected: { text: 'Live', tone: 'good', detail: null },
    },
    {
      name: 'stopping',
      state: { kind: 'stopping' },
      expected: { text: 'Stopping', tone: 'busy', detail: null },
    },
    {
      name: 'failed',
      state: { kind: 'failed', reason: 'Not signed in (401)', advice: 'Sign in again.' },
      expected: { text: 'Failed: Not signed in (401)', tone: 'bad', detail: 'Sign in again.' },
    },
  ];

  for (const c of cases) {
    it(`describes ${c.name}`, () => {
      expect(describeSession(c.state, NOW)).toEqual(c.expected);
    });
  }

  describe('reconnecting countdown', () => {
    const countdown: { msLeft: number; seconds: number }[] = [
      { msLeft: 4_000, seconds: 4 },
      { msLeft: 2_500, seconds: 3 },
      { msLeft: 1_001, seconds: 2 },
      { msLeft: 1_000, seconds: 1 },
      { msLeft: 1, seconds: 1 },
      { msLeft: 0, seconds: 0 },
      { msLeft: -1_500, seconds: 0 },
      { msLeft: 30_000, seconds: 30 },
    ];

    for (const c of countdown) {
      it(`says "next in ${c.seconds}s" with ${c.msLeft} ms to go`, () => {
        const state: SessionState = {
          kind: 'reconnecting',
          attempt: 2,
          nextAt: NOW + c.msLeft,
          lastError: 'Connection lost (code 8)',
        };
        expect(describeSession(state, NOW)).toEqual({
          text: 'Reconnecting',
          tone: 'warn',
          detail: `attempt 2, next in ${c.seconds}s · Connection lost (code 8)`,
        });
      });
    }

    it('counts down as time passes', () => {
      const state: SessionState = {
        kind: 'reconnecting',
        attempt: 5,
        nextAt: NOW + 3_000,
        lastError: 'Ping timed out',
      };
      const details = [0, 1_000, 2_000, 2_999, 3_000].map(
        (elapsed) => describeSession(state, NOW + elapsed).detail,
      );
      expect(details).toEqual([
        'attempt 5, next in 3s · Ping timed out',
        'attempt 5, next in 2s · Ping timed out',
        'attempt 5, next in 1s · Ping timed out',
        'attempt 5, next in 1s · Ping timed out',
        'attempt 5, next in 0s · Ping timed out',
      ]);
    });
  });
});

describe('isRunning', () => {
  const cases: { state: SessionState; expected: boolean }[] = [
    { state: { kind: 'signed-out' }, expected: false },
    { state: { kind: 'stopped', reason: null }, expected: false },
    { state: { kind: 'connecting', attempt: 1 }, expected: true },
    { state: { kind: 'subscribing' }, expected: true },
    { state: { kind: 'live', since: NOW }, expected: true },
    {
      state: { kind: 'reconnecting', attempt: 1, nextAt: NOW, lastError: 'x' },
      expected: true,
    },
    { state: { kind: 'stopping' }, expected: false },
    { state: { kind: 'failed', reason: 'r', advice: 'a' }, expected: false },
  ];

  for (const c of cases) {
    it(`is ${c.expected} when ${c.state.kind}`, () => {
      expect(isRunning(c.state)).toBe(c.expected);
    });
  }
});
