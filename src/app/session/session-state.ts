/**
 * Where the live session is. The supervisor moves between these; every component only reads.
 * signed-out → connecting → subscribing → live → reconnecting(attempt, nextAt) → stopped,
 * plus failed(reason) when retrying cannot help.
 */
export type SessionState =
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'stopped'; readonly reason: string | null }
  | { readonly kind: 'connecting'; readonly attempt: number }
  | { readonly kind: 'subscribing' }
  | { readonly kind: 'live'; readonly since: number }
  | {
      readonly kind: 'reconnecting';
      readonly attempt: number;
      readonly nextAt: number;
      readonly lastError: string;
    }
  | { readonly kind: 'stopping' }
  | { readonly kind: 'failed'; readonly reason: string; readonly advice: string };

export type SessionTone = 'idle' | 'busy' | 'good' | 'warn' | 'bad';

export interface SessionLabel {
  readonly text: string;
  readonly tone: SessionTone;
  readonly detail: string | null;
}

/** What the status indicator says. `now` makes countdowns testable. */
export function describeSession(state: SessionState, now: number): SessionLabel {
  switch (state.kind) {
    case 'signed-out':
      return { text: 'Signed out', tone: 'idle', detail: null };
    case 'stopped':
      return { text: 'Stopped', tone: 'idle', detail: state.reason };
    case 'connecting':
      return {
        text: 'Connecting',
        tone: 'busy',
        detail: state.attempt > 1 ? `attempt ${state.attempt}` : null,
      };
    case 'subscribing':
      return { text: 'Connecting', tone: 'busy', detail: 'subscribing' };
    case 'live':
      return { text: 'Live', tone: 'good', detail: null };
    case 'reconnecting': {
      const seconds = Math.max(0, Math.ceil((state.nextAt - now) / 1000));
      return {
        text: 'Reconnecting',
        tone: 'warn',
        detail: `attempt ${state.attempt}, next in ${seconds}s · ${state.lastError}`,
      };
    }
    case 'stopping':
      return { text: 'Stopping', tone: 'busy', detail: null };
    case 'failed':
      return { text: `Failed: ${state.reason}`, tone: 'bad', detail: state.advice };
  }
}

export function isRunning(state: SessionState): boolean {
  return ['connecting', 'subscribing', 'live', 'reconnecting'].includes(state.kind);
}
