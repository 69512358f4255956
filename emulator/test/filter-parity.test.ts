import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dryRun, type FilterPair } from '../../src/app/subscriptions/filter-matching.js';
import { Harness, OPERATOR, waitFor } from './test-kit.js';

// One meaning everywhere: the console's preview and dry run (dryRun, the app's code) and
// the emulator's delivery over real MQTT must agree exactly, filter pair by filter pair.

const SUBJECT_FILTERS = [
  '/2017-09-01/endpoints/',
  '^/2017-09-01/endpoints/13000[1-3]/calls',
  '^/2017-09-01/endpoints/(?:130001|130005)/calls',
  '/2017-09-01/endpoints/13000',
  '/endpoints/130004/',
  'calls/[0-9]+$',
  '^/[^/]+/endpoints/[^/]+(?:/|$)',
  'endpoints/+/calls',
  '/2017.09.01/endpoints/130002',
  '/presentities/[^/]+$',
];

const PUBLICATION_FILTERS: (string | undefined)[] = [
  undefined,
  "$.publications[?(@.content.state == 'ringing')]",
  "$.publications[?(@.content.direction == 'inbound' && @.content.state != 'completed')]",
  "$.publications[?(@.content.from.startsWith('+1613') || @.content.cause)]",
  '$.publications[?(!@.content.cause)]',
  "$.publications[?(@.content.state = 'ringing')]",
];

const METHOD_FILTERS: (string | undefined)[] = [undefined, 'PUT', 'DELETE'];

/** A few dozen pairs, spread deterministically over the three lists. */
function filterPairs(): FilterPair[] {
  const pairs: FilterPair[] = [];
  SUBJECT_FILTERS.forEach((subjectFilter, s) => {
    PUBLICATION_FILTERS.forEach((publicationFilter, p) => {
      if ((s + p) % 2 === 1) return;
      pairs.push({
        topic: (s + p) % 7 === 6 ? 'platform-api-presence' : 'platform-api-media',
        subjectFilter,
        publicationFilter,
        methodFilter: METHOD_FILTERS[(s * 3 + p) % METHOD_FILTERS.length],
      });
    });
  });
  return pairs;
}

const CALLS = [
  { from: '+16135550123', to: '130001', states: ['ringing', 'connected', 'completed'] },
  { from: '130002', to: '130004', states: ['ringing', 'connected', 'held', 'completed'] },
  { from: '+442071234567', to: '130005', states: ['ringing', 'completed'], cause: 'busy' },
  { from: '130003', to: '+16135550999', states: ['ringing', 'connected', 'completed'] },
  { from: '+16135550123', to: '130009', states: ['ringing', 'completed'] },
  { from: '130010', to: '130001', states: ['ringing', 'connected', 'completed'] },
];

describe('filter parity: the console dry run and the emulator deliver the same', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(() => h.close());

  it('agrees exactly for every generated filter pair', async () => {
    const token = await h.signIn(OPERATOR);
    const clientId = 'parity-client';
    const pairs = filterPairs();
    assert.ok(pairs.length >= 24, `only ${pairs.length} pairs`);
    const firehose = await h.subscribe(token, { deviceId: clientId, subjectFilter: '/' });
    const subscriptions: { id: string; pair: FilterPair }[] = [];
    for (const pair of pairs) {
      const fields = Object.fromEntries(
        Object.entries({ deviceId: clientId, ...pair }).filter(([, v]) => v !== undefined),
      );
      const created = await h.subscribe(token, fields);
      subscriptions.push({ id: created.subscriptionId as string, pair });
    }
    const client = await h.mqtt(await h.websocketUri(token), clientId);
    const inbox = h.inbox(client);
    await client.subscribeAsync([firehose.subscriptionId, ...subscriptions.map((s) => s.id)], {
      qos: 1,
    });

    let published = 0;
    for (const call of CALLS) published += (await h.call(call)).publicationIds.length;
    const fromFirehose = () =>
      inbox.messages.filter((m) => m.topic === firehose.subscriptionId).map((m) => m.payload);
    await waitFor(`all ${published} publications`, () => fromFirehose().length >= published);
    const publications = fromFirehose();

    // The console's view: each pair dry-run over what the firehose received.
    const expected = new Map(
      subscriptions.map(({ id, pair }) => [
        id,
        dryRun(pair, publications, (p) => p).map((p) => p.publicationId as string),
      ]),
    );
    const expectedTotal = [...expected.values()].reduce((sum, ids) => sum + ids.length, 0);
    const delivered = () => inbox.messages.filter((m) => m.topic !== firehose.subscriptionId);
    await waitFor(
      `${expectedTotal} filtered deliveries`,
      () => delivered().length >= expectedTotal,
    );
    // Anything delivered beyond the prediction would arrive with the rest; give it time.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const matchedSomething = [...expected.values()].filter((ids) => ids.length > 0).length;
    assert.ok(matchedSomething >= 8, `only ${matchedSomething} pairs matched anything`);
    assert.ok(matchedSomething < pairs.length, 'every pair matched: the filters prove nothing');
    for (const { id, pair } of subscriptions) {
      const actual = delivered()
        .filter((m) => m.topic === id)
        .map((m) => m.payload.publicationId as string);
      assert.deepEqual(actual, expected.get(id), `pair ${JSON.stringify(pair)}`);
    }
  });
});
