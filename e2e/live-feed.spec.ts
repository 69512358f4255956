import { expect, test } from './fixtures.js';

test.describe('live feed against the emulator', () => {
  test('a call on the subscribed extension shows ringing, connected and completed; another extension does not', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await ui.signIn();
    await ui.pickExtension('130001');
    await expect(page.getByLabel('Subject filter')).toHaveValue(
      '/2017-09-01/endpoints/130001/calls',
    );
    await ui.createSubscription();
    await ui.expectLive();
    await expect(ui.subscriptionList).toContainText('/2017-09-01/endpoints/130001/calls');

    await emulator.placeCall({
      from: '+16135550142',
      to: '130001',
      fromName: 'Northwind Traders',
      states: ['ringing', 'connected', 'completed'],
    });
    await emulator.placeCall({
      from: '+16135550199',
      to: '130002',
      states: ['ringing', 'connected', 'completed'],
    });

    const rows = ui.feedRows;
    await expect(rows).toHaveCount(3, { timeout: 5_000 });
    // Newest first.
    await expect(rows.nth(0)).toContainText('completed');
    await expect(rows.nth(1)).toContainText('connected');
    await expect(rows.nth(2)).toContainText('ringing');
    await expect(rows.nth(2)).toContainText('Northwind Traders (+16135550142)');
    await expect(rows.nth(2)).toContainText('130001');
    await expect(rows.nth(2)).toContainText('inbound');
    await expect(ui.feed).not.toContainText('130002');
    await expect(ui.feed).not.toContainText('+16135550199');

    await rows.nth(2).getByRole('button').click();
    const detail = page.getByRole('region', { name: /ringing/ });
    const json = detail.getByLabel('Publication JSON');
    await expect(json).toContainText('"subject": "/2017-09-01/endpoints/130001/calls/');
    await expect(json).toContainText('"state": "ringing"');
    await expect(json).toContainText('"publicationId"');

    await page.screenshot({ path: 'docs/live-feed.png' });
  });

  test('Delete stops the events and removes the subscription from the emulator', async ({
    console: ui,
    emulator,
  }) => {
    await ui.signIn();
    await ui.subscribe('/2017-09-01/endpoints/130001/calls');
    await ui.expectLive();
    await expect.poll(async () => (await emulator.subscriptions()).length).toBe(1);

    await emulator.placeCall({ from: '+16135550100', to: '130001', states: ['ringing'] });
    await expect(ui.feedRows).toHaveCount(1);

    await ui.subscriptionList
      .getByRole('button', { name: 'Delete subscription /2017-09-01/endpoints/130001/calls' })
      .click();
    await expect(ui.subscriptionList).toHaveCount(0);
    await expect.poll(async () => (await emulator.subscriptions()).length).toBe(0);
    await expect(ui.status).toContainText('Stopped');

    await emulator.placeCall({
      from: '+16135550101',
      to: '130001',
      states: ['ringing', 'connected'],
    });
    const counters = await emulator.counters();
    expect(counters.published).toBeGreaterThanOrEqual(3);
    await expect(ui.feedRows).toHaveCount(1);
  });

  test('the agent sees only extension 130003', async ({ console: ui, emulator }) => {
    await ui.signIn('agent@switchboard.test');
    await ui.subscribe('/2017-09-01/endpoints/');
    await ui.expectLive();

    await emulator.placeCall({ from: '+16135550120', to: '130001', states: ['ringing'] });
    await emulator.placeCall({ from: '+16135550130', to: '130003', states: ['ringing'] });
    await emulator.placeCall({ from: '130005', to: '+16135550150', states: ['ringing'] });

    await expect(ui.feedRows).toHaveCount(1);
    await expect(ui.feedRows.first()).toContainText('130003');
    await expect(ui.feedRows.first()).toContainText('+16135550130');
  });
});
