/**
 * One call event as the console shows it, read from one CloudLink publication. Every field
 * may be absent in a real stream (null here); `publication` keeps the whole original,
 * unknown fields included, for the detail view and export.
 */
export interface CallEvent {
  /** Identity for dedupe and tracking: publicationId, else eventId, else a local number. */
  readonly key: string;
  readonly publicationId: string | null;
  readonly eventId: string | null;
  readonly topic: string | null;
  readonly method: string | null;
  readonly subject: string | null;
  /** The subscription it arrived on: the envelope's, else the MQTT topic. */
  readonly subscriptionId: string | null;
  readonly receivedAt: number;
  /** When it happened at the source (content.timestamp or createdOn), epoch ms. */
  readonly occurredAt: number | null;
  readonly callId: string | null;
  readonly endpointId: string | null;
  readonly state: string | null;
  readonly cause: string | null;
  readonly direction: string | null;
  readonly from: string | null;
  readonly fromName: string | null;
  readonly to: string | null;
  readonly toName: string | null;
  readonly publication: Readonly<Record<string, unknown>>;
}

/** A message that could not be read as publications: counted and shown, never thrown. */
export interface MalformedMessage {
  readonly receivedAt: number;
  readonly topic: string;
  readonly reason: string;
  /** The start of the payload, for the person looking into it. */
  readonly excerpt: string;
}

export const CALL_STATES = [
  'unknown',
  'idle',
  'ringing',
  'connected',
  'held',
  'outOfService',
  'completed',
] as const;

export const DIRECTIONS = ['inbound', 'outbound'] as const;
