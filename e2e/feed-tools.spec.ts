import { readFile } from 'node:fs/promises';
import { expect, test, type ConsoleActions } from './fixtures.js';
import type { EmulatorControl } from './emulator-control.js';

const ALL = '/2017-09-01/endpoints/';

/** Places `count` short inbound calls on 130001..130005, three events each. */
async function placeCalls(emulator: EmulatorControl, count: number, firstNumber = 5550200) {
  for (let index = 0; index < count; index++) {
    await emulator.placeCall({
      from: `+1613${firstNumber + index}`,
      to: `13000${(index % 5) + 1}`,
      states: ['ringing', 'connected', 'completed'],
      stepMs: 5,
    });
  }
}

async function startFeed(ui: ConsoleActions): Promise<void> {
  await ui.signIn();
  await ui.subscribe(ALL);
  await ui.expectLive();
}

test.describe('feed tools', () => {
  test('scrolled away, the feed holds still and offers "N new"; clicking it follows again', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await startFeed(ui);
    await placeCalls(emulator, 15);
    await expect(page.getByText(/^Received\s*45$/)).toBeVisible();

    const viewport = ui.feed.getByRole('list', { name: 'Events, newest first' });
    await viewport.hover();
    await page.mouse.wheel(0, 600);
    const topRow = ui.feedRows.first();
    await expect(topRow).not.toContainText('+16135550214');
    const heldTop = await topRow.textContent();

    await emulator.placeCall({
      from: '+16135559999',
      to: '130002',
      states: ['ringing', 'connected'],
      stepMs: 5,
    });
    const newButton = ui.feed.getByRole('button', { name: '2 new' });
    await expect(newButton).toBeVisible();
    await expect(ui.feedRows.first()).toHaveText(heldTop ?? '');
    await expect(ui.feed).not.toContainText('+16135559999');

    await newButton.click();
    await expect(ui.feedRows.first()).toContainText('+16135559999');
    await expect(ui.feedRows.first()).toContainText('connected');
    await expect(newButton).toBeHidden();
  });

  test('Pause freezes the view and counts arrivals; Resume catches up at once', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await startFeed(ui);
    await placeCalls(emulator, 1);
    await expect(ui.feedRows).toHaveCount(3);

    await ui.feed.getByRole('button', { name: 'Pause' }).click();
    await placeCalls(emulator, 2, 5550300);
    await expect(ui.feed.getByRole('status').filter({ hasText: 'Paused' })).toHaveText(
      /Paused · 6 arrived since/,
    );
    await expect(page.getByText(/^Received\s*9$/)).toBeVisible();
    await expect(ui.feedRows).toHaveCount(3);

    await ui.feed.getByRole('button', { name: 'Resume' }).click();
    await expect(ui.feedRows).toHaveCount(9);
    await expect(ui.feedRows.first()).toContainText('+16135550301');
  });

  test('the live filter applies to arriving events and lives in the URL', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await startFeed(ui);
    await placeCalls(emulator, 2, 5550400);
    await expect(ui.feedRows).toHaveCount(6);

    await page.getByRole('searchbox', { name: 'Search' }).fill('5550401');
    await expect(ui.feedRows).toHaveCount(3);
    await expect(page).toHaveURL(/[?&]q=5550401/);
    await emulator.placeCall({
      from: '+16135550401',
      to: '130003',
      states: ['ringing'],
      stepMs: 5,
    });
    await emulator.placeCall({
      from: '+16135550777',
      to: '130003',
      states: ['ringing'],
      stepMs: 5,
    });
    await expect(ui.feedRows).toHaveCount(4);
    await expect(ui.feed).not.toContainText('+16135550777');

    await page.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('option', { name: 'ringing' }).click();
    await expect(ui.feedRows).toHaveCount(2);
    await expect(page).toHaveURL(/[?&]state=ringing/);
    await expect(page.getByText(/^Filtered out\s*6$/)).toBeVisible();

    await page.getByRole('button', { name: 'Clear filter' }).click();
    await expect(ui.feedRows).toHaveCount(8);
    await expect(page).not.toHaveURL(/[?&](q|state)=/);
  });

  test('a shared filtered link survives sign-in', async ({ console: ui, emulator, page }) => {
    await page.goto('/live?state=completed&direction=inbound');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await page.getByLabel('Username').fill('operator@switchboard.test');
    await page.getByLabel('Password').fill('switchboard');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/live\?.*state=completed/);
    await ui.subscribe(ALL);
    await ui.expectLive();
    await placeCalls(emulator, 2, 5550500);
    await expect(ui.feedRows).toHaveCount(2);
    for (const row of await ui.feedRows.all()) await expect(row).toContainText('completed');
  });

  test('the calls view groups a call’s events with its timeline, and links back to the event', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await startFeed(ui);
    await emulator.placeCall({
      from: '+16135550600',
      fromName: 'Contoso',
      to: '130004',
      states: ['ringing', 'connected', 'held', 'connected', 'completed'],
      stepMs: 40,
      cause: 'callCancelled',
    });
    await expect(ui.feedRows).toHaveCount(5);

    await ui.feedRows.nth(4).getByRole('button').click();
    await page.getByRole('button', { name: 'Show call' }).click();
    await expect(page).toHaveURL(/view=calls/);
    const detail = page.getByRole('region', { name: /^Call Contoso/ });
    await expect(detail).toContainText('ended');
    await expect(detail).toContainText('callCancelled');
    const steps = detail.getByRole('list', { name: 'State timeline' }).getByRole('listitem');
    await expect(steps).toHaveCount(5);
    await expect(steps.nth(2)).toContainText('held');
    await expect(
      page.getByRole('list', { name: 'Calls, active first' }).getByRole('listitem'),
    ).toHaveCount(1);

    await steps.nth(2).getByRole('button').click();
    await expect(page).not.toHaveURL(/view=calls/);
    const eventDetail = page.getByRole('region', { name: /^held/ });
    await expect(eventDetail.getByLabel('Publication JSON')).toContainText('"state": "held"');
  });

  test('export writes the filtered set as CSV and NDJSON', async ({
    console: ui,
    emulator,
    page,
  }) => {
    await startFeed(ui);
    await placeCalls(emulator, 3, 5550700);
    await expect(ui.feedRows).toHaveCount(9);
    await page.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('option', { name: 'completed' }).click();
    await expect(ui.feedRows).toHaveCount(3);

    const csv = await download(page, 'CSV (3 events)');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['time', 'receivedAt', 'state', 'from']);
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(1)) {
      expect(line.split(',')[2]).toBe('completed');
      // Numbers starting with + are neutralised against formula injection.
      expect(line.split(',')[3]).toMatch(/^'\+1613555070\d$/);
    }

    const ndjson = await download(page, 'NDJSON (3 events)');
    const publications = ndjson
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(publications).toHaveLength(3);
    for (const publication of publications) {
      expect(publication.content.state).toBe('completed');
      expect(publication.subject).toMatch(/^\/2017-09-01\/endpoints\/13000\d\/calls\//);
    }
  });
});

async function download(page: import('@playwright/test').Page, item: string): Promise<string> {
  await page.getByRole('button', { name: 'Export' }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  return readFile(await file.path(), 'utf8');
}
