import { AppConfig } from '../config/app-config';

/** The runtime config unit tests run with: CloudLink-shaped bases on a fake host. */
export const TEST_CONFIG: AppConfig = {
  authBaseUrl: 'https://auth.test/2017-09-01',
  notificationsBaseUrl: 'https://notifications.test/2017-09-01',
  appName: 'Switchboard',
  appVersion: '9.9.9',
  environmentLabel: 'Test',
  emulatorUrl: null,
  defaultAccountId: '100000',
  mqttTransport: 'main',
  maxRetainedEvents: 100_000,
  benchmarkProbe: false,
};

/** Lets chained promises (REST result → next request) run to their next await. */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) await Promise.resolve();
}
