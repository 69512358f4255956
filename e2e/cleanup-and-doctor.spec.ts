import { CloudLinkClient } from './cloudlink-client.js';
import { expect, test, OPERATOR } from './fixtures.js';

test.describe('cleanup', () => {
  test('a tab that died without cleaning up leaves orphans the next start deletes', async ({
    console: ui,
    emulator,
    context,
    page,
  }) => {
    await ui.signIn();
    await ui.subscribe('/2017-09-01/endpoints/130001/calls');
    await ui.expectLive();
    // The tab crashes: no pagehide, no DELETE.
    const crashed = page.waitForEvent('crash');
    const devtools = await context.newCDPSession(page);
    void devtools.send('Page.crash').catch(() => undefined);
    await crashed;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await emulator.subscriptions()).length).toBe(1);

    const next = await context.newPage();
    const { ConsoleActions } = await import('./fixtures.js');
    const again = new ConsoleActions(next);
    await again.signIn();
    await expect(next.getByRole('button', { name: 'Create subscription' })).toBeVisible();
    await expect.poll(async () => (await emulator.subscriptions()).length).toBe(0);
    const panel = next.getByRole('region', { name: 'Diagnostics' });
    await expect(panel.getByRole('row').filter({ hasText: 'orphaned' })).toContainText('deleted 1');
  });

  test('two tabs of one browser use different client ids and stay live together', async ({
    console: ui,
    emulator,
    context,
  }) => {
    await ui.signIn();
    await ui.subscribe('/2017-09-01/endpoints/130001/calls');
    const second = await context.newPage();
    const { ConsoleActions } = await import('./fixtures.js');
    const other = new ConsoleActions(second);
    await other.signIn();
    await other.subscribe('/2017-09-01/endpoints/130001/calls');
    await other.expectLive();
    await ui.expectLive();
    const counters = await emulator.counters();
    expect(new Set(counters.mqttClients).size).toBe(2);
    await emulator.placeCall({ from: '+16135552001', to: '130001', states: ['ringing'] });
    await expect(ui.feedRows).toHaveCount(1);
    await expect(other.feedRows).toHaveCount(1);
  });
});

test.describe('the connection doctor', () => {
  test('names a deviceId that is not this tab’s client id', async ({ console: ui, page }) => {
    const other = await CloudLinkClient.signIn(OPERATOR);
    const foreign = await other.createSubscription({
      deviceId: 'some-other-device',
      subjectFilter: '/2017-09-01/endpoints/130005/calls',
    });
    await ui.signIn();
    const others = page.getByRole('list', { name: 'Other subscriptions on this account' });
    await others.getByRole('button', { name: `Subscribe here to ${foreign}` }).click();
    await expect(ui.status).toContainText('Subscription refused');
    await page.getByRole('link', { name: 'Connection doctor' }).click();
    await expect(page.getByRole('region', { name: 'Diagnosis' })).toContainText(
      'deviceId "some-other-device" is not this MQTT client id',
    );
    await expect(page.getByRole('region', { name: 'Checks' })).toContainText(
      'is not this client id: CloudLink closes the socket',
    );
  });

  test('says a URL opened as plain HTTP answered 426, which proves it valid', async ({
    console: ui,
    page,
  }) => {
    await ui.signIn();
    await page.getByRole('link', { name: 'Connection doctor' }).click();
    const uri = await (await CloudLinkClient.signIn(OPERATOR)).websocketUri();
    await page.getByLabel('WebSocket URL', { exact: true }).fill(uri);
    await page.getByRole('button', { name: 'Check URL' }).click();
    const verdict = page.getByRole('region', { name: 'Check a WebSocket URL' }).getByRole('status');
    await expect(verdict).toContainText('426');
    await expect(verdict).toContainText('URL itself is valid');
    await expect(verdict).toContainText('X-Amz-Signature=•••');
    await expect(page.getByLabel('WebSocket URL', { exact: true })).toHaveValue('');
  });

  test('Copy report copies a masked report for support', async ({ console: ui, page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await ui.signIn();
    await ui.subscribe('/2017-09-01/endpoints/130001/calls');
    await ui.expectLive();
    await page.getByRole('link', { name: 'Connection doctor' }).click();
    await page.getByRole('button', { name: 'Copy report' }).click();
    const report = await page.evaluate(() => navigator.clipboard.readText());
    expect(report).toContain('Switchboard support report');
    expect(report).toContain('MQTT connect');
    expect(report).toMatch(/X-Amz-Signature=•••/);
    expect(report).not.toMatch(/X-Amz-Signature=[0-9a-f]{8}/);
    expect(report).not.toContain('switchboard\n');
  });
});
