import { AppConfig, AppConfigError, loadAppConfig, parseAppConfig } from './app-config';

const MINIMAL = {
  authBaseUrl: 'https://authentication.api.mitel.io/2017-09-01',
  notificationsBaseUrl: 'https://notifications.api.mitel.io/2017-09-01',
};

const EMULATOR = {
  authBaseUrl: 'http://localhost:4000/authentication/2017-09-01',
  notificationsBaseUrl: 'http://localhost:4000/notifications/2017-09-01',
  appName: 'Switchboard',
  appVersion: '1.2.3',
  environmentLabel: 'Local emulator',
  emulatorUrl: 'http://localhost:4000/_emulator',
  defaultAccountId: 'acc-3141',
  mqttTransport: 'main',
  maxRetainedEvents: 5_000,
  benchmarkProbe: true,
};

function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseAppConfig', () => {
  it('fills defaults around the two required URLs', () => {
    expect(parseAppConfig(MINIMAL)).toEqual({
      authBaseUrl: 'https://authentication.api.mitel.io/2017-09-01',
      notificationsBaseUrl: 'https://notifications.api.mitel.io/2017-09-01',
      appName: 'Switchboard',
      appVersion: '0.1.0',
      environmentLabel: 'CloudLink',
      emulatorUrl: null,
      defaultAccountId: '',
      mqttTransport: 'worker',
      maxRetainedEvents: 100_000,
      benchmarkProbe: false,
    });
  });

  const caps: [value: unknown, accepted: boolean][] = [
    [5_000, true],
    [1_000, true],
    [2_000_000, true],
    [999, false],
    [2_000_001, false],
    [1500.5, false],
    ['100000', false],
  ];
  for (const [value, accepted] of caps) {
    it(`${accepted ? 'takes' : 'refuses'} maxRetainedEvents ${JSON.stringify(value)}`, () => {
      const read = () => parseAppConfig({ ...MINIMAL, maxRetainedEvents: value });
      if (accepted) expect(read().maxRetainedEvents).toBe(value as number);
      else expect(read).toThrowError(AppConfigError, /maxRetainedEvents/);
    });
  }

  it('refuses a transport other than worker or main, naming the field', () => {
    expect(() => parseAppConfig({ ...MINIMAL, mqttTransport: 'thread' })).toThrowError(
      AppConfigError,
      /mqttTransport/,
    );
  });

  it('turns the benchmark probe on only for a literal true', () => {
    expect(parseAppConfig({ ...MINIMAL, benchmarkProbe: 'yes' }).benchmarkProbe).toBeFalse();
    expect(parseAppConfig({ ...MINIMAL, benchmarkProbe: true }).benchmarkProbe).toBeTrue();
  });

  it('reads every field of an emulator config', () => {
    expect(parseAppConfig(EMULATOR)).toEqual(EMULATOR as AppConfig);
  });

  it('strips trailing slashes from URLs', () => {
    const config = parseAppConfig({
      authBaseUrl: 'https://auth.example/2017-09-01/',
      notificationsBaseUrl: 'https://notify.example/2017-09-01///',
      emulatorUrl: 'http://localhost:4000/_emulator/',
    });
    expect(config.authBaseUrl).toBe('https://auth.example/2017-09-01');
    expect(config.notificationsBaseUrl).toBe('https://notify.example/2017-09-01');
    expect(config.emulatorUrl).toBe('http://localhost:4000/_emulator');
  });

  it('treats a null emulatorUrl as absent', () => {
    expect(parseAppConfig({ ...MINIMAL, emulatorUrl: null }).emulatorUrl).toBeNull();
  });

  it('treats null optional strings as absent', () => {
    const config = parseAppConfig({ ...MINIMAL, appName: null, defaultAccountId: null });
    expect(config.appName).toBe('Switchboard');
    expect(config.defaultAccountId).toBe('');
  });

  it('ignores unknown fields', () => {
    const config = parseAppConfig({ ...MINIMAL, theme: 'dark' });
    expect(Object.keys(config)).not.toContain('theme');
  });

  const notObjects: unknown[] = [null, undefined, 42, 'config', true, [MINIMAL]];
  for (const raw of notObjects) {
    it(`rejects ${JSON.stringify(raw) ?? 'undefined'} as not an object`, () => {
      expect(() => parseAppConfig(raw)).toThrowError(
        AppConfigError,
        'config.json must hold a JSON object.',
      );
    });
  }

  const bad: { name: string; raw: Record<string, unknown>; message: string }[] = [
    {
      name: 'a missing authBaseUrl',
      raw: { notificationsBaseUrl: MINIMAL.notificationsBaseUrl },
      message: 'config.json: "authBaseUrl" is required (an http or https URL).',
    },
    {
      name: 'a missing notificationsBaseUrl',
      raw: { authBaseUrl: MINIMAL.authBaseUrl },
      message: 'config.json: "notificationsBaseUrl" is required (an http or https URL).',
    },
    {
      name: 'a blank authBaseUrl',
      raw: { ...MINIMAL, authBaseUrl: '   ' },
      message: 'config.json: "authBaseUrl" is required (an http or https URL).',
    },
    {
      name: 'a numeric notificationsBaseUrl',
      raw: { ...MINIMAL, notificationsBaseUrl: 8080 },
      message: 'config.json: "notificationsBaseUrl" is required (an http or https URL).',
    },
    {
      name: 'a relative URL',
      raw: { ...MINIMAL, authBaseUrl: '/authentication/2017-09-01' },
      message: 'config.json: "authBaseUrl" is not a valid URL: /authentication/2017-09-01',
    },
    {
      name: 'a ws: URL',
      raw: { ...MINIMAL, notificationsBaseUrl: 'wss://notifications.api.mitel.io' },
      message: 'config.json: "notificationsBaseUrl" must be an http or https URL.',
    },
    {
      name: 'a file: URL for the emulator',
      raw: { ...MINIMAL, emulatorUrl: 'file:///tmp/emulator' },
      message: 'config.json: "emulatorUrl" must be an http or https URL.',
    },
    {
      name: 'an empty emulatorUrl',
      raw: { ...MINIMAL, emulatorUrl: '' },
      message: 'config.json: "emulatorUrl" is required (an http or https URL).',
    },
    {
      name: 'a numeric appName',
      raw: { ...MINIMAL, appName: 7 },
      message: 'config.json: "appName" must be a string.',
    },
    {
      name: 'a numeric appVersion',
      raw: { ...MINIMAL, appVersion: 1.2 },
      message: 'config.json: "appVersion" must be a string.',
    },
    {
      name: 'a boolean environmentLabel',
      raw: { ...MINIMAL, environmentLabel: true },
      message: 'config.json: "environmentLabel" must be a string.',
    },
    {
      name: 'an object defaultAccountId',
      raw: { ...MINIMAL, defaultAccountId: { id: 'acc' } },
      message: 'config.json: "defaultAccountId" must be a string.',
    },
  ];

  for (const c of bad) {
    it(`rejects ${c.name}, naming the field`, () => {
      const error = errorOf(() => parseAppConfig(c.raw));
      expect(error).toBeInstanceOf(AppConfigError);
      expect((error as AppConfigError).name).toBe('AppConfigError');
      expect((error as AppConfigError).message).toBe(c.message);
    });
  }
});

describe('loadAppConfig', () => {
  it('fetches config.json by default and parses it', async () => {
    const fetchJson = jasmine.createSpy('fetchJson').and.resolveTo(EMULATOR);

    const config = await loadAppConfig(fetchJson);

    expect(fetchJson).toHaveBeenCalledOnceWith('config.json');
    expect(config.emulatorUrl).toBe('http://localhost:4000/_emulator');
    expect(config.environmentLabel).toBe('Local emulator');
  });

  it('fetches the URL it is given', async () => {
    const fetchJson = jasmine.createSpy('fetchJson').and.resolveTo(MINIMAL);
    await loadAppConfig(fetchJson, '/assets/config.sandbox.json');
    expect(fetchJson).toHaveBeenCalledOnceWith('/assets/config.sandbox.json');
  });

  it('wraps a failed fetch in an AppConfigError naming the URL', async () => {
    const fetchJson = jasmine.createSpy('fetchJson').and.rejectWith(new Error('404 Not Found'));

    await expectAsync(loadAppConfig(fetchJson)).toBeRejectedWithError(
      AppConfigError,
      'Could not read config.json: 404 Not Found',
    );
  });

  it('wraps a rejection that is not an Error', async () => {
    const fetchJson = jasmine.createSpy('fetchJson').and.rejectWith('offline');
    await expectAsync(loadAppConfig(fetchJson, 'x.json')).toBeRejectedWithError(
      AppConfigError,
      'Could not read x.json: offline',
    );
  });

  it('rejects with the validation error of a bad config', async () => {
    const fetchJson = jasmine.createSpy('fetchJson').and.resolveTo({ authBaseUrl: 'nope' });
    await expectAsync(loadAppConfig(fetchJson)).toBeRejectedWithError(
      AppConfigError,
      'config.json: "authBaseUrl" is not a valid URL: nope',
    );
  });
});
