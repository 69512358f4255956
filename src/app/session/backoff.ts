/** First retry waits up to this long. */
export const RECONNECT_BASE_MS = 500;
/** No retry waits longer than this, however many attempts failed. */
export const RECONNECT_CAP_MS = 30_000;

/**
 * "Full jitter" exponential backoff: a uniformly random delay up to
 * min(cap, base * 2^(attempt-1)). Spreads the retries of many clients that dropped together.
 * `attempt` starts at 1; `random` returns [0, 1).
 */
export function reconnectDelay(
  attempt: number,
  random: () => number = Math.random,
  baseMs = RECONNECT_BASE_MS,
  capMs = RECONNECT_CAP_MS,
): number {
  const exponent = Number.isFinite(attempt) ? Math.max(0, Math.min(attempt - 1, 30)) : 0;
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
