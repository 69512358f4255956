import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
}

test.describe('accessibility (axe-core)', () => {
  test('the sign-in page has no serious or critical violations', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('region', { name: /Demo accounts/ })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the console with events and a detail open has no serious or critical violations', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await ui.signIn();
    await ui.subscribe('/2017-09-01/endpoints/130001/calls');
    await ui.expectLive();
    await emulator.placeCall({
      from: '+16135550142',
      to: '130001',
      states: ['ringing', 'connected'],
    });
    await expect(ui.feedRows).toHaveCount(2);
    await ui.feedRows.first().getByRole('button').click();
    await expect(page.getByLabel('Publication JSON')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the filter builder, with rows, warnings and a dry run, has no serious or critical violations', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await ui.signIn();
    await ui.subscribe('/2017-09-01/endpoints/130001/calls');
    await ui.expectLive();
    await emulator.placeCall({ from: '+16135550142', to: '130001', states: ['ringing'] });
    await expect(ui.feedRows).toHaveCount(1);
    await page.getByRole('link', { name: 'Filter builder' }).click();
    const form = page.getByRole('form', { name: 'Subscription filters' });
    await form.getByRole('button', { name: 'Add condition' }).click();
    await form
      .getByRole('textbox', { name: 'Regular expression' })
      .fill('/2017-09-01/endpoints/13000');
    await expect(form.getByRole('list', { name: 'Subject filter warnings' })).toBeVisible();
    await expect(
      page.getByRole('list', { name: 'Events the filters would have delivered' }),
    ).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
