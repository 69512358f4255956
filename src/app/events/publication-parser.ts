import { maskSecrets } from '../shared/mask-secrets';
import { CallEvent, MalformedMessage } from './call-event';

/** How much of a bad payload to keep for the one-line notice. */
const EXCERPT_LENGTH = 200;
/** How much of a non-publication payload to keep for the raw message view. */
const TEXT_LENGTH = 4096;

export interface ParsedMessage {
  readonly events: CallEvent[];
  /** One entry per unreadable message or unreadable item of a batch. */
  readonly malformed: MalformedMessage[];
}

let localKeyCounter = 0;

/**
 * Parses at the edge: an MQTT payload is one publication or `{ publications: [...] }`.
 * Anything else is reported as malformed; this function never throws.
 */
export function parseMessage(
  payload: string,
  mqttTopic: string,
  receivedAt: number,
): ParsedMessage {
  let document: unknown;
  try {
    document = JSON.parse(payload);
  } catch (error) {
    return malformedOnly(payload, mqttTopic, receivedAt, `Not JSON: ${describe(error)}`);
  }
  if (!isRecord(document)) {
    return malformedOnly(
      payload,
      mqttTopic,
      receivedAt,
      `Expected a JSON object, got ${kindOf(document)}.`,
    );
  }
  const batch = document['publications'];
  if (batch !== undefined && !isPublicationLike(document)) {
    if (!Array.isArray(batch)) {
      return malformedOnly(payload, mqttTopic, receivedAt, '"publications" is not an array.');
    }
    return readBatch(batch, mqttTopic, receivedAt);
  }
  if (!isPublicationLike(document)) {
    return malformedOnly(
      payload,
      mqttTopic,
      receivedAt,
      'Not a publication: it has no subject, content or publicationId.',
    );
  }
  return { events: [readPublication(document, mqttTopic, receivedAt, payload)], malformed: [] };
}

function readBatch(batch: unknown[], mqttTopic: string, receivedAt: number): ParsedMessage {
  const events: CallEvent[] = [];
  const malformed: MalformedMessage[] = [];
  batch.forEach((item, index) => {
    if (isRecord(item) && isPublicationLike(item)) {
      events.push(readPublication(item, mqttTopic, receivedAt, JSON.stringify(item)));
    } else {
      const itemText = safeStringify(item);
      malformed.push({
        receivedAt,
        topic: mqttTopic,
        reason: `Item ${index} of "publications" is not a publication (${kindOf(item)}).`,
        excerpt: excerpt(itemText),
        size: itemText.length,
        text: clip(itemText),
      });
    }
  });
  return { events, malformed };
}

/** Reads the fields the console uses; `raw` is the publication's own JSON text. */
export function readPublication(
  publication: Record<string, unknown>,
  mqttTopic: string,
  receivedAt: number,
  raw: string = JSON.stringify(publication),
): CallEvent {
  const content = isRecord(publication['content']) ? publication['content'] : {};
  const subscription = isRecord(publication['subscription']) ? publication['subscription'] : {};
  const subject = text(publication['subject']);
  const publicationId = text(publication['publicationId']);
  const eventId = text(content['eventId']);
  return {
    key: publicationId ?? (eventId ? `event:${eventId}` : `local:${++localKeyCounter}`),
    publicationId,
    eventId,
    topic: text(publication['topic']),
    method: text(publication['method']),
    subject,
    subscriptionId: text(subscription['subscriptionId']) ?? (mqttTopic || null),
    receivedAt,
    occurredAt: epochMs(content['timestamp']) ?? epochMs(content['createdOn']),
    callId: text(content['callId']),
    endpointId: text(content['endpointId']) ?? endpointFromSubject(subject),
    state: text(content['state']),
    cause: text(content['cause']),
    direction: text(content['direction']),
    from: text(content['from']),
    fromName: text(content['fromName']),
    to: text(content['to']),
    toName: text(content['toName']),
    raw,
  };
}

/** `/2017-09-01/endpoints/130001/calls/7` → `130001`. */
export function endpointFromSubject(subject: string | null): string | null {
  if (!subject) return null;
  const match = /\/endpoints\/([^/]+)/.exec(subject);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

function isPublicationLike(value: Record<string, unknown>): boolean {
  return 'subject' in value || 'content' in value || 'publicationId' in value;
}

function malformedOnly(
  payload: string,
  topic: string,
  receivedAt: number,
  reason: string,
): ParsedMessage {
  return {
    events: [],
    malformed: [
      {
        receivedAt,
        topic,
        reason,
        excerpt: excerpt(payload),
        size: payload.length,
        text: clip(payload),
      },
    ],
  };
}

/** A string as itself, a number as its digits; anything else is absent. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** The largest time a Date can hold (ECMAScript: ±8.64e15 ms). */
const MAX_DATE_MS = 8.64e15;

function epochMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Seconds and milliseconds both occur in the wild; 1e11 ms is 1973, 1e11 s is year 5138.
    const ms = value < 1e11 ? value * 1000 : value;
    return ms >= 0 && ms <= MAX_DATE_MS ? ms : null;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const asNumber = Number(value);
    if (Number.isFinite(asNumber)) return epochMs(asNumber);
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function excerpt(value: string): string {
  const cut = value.length > EXCERPT_LENGTH ? `${value.slice(0, EXCERPT_LENGTH)}…` : value;
  return maskSecrets(cut);
}

function clip(value: string): string {
  return maskSecrets(value.length > TEXT_LENGTH ? `${value.slice(0, TEXT_LENGTH)}…` : value);
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
