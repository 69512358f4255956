import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

// The WebSocket URL is a bearer credential in its query string, shaped like the AWS IoT
// presigned URLs CloudLink hands out, so the app meets the same length, encoding and expiry
// behaviour. Only this process can verify it: the HMAC key is random per process, so a
// restarted emulator refuses URLs issued by the previous one, as a rotated key would.

const ALGORITHM = 'AWS4-HMAC-SHA256';
const REGION = 'us-east-1';
const SERVICE = 'iotdevicegateway';
const SECRET_BYTES = 32;
/** The path of the emulator's own MQTT endpoint; signatures cover it. */
export const SIGNED_PATH = '/mqtt';

const P = {
  algorithm: 'X-Amz-Algorithm',
  credential: 'X-Amz-Credential',
  date: 'X-Amz-Date',
  expires: 'X-Amz-Expires',
  token: 'X-Amz-Security-Token',
  signature: 'X-Amz-Signature',
} as const;

export interface IssuedUrl {
  connectionId: string;
  websocketUri: string;
  expiresOn: string;
}

export type UrlCheck =
  | { ok: true; userId: string; connectionId: string }
  | { ok: false; reason: 'missing' | 'mangled' | 'expired'; message: string };

interface SecurityToken {
  /** user the URL was issued to */
  u: string;
  /** connection id, also carried in the credential scope */
  c: string;
  /** issue sequence number, so an expire-urls fault can expire everything issued before it */
  n: number;
}

function amzDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(ms) ? undefined : ms;
}

export class SignedUrls {
  private readonly secret = randomBytes(SECRET_BYTES);
  private issuedCount = 0;
  private sequence = 0;
  /** URLs with a sequence number up to this were expired early (expire-urls), at expiredAt */
  private expiredThrough = 0;
  private expiredAt = 0;
  private ttlOverrideSec: number | undefined;

  constructor(
    private readonly ttlSec: number,
    private readonly now: () => number = Date.now,
  ) {}

  get issued(): number {
    return this.issuedCount;
  }

  /** The lifetime URLs issued now get: the expire-urls fault's ttlSec while it is active. */
  get currentTtlSec(): number {
    return this.ttlOverrideSec ?? this.ttlSec;
  }

  /** expire-urls: every URL issued so far is refused from now on, as if it had expired. */
  expireAllIssued(): void {
    this.expiredThrough = this.sequence;
    this.expiredAt = this.now();
  }

  /** expire-urls with ttlSec: URLs issued from now on live that long; undefined restores it. */
  overrideTtl(ttlSec: number | undefined): void {
    this.ttlOverrideSec = ttlSec;
  }

  resetCounters(): void {
    this.issuedCount = 0;
  }

  /**
   * @param socketUrl where the client connects, e.g. ws://127.0.0.1:4300/mqtt, or an
   * external broker's WebSocket URL, which gets the same query string (only this process
   * can check it, so an external broker takes it on trust; see README, external mode)
   * @param options.counted false for the emulator's own URLs, left out of connectionsIssued
   * @param options.ttlSec the lifetime; by default the configured one, or expire-urls' ttlSec
   */
  issue(
    userId: string,
    socketUrl: string,
    { counted = true, ttlSec = this.currentTtlSec }: { counted?: boolean; ttlSec?: number } = {},
  ): IssuedUrl {
    const connectionId = randomUUID();
    // X-Amz-Date has whole seconds, so expiry is measured from the truncated second,
    // and expiresOn reports exactly the instant verification starts refusing.
    const signedAt = Math.floor(this.now() / 1000) * 1000;
    const token: SecurityToken = { u: userId, c: connectionId, n: ++this.sequence };
    const params = new URLSearchParams({
      [P.algorithm]: ALGORITHM,
      [P.credential]: `${connectionId}/${amzDate(signedAt).slice(0, 8)}/${REGION}/${SERVICE}/aws4_request`,
      [P.date]: amzDate(signedAt),
      [P.expires]: String(ttlSec),
      [P.token]: Buffer.from(JSON.stringify(token)).toString('base64url'),
    });
    params.set(P.signature, this.sign(params));
    if (counted) this.issuedCount++;
    const websocketUri = new URL(socketUrl);
    for (const [name, value] of params) websocketUri.searchParams.append(name, value);
    return {
      connectionId,
      websocketUri: websocketUri.href,
      expiresOn: new Date(signedAt + ttlSec * 1000).toISOString(),
    };
  }

  check(query: URLSearchParams): UrlCheck {
    for (const name of Object.values(P)) {
      if (!query.get(name)) {
        return { ok: false, reason: 'missing', message: `The URL has no ${name} parameter.` };
      }
    }
    const given = Buffer.from(query.get(P.signature) ?? '', 'utf8');
    const expected = Buffer.from(this.sign(query), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'mangled', message: 'The URL signature does not match.' };
    }
    // Past this point every value was produced by issue(), so parsing cannot be fooled.
    const signedAt = parseAmzDate(query.get(P.date) ?? '') ?? 0;
    const token = JSON.parse(
      Buffer.from(query.get(P.token) ?? '', 'base64url').toString('utf8'),
    ) as SecurityToken;
    const naturalExpiry = signedAt + Number(query.get(P.expires)) * 1000;
    const isExpiredEarly = token.n <= this.expiredThrough;
    const expiresAt = isExpiredEarly ? Math.min(naturalExpiry, this.expiredAt) : naturalExpiry;
    if (isExpiredEarly || this.now() > expiresAt) {
      return {
        ok: false,
        reason: 'expired',
        message: `The URL expired at ${new Date(expiresAt).toISOString()}; request a new one.`,
      };
    }
    return { ok: true, userId: token.u, connectionId: token.c };
  }

  /** SigV4-like: HMAC over the method, path and sorted, encoded parameters but the signature. */
  private sign(query: URLSearchParams): string {
    const canonical = [...query.entries()]
      .filter(([name]) => name !== P.signature)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .sort()
      .join('&');
    return createHmac('sha256', this.secret)
      .update(`GET\n${SIGNED_PATH}\n${canonical}`)
      .digest('hex');
  }
}
