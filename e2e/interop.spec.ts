import { expect, test } from './fixtures.js';

// Runs in the "external-broker" project: the emulator publishes through Mosquitto and hands
// out Mosquitto's WebSocket URL. The app cannot tell the difference.
test.describe('through Mosquitto (external-broker mode)', () => {
  test('the same flow: subscribe, watch a call, delete', async ({ console: ui, emulator }) => {
    const counters = await emulator.counters();
    expect((counters as unknown as { mode: string }).mode).toBe('external');

    await ui.signIn();
    await ui.pickExtension('130001');
    await ui.createSubscription();
    await ui.expectLive();
    await emulator.placeCall({
      from: '+16135553001',
      to: '130001',
      states: ['ringing', 'connected', 'completed'],
    });
    await emulator.placeCall({ from: '+16135553002', to: '130002', states: ['ringing'] });
    await expect(ui.feedRows).toHaveCount(3);
    await expect(ui.feedRows.first()).toContainText('completed');
    await expect(ui.feed).not.toContainText('+16135553002');

    await ui.subscriptionList
      .getByRole('button', { name: 'Delete subscription /2017-09-01/endpoints/130001/calls' })
      .click();
    await expect.poll(async () => (await emulator.subscriptions()).length).toBe(0);
    await emulator.placeCall({ from: '+16135553003', to: '130001', states: ['ringing'] });
    await expect(ui.feedRows).toHaveCount(3);
  });
});
