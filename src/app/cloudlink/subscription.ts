/** The topics of CloudLink's Notifications API that the console knows. */
export const TOPICS = [
  'platform-api-media',
  'platform-api-presence',
  'platform-api-conversations',
] as const;
export type Topic = (typeof TOPICS)[number];

/** What a subscription's methodFilter may name. */
export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type Method = (typeof METHODS)[number];

export const DEFAULT_SUBJECT_FILTER = '/2017-09-01/endpoints/';

/** What the console asks for: the deviceId and applicationId come from the tab. */
export interface SubscriptionSpec {
  readonly topic: string;
  readonly subjectFilter: string;
  readonly publicationFilter?: string;
  readonly methodFilter?: string;
}

export interface SubscriptionRequest extends SubscriptionSpec {
  readonly applicationId: string;
  readonly deviceId: string;
  readonly transport: 'websocket';
}

/** A subscription as CloudLink returns it; fields beyond the id are read defensively. */
export interface Subscription extends SubscriptionSpec {
  readonly subscriptionId: string;
  readonly applicationId?: string;
  readonly deviceId?: string;
  readonly transport?: string;
  readonly createdOn?: string;
}

/** Reads one subscription from a response body; null when it has no id. */
export function readSubscription(body: unknown): Subscription | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const id = record['subscriptionId'] ?? record['id'];
  if (typeof id !== 'string' || id === '') return null;
  return {
    subscriptionId: id,
    topic: stringOr(record['topic'], ''),
    subjectFilter: stringOr(record['subjectFilter'], ''),
    publicationFilter: optional(record['publicationFilter']),
    methodFilter: optional(record['methodFilter']),
    applicationId: optional(record['applicationId']),
    deviceId: optional(record['deviceId']),
    transport: optional(record['transport']),
    createdOn: optional(record['createdOn']),
  };
}

/** A list body is unconfirmed: a bare array, `{items}` or `{_embedded: {items}}`. */
export function readSubscriptionList(body: unknown): Subscription[] {
  const items = listItems(body);
  return items.map(readSubscription).filter((item): item is Subscription => item !== null);
}

function listItems(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body !== 'object' || body === null) return [];
  const record = body as Record<string, unknown>;
  if (Array.isArray(record['items'])) return record['items'];
  const embedded = record['_embedded'];
  if (typeof embedded === 'object' && embedded !== null) {
    const items = (embedded as Record<string, unknown>)['items'];
    if (Array.isArray(items)) return items;
  }
  return [];
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function optional(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
