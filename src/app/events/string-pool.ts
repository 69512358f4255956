import { CallEvent } from './call-event';

/**
 * Parsed (or worker-cloned) strings are fresh copies, so 100,000 events would hold 100,000
 * copies of "ringing" and of every extension and name. Interning the repetitive fields makes
 * them share one string each; the unique ids (publicationId, eventId, subject) stay as they are.
 */
const MAX_POOLED_STRINGS = 50_000;

const POOLED_FIELDS = [
  'topic',
  'method',
  'subscriptionId',
  'callId',
  'endpointId',
  'state',
  'cause',
  'direction',
  'from',
  'fromName',
  'to',
  'toName',
] as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class StringPool {
  private readonly strings = new Map<string, string>();

  intern(value: string | null): string | null {
    if (value === null) return null;
    const pooled = this.strings.get(value);
    if (pooled !== undefined) return pooled;
    // A stream of ever-new values (random numbers) must not grow the pool without bound.
    if (this.strings.size >= MAX_POOLED_STRINGS) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }

  /**
   * Interns the repetitive fields in place. The event is one the transport just made (parsed,
   * or cloned from the worker) and nobody else holds yet; a copy would double the garbage.
   */
  internFields(event: CallEvent): CallEvent {
    const fields = event as Mutable<CallEvent>;
    for (const field of POOLED_FIELDS) fields[field] = this.intern(event[field]);
    return event;
  }

  clear(): void {
    this.strings.clear();
  }
}
