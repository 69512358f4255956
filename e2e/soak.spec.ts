import { expect, test } from './fixtures.js';

test('soak: 20 drops and 2 kicks under a 200 events/s stream lose nothing and show no duplicate', async ({
  console: ui,
  emulator,
  page,
}) => {
  test.setTimeout(180_000);
  await ui.signIn();
  await ui.subscribe('/2017-09-01/endpoints/');
  await ui.expectLive();
  const clientId = (await page.locator('sb-diagnostics-panel code').first().textContent())!.trim();
  const before = await emulator.counters();

  await emulator.setRate(200);
  for (let drop = 1; drop <= 22; drop++) {
    if (drop % 11 === 0) await emulator.fault({ kind: 'duplicate-client', clientId });
    else await emulator.fault({ kind: 'drop-sockets' });
    await ui.expectLive(30_000);
    // Let events flow on the new connection before the next drop.
    await page.waitForTimeout(600);
  }
  await emulator.setRate(0);

  const after = await emulator.counters();
  expect(after.socketDrops - before.socketDrops).toBeGreaterThanOrEqual(22);
  const [subscriptionId] = Object.keys(after.subscriptions);
  // Calls in progress play to their end: wait until the emulator publishes nothing more.
  let published = -1;
  await expect
    .poll(
      async () => {
        const matched = (await emulator.counters()).subscriptions[subscriptionId].matched;
        const isSettled = matched === published;
        published = matched;
        return isSettled;
      },
      { intervals: [1_500], timeout: 60_000 },
    )
    .toBe(true);
  expect(published).toBeGreaterThan(1000);

  // Everything published reaches the feed once: received minus duplicates equals published.
  await expect
    .poll(async () => (await ui.counter('Received')) - (await ui.counter('Duplicates')), {
      timeout: 30_000,
    })
    .toBe(published);
  expect(await ui.counter('Shown')).toBe(published);
  const duplicates = await ui.counter('Duplicates');
  // The README's "Reliability" figures come from this line.
  process.stdout.write(
    `soak: ${after.socketDrops - before.socketDrops} drops and kicks, ${published} published, ` +
      `${published} shown, ${duplicates} redeliveries absorbed\n`,
  );
  await expect(ui.feed.getByText(/may be missing/)).toHaveCount(0);
});
