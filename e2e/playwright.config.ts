import { defineConfig } from '@playwright/test';
import {
  APP_URL,
  E2E_APP_PORT,
  E2E_EMULATOR_PORT,
  E2E_EXTERNAL_APP_PORT,
  E2E_EXTERNAL_EMULATOR_PORT,
  EMULATOR_URL,
  EXTERNAL_APP_URL,
  EXTERNAL_EMULATOR_URL,
} from './ports.js';

// Debian's Chromium: Playwright's own browser download does not work on these machines.
const CHROMIUM = process.env['CHROME_BIN'] ?? '/usr/bin/chromium';

export default defineConfig<{ emulatorUrl: string }>({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  outputDir: './results',
  // One emulator serves every test and each test resets it: run them one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    baseURL: APP_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'emulator', testIgnore: /interop\.spec\.ts$/ },
    {
      name: 'external-broker',
      testMatch: /interop\.spec\.ts$/,
      use: { baseURL: EXTERNAL_APP_URL, emulatorUrl: EXTERNAL_EMULATOR_URL },
    },
  ],
  webServer: [
    {
      command: `npx tsx emulator/main.ts --port ${E2E_EMULATOR_PORT} --rate 0`,
      cwd: '..',
      url: `${EMULATOR_URL}/_emulator/health`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 60_000,
    },
    {
      command: `npx tsx e2e/serve-app.ts --port ${E2E_APP_PORT} --emulator ${EMULATOR_URL}`,
      cwd: '..',
      url: APP_URL,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 60_000,
    },
    {
      // The same app build against the emulator in external-broker mode: it publishes
      // through a Mosquitto it starts (and stops on SIGTERM) and hands out that broker's URL.
      command: `npx tsx emulator/main.ts --port ${E2E_EXTERNAL_EMULATOR_PORT} --rate 0 --with-mosquitto`,
      cwd: '..',
      url: `${EXTERNAL_EMULATOR_URL}/_emulator/health`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 60_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
    {
      command: `npx tsx e2e/serve-app.ts --port ${E2E_EXTERNAL_APP_PORT} --emulator ${EXTERNAL_EMULATOR_URL}`,
      cwd: '..',
      url: EXTERNAL_APP_URL,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 60_000,
    },
  ],
});
