import { Injectable, inject, signal } from '@angular/core';
import { LiveEvents } from '../events/live-events';
import { DiagnosticsTimeline } from './diagnostics-timeline';
import { Diagnosis, FailurePhase } from './failure-diagnosis';
import { UrlProbe } from './url-probe';

export interface LastFailure extends Diagnosis {
  readonly at: number;
  readonly phase: FailurePhase;
  /** The error as reported (Paho's or the service's words), masked where shown. */
  readonly error: string;
}

/**
 * What the supervisor records about a session beyond its state: the last failure (for the
 * connection doctor), whether a reconnect resumed the broker's session (or left a gap in
 * the feed), the probe of a spent URL, and the first event after a start.
 */
@Injectable({ providedIn: 'root' })
export class SessionJournal {
  private readonly timeline = inject(DiagnosticsTimeline);
  private readonly events = inject(LiveEvents);
  private readonly urlProbe = inject(UrlProbe);
  private readonly lastFailureState = signal<LastFailure | null>(null);

  readonly lastFailure = this.lastFailureState.asReadonly();

  recordFailure(diagnosis: Diagnosis, phase: FailurePhase, error: unknown): void {
    this.lastFailureState.set({
      ...diagnosis,
      at: Date.now(),
      phase,
      error: error instanceof Error ? error.message : String(error),
    });
  }

  /**
   * After a drop (at `lostAt`), a broker that resumed the session delivers what it queued;
   * otherwise events published while away may be missing, and the feed says between when.
   */
  noteReconnect(lostAt: number, sessionPresent: boolean | null): void {
    if (sessionPresent === true) {
      this.timeline.note('session-resume', 'Session resumed', 'the broker kept the queue', 'ok');
      return;
    }
    const reason =
      sessionPresent === false
        ? 'the broker did not resume the session'
        : 'the broker did not say whether it resumed the session';
    this.events.markGap(lostAt, Date.now(), reason);
    this.timeline.note('session-resume', 'Session not resumed', reason, 'failed');
  }

  /** A plain GET of the URL a handshake just failed with: 426 valid, 403 expired. */
  async probeSpentUrl(uri: string): Promise<void> {
    await this.timeline.step(
      'url-probe',
      'Probe the spent URL with a plain GET',
      () => this.urlProbe.probe(uri),
      (result) => ({ detail: `${result.status ?? 'no answer'}: ${result.verdict}` }),
    );
  }

  noteFirstEvent(topic: string, startedAt: number | null): void {
    const elapsed = startedAt === null ? null : Date.now() - startedAt;
    this.timeline.note(
      'first-event',
      'First event',
      elapsed === null ? `on ${topic}` : `${elapsed} ms after start, on ${topic}`,
      'ok',
      elapsed,
    );
  }
}
