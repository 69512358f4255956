import { maskSecrets } from '../shared/mask-secrets';
import { TimelineEntry } from '../session/diagnostics-timeline';

export interface ReportInput {
  readonly generatedAt: number;
  readonly appName: string;
  readonly appVersion: string;
  readonly environmentLabel: string;
  readonly authBaseUrl: string;
  readonly notificationsBaseUrl: string;
  readonly userAgent: string;
  readonly clientId: string;
  readonly state: string;
  readonly failure: { reason: string; advice: string; error: string; at: number } | null;
  readonly subscriptions: readonly {
    subscriptionId: string;
    deviceId: string | null;
    subjectFilter: string;
  }[];
  readonly counters: Readonly<Record<string, number>>;
  readonly timeline: readonly TimelineEntry[];
}

/**
 * A plain-text report for Mitel support: what ran, what failed, with correlation ids. Every
 * line passes through the secret masking: no token, password or URL query string survives.
 */
export function buildSupportReport(input: ReportInput): string {
  const lines = [
    `Switchboard support report, ${new Date(input.generatedAt).toISOString()}`,
    `App: ${input.appName} ${input.appVersion} · ${input.userAgent}`,
    `Environment: ${input.environmentLabel}`,
    `Authentication: ${input.authBaseUrl}`,
    `Notifications: ${input.notificationsBaseUrl}`,
    `MQTT client id: ${input.clientId}`,
    `Session: ${input.state}`,
    '',
    'Last failure:',
    input.failure
      ? `  ${new Date(input.failure.at).toISOString()} ${input.failure.reason}\n  ${input.failure.advice}\n  reported: ${input.failure.error}`
      : '  none',
    '',
    'Subscriptions held by this tab:',
    ...(input.subscriptions.length === 0
      ? ['  none']
      : input.subscriptions.map(
          (item) =>
            `  ${item.subscriptionId} deviceId=${item.deviceId ?? 'unknown'}` +
            `${item.deviceId && item.deviceId !== input.clientId ? ' (NOT this client id)' : ''}` +
            ` subject=${item.subjectFilter}`,
        )),
    '',
    `Counters: ${Object.entries(input.counters)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ')}`,
    '',
    'Timeline (oldest first):',
    ...input.timeline.map(
      (entry) =>
        `  ${new Date(entry.startedAt).toISOString()} ${entry.outcome.padEnd(7)} ` +
        `${entry.label}${entry.durationMs === null ? '' : ` (${entry.durationMs} ms)`}` +
        `${entry.detail ? ` · ${entry.detail}` : ''}` +
        `${entry.correlationId ? ` · correlation id ${entry.correlationId}` : ''}`,
    ),
  ];
  return maskSecrets(lines.join('\n')) + '\n';
}
