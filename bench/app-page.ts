import { CdpPage, sleep } from './cdp-page.js';
import type { Chromium } from './chromium.js';
import { DEMO_PASSWORD, OPERATOR, type EmulatorClient } from './emulator-client.js';
import type { DeliveryCounters, LatencyFigures, MeasuredPage } from './measured-page.js';

// The production app, driven as a person would (labels and button text), but by script run
// inside the page over the raw DevTools session: no Playwright on this page. Its figures
// come from window.__switchboardProbe, which the app exposes when config.json has
// "benchmarkProbe": true.

const PROBE = 'window.__switchboardProbe';
/** Sign-in, first load of the console and a session reaching "live" on loopback. */
const UI_TIMEOUT_MS = 20_000;
/** How long the first-event measurement waits for an event once Start is clicked. */
const FIRST_EVENT_TIMEOUT_MS = 10_000;
/** The steady stream the first-event measurement starts before clicking Start. */
export const FIRST_EVENT_RATE = 1000;
/** Lets the stream reach its rate before Start is clicked, so the first event is not waited for. */
const FIRST_EVENT_LEAD_MS = 500;

// Page-side helpers, as source text: a TypeScript function's toString() under tsx carries
// helper calls that do not exist in the page.
const FILL_BY_LABEL = `(label, value) => {
  const normal = (text) => text.replace(/[*\\s]+/g, ' ').trim();
  const found = [...document.querySelectorAll('label')].find((l) => normal(l.textContent) === label);
  const input = found && (found.control || document.getElementById(found.htmlFor));
  if (!input) return false;
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('blur'));
  return true;
}`;

const CLICK_BUTTON = `(name) => {
  const normal = (text) => text.replace(/\\s+/g, ' ').trim();
  const named = (b) => {
    const label = b.querySelector('.mdc-button__label');
    return [b.getAttribute('aria-label'), label && label.textContent, b.textContent]
      .filter(Boolean)
      .some((text) => normal(text) === name);
  };
  const button = [...document.querySelectorAll('button')].find((b) => named(b) && !b.disabled);
  if (!button) return false;
  button.click();
  return true;
}`;

export class AppPage implements MeasuredPage {
  readonly kind = 'app';
  readonly subscriptionIds = undefined;

  private constructor(readonly page: CdpPage) {}

  /** Opens the app, signs in, creates the default subscription and waits until it is live. */
  static async open(browser: Chromium, appUrl: string): Promise<AppPage> {
    const page = await CdpPage.open(browser);
    const app = new AppPage(page);
    try {
      await page.goto(appUrl);
      await page.waitFor(PROBE, UI_TIMEOUT_MS, 'the benchmark probe (is "benchmarkProbe" on?)');
      await app.fill('Username', OPERATOR);
      await app.fill('Password', DEMO_PASSWORD);
      await app.click('Sign in');
      await app.click('Create subscription');
      await app.waitForState('live');
      return app;
    } catch (error) {
      await page.close();
      throw error;
    }
  }

  async reset(): Promise<void> {
    await this.page.evaluate(`${PROBE}.clearFeed(), ${PROBE}.resetLatency(), true`);
  }

  counters(): Promise<DeliveryCounters> {
    return this.page.evaluate<DeliveryCounters>(`${PROBE}.counters()`);
  }

  latency(): Promise<LatencyFigures> {
    return this.page.evaluate<LatencyFigures>(`${PROBE}.latency()`);
  }

  state(): Promise<string> {
    return this.page.evaluate<string>(`${PROBE}.state()`);
  }

  async waitForState(state: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    await this.page.waitFor(
      `${PROBE}.state() === ${JSON.stringify(state)}`,
      timeoutMs,
      `"${state}"`,
    );
  }

  /**
   * Start → first painted event, with events already flowing: Stop, start a steady stream,
   * click Start, and read what the app measured from the click to the first paint. The
   * stream is the emulator's call simulator, not the load generator: Start creates a new
   * subscription, and only the simulator routes to subscriptions made after it started.
   */
  async measureFirstEvent(emulator: EmulatorClient): Promise<number> {
    await this.click('Stop');
    await this.waitForState('stopped');
    await emulator.setSimulatorRate(FIRST_EVENT_RATE);
    try {
      await sleep(FIRST_EVENT_LEAD_MS);
      await this.click('Start');
      await this.page.waitFor(
        `${PROBE}.timeToFirstPaintMs() !== null`,
        FIRST_EVENT_TIMEOUT_MS,
        'the first painted event after Start',
      );
      return await this.page.evaluate<number>(`${PROBE}.timeToFirstPaintMs()`);
    } finally {
      await emulator.setSimulatorRate(0);
      await this.waitForState('live');
    }
  }

  /** Stop, then Start: a new MQTT client and subscription, any backlog left behind. */
  async restartSession(): Promise<void> {
    await this.click('Stop');
    await this.waitForState('stopped');
    await this.click('Start');
    await this.waitForState('live');
  }

  close(): Promise<void> {
    return this.page.close();
  }

  private async fill(label: string, value: string): Promise<void> {
    await this.page.waitFor(
      `(${FILL_BY_LABEL})(${JSON.stringify(label)}, ${JSON.stringify(value)})`,
      UI_TIMEOUT_MS,
      `a field labelled "${label}"`,
    );
  }

  async click(name: string): Promise<void> {
    await this.page.waitFor(
      `(${CLICK_BUTTON})(${JSON.stringify(name)})`,
      UI_TIMEOUT_MS,
      `an enabled button "${name}"`,
    );
  }
}
