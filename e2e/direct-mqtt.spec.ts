import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startMosquitto } from '../emulator/mosquitto.js';
import { expect, test } from './fixtures.js';

const run = promisify(execFile);

type Broker = Awaited<ReturnType<typeof startMosquitto>>;

/** `mosquitto_pub` from Debian's mosquitto-clients: a publisher nobody here wrote. */
async function publish(broker: Broker, topic: string, message: unknown): Promise<void> {
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  await run('mosquitto_pub', [
    '-h',
    '127.0.0.1',
    '-p',
    String(broker.tcpPort),
    '-q',
    '1',
    '-t',
    topic,
    '-m',
    text,
  ]);
}

function publication(id: string, state: string, from: string) {
  return {
    publicationId: id,
    topic: 'platform-api-media',
    method: 'PUT',
    subject: `/2017-09-01/endpoints/130002/calls/${id}`,
    content: {
      callId: `endpoints/130002/calls/${id}`,
      endpointId: '130002',
      from,
      to: '130002',
      state,
      direction: 'inbound',
      timestamp: Date.now(),
    },
  };
}

test.describe('direct MQTT mode against Mosquitto', () => {
  let broker: Broker;

  test.beforeAll(async () => {
    broker = await startMosquitto();
  });

  test.afterAll(async () => {
    await broker?.close();
  });

  test('a link opens it; publications become call events and other payloads show raw', async ({
    page,
  }) => {
    const link = `/?mode=direct&url=${encodeURIComponent(broker.wsUrl)}&topic=${encodeURIComponent('bridge/#')}`;
    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'Direct MQTT' })).toBeVisible();
    await expect(page.getByLabel('Broker URL')).toHaveValue(broker.wsUrl);
    await expect(page.getByLabel('Topic filter')).toHaveValue('bridge/#');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByRole('status', { name: 'Session status' })).toHaveText(/^\s*Live\s*$/);

    await publish(broker, 'bridge/media/one', publication('d1', 'ringing', '+16135550901'));
    await publish(broker, 'bridge/media/batch', {
      publications: [
        publication('d2', 'connected', '+16135550902'),
        publication('d3', 'held', '+16135550903'),
      ],
    });
    await publish(broker, 'bridge/other', 'not a publication at all');
    await publish(broker, 'elsewhere/calls', publication('d4', 'ringing', '+16135550904'));

    const feed = page.getByRole('region', { name: 'Call events' });
    await expect(feed.getByRole('listitem')).toHaveCount(3);
    await expect(feed).toContainText('+16135550901');
    await expect(feed).toContainText('+16135550903');
    await expect(feed).not.toContainText('+16135550904');

    const others = page.getByRole('region', { name: /Other messages/ });
    await expect(others).toContainText('bridge/other');
    await expect(others).toContainText('not a publication at all');
    await expect(others).toContainText('24 characters');
  });

  test('refuses an invalid topic filter and a non-WebSocket URL, saying why', async ({ page }) => {
    await page.goto('/direct');
    await page.getByLabel('Broker URL').fill('http://127.0.0.1:1883');
    await page.getByLabel('Topic filter').fill('bridge/#/calls');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByText('the URL must start with ws:// or wss://')).toBeVisible();
    await expect(page.getByText('"#" must be the last level of the filter.')).toBeVisible();
    await expect(page.getByRole('status', { name: 'Session status' })).toHaveText(/Stopped/);
  });

  test('a copied link carries the URL and topic but never the password', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/direct');
    await page.getByLabel('Broker URL').fill(broker.wsUrl);
    await page.getByLabel('Topic filter').fill('bridge/+/media');
    await page.getByLabel('Username (optional)').fill('tester');
    await page.getByLabel('Password (optional)').fill('s3cret-pass');
    await page.getByRole('button', { name: 'Copy link (no password)' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const url = new URL(copied);
    expect(url.searchParams.get('mode')).toBe('direct');
    expect(url.searchParams.get('url')).toBe(broker.wsUrl);
    expect(url.searchParams.get('topic')).toBe('bridge/+/media');
    expect(copied).not.toContain('s3cret-pass');
    expect(copied).not.toContain('tester');
  });
});
