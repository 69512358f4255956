import { Injectable, signal } from '@angular/core';
import { maskSecrets } from '../shared/mask-secrets';

export type TimelineStep =
  | 'token'
  | 'connection'
  | 'subscription'
  | 'mqtt-connect'
  | 'subscribe'
  | 'first-event'
  | 'connection-lost'
  | 'unsubscribe'
  | 'delete-subscription'
  | 'disconnect'
  | 'orphan-sweep'
  | 'url-probe'
  | 'session-resume'
  | 'network';

export type TimelineOutcome = 'running' | 'ok' | 'failed' | 'info';

export interface TimelineEntry {
  readonly id: number;
  readonly step: TimelineStep;
  readonly label: string;
  readonly startedAt: number;
  readonly durationMs: number | null;
  readonly outcome: TimelineOutcome;
  /** Already masked: no token, password or URL query string. */
  readonly detail: string;
  readonly correlationId: string | null;
}

/** Entries kept; older ones fall off (the timeline is for the recent story). */
const MAX_ENTRIES = 300;

export interface StepReport {
  readonly detail?: string;
  readonly correlationId?: string | null;
}

/** Every step of the session, with its timing and result, for the diagnostics panel. */
@Injectable({ providedIn: 'root' })
export class DiagnosticsTimeline {
  private nextId = 1;
  private readonly entriesState = signal<readonly TimelineEntry[]>([]);

  readonly entries = this.entriesState.asReadonly();

  /** Runs `work` as one timed step; the entry shows running, then ok or failed. */
  async step<T>(
    step: TimelineStep,
    label: string,
    work: () => Promise<T>,
    report: (value: T) => StepReport = () => ({}),
  ): Promise<T> {
    const startedAt = Date.now();
    const id = this.append({ step, label, startedAt, outcome: 'running', detail: '' });
    try {
      const value = await work();
      const { detail = '', correlationId = null } = report(value);
      this.update(id, { outcome: 'ok', durationMs: Date.now() - startedAt, detail, correlationId });
      return value;
    } catch (error) {
      this.update(id, {
        outcome: 'failed',
        durationMs: Date.now() - startedAt,
        detail: errorText(error),
        correlationId: correlationOf(error),
      });
      throw error;
    }
  }

  /** A moment rather than a step: a lost connection, the first event. */
  note(
    step: TimelineStep,
    label: string,
    detail: string,
    outcome: TimelineOutcome = 'info',
    durationMs: number | null = null,
  ): void {
    this.append({ step, label, startedAt: Date.now(), outcome, detail, durationMs });
  }

  clear(): void {
    this.entriesState.set([]);
  }

  private append(
    entry: Omit<TimelineEntry, 'id' | 'durationMs' | 'correlationId'> & {
      durationMs?: number | null;
    },
  ): number {
    const id = this.nextId++;
    const full: TimelineEntry = {
      durationMs: null,
      correlationId: null,
      ...entry,
      id,
      detail: maskSecrets(entry.detail),
    };
    this.entriesState.update((entries) => [...entries, full].slice(-MAX_ENTRIES));
    return id;
  }

  private update(id: number, changes: Partial<TimelineEntry>): void {
    const masked =
      changes.detail === undefined ? changes : { ...changes, detail: maskSecrets(changes.detail) };
    this.entriesState.update((entries) =>
      entries.map((entry) => (entry.id === id ? { ...entry, ...masked } : entry)),
    );
  }
}

function errorText(error: unknown): string {
  if (
    error &&
    typeof error === 'object' &&
    'summary' in error &&
    typeof error.summary === 'string'
  ) {
    return error.summary;
  }
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'number' ? ` (code ${error.code})` : '';
    return `${error.message}${code}`;
  }
  return String(error);
}

function correlationOf(error: unknown): string | null {
  if (error && typeof error === 'object' && 'correlationId' in error) {
    return typeof error.correlationId === 'string' ? error.correlationId : null;
  }
  return null;
}
