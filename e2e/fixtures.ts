import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { EmulatorControl } from './emulator-control.js';
import { EMULATOR_URL } from './ports.js';

export const DEMO_ACCOUNT = '100000';
export const DEMO_PASSWORD = 'switchboard';
export const OPERATOR = 'operator@switchboard.test';
export const AGENT = 'agent@switchboard.test';

interface Fixtures {
  emulator: EmulatorControl;
  console: ConsoleActions;
}

interface Options {
  /** The emulator the project's app talks to (the interop project uses its own). */
  emulatorUrl: string;
}

/** What a person does on the console, by what they see: labels, roles, text. */
export class ConsoleActions {
  constructor(readonly page: Page) {}

  get feed(): Locator {
    return this.page.getByRole('region', { name: 'Call events' });
  }

  get feedRows(): Locator {
    return this.feed.getByRole('listitem');
  }

  get status(): Locator {
    return this.page.getByRole('status', { name: 'Session status' });
  }

  get subscriptionList(): Locator {
    return this.page.getByRole('list', { name: 'Active subscriptions' });
  }

  async signIn(
    username = OPERATOR,
    password = DEMO_PASSWORD,
    accountId = DEMO_ACCOUNT,
  ): Promise<void> {
    await this.page.goto('/');
    await this.signInHere(username, password, accountId);
  }

  /** Fills the sign-in page the browser is on (a shared link led there, say). */
  async signInHere(
    username = OPERATOR,
    password = DEMO_PASSWORD,
    accountId = DEMO_ACCOUNT,
  ): Promise<void> {
    await this.page.getByLabel('Account ID').fill(accountId);
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  async subscribe(subjectFilter: string): Promise<void> {
    const filter = this.page.getByLabel('Subject filter');
    await filter.fill(subjectFilter);
    await this.page.getByRole('button', { name: 'Create subscription' }).click();
    await expect(this.subscriptionList.getByText(subjectFilter, { exact: true })).toBeVisible();
  }

  /** The extension quick pick writes the subject filter for that extension's calls. */
  async pickExtension(extension: string): Promise<void> {
    await this.page.getByRole('combobox', { name: "Quick pick: one extension's calls" }).click();
    await this.page.getByRole('option', { name: new RegExp(`^${extension}\\b`) }).click();
  }

  async createSubscription(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create subscription' }).click();
  }

  /** One of the feed's counters (Received, Shown, Duplicates...), as a person reads it. */
  async counter(name: string): Promise<number> {
    const text = await this.page
      .getByRole('definition')
      .filter({
        has: this.page.locator(`xpath=preceding-sibling::dt[normalize-space()="${name}"]`),
      })
      .first()
      .textContent();
    return Number(text?.replace(/\D/g, ''));
  }

  async expectLive(timeout = 10_000): Promise<void> {
    await expect(this.status).toHaveText(/^\s*Live\s*$/, { timeout });
  }
}

export const test = base.extend<Fixtures & Options>({
  emulatorUrl: [EMULATOR_URL, { option: true }],
  emulator: async ({ emulatorUrl }, use) => {
    const emulator = new EmulatorControl(`${emulatorUrl}/_emulator`);
    await emulator.reset();
    await use(emulator);
    await emulator.reset();
  },
  console: async ({ page }, use) => {
    await use(new ConsoleActions(page));
  },
});

export { expect };
