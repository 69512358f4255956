/** What POST /connections gives: a short-lived, presigned MQTT-over-WebSocket URL. */
export interface WebSocketConnection {
  readonly websocketUri: string;
  readonly connectionId: string | null;
  /** When the URL stops working, if the service said; otherwise an estimate. */
  readonly expiresAt: number;
  readonly receivedAt: number;
}

/** About 60 s is reported for CloudLink; assume that when the response does not say. */
export const ASSUMED_URL_LIFETIME_MS = 60_000;

/** The field's name is unconfirmed: the first of these that holds a ws(s) URL wins. */
const URI_FIELDS = ['websocketUri', 'websocketUrl', 'uri', 'url'] as const;

export function readConnection(body: unknown, receivedAt: number): WebSocketConnection | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const websocketUri = URI_FIELDS.map((field) => record[field]).find(
    (value): value is string => typeof value === 'string' && /^wss?:\/\//i.test(value),
  );
  if (!websocketUri) return null;
  const connectionId = typeof record['connectionId'] === 'string' ? record['connectionId'] : null;
  const expiresOn = readTime(record['expiresOn']);
  return {
    websocketUri,
    connectionId,
    expiresAt: Number.isNaN(expiresOn) ? receivedAt + ASSUMED_URL_LIFETIME_MS : expiresOn,
    receivedAt,
  };
}

/** An ISO date, or epoch seconds or milliseconds; NaN when it is neither. */
function readTime(value: unknown): number {
  if (typeof value === 'string') return Date.parse(value);
  if (typeof value === 'number' && Number.isFinite(value))
    return value < 1e11 ? value * 1000 : value;
  return Number.NaN;
}
