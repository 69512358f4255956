import { CloudLinkError } from '../cloudlink/cloudlink-error';
import { MqttError, MqttErrorCode } from '../mqtt/mqtt-transport';

export type FailurePhase = 'connection' | 'mqtt-connect' | 'subscribe' | 'live';

export interface FailureContext {
  readonly phase: FailurePhase;
  readonly clientId: string;
  /** The subscription being subscribed to, when phase is 'subscribe'. */
  readonly subscriptionId?: string | null;
  readonly deviceId?: string | null;
  /** How old the WebSocket URL was when it was used. */
  readonly urlAgeMs?: number | null;
  readonly notificationsBaseUrl?: string;
}

export interface Diagnosis {
  /** True when retrying cannot help: the session stops and says why. */
  readonly isFatal: boolean;
  /** Short: goes in the status indicator. */
  readonly reason: string;
  /** Plain words: what it usually means and what to do. */
  readonly advice: string;
  /** A server-imposed wait (429 Retry-After), if any. */
  readonly retryAfterMs: number | null;
}

/** Reads a failure the way cloudlink-contract.md §4 explains it. */
export function diagnose(error: unknown, context: FailureContext): Diagnosis {
  if (error instanceof CloudLinkError) return diagnoseRest(error, context);
  if (error instanceof MqttError) return diagnoseMqtt(error, context);
  const message = error instanceof Error ? error.message : String(error);
  return retry(`Unexpected error: ${message}`, 'Retrying with a fresh connection.');
}

function diagnoseRest(error: CloudLinkError, context: FailureContext): Diagnosis {
  const where = context.notificationsBaseUrl ?? error.url;
  const ref = error.correlationId ? ` Correlation id for support: ${error.correlationId}.` : '';
  switch (true) {
    case error.status === 0:
      return retry('CloudLink unreachable', `${error.message} Retrying with backoff.`);
    case error.status === 401:
      return fatal(
        'Not signed in (401)',
        `The token was refused by ${where}, even after a refresh. It expired, or it belongs to ` +
          `another environment (sandbox and production tokens differ). Sign in again.${ref}`,
      );
    case error.status === 403:
      return fatal(
        'Not allowed (403)',
        `CloudLink said: "${error.message}". The user lacks the role for this topic or filter.${ref}`,
      );
    case error.status === 429:
      return {
        ...retry('Rate limited (429)', `CloudLink asked to wait before retrying.${ref}`),
        retryAfterMs: error.retryAfterSec === null ? null : error.retryAfterSec * 1000,
      };
    case error.status >= 500:
      return retry(
        `CloudLink error (${error.status})`,
        `${error.message} Retrying with backoff.${ref}`,
      );
    default:
      return fatal(`Request refused (${error.status})`, `${error.message}${ref}`);
  }
}

function diagnoseMqtt(error: MqttError, context: FailureContext): Diagnosis {
  if (
    error.code === MqttErrorCode.ConnackRefused &&
    (error.connackCode === 4 || error.connackCode === 5)
  ) {
    return fatal(
      error.connackCode === 4 ? 'MQTT credentials refused' : 'MQTT not authorized',
      `The broker answered CONNACK ${error.connackCode}. Retrying will not help: sign in again, ` +
        'and check that this user may use the Notifications API.',
    );
  }
  if (context.phase === 'subscribe' && error.code === MqttErrorCode.SocketClosed) {
    return fatal('Subscription refused (socket closed after SUBSCRIBE)', subscribeAdvice(context));
  }
  if (context.phase === 'mqtt-connect' && (error.code === 7 || error.code === 8)) {
    const age =
      context.urlAgeMs == null ? '' : ` The URL was ${Math.round(context.urlAgeMs / 1000)} s old.`;
    return retry(
      'WebSocket handshake failed',
      'The connection closed before CONNACK: the URL expired (they last about 60 s), was ' +
        `mangled, or the handshake was refused.${age} Retrying with a fresh URL.`,
    );
  }
  if (error.code === MqttErrorCode.ConnectTimeout) {
    return retry(
      'Connect timed out',
      'No answer from the broker: network or proxy trouble. Retrying.',
    );
  }
  if (error.code === MqttErrorCode.PingTimeout) {
    return retry(
      'Ping timed out',
      'The connection went quiet: network or proxy trouble. Retrying.',
    );
  }
  return retry(
    `Connection lost (code ${error.code})`,
    `${error.message} Retrying with a fresh URL.`,
  );
}

function subscribeAdvice(context: FailureContext): string {
  const id = context.subscriptionId ?? 'the subscription';
  if (context.deviceId && context.deviceId !== context.clientId) {
    return (
      `CloudLink closed the socket right after SUBSCRIBE to ${id}: its deviceId ` +
      `"${context.deviceId}" is not this MQTT client id "${context.clientId}". A websocket ` +
      'subscription must be created with deviceId equal to the client id that subscribes.'
    );
  }
  return (
    `CloudLink closed the socket right after SUBSCRIBE to ${id}. Its deviceId matches this ` +
    `client id (${context.clientId}), so the subscription belongs to another user, was ` +
    'deleted, or the user lacks permission for its topic.'
  );
}

function fatal(reason: string, advice: string): Diagnosis {
  return { isFatal: true, reason, advice, retryAfterMs: null };
}

function retry(reason: string, advice: string): Diagnosis {
  return { isFatal: false, reason, advice, retryAfterMs: null };
}
