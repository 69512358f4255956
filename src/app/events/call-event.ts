/**
 * One call event as the console shows it, read from one CloudLink publication. Every field
 * may be absent in a real stream (null here); `raw` keeps the whole original publication as
 * JSON text, unknown fields included, for the detail view and export. Text rather than a
 * parsed object: it crosses from the worker cheaply and weighs less in a 100,000-event store.
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
  /** The publication's JSON text. */
  readonly raw: string;
}

/** The whole publication, parsed on demand (detail view, export); null if unreadable. */
export function publicationOf(event: CallEvent): Record<string, unknown> | null {
  return parsePublicationText(event.raw);
}

export function parsePublicationText(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** What a transport hands the page: parsed events, in arrival order, in batches. */
export interface MessageBatch {
  readonly events: readonly CallEvent[];
  readonly malformed: readonly MalformedMessage[];
  /** How many messages (events plus unreadable items) each MQTT topic brought. */
  readonly perTopic: readonly (readonly [topic: string, count: number])[];
}

/** A message that could not be read as publications: counted and shown, never thrown. */
export interface MalformedMessage {
  readonly receivedAt: number;
  readonly topic: string;
  readonly reason: string;
  /** The start of the payload, for the person looking into it (masked). */
  readonly excerpt: string;
  /** The payload's length in characters. */
  readonly size: number;
  /** The payload as text, up to a few kilobytes (masked): direct mode shows it whole. */
  readonly text: string;
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

/** The causes cloudlink-contract.md lists. */
export const CALL_CAUSES = [
  'busy',
  'callBack',
  'callCancelled',
  'callForwardAlways',
  'callForwardBusy',
  'callForwardNoAnswer',
  'callForward',
  'callNotAnswer',
  'destNotObtainable',
  'doNotDisturb',
  'incompatibleDestination',
  'networkCongestion',
  'networkNotObtainable',
  'newCall',
  'redirected',
  'resourcesNotAvailable',
  'transfer',
] as const;
