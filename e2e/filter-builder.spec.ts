import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** The builder's page, by what a tester sees on it. */
function builder(page: Page) {
  const form = page.getByRole('form', { name: 'Subscription filters' });
  return {
    form,
    expression: form.getByRole('textbox', { name: 'Regular expression' }),
    jsonPath: form.getByRole('textbox', { name: 'JSONPath' }),
    create: form.getByRole('button', { name: 'Create subscription' }),
    matches: page.getByRole('list', { name: 'Subjects the filter matches' }),
    others: page.getByRole('list', { name: 'Subjects the filter does not match' }),
    dryRun: page.getByRole('region', { name: /Dry run/ }),
  };
}

test.describe('subject-filter builder', () => {
  test('a range of extensions: the preview shows it, and only those calls are delivered', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await ui.signIn();
    await page.getByRole('link', { name: 'Filter builder' }).click();
    await expect(page).toHaveURL(/\/subscriptions/);
    const b = builder(page);

    await b.form.getByRole('radio', { name: 'A range' }).click();
    await b.form.getByRole('textbox', { name: 'From' }).fill('130001');
    await b.form.getByRole('textbox', { name: 'To' }).fill('130003');
    await expect(b.expression).toHaveValue('^/2017-09-01/endpoints/13000[1-3]/calls');
    await expect(b.form.locator('#subject-explanation')).toContainText(
      'Calls of extensions 130001 to 130003',
    );

    // The account's extensions, matched and not, the matching part marked.
    await expect(b.matches.getByRole('listitem')).toHaveCount(3);
    await expect(b.matches.locator('mark').first()).toHaveText(
      '/2017-09-01/endpoints/130001/calls',
    );
    await expect(b.others).toContainText('/2017-09-01/endpoints/130004/calls/1');
    await expect(b.matches).not.toContainText('130004');
    // A subject the tester types shows up on the right side at once.
    await page
      .getByLabel('Try subjects (one per line)')
      .fill('/2017-09-01/endpoints/1300031/calls/9');
    await expect(b.others).toContainText('/2017-09-01/endpoints/1300031/calls/9');
    await page.screenshot({ path: 'docs/filter-builder.png', animations: 'disabled' });

    await b.create.click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Created subscription' }),
    ).toBeVisible();
    await expect
      .poll(async () => (await emulator.subscriptions()).map((s) => s.subjectFilter))
      .toEqual(['^/2017-09-01/endpoints/13000[1-3]/calls']);
    await ui.expectLive();

    // Edit from the page's own list fills the form in place; Cancel leaves edit mode.
    await b.expression.fill('/2017-09-01/endpoints/');
    await page
      .getByRole('list', { name: 'Active subscriptions' })
      .getByRole('button', { name: 'Edit subscription ^/2017-09-01/endpoints/13000[1-3]/calls' })
      .click();
    await expect(b.expression).toHaveValue('^/2017-09-01/endpoints/13000[1-3]/calls');
    await expect(page.getByText(/^\s*Editing subscription/)).toBeVisible();
    // Cancel brings back what the form held before Edit.
    await page.getByRole('button', { name: 'Cancel edit' }).click();
    await expect(page.getByText(/^\s*Editing subscription/)).toBeHidden();
    await expect(b.expression).toHaveValue('/2017-09-01/endpoints/');
    await b.expression.fill('^/2017-09-01/endpoints/13000[1-3]/calls');
    await expect(
      page.getByText('already holds a subscription with exactly these filters'),
    ).toBeVisible();
    await expect(b.create).toBeVisible();

    await emulator.placeCall({
      from: '+16135550142',
      to: '130001',
      states: ['ringing', 'completed'],
    });
    await emulator.placeCall({
      from: '+16135550199',
      to: '130004',
      states: ['ringing', 'completed'],
    });
    // The dry run counts what arrived in this session: the two events of the first call.
    await expect(b.dryRun.locator('.delivered-count')).toHaveText('2');

    await page.getByRole('link', { name: 'Back to the live feed' }).click();
    await expect(ui.feedRows).toHaveCount(2);
    await expect(ui.feed).toContainText('130001');
    await expect(ui.feed).not.toContainText('130004');
  });

  test('a bad expression cannot be submitted and says why', async ({ console: ui, page }) => {
    await ui.signIn();
    await page.getByRole('link', { name: 'Filter builder' }).click();
    const b = builder(page);
    await expect(b.create).toBeEnabled();

    await b.expression.fill('/2017-09-01/endpoints/(13000');
    await expect(b.form.getByRole('alert').first()).toContainText('Not a valid regular expression');
    await expect(b.form).toContainText('Cannot create yet');
    await expect(b.create).toBeDisabled();

    await b.expression.fill('/2017-09-01/endpoints/+/calls');
    await expect(b.form).toContainText('not MQTT topic filters');
    await expect(b.create).toBeDisabled();

    // Only a warning: it can be created, but the tester is told what it also matches.
    await b.expression.fill('/2017-09-01/endpoints/13000');
    await expect(b.form.getByRole('list', { name: 'Subject filter warnings' })).toContainText(
      'longer ids',
    );
    await expect(b.create).toBeEnabled();

    // Nested quantifiers: refused, and never run against subjects (they could hang the tab).
    await b.expression.fill('^/2017-09-01/endpoints/(1+)+x$');
    await expect(b.form).toContainText('Cannot create yet');
    await expect(
      page.getByText('No preview while the subject filter has the problem'),
    ).toBeVisible();
    await expect(b.create).toBeDisabled();

    // Pieces not yet complete hold Create back, and Enter in them does not submit.
    await b.expression.fill('^/2017-09-01/endpoints/[^/]+/calls');
    await b.form.getByRole('radio', { name: 'A range' }).click();
    await b.form.getByRole('textbox', { name: 'From' }).fill('130009');
    await b.form.getByRole('textbox', { name: 'To' }).fill('130002');
    await expect(b.form).toContainText('Cannot create yet: Finish the pieces');
    await expect(b.create).toBeDisabled();
    await b.form.getByRole('textbox', { name: 'To' }).fill('130012');
    await expect(b.expression).toHaveValue(/^\^\/2017-09-01\/endpoints\/.*1300.*\/calls$/);
    await b.form.getByRole('textbox', { name: 'To' }).press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Created subscription' })).toHaveCount(
      0,
    );
    await expect(b.create).toBeEnabled();
    await b.expression.fill('/2017-09-01/endpoints/13000');

    await b.jsonPath.fill("$.publications[?(@.content.state = 'ringing')]");
    await expect(b.form).toContainText('Cannot create yet: The publication filter cannot be used');
    await expect(b.create).toBeDisabled();
    await b.jsonPath.fill("$.publications[?(@.content.state == 'ringing')]");
    await expect(b.create).toBeEnabled();
  });

  test('a shared link pre-fills the form, through sign-in', async ({
    console: ui,
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const subject = '^/2017-09-01/endpoints/(?:130001|130005)/calls';
    const publication = "$.publications[?(@.content.direction == 'inbound')]";
    const query = new URLSearchParams({
      topic: 'platform-api-media',
      subject,
      publication,
      method: 'PUT',
    });
    await page.goto(`/subscriptions?${query}`);
    await expect(page).toHaveURL(/sign-in/);
    await ui.signInHere();

    const b = builder(page);
    await expect(b.expression).toHaveValue(subject);
    await expect(b.jsonPath).toHaveValue(publication);
    await expect(b.form.getByRole('combobox', { name: 'Method' })).toContainText('PUT');
    await expect(b.form.getByRole('textbox', { name: /separated by commas/ })).toHaveValue(
      '130001, 130005',
    );
    await expect(b.form).toContainText('whose direction is "inbound"');

    // Copy link gives the same form back.
    await b.expression.fill('^/2017-09-01/endpoints/130002/calls');
    // Typing across the address updates: nothing typed is lost or reverted.
    await b.expression.fill('^/2017-09-01/endpoints/13000');
    await b.expression.pressSequentially('2/c', { delay: 450 });
    await expect(b.expression).toHaveValue('^/2017-09-01/endpoints/130002/c');
    await b.expression.pressSequentially('alls');
    await expect(b.expression).toHaveValue('^/2017-09-01/endpoints/130002/calls');
    // The address bar follows the form as well.
    await expect
      .poll(() => new URL(page.url()).searchParams.get('subject'))
      .toBe('^/2017-09-01/endpoints/130002/calls');
    await b.form.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).searchParams.get('subject')).toBe('^/2017-09-01/endpoints/130002/calls');
    expect(new URL(link).searchParams.get('publication')).toBe(publication);
    // A colleague opens it in a new tab (tokens stay in the tab that signed in).
    await page.goto(link);
    await ui.signInHere();
    await expect(builder(page).expression).toHaveValue('^/2017-09-01/endpoints/130002/calls');
  });

  test('Edit swaps the subscription without losing an event', async ({
    console: ui,
    emulator,
    page,
  }) => {
    test.setTimeout(90_000);
    await ui.signIn();
    await ui.subscribe('/2017-09-01/endpoints/130001/calls');
    await ui.expectLive();
    const [before] = await emulator.subscriptions();

    // Calls to 130001 keep coming while the subscription is swapped.
    let published = 0;
    let calling = true;
    const caller = (async () => {
      while (calling) {
        const call = await emulator.placeCall({
          from: '+16135550142',
          to: '130001',
          states: ['ringing', 'connected', 'completed'],
          stepMs: 30,
        });
        published += call.publicationIds.length;
      }
    })();

    await expect.poll(() => published).toBeGreaterThan(6);
    await ui.subscriptionList
      .getByRole('button', { name: 'Edit subscription /2017-09-01/endpoints/130001/calls' })
      .click();
    const b = builder(page);
    await expect(page.getByText(`Editing subscription ${before.subscriptionId}`)).toBeVisible();
    await expect(b.expression).toHaveValue('/2017-09-01/endpoints/130001/calls');
    await b.form.getByRole('radio', { name: 'A list' }).click();
    await b.form.getByRole('textbox', { name: /separated by commas/ }).fill('130001, 130002');
    await expect(b.expression).toHaveValue('/2017-09-01/endpoints/(?:130001|130002)/calls');
    await b.form.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Replaced' })).toBeVisible();

    const after = await emulator.subscriptions();
    expect(after.map((s) => s.subjectFilter)).toEqual([
      '/2017-09-01/endpoints/(?:130001|130002)/calls',
    ]);
    expect(after[0].subscriptionId).not.toBe(before.subscriptionId);
    await page.waitForTimeout(500);
    calling = false;
    await caller;

    await page.getByRole('link', { name: 'Back to the live feed' }).click();
    await expect
      .poll(async () => (await ui.counter('Received')) - (await ui.counter('Duplicates')))
      .toBe(published);
    expect(await ui.counter('Shown')).toBe(published);
  });
});
