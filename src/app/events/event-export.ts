import { maskSecrets } from '../shared/mask-secrets';
import { CallEvent } from './call-event';

export type ExportFormat = 'ndjson' | 'csv';

/** The CSV's columns, in order: what a spreadsheet user filters and sorts by. */
export const CSV_COLUMNS: readonly { header: string; value: (event: CallEvent) => string }[] = [
  { header: 'time', value: (event) => iso(event.occurredAt) },
  { header: 'receivedAt', value: (event) => iso(event.receivedAt) },
  { header: 'state', value: (event) => event.state ?? '' },
  { header: 'from', value: (event) => event.from ?? '' },
  { header: 'fromName', value: (event) => event.fromName ?? '' },
  { header: 'to', value: (event) => event.to ?? '' },
  { header: 'toName', value: (event) => event.toName ?? '' },
  { header: 'endpointId', value: (event) => event.endpointId ?? '' },
  { header: 'direction', value: (event) => event.direction ?? '' },
  { header: 'cause', value: (event) => event.cause ?? '' },
  { header: 'callId', value: (event) => event.callId ?? '' },
  { header: 'publicationId', value: (event) => event.publicationId ?? '' },
  { header: 'eventId', value: (event) => event.eventId ?? '' },
  { header: 'subscriptionId', value: (event) => event.subscriptionId ?? '' },
  { header: 'subject', value: (event) => event.subject ?? '' },
];

/** A UTF-8 byte order mark: spreadsheet programs then read non-ASCII names correctly. */
export const CSV_BOM = '\uFEFF';
const CRLF = '\r\n';

export function csvHeader(): string {
  return CSV_BOM + CSV_COLUMNS.map((column) => csvCell(column.header)).join(',') + CRLF;
}

export function csvRow(event: CallEvent): string {
  return CSV_COLUMNS.map((column) => csvCell(column.value(event))).join(',') + CRLF;
}

/**
 * One CSV cell per RFC 4180 (quoted when it holds a comma, quote, CR or LF; quotes doubled),
 * made safe against formula injection: a cell starting with =, +, -, @, tab or CR is
 * prefixed with an apostrophe so no spreadsheet runs it.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One NDJSON line: the whole publication, on one line, secrets masked. */
export function ndjsonLine(event: CallEvent): string {
  const oneLine = /[\r\n]/.test(event.raw) ? compact(event.raw) : event.raw;
  return maskSecrets(oneLine) + '\n';
}

export function exportFileName(format: ExportFormat, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
  return `switchboard-events-${stamp}.${format}`;
}

export const EXPORT_MIME: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv;charset=utf-8',
};

function compact(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw));
  } catch {
    return raw.replace(/[\r\n]+/g, ' ');
  }
}

function iso(time: number | null): string {
  return time === null ? '' : new Date(time).toISOString();
}
