import { TimelineEntry } from '../session/diagnostics-timeline';
import { ReportInput, buildSupportReport } from './support-report';

const entry = (overrides: Partial<TimelineEntry>): TimelineEntry => ({
  id: 1,
  step: 'connection',
  label: 'Get WebSocket URL (POST /connections)',
  startedAt: Date.UTC(2026, 11, 4, 10, 0, 0),
  durationMs: 42,
  outcome: 'ok',
  detail: '',
  correlationId: null,
  ...overrides,
});

const input: ReportInput = {
  generatedAt: Date.UTC(2026, 11, 4, 10, 5, 0),
  appName: 'Switchboard',
  appVersion: '1.0.0',
  environmentLabel: 'CloudLink sandbox',
  authBaseUrl: 'https://authentication.dev.api.mitel.io/2017-09-01',
  notificationsBaseUrl: 'https://notifications.dev.api.mitel.io/2017-09-01',
  userAgent: 'Chrome/156',
  clientId: 'sb-me',
  state: 'failed',
  failure: {
    reason: 'Subscription refused (socket closed after SUBSCRIBE)',
    advice: 'deviceId "sb-other" is not this MQTT client id "sb-me".',
    error: 'AMQJS0008I Socket closed.',
    at: Date.UTC(2026, 11, 4, 10, 1, 0),
  },
  subscriptions: [
    { subscriptionId: 'aaa', deviceId: 'sb-me', subjectFilter: '/x/' },
    { subscriptionId: 'bbb', deviceId: 'sb-other', subjectFilter: '/y/' },
  ],
  counters: { received: 12, malformed: 1 },
  timeline: [
    entry({
      detail: 'wss://x.iot.amazonaws.com/mqtt?X-Amz-Credential=AKIA123&X-Amz-Signature=f00d',
      correlationId: 'corr-7',
    }),
    entry({
      id: 2,
      label: 'Sign in',
      outcome: 'failed',
      detail: 'Bearer eyJhbGciOiJIUzI1NiJ9.abc',
    }),
  ],
};

describe('buildSupportReport', () => {
  const report = buildSupportReport(input);

  it('says where, who and what failed', () => {
    expect(report).toContain('Notifications: https://notifications.dev.api.mitel.io/2017-09-01');
    expect(report).toContain('MQTT client id: sb-me');
    expect(report).toContain('Subscription refused (socket closed after SUBSCRIBE)');
    expect(report).toContain('correlation id corr-7');
    expect(report).toContain('received=12 malformed=1');
  });

  it('flags a subscription whose deviceId is not this client id', () => {
    expect(report).toContain('bbb deviceId=sb-other (NOT this client id)');
    expect(report).not.toContain('aaa deviceId=sb-me (NOT');
  });

  it('carries no secret', () => {
    expect(report).not.toContain('AKIA123');
    expect(report).not.toContain('f00d');
    expect(report).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(report).toContain('X-Amz-Signature=•••');
  });
});
