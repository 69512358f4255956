import { InjectionToken } from '@angular/core';

/**
 * Runtime configuration, read from `/config.json` before the app starts, so one build can
 * target the local emulator or Mitel CloudLink (sandbox or production).
 */
export interface AppConfig {
  /** Base of the authentication service, e.g. https://authentication.api.mitel.io/2017-09-01 */
  readonly authBaseUrl: string;
  /** Base of the notifications service, e.g. https://notifications.api.mitel.io/2017-09-01 */
  readonly notificationsBaseUrl: string;
  /** Name and version sent in the X-Mitel-App header. */
  readonly appName: string;
  readonly appVersion: string;
  /** Shown in the toolbar so nobody mistakes a sandbox for production. */
  readonly environmentLabel: string;
  /** Base of the emulator's /_emulator API; set only when the local emulator serves. */
  readonly emulatorUrl: string | null;
  /** Account id pre-filled on the sign-in page. */
  readonly defaultAccountId: string;
  /** Where Paho and the parser run: a worker (default) or the page's main thread. */
  readonly mqttTransport: 'worker' | 'main';
  /** How many events the feed keeps (a ring buffer: the oldest go first). */
  readonly maxRetainedEvents: number;
  /** Exposes `window.__switchboardProbe` for the benchmark; never set in production. */
  readonly benchmarkProbe: boolean;
}

export const APP_CONFIG = new InjectionToken<AppConfig>('APP_CONFIG');

export class AppConfigError extends Error {
  override readonly name = 'AppConfigError';
}

/** Validates the parsed JSON of config.json; throws AppConfigError naming the bad field. */
export function parseAppConfig(raw: unknown): AppConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AppConfigError('config.json must hold a JSON object.');
  }
  const source = raw as Record<string, unknown>;
  return {
    authBaseUrl: requireUrl(source, 'authBaseUrl'),
    notificationsBaseUrl: requireUrl(source, 'notificationsBaseUrl'),
    appName: optionalString(source, 'appName') ?? 'Switchboard',
    appVersion: optionalString(source, 'appVersion') ?? '0.1.0',
    environmentLabel: optionalString(source, 'environmentLabel') ?? 'CloudLink',
    emulatorUrl: source['emulatorUrl'] == null ? null : requireUrl(source, 'emulatorUrl'),
    defaultAccountId: optionalString(source, 'defaultAccountId') ?? '',
    mqttTransport: readTransport(source),
    maxRetainedEvents: readCap(source),
    benchmarkProbe: source['benchmarkProbe'] === true,
  };
}

export async function loadAppConfig(
  fetchJson: (url: string) => Promise<unknown>,
  url = 'config.json',
): Promise<AppConfig> {
  let raw: unknown;
  try {
    raw = await fetchJson(url);
  } catch (error) {
    throw new AppConfigError(`Could not read ${url}: ${describe(error)}`);
  }
  return parseAppConfig(raw);
}

function requireUrl(source: Record<string, unknown>, field: string): string {
  const value = source[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AppConfigError(`config.json: "${field}" is required (an http or https URL).`);
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new AppConfigError(`config.json: "${field}" is not a valid URL: ${value}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AppConfigError(`config.json: "${field}" must be an http or https URL.`);
  }
  return value.replace(/\/+$/, '');
}

function optionalString(source: Record<string, unknown>, field: string): string | undefined {
  const value = source[field];
  if (value == null) return undefined;
  if (typeof value !== 'string') {
    throw new AppConfigError(`config.json: "${field}" must be a string.`);
  }
  return value;
}

/**
 * The feed's default cap: enough for a busy day's scrollback, bounded for memory. At
 * CloudLink's ~1.3 kB publications each retained event costs about 1.7 kB of heap (README,
 * "Performance"), so 100,000 retained is about 175 MB.
 */
const DEFAULT_MAX_RETAINED_EVENTS = 100_000;
const MAX_ALLOWED_RETAINED_EVENTS = 2_000_000;

function readCap(source: Record<string, unknown>): number {
  const value = source['maxRetainedEvents'];
  if (value == null) return DEFAULT_MAX_RETAINED_EVENTS;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1000 ||
    value > MAX_ALLOWED_RETAINED_EVENTS
  ) {
    throw new AppConfigError(
      `config.json: "maxRetainedEvents" must be a whole number from 1,000 to 2,000,000.`,
    );
  }
  return value;
}

function readTransport(source: Record<string, unknown>): 'worker' | 'main' {
  const value = optionalString(source, 'mqttTransport') ?? 'worker';
  if (value !== 'worker' && value !== 'main') {
    throw new AppConfigError('config.json: "mqttTransport" must be "worker" or "main".');
  }
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
