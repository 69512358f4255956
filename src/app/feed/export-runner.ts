import { Injectable, signal } from '@angular/core';
import { CallEvent } from '../events/call-event';
import {
  EXPORT_MIME,
  ExportFormat,
  csvHeader,
  csvRow,
  exportFileName,
  ndjsonLine,
} from '../events/event-export';

/** Events written per slice of work; between slices the page stays responsive. */
const EVENTS_PER_CHUNK = 2_000;

export interface ExportProgress {
  readonly format: ExportFormat;
  readonly done: number;
  readonly total: number;
}

/**
 * Writes a set of events to a file in chunks, yielding to the page between chunks and
 * reporting progress, then hands the file to the browser's download.
 */
@Injectable({ providedIn: 'root' })
export class ExportRunner {
  private readonly progressState = signal<ExportProgress | null>(null);
  private isCancelled = false;

  readonly progress = this.progressState.asReadonly();

  /** Resolves with the file name, or null when cancelled. */
  async run(format: ExportFormat, events: readonly CallEvent[]): Promise<string | null> {
    this.isCancelled = false;
    const parts: string[] = format === 'csv' ? [csvHeader()] : [];
    const write = format === 'csv' ? csvRow : ndjsonLine;
    this.progressState.set({ format, done: 0, total: events.length });
    try {
      for (let start = 0; start < events.length; start += EVENTS_PER_CHUNK) {
        let chunk = '';
        const end = Math.min(events.length, start + EVENTS_PER_CHUNK);
        for (let index = start; index < end; index++) chunk += write(events[index]);
        parts.push(chunk);
        this.progressState.set({ format, done: end, total: events.length });
        await nextTask();
        if (this.isCancelled) return null;
      }
      const name = exportFileName(format, new Date());
      download(new Blob(parts, { type: EXPORT_MIME[format] }), name);
      return name;
    } finally {
      this.progressState.set(null);
    }
  }

  cancel(): void {
    this.isCancelled = true;
  }
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the object URL; free it after the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
