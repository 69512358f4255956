import { HttpErrorResponse } from '@angular/common/http';
import { maskSecrets } from '../shared/mask-secrets';

/**
 * A failed CloudLink REST call in the terms a person (and Mitel support) needs: the status,
 * the service's own message, the correlation id, and which base URL was called.
 */
export class CloudLinkError extends Error {
  override readonly name = 'CloudLinkError';

  constructor(
    message: string,
    readonly status: number,
    readonly url: string,
    readonly correlationId: string | null = null,
    readonly retryAfterSec: number | null = null,
  ) {
    super(maskSecrets(message));
  }

  /** One line for the UI: message, then status and correlation id when there are any. */
  get summary(): string {
    const parts = [this.message];
    if (this.status > 0) parts.push(`HTTP ${this.status}`);
    if (this.correlationId) parts.push(`correlation id ${this.correlationId}`);
    return parts.join(' · ');
  }
}

export function toCloudLinkError(error: unknown, url: string): CloudLinkError {
  if (error instanceof CloudLinkError) return error;
  if (error instanceof HttpErrorResponse) {
    const correlationId = error.headers?.get('x-mitel-correlation-id') ?? null;
    const retryAfter = parseRetryAfter(error.headers?.get('Retry-After') ?? null);
    const target = stripQuery(error.url ?? url);
    if (error.status === 0) {
      return new CloudLinkError(
        `Could not reach ${origin(target)}: the service is down, the address in config.json ` +
          'is wrong, or the browser blocked the request (CORS).',
        0,
        target,
      );
    }
    const text = messageFromBody(error.error) ?? defaultMessage(error.status);
    return new CloudLinkError(text, error.status, target, correlationId, retryAfter);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CloudLinkError(message, 0, stripQuery(url));
}

/** Error bodies' exact shape is unconfirmed: take whatever text they carry. */
export function messageFromBody(body: unknown): string | null {
  if (typeof body === 'string') {
    const trimmed = body.trim();
    if (trimmed === '') return null;
    try {
      return messageFromBody(JSON.parse(trimmed)) ?? trimmed.slice(0, 300);
    } catch {
      return trimmed.slice(0, 300);
    }
  }
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  for (const key of ['message', 'error_description', 'errorMessage', 'detail', 'error']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'object' && value !== null) {
      const nested = messageFromBody(value);
      if (nested) return nested;
    }
  }
  return null;
}

function defaultMessage(status: number): string {
  switch (status) {
    case 400:
      return 'The request was rejected as invalid.';
    case 401:
      return 'Not signed in, or the session expired.';
    case 403:
      return 'This user is not allowed to do that.';
    case 404:
      return 'Not found.';
    case 429:
      return 'Too many requests; CloudLink asked to wait.';
    default:
      return status >= 500 ? 'CloudLink had a server error.' : `Request failed.`;
  }
}

export function parseRetryAfter(value: string | null): number | null {
  if (value == null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function stripQuery(url: string): string {
  const index = url.indexOf('?');
  return index < 0 ? url : url.slice(0, index);
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
