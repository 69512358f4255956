import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { planCall } from '../call-scenarios.js';
import { DemoAccount } from '../demo-account.js';
import { Pbx } from '../pbx.js';
import { CALL_CAUSES } from '../publication.js';
import { SeededRandom } from '../seeded-random.js';
import { AGENT, Harness, waitFor } from './test-kit.js';

const SAMPLES = 1000;
// At the demo rate a call lasts a few seconds to about half a minute.
const DEMO_MAX_CALL_SEC = 35;

describe('call scenarios', () => {
  const pbx = new Pbx(new DemoAccount());
  const plan = (seed: number, count: number) => {
    const rng = new SeededRandom(seed);
    return Array.from({ length: count }, () => planCall(rng, pbx));
  };

  it('replays the same traffic from the same seed, and other traffic from another', () => {
    const summary = (seed: number) =>
      JSON.stringify(
        plan(seed, 50).map((s) => [s.kind, s.legs.map((l) => l.endpoint.endpointId), s.steps]),
      );
    assert.equal(summary(42), summary(42));
    assert.notEqual(summary(42), summary(43));
  });

  it('plans every kind of call the simulator promises', () => {
    const kinds = new Set(plan(7, SAMPLES).map((s) => s.kind));
    assert.deepEqual([...kinds].sort(), [
      'forwarded-no-answer',
      'inbound-answered',
      'inbound-missed',
      'internal',
      'internal-busy',
      'outbound',
      'outbound-busy',
      'transferred',
    ]);
  });

  it('plans only lifecycles a PBX produces', () => {
    const allowed: Record<string, string[]> = {
      start: ['ringing'],
      ringing: ['connected', 'completed'],
      connected: ['held', 'completed'],
      held: ['connected'],
    };
    for (const scenario of plan(11, SAMPLES)) {
      const last = scenario.steps[scenario.steps.length - 1];
      assert.ok(
        last.atSec > 0 && last.atSec <= DEMO_MAX_CALL_SEC,
        `${scenario.kind} lasts ${last.atSec} s`,
      );
      scenario.legs.forEach((leg, index) => {
        const steps = scenario.steps.filter((s) => s.leg === index);
        let state = 'start';
        for (const step of steps) {
          assert.ok(
            allowed[state]?.includes(step.state),
            `${scenario.kind}: ${state} -> ${step.state}`,
          );
          assert.ok((CALL_CAUSES as readonly string[]).includes(step.cause));
          state = step.state;
        }
        assert.equal(state, 'completed', `${scenario.kind} leg ${index} never completes`);
        assert.equal(steps[0].cause === 'newCall' || leg.calledDevice !== leg.to.number, true);
      });
      if (scenario.legs.length === 2) {
        assert.notEqual(scenario.legs[0].endpoint.endpointId, scenario.legs[1].endpoint.endpointId);
      }
    }
  });

  it('uses unanswered, busy, transfer and redirect causes', () => {
    const causes = new Set(plan(5, SAMPLES).flatMap((s) => s.steps.map((step) => step.cause)));
    for (const cause of [
      'newCall',
      'callNotAnswer',
      'busy',
      'transfer',
      'redirected',
      'callForwardNoAnswer',
    ]) {
      assert.ok(causes.has(cause as never), cause);
    }
  });
});

describe('the running simulator', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start({ seed: 1234 });
  });
  after(() => h.close());

  it('is off by default and validates its rate', async () => {
    assert.deepEqual((await h.api('GET', '/_emulator/simulator')).body, {
      eventsPerSecond: 0,
      activeCalls: 0,
      seed: 1234,
    });
    for (const eventsPerSecond of [-1, 'fast', null]) {
      const res = await h.api('PUT', '/_emulator/simulator', { json: { eventsPerSecond } });
      assert.equal(res.status, 400);
      assert.match(res.body.message, /^eventsPerSecond must be a number/);
    }
  });

  it('publishes at roughly the rate it is set to', async () => {
    const rate = 40;
    const put = await h.api('PUT', '/_emulator/simulator', { json: { eventsPerSecond: rate } });
    assert.equal(put.body.eventsPerSecond, rate);
    // Skip the ramp-up (no calls in progress yet), then count over a window.
    await waitFor('calls to be in progress', async () => (await h.counters()).published > rate / 2);
    const before = (await h.counters()).published;
    const windowStart = Date.now();
    await waitFor('the measuring window', () => Date.now() - windowStart >= 3000, 4000);
    const published = (await h.counters()).published - before;
    const perSecond = published / ((Date.now() - windowStart) / 1000);
    await h.api('PUT', '/_emulator/simulator', { json: { eventsPerSecond: 0 } });
    assert.ok(
      perSecond > rate * 0.5 && perSecond < rate * 1.6,
      `measured ${perSecond.toFixed(1)} events/s`,
    );
  });

  it('delivers simulated calls to subscribers, within what each user may see', async () => {
    const agent = await h.liveSubscriber(AGENT);
    await h.api('PUT', '/_emulator/simulator', { json: { eventsPerSecond: 200 } });
    const messages = await agent.inbox.waitForCount(3, 10_000);
    await h.api('PUT', '/_emulator/simulator', { json: { eventsPerSecond: 0 } });
    for (const { payload } of messages) {
      assert.equal(payload.content.endpointId, '130003');
      assert.equal(payload.subject, `/2017-09-01/${payload.content.callId}`);
      assert.equal(payload.subscription.subscriptionId, agent.subscription.subscriptionId);
    }
  });
});
