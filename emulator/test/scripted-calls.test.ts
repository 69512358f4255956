import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT_ID, Harness, OPERATOR, waitFor } from './test-kit.js';

const OUTSIDE = '+16135550123';

describe('scripted calls', () => {
  let h: Harness;
  let watcher: Awaited<ReturnType<Harness['liveSubscriber']>>;
  before(async () => {
    h = await Harness.start();
    watcher = await h.liveSubscriber(OPERATOR);
  });
  after(() => h.close());

  /** The payloads of one call's publications, in publication order, once all arrived. */
  function eventsOf(publicationIds: string[]): Promise<any[]> {
    return waitFor(`publications ${publicationIds.join(', ')}`, () => {
      const byId = new Map(watcher.inbox.messages.map((m) => [m.payload.publicationId, m.payload]));
      return publicationIds.every((id) => byId.has(id))
        ? publicationIds.map((id) => byId.get(id))
        : undefined;
    });
  }

  it('plays an internal call as two legs, caller first, in state order', async () => {
    const call = await h.call({ from: '130001', to: '130002' });
    assert.deepEqual(
      call.legs.map((l) => l.endpointId),
      ['130001', '130002'],
    );
    assert.equal(call.publicationIds.length, 6);
    const events = (await eventsOf(call.publicationIds)).map((p) => p.content);
    assert.deepEqual(
      events.map((c) => [c.endpointId, c.direction, c.state, c.cause]),
      [
        ['130001', 'outbound', 'ringing', 'newCall'],
        ['130002', 'inbound', 'ringing', 'newCall'],
        ['130001', 'outbound', 'connected', 'newCall'],
        ['130002', 'inbound', 'connected', 'newCall'],
        ['130001', 'outbound', 'completed', 'callCancelled'],
        ['130002', 'inbound', 'completed', 'callCancelled'],
      ],
    );
    const [callerLeg, calleeLeg] = call.legs;
    for (const c of events) {
      const leg = c.endpointId === '130001' ? callerLeg : calleeLeg;
      assert.equal(c.callId, leg.callId);
      assert.match(c.callId, /^endpoints\/13000[12]\/calls\/\d+$/);
      assert.equal(c.from, '130001');
      assert.equal(c.fromName, 'Ada Lovelace');
      assert.equal(c.to, '130002');
      assert.equal(c.toName, 'Grace Hopper');
      assert.equal(c.fromNumberE164, '+16135552001');
      assert.equal(c.toNumberE164, '+16135552002');
      assert.equal(c.eventType, 'CallStateNotification');
      assert.equal(c.extraPbxData.callTrackingID, call.callTrackingId);
      assert.equal(c.extraPbxData.alertingDevice, '130002');
      assert.equal(c.extraPbxData.calledDevice, '130002');
      assert.equal(c.accountId, ACCOUNT_ID);
      assert.equal(c.siteId, '1');
      assert.equal(c.principalId, `00000000-0000-4000-9000-000000${c.endpointId}`);
      assert.equal(c.userId, `00000000-0000-4000-8000-000000${c.endpointId}`);
      assert.equal(c.deviceId, c.endpointId);
      assert.equal(c.isCtiEvent, true);
      assert.equal(typeof c.timestamp, 'number');
      assert.equal(new Date(c.timestamp).toISOString(), c.createdOn);
      assert.equal(c._links.self.href, `/2017-09-01/${c.callId}`);
      const isCompleted = c.state === 'completed';
      assert.equal('endTime' in c, isCompleted);
      assert.equal('billingTime' in c, isCompleted);
      assert.equal('ringTime' in c, isCompleted);
    }
    assert.deepEqual(
      events.filter((c) => c.endpointId === '130002').map((c) => c.extraPbxData.eventType),
      ['Delivered', 'Established', 'ConnectionCleared'],
    );
    // Consumers dedupe on eventId alone, so it must differ across legs and events.
    assert.equal(new Set(events.map((c) => c.eventId)).size, events.length);
    assert.ok(events.every((c) => typeof c.eventId === 'string' && c.eventId.length > 0));
  });

  it('plays an outside caller as one inbound leg with no name unless given', async () => {
    const call = await h.call({ from: OUTSIDE, to: '130003', states: ['ringing', 'completed'] });
    assert.deepEqual(
      call.legs.map((l) => l.endpointId),
      ['130003'],
    );
    const events = (await eventsOf(call.publicationIds)).map((p) => p.content);
    assert.deepEqual(
      events.map((c) => [c.direction, c.state, c.cause]),
      [
        ['inbound', 'ringing', 'newCall'],
        ['inbound', 'completed', 'callNotAnswer'],
      ],
    );
    assert.equal(events[0].from, OUTSIDE);
    assert.equal(events[0].fromNumberE164, OUTSIDE);
    assert.equal('fromName' in events[0], false);
    assert.equal(events[1].billingTime, 0);
  });

  it('plays an outbound call to a named outside party with the given cause', async () => {
    const call = await h.call({
      from: '130005',
      to: OUTSIDE,
      toName: 'Globex',
      cause: 'busy',
      states: ['completed'],
    });
    const [event] = (await eventsOf(call.publicationIds)).map((p) => p.content);
    assert.equal(event.direction, 'outbound');
    assert.equal(event.toName, 'Globex');
    assert.equal(event.cause, 'busy');
    assert.equal(event.extraPbxData.eventType, 'Failed');
  });

  it('gives each new call on an endpoint the next call number', async () => {
    const first = await h.call({ from: OUTSIDE, to: '130009', states: ['ringing'] });
    const second = await h.call({ from: OUTSIDE, to: '130009', states: ['ringing'] });
    const n = (callId: string) => Number(callId.split('/').pop());
    assert.equal(n(second.legs[0].callId), n(first.legs[0].callId) + 1);
    assert.notEqual(first.callTrackingId, second.callTrackingId);
  });

  it('spaces the steps stepMs apart and answers when the last one is published', async () => {
    const startedAt = Date.now();
    const call = await h.call({ from: OUTSIDE, to: '130010', stepMs: 150 });
    assert.ok(Date.now() - startedAt >= 300, 'answered before the last step');
    const times = (await eventsOf(call.publicationIds)).map((p) => p.content.timestamp);
    assert.ok(times[1] - times[0] >= 140 && times[2] - times[1] >= 140, `timestamps ${times}`);
  });

  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'an unknown extension',
      { from: '130099', to: '130001' },
      /^from "130099" is neither an extension/,
    ],
    [
      'two outside numbers',
      { from: OUTSIDE, to: '+441632960000' },
      /at least one must be an extension/,
    ],
    ['the same number twice', { from: '130001', to: '130001' }, /must be different/],
    ['a missing to', { from: '130001' }, /^to is required/],
    [
      'an unknown state',
      { from: OUTSIDE, to: '130001', states: ['ringing', 'exploded'] },
      /^states contains "exploded"/,
    ],
    ['an empty state list', { from: OUTSIDE, to: '130001', states: [] }, /^states must be a list/],
    ['a negative stepMs', { from: OUTSIDE, to: '130001', stepMs: -1 }, /^stepMs must be/],
    ['an unknown cause', { from: OUTSIDE, to: '130001', cause: 'hungUp' }, /^cause must be one of/],
  ];
  for (const [name, body, message] of invalid) {
    it(`answers 400 for ${name}`, async () => {
      const res = await h.api('POST', '/_emulator/calls', { json: body });
      assert.equal(res.status, 400);
      assert.match(res.body.message, message);
    });
  }
});
