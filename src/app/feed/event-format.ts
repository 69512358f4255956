import { CallEvent } from '../events/call-event';

/** `14:03:27.120` in the viewer's time zone; the date is in the detail view. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** `Ada Lovelace (130001)`, or the number alone, or `unknown`. */
export function partyLabel(number: string | null, name: string | null): string {
  if (name && number && name !== number) return `${name} (${number})`;
  return name ?? number ?? 'unknown';
}

export function eventTime(event: CallEvent): number {
  return event.occurredAt ?? event.receivedAt;
}

/** A one-line reading of the event, for screen readers and row titles. */
export function eventSummary(event: CallEvent): string {
  return [
    formatClock(eventTime(event)),
    event.state ?? 'no state',
    `${partyLabel(event.from, event.fromName)} to ${partyLabel(event.to, event.toName)}`,
    event.endpointId ? `endpoint ${event.endpointId}` : null,
    event.direction,
    event.cause,
  ]
    .filter((part): part is string => !!part)
    .join(', ');
}
