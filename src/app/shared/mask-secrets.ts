/**
 * Secrets never reach the UI, logs, exports or storage unmasked: tokens, passwords and the
 * presigned WebSocket URL's query string (a credential, AWS IoT style).
 */
export const MASK = '•••';

/**
 * Query parameters of a presigned URL that are safe to show and help diagnose expiry.
 * Everything else in a query string is masked.
 */
const SAFE_QUERY_PARAMS = new Set(['x-amz-algorithm', 'x-amz-date', 'x-amz-expires']);

/** `ws://host/mqtt?X-Amz-Signature=abc` → `ws://host/mqtt?X-Amz-Signature=•••`. */
export function maskUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const hashStart = url.indexOf('#', queryStart);
  const base = url.slice(0, queryStart);
  const query = url.slice(queryStart + 1, hashStart < 0 ? undefined : hashStart);
  const masked = query
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      if (eq >= 0 && SAFE_QUERY_PARAMS.has(decodeSafely(name).toLowerCase())) return part;
      return `${name}=${MASK}`;
    })
    .join('&');
  return `${base}?${masked}`;
}

const URL_WITH_QUERY = /\b(?:wss?|https?):\/\/[^\s"'<>]+\?[^\s"'<>]*/gi;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
/** A secret field's name, then its value: a JSON string (escapes and all) or a bare token. */
const SECRET_FIELDS =
  /("?(?:access_token|refresh_token|password|client_secret|X-Amz-Security-Token|X-Amz-Signature|X-Amz-Credential)"?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|[^"&,\s}]+)/gi;

/** Masks every secret this app knows of inside free text (error messages, reports). */
export function maskSecrets(text: string): string {
  return text
    .replace(URL_WITH_QUERY, (url) => maskUrl(url))
    .replace(BEARER, `$1 ${MASK}`)
    .replace(SECRET_FIELDS, (_match, prefix: string, value: string) =>
      value.startsWith('"') ? `${prefix}"${MASK}"` : `${prefix}${MASK}`,
    );
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
