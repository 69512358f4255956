import { CallEvent } from './call-event';

/**
 * Parsed (or worker-cloned) strings are fresh copies, so 100,000 events would hold 100,000
 * copies of "ringing" and of every extension and name. Interning the repetitive fields makes
 * them share one string each; the unique ids (publicationId, eventId, subject) stay as they are.
 */
const MAX_POOLED_STRINGS = 50_000;

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

  /** The event with its repetitive fields interned. */
  internFields(event: CallEvent): CallEvent {
    return {
      ...event,
      topic: this.intern(event.topic),
      method: this.intern(event.method),
      subscriptionId: this.intern(event.subscriptionId),
      callId: this.intern(event.callId),
      endpointId: this.intern(event.endpointId),
      state: this.intern(event.state),
      cause: this.intern(event.cause),
      direction: this.intern(event.direction),
      from: this.intern(event.from),
      fromName: this.intern(event.fromName),
      to: this.intern(event.to),
      toName: this.intern(event.toName),
    };
  }

  clear(): void {
    this.strings.clear();
  }
}
