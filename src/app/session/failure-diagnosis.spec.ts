import { CloudLinkError } from '../cloudlink/cloudlink-error';
import { MqttError, MqttErrorCode } from '../mqtt/mqtt-transport';
import { FailureContext, FailurePhase, diagnose } from './failure-diagnosis';

const NOTIFICATIONS = 'https://notifications.api.mitel.io/2017-09-01';
const CLIENT_ID = 'sb-tab-7c1e';

function context(overrides: Partial<FailureContext> = {}): FailureContext {
  return { phase: 'connection', clientId: CLIENT_ID, ...overrides };
}

function restError(
  status: number,
  options: { message?: string; correlationId?: string | null; retryAfterSec?: number | null } = {},
): CloudLinkError {
  return new CloudLinkError(
    options.message ?? `Service said ${status}.`,
    status,
    `${NOTIFICATIONS}/subscriptions`,
    options.correlationId ?? null,
    options.retryAfterSec ?? null,
  );
}

describe('diagnose', () => {
  describe('REST failures', () => {
    it('retries when CloudLink is unreachable (status 0)', () => {
      const error = restError(0, {
        message: 'Could not reach https://notifications.api.mitel.io.',
      });
      expect(diagnose(error, context())).toEqual({
        isFatal: false,
        reason: 'CloudLink unreachable',
        advice: 'Could not reach https://notifications.api.mitel.io. Retrying with backoff.',
        retryAfterMs: null,
      });
    });

    it('stops on 401 and names the base URL in use', () => {
      const diagnosis = diagnose(
        restError(401, { correlationId: 'corr-401' }),
        context({ notificationsBaseUrl: NOTIFICATIONS }),
      );
      expect(diagnosis.isFatal).toBeTrue();
      expect(diagnosis.reason).toBe('Not signed in (401)');
      expect(diagnosis.advice).toContain(`The token was refused by ${NOTIFICATIONS},`);
      expect(diagnosis.advice).toContain('sandbox and production tokens differ');
      expect(diagnosis.advice).toContain('Sign in again.');
      expect(diagnosis.advice).toMatch(/Correlation id for support: corr-401\.$/);
      expect(diagnosis.retryAfterMs).toBeNull();
    });

    it('names the URL of the failed call on 401 when the context has no base URL', () => {
      const diagnosis = diagnose(restError(401), context());
      expect(diagnosis.advice).toContain(`refused by ${NOTIFICATIONS}/subscriptions,`);
      expect(diagnosis.advice).not.toContain('Correlation id');
    });

    it('stops on 403 and quotes the service and the correlation id', () => {
      const diagnosis = diagnose(
        restError(403, { message: 'Missing role NOTIFICATIONS_MEDIA', correlationId: 'c-403' }),
        context(),
      );
      expect(diagnosis).toEqual({
        isFatal: true,
        reason: 'Not allowed (403)',
        advice:
          'CloudLink said: "Missing role NOTIFICATIONS_MEDIA". The user lacks the role for this ' +
          'topic or filter. Correlation id for support: c-403.',
        retryAfterMs: null,
      });
    });

    it('retries after Retry-After on 429', () => {
      const diagnosis = diagnose(
        restError(429, { retryAfterSec: 12, correlationId: 'rl-7' }),
        context(),
      );
      expect(diagnosis).toEqual({
        isFatal: false,
        reason: 'Rate limited (429)',
        advice: 'CloudLink asked to wait before retrying. Correlation id for support: rl-7.',
        retryAfterMs: 12_000,
      });
    });

    it('retries on 429 without a server wait when there is no Retry-After', () => {
      const diagnosis = diagnose(restError(429), context());
      expect(diagnosis.isFatal).toBeFalse();
      expect(diagnosis.retryAfterMs).toBeNull();
    });

    it('keeps a Retry-After of 0 as a wait of 0 ms', () => {
      expect(diagnose(restError(429, { retryAfterSec: 0 }), context()).retryAfterMs).toBe(0);
    });

    for (const status of [500, 502, 503, 504]) {
      it(`retries on ${status}`, () => {
        const diagnosis = diagnose(
          restError(status, { message: 'CloudLink had a server error.', correlationId: 'c5' }),
          context(),
        );
        expect(diagnosis).toEqual({
          isFatal: false,
          reason: `CloudLink error (${status})`,
          advice:
            'CloudLink had a server error. Retrying with backoff. Correlation id for support: c5.',
          retryAfterMs: null,
        });
      });
    }

    for (const status of [400, 404, 409, 422]) {
      it(`stops on ${status} with the service message`, () => {
        const diagnosis = diagnose(
          restError(status, { message: 'subjectFilter is invalid', correlationId: 'c4' }),
          context(),
        );
        expect(diagnosis).toEqual({
          isFatal: true,
          reason: `Request refused (${status})`,
          advice: 'subjectFilter is invalid Correlation id for support: c4.',
          retryAfterMs: null,
        });
      });
    }
  });

  describe('MQTT failures', () => {
    const phases: FailurePhase[] = ['connection', 'mqtt-connect', 'subscribe', 'live'];

    for (const phase of phases) {
      it(`stops on CONNACK 4 (bad credentials) in the ${phase} phase`, () => {
        const diagnosis = diagnose(
          new MqttError(MqttErrorCode.ConnackRefused, 'AMQJS0006E Bad Connack return code:4', 4),
          context({ phase }),
        );
        expect(diagnosis.isFatal).toBeTrue();
        expect(diagnosis.reason).toBe('MQTT credentials refused');
        expect(diagnosis.advice).toContain('CONNACK 4');
        expect(diagnosis.advice).toContain('sign in again');
      });
    }

    it('stops on CONNACK 5 (not authorized)', () => {
      const diagnosis = diagnose(
        new MqttError(MqttErrorCode.ConnackRefused, 'AMQJS0006E Bad Connack return code:5', 5),
        context({ phase: 'mqtt-connect' }),
      );
      expect(diagnosis).toEqual({
        isFatal: true,
        reason: 'MQTT not authorized',
        advice:
          'The broker answered CONNACK 5. Retrying will not help: sign in again, and check that ' +
          'this user may use the Notifications API.',
        retryAfterMs: null,
      });
    });

    for (const connackCode of [1, 2, 3, null]) {
      it(`retries on code 6 with CONNACK ${connackCode}`, () => {
        const diagnosis = diagnose(
          new MqttError(MqttErrorCode.ConnackRefused, 'Bad Connack', connackCode),
          context({ phase: 'mqtt-connect' }),
        );
        expect(diagnosis.isFatal).toBeFalse();
        expect(diagnosis.reason).toBe('Connection lost (code 6)');
      });
    }

    describe('socket closed right after SUBSCRIBE (code 8)', () => {
      const closed = () => new MqttError(MqttErrorCode.SocketClosed, 'AMQJS0008I Socket closed.');

      it('stops and names deviceId and clientId when they differ', () => {
        const diagnosis = diagnose(
          closed(),
          context({ phase: 'subscribe', subscriptionId: 'sub-42', deviceId: 'sb-tab-0000' }),
        );
        expect(diagnosis.isFatal).toBeTrue();
        expect(diagnosis.reason).toBe('Subscription refused (socket closed after SUBSCRIBE)');
        expect(diagnosis.advice).toBe(
          'CloudLink closed the socket right after SUBSCRIBE to sub-42: its deviceId ' +
            '"sb-tab-0000" is not this MQTT client id "sb-tab-7c1e". A websocket subscription ' +
            'must be created with deviceId equal to the client id that subscribes.',
        );
      });

      it('stops and points at owner or permission when deviceId matches clientId', () => {
        const diagnosis = diagnose(
          closed(),
          context({ phase: 'subscribe', subscriptionId: 'sub-42', deviceId: CLIENT_ID }),
        );
        expect(diagnosis.isFatal).toBeTrue();
        expect(diagnosis.advice).toContain('SUBSCRIBE to sub-42. Its deviceId matches');
        expect(diagnosis.advice).toContain(`(${CLIENT_ID})`);
        expect(diagnosis.advice).toContain('belongs to another user');
        expect(diagnosis.advice).toContain('lacks permission');
        expect(diagnosis.advice).not.toContain('is not this MQTT client id');
      });

      it('reads an unknown deviceId like a match and names no subscription id it lacks', () => {
        const diagnosis = diagnose(closed(), context({ phase: 'subscribe' }));
        expect(diagnosis.isFatal).toBeTrue();
        expect(diagnosis.advice).toContain('SUBSCRIBE to the subscription.');
        expect(diagnosis.advice).toContain('belongs to another user');
      });

      it('retries a socket closed while live', () => {
        const diagnosis = diagnose(closed(), context({ phase: 'live', deviceId: 'other' }));
        expect(diagnosis.isFatal).toBeFalse();
        expect(diagnosis.reason).toBe('Connection lost (code 8)');
        expect(diagnosis.advice).toBe('AMQJS0008I Socket closed. Retrying with a fresh URL.');
      });
    });

    describe('closed before CONNACK (code 7 or 8)', () => {
      for (const code of [MqttErrorCode.SocketError, MqttErrorCode.SocketClosed]) {
        it(`retries code ${code} with a fresh URL and says how old the URL was`, () => {
          const diagnosis = diagnose(
            new MqttError(code, 'AMQJS0007E Socket error'),
            context({ phase: 'mqtt-connect', urlAgeMs: 61_400 }),
          );
          expect(diagnosis.isFatal).toBeFalse();
          expect(diagnosis.reason).toBe('WebSocket handshake failed');
          expect(diagnosis.advice).toContain('the URL expired (they last about 60 s)');
          expect(diagnosis.advice).toContain('The URL was 61 s old.');
          expect(diagnosis.advice).toMatch(/Retrying with a fresh URL\.$/);
          expect(diagnosis.retryAfterMs).toBeNull();
        });
      }

      const ages: { urlAgeMs: number | null | undefined; says: string | null }[] = [
        { urlAgeMs: 0, says: 'The URL was 0 s old.' },
        { urlAgeMs: 1_499, says: 'The URL was 1 s old.' },
        { urlAgeMs: 1_500, says: 'The URL was 2 s old.' },
        { urlAgeMs: null, says: null },
        { urlAgeMs: undefined, says: null },
      ];
      for (const c of ages) {
        it(`words a URL age of ${c.urlAgeMs}`, () => {
          const advice = diagnose(
            new MqttError(MqttErrorCode.SocketClosed, 'closed'),
            context({ phase: 'mqtt-connect', urlAgeMs: c.urlAgeMs }),
          ).advice;
          if (c.says === null) expect(advice).not.toContain('The URL was');
          else expect(advice).toContain(c.says);
        });
      }
    });

    it('retries a connect timeout (code 1)', () => {
      expect(
        diagnose(
          new MqttError(MqttErrorCode.ConnectTimeout, 'AMQJS0001E Connect timed out.'),
          context({ phase: 'mqtt-connect' }),
        ),
      ).toEqual({
        isFatal: false,
        reason: 'Connect timed out',
        advice: 'No answer from the broker: network or proxy trouble. Retrying.',
        retryAfterMs: null,
      });
    });

    it('retries a ping timeout (code 4)', () => {
      expect(
        diagnose(
          new MqttError(MqttErrorCode.PingTimeout, 'AMQJS0004E Ping timed out.'),
          context({ phase: 'live' }),
        ),
      ).toEqual({
        isFatal: false,
        reason: 'Ping timed out',
        advice: 'The connection went quiet: network or proxy trouble. Retrying.',
        retryAfterMs: null,
      });
    });

    for (const code of [MqttErrorCode.SubscribeTimeout, MqttErrorCode.InternalError, 7]) {
      it(`retries code ${code} while live with the transport's message`, () => {
        const diagnosis = diagnose(
          new MqttError(code, `Paho code ${code}.`),
          context({ phase: 'live' }),
        );
        expect(diagnosis).toEqual({
          isFatal: false,
          reason: `Connection lost (code ${code})`,
          advice: `Paho code ${code}. Retrying with a fresh URL.`,
          retryAfterMs: null,
        });
      });
    }
  });

  describe('anything else', () => {
    const cases: { error: unknown; message: string }[] = [
      { error: new TypeError('x is undefined'), message: 'x is undefined' },
      { error: 'plain string', message: 'plain string' },
      { error: 42, message: '42' },
      { error: null, message: 'null' },
    ];
    for (const c of cases) {
      it(`retries an unexpected ${String(c.message)}`, () => {
        expect(diagnose(c.error, context())).toEqual({
          isFatal: false,
          reason: `Unexpected error: ${c.message}`,
          advice: 'Retrying with a fresh connection.',
          retryAfterMs: null,
        });
      });
    }
  });
});
