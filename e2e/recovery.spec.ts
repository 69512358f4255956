import { expect, test, type ConsoleActions } from './fixtures.js';
import type { EmulatorControl } from './emulator-control.js';

const ALL = '/2017-09-01/endpoints/';

async function goLive(ui: ConsoleActions, filter = ALL): Promise<void> {
  await ui.signIn();
  await ui.subscribe(filter);
  await ui.expectLive();
}

async function placeCall(emulator: EmulatorControl, from: string, to = '130001'): Promise<void> {
  await emulator.placeCall({ from, to, states: ['ringing', 'connected', 'completed'], stepMs: 5 });
}

test.describe('recovery from injected faults', () => {
  test('dropped sockets: reconnects with a fresh URL, resumes the session, loses nothing', async ({
    console: ui,
    emulator,
  }) => {
    await goLive(ui);
    const before = await emulator.counters();
    await emulator.fault({ kind: 'drop-sockets' });
    // Published while the app is away: the broker queues it for the persistent session.
    await placeCall(emulator, '+16135551001');
    await ui.expectLive();
    await expect(ui.feedRows).toHaveCount(3);
    await expect(ui.feed).toContainText('+16135551001');
    const after = await emulator.counters();
    expect(after.mqttConnects).toBeGreaterThan(before.mqttConnects);
    expect(after.connectionsIssued).toBeGreaterThan(before.connectionsIssued);
    // The broker resumed the session: no gap is announced.
    await expect(ui.feed.getByText(/may be missing/)).toHaveCount(0);
  });

  test('refused upgrades: shows the countdown, retries with backoff, and comes back', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await goLive(ui);
    await emulator.fault({ kind: 'refuse-upgrades', seconds: 4 });
    await emulator.fault({ kind: 'drop-sockets' });
    await expect(ui.status).toContainText(/Reconnecting\s*attempt \d+, next in \d+s/);
    await expect(page.getByRole('button', { name: 'Retry now' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Stop retrying' })).toBeVisible();
    await ui.expectLive(20_000);
    await placeCall(emulator, '+16135551002');
    await expect(ui.feed).toContainText('+16135551002');
  });

  test('the browser going offline waits for the network, then reconnects at once', async ({
    console: ui,
    emulator,
    context,
  }) => {
    await goLive(ui);
    await context.setOffline(true);
    await expect(ui.status).toContainText('Network offline');
    await emulator.placeCall({
      from: '+16135551006',
      to: '130001',
      states: ['ringing'],
      stepMs: 5,
    });
    await context.setOffline(false);
    await ui.expectLive(15_000);
    // The persistent session kept what was published while offline.
    await expect(ui.feed).toContainText('+16135551006');
  });

  test('a broker restart loses the session: the feed marks the gap', async ({
    console: ui,
    emulator,
  }) => {
    await goLive(ui);
    await emulator.fault({ kind: 'restart-broker' });
    await ui.expectLive();
    await expect(ui.feed.getByRole('status').filter({ hasText: 'may be missing' })).toContainText(
      'the broker did not resume the session',
    );
    await placeCall(emulator, '+16135551003');
    await expect(ui.feed).toContainText('+16135551003');
  });

  test('a second client with the same id kicks the tab off; it comes back by itself', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await goLive(ui);
    const clientId = (await page
      .locator('sb-diagnostics-panel code')
      .first()
      .textContent())!.trim();
    await emulator.fault({ kind: 'duplicate-client', clientId });
    await ui.expectLive(15_000);
    await placeCall(emulator, '+16135551004');
    await expect(ui.feed).toContainText('+16135551004');
  });

  test('429 with Retry-After and 503s on POST /connections: waits, backs off, recovers', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await goLive(ui);
    await emulator.fault({
      kind: 'fail-rest',
      status: 429,
      count: 1,
      path: '/2017-09-01/connections',
      retryAfterSec: 2,
      message: 'Slow down',
    });
    await emulator.fault({
      kind: 'fail-rest',
      status: 503,
      count: 2,
      path: '/2017-09-01/connections',
    });
    await emulator.fault({ kind: 'drop-sockets' });
    await expect(ui.status).toContainText('Rate limited (429)');
    await ui.expectLive(20_000);
    const panel = page.getByRole('region', { name: 'Diagnostics' });
    await expect(panel.getByRole('row').filter({ hasText: 'HTTP 429' }).first()).toContainText(
      'Slow down',
    );
    await expect(panel.getByRole('row').filter({ hasText: 'HTTP 503' })).toHaveCount(2);
  });

  test('an access token expired mid-session is refreshed once, without a sign-in', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await goLive(ui, '/2017-09-01/endpoints/130001/calls');
    await emulator.fault({ kind: 'expire-token', username: 'operator@switchboard.test' });
    await ui.subscribe('/2017-09-01/endpoints/130002/calls');
    await expect(ui.subscriptionList.getByRole('listitem')).toHaveCount(2);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await placeCall(emulator, '+16135551005', '130002');
    await expect(ui.feed).toContainText('+16135551005');
  });

  test('a refused refresh ends on the sign-in page with the reason', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await goLive(ui, '/2017-09-01/endpoints/130001/calls');
    await emulator.fault({
      kind: 'expire-token',
      username: 'operator@switchboard.test',
      refreshToo: true,
    });
    await page.getByLabel('Subject filter').fill('/2017-09-01/endpoints/130003/calls');
    await page.getByRole('button', { name: 'Create subscription' }).click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(
      page.getByRole('status').filter({ hasText: 'could not be renewed' }),
    ).toBeVisible();
  });

  test('URLs that expire at once: the doctor names the expired URL', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await goLive(ui);
    await emulator.fault({ kind: 'expire-urls', ttlSec: 0 });
    await emulator.fault({ kind: 'drop-sockets' });
    await expect(ui.status).toContainText('WebSocket handshake failed');
    await page.getByRole('link', { name: 'Connection doctor' }).click();
    const diagnosis = page.getByRole('region', { name: 'Diagnosis' });
    await expect(diagnosis).toContainText('WebSocket handshake failed');
    await expect(diagnosis).toContainText('URL expired');
    await expect(diagnosis).toContainText(/403.*expired .*or was mangled/);
    await expect(diagnosis).not.toContainText(/X-Amz-Signature=[0-9a-f]/);

    await emulator.clearFaults();
    await page.getByRole('link', { name: 'Back to the console' }).click();
    await ui.expectLive(40_000);
  });
});
