import { expect, test } from './fixtures.js';

test.describe('session lifecycle', () => {
  test('a wrong password says so and keeps the user on the sign-in page', async ({
    console: ui,
    page,
  }) => {
    await ui.signIn('operator@switchboard.test', 'not-the-password');
    await expect(page.getByRole('alert')).toContainText('Sign-in refused');
    await expect(page.getByRole('alert')).toContainText('HTTP 401');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await expect(page.getByLabel('Password')).toHaveValue('not-the-password');
  });

  test('the sign-in page offers the emulator demo users', async ({ page }) => {
    await page.goto('/');
    const demo = page.getByRole('region', { name: 'Demo accounts (local emulator)' });
    await expect(demo).toContainText('operator@switchboard.test');
    await expect(demo).toContainText('agent@switchboard.test');
    await demo.getByRole('button', { name: /Use operator/ }).click();
    await expect(page.getByLabel('Username')).toHaveValue('operator@switchboard.test');
  });

  test('Stop deletes the subscriptions and Start brings the session back', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await ui.signIn();
    await ui.subscribe('/2017-09-01/endpoints/130002/calls');
    await ui.expectLive();

    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(ui.status).toContainText('Stopped');
    await expect.poll(async () => (await emulator.subscriptions()).length).toBe(0);

    await page.getByRole('button', { name: 'Start' }).click();
    await ui.expectLive();
    const [recreated] = await emulator.subscriptions();
    expect(recreated.subjectFilter).toBe('/2017-09-01/endpoints/130002/calls');
    await emulator.placeCall({ from: '+16135550177', to: '130002', states: ['ringing'] });
    await expect(ui.feedRows).toHaveCount(1);
  });

  test('the diagnostics panel lists every step with its duration and result', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await ui.signIn();
    await ui.subscribe('/2017-09-01/endpoints/130004/calls');
    await ui.expectLive();
    await emulator.placeCall({ from: '+16135550188', to: '130004', states: ['ringing'] });
    await expect(ui.feedRows).toHaveCount(1);

    const panel = page.getByRole('region', { name: 'Diagnostics' });
    for (const step of [
      /Sign in as operator/,
      /Create subscription/,
      /Get WebSocket URL/,
      /MQTT connect/,
      /SUBSCRIBE/,
      /First event/,
    ]) {
      const row = panel.getByRole('row').filter({ hasText: step });
      await expect(row.first()).toContainText('ok');
      await expect(row.first().getByRole('cell').nth(2)).toHaveText(/\d+ (ms|s)/);
    }
    // The WebSocket URL's credentials never show.
    await expect(panel).not.toContainText(/X-Amz-Signature=[0-9a-f]/);
    await expect(panel).toContainText('X-Amz-Signature=•••');
  });

  test('Sign out deletes the subscriptions and returns to sign-in', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await ui.signIn();
    await ui.subscribe('/2017-09-01/endpoints/130001/calls');
    await ui.expectLive();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect.poll(async () => (await emulator.subscriptions()).length).toBe(0);
  });

  test('closing the page leaves no subscription behind', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await ui.signIn();
    await ui.subscribe('/2017-09-01/endpoints/130001/calls');
    await ui.subscribe('/2017-09-01/endpoints/130002/calls');
    await ui.expectLive();
    await expect.poll(async () => (await emulator.subscriptions()).length).toBe(2);

    await page.close({ runBeforeUnload: true });
    await expect
      .poll(async () => (await emulator.subscriptions()).length, { timeout: 10_000 })
      .toBe(0);
  });
});
