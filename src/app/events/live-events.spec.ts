import { TestBed } from '@angular/core/testing';
import { APP_CONFIG } from '../config/app-config';
import { TEST_CONFIG } from '../testing/test-config';
import { FRAME_SCHEDULER } from './frame-scheduler';
import { MessageBatcher } from './message-batcher';
import { LiveEvents } from './live-events';
import { ManualFrameScheduler } from './testing/manual-frame-scheduler';

/** One message as the transport hands it over: a parsed batch of its own. */
function message(topic: string, payload: unknown) {
  const batcher = new MessageBatcher();
  batcher.add(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), Date.now());
  return batcher.drain();
}

function publication(id: string, state = 'ringing') {
  return {
    publicationId: id,
    subject: `/2017-09-01/endpoints/130001/calls/${id}`,
    content: { state, eventId: `e-${id}`, callId: 'endpoints/130001/calls/1' },
  };
}

describe('LiveEvents', () => {
  let live: LiveEvents;
  let frames: ManualFrameScheduler;

  beforeEach(() => {
    frames = new ManualFrameScheduler();
    TestBed.configureTestingModule({
      providers: [
        { provide: FRAME_SCHEDULER, useValue: frames },
        { provide: APP_CONFIG, useValue: TEST_CONFIG },
      ],
    });
    live = TestBed.inject(LiveEvents);
  });

  it('applies many messages in one frame, with one flush scheduled', () => {
    for (let index = 0; index < 50; index++)
      live.ingest(message('sub-1', publication(`p${index}`)));
    expect(frames.pendingCount).toBe(1);
    expect(live.view().slice().length).toBe(0);
    frames.runFrame();
    expect(live.view().slice().length).toBe(50);
    expect(live.view().slice()[0].publicationId).toBe('p49');
    expect(live.counters()).toEqual({
      received: 50,
      retained: 50,
      shown: 50,
      filteredOut: 0,
      duplicates: 0,
      evicted: 0,
      malformed: 0,
    });
  });

  it('counts duplicates and malformed messages without losing the good ones', () => {
    live.ingest(message('sub-1', publication('p1')));
    live.ingest(message('sub-1', publication('p1')));
    live.ingest(message('sub-1', 'not json'));
    live.ingest(message('sub-1', { publications: [publication('p2'), 42] }));
    frames.runFrame();
    expect(
      live
        .view()
        .slice()
        .map((event) => event.publicationId),
    ).toEqual(['p2', 'p1']);
    expect(live.counters()).toEqual(
      jasmine.objectContaining({ received: 3, retained: 2, duplicates: 1, malformed: 2 }),
    );
    expect(live.recentMalformed().length).toBe(2);
    expect(live.recentMalformed()[0].reason).toContain('Item 1');
    expect(live.recentMalformed()[1].reason).toContain('Not JSON');
  });

  it('counts messages per subscription before dedupe', () => {
    live.ingest(message('sub-1', publication('p1')));
    live.ingest(message('sub-2', publication('p1')));
    live.ingest(message('sub-2', publication('p2')));
    frames.runFrame();
    expect(live.receivedBySubscription().get('sub-1')).toBe(1);
    expect(live.receivedBySubscription().get('sub-2')).toBe(2);
    expect(live.counters().retained).toBe(2);
  });

  it('clear empties the store, the counters and the queue', () => {
    live.ingest(message('sub-1', publication('p1')));
    frames.runFrame();
    live.ingest(message('sub-1', publication('p2')));
    live.clear();
    frames.runFrame();
    expect(live.view().slice()).toEqual([]);
    expect(live.counters().received).toBe(0);
    expect(live.receivedBySubscription().size).toBe(0);
  });
});

describe('LiveEvents live filter', () => {
  let live: LiveEvents;
  let frames: ManualFrameScheduler;

  beforeEach(() => {
    frames = new ManualFrameScheduler();
    TestBed.configureTestingModule({
      providers: [
        { provide: FRAME_SCHEDULER, useValue: frames },
        { provide: APP_CONFIG, useValue: TEST_CONFIG },
      ],
    });
    live = TestBed.inject(LiveEvents);
  });

  const ids = () =>
    live
      .view()
      .slice()
      .map((event) => event.publicationId);

  it('filters what is already held and what arrives afterwards', () => {
    live.ingest(message('sub-1', publication('p1', 'ringing')));
    live.ingest(message('sub-1', publication('p2', 'connected')));
    frames.runFrame();
    live.setFilter({ text: '', state: 'ringing', direction: '', endpoint: '', cause: '' });
    expect(ids()).toEqual(['p1']);

    live.ingest(message('sub-1', publication('p3', 'ringing')));
    live.ingest(message('sub-1', publication('p4', 'held')));
    frames.runFrame();
    expect(ids()).toEqual(['p3', 'p1']);
    expect(live.counters()).toEqual(
      jasmine.objectContaining({ retained: 4, shown: 2, filteredOut: 2 }),
    );
  });

  it('keeps a taken view unchanged while new events arrive', () => {
    live.ingest(message('sub-1', publication('p1')));
    frames.runFrame();
    const frozen = live.view();
    live.ingest(message('sub-1', publication('p2')));
    frames.runFrame();
    expect(frozen.slice().map((event) => event.publicationId)).toEqual(['p1']);
    expect(live.view().appendedTotal - frozen.appendedTotal).toBe(1);
  });

  it('finds the events of a call and an event by key', () => {
    live.ingest(message('sub-1', publication('p1', 'ringing')));
    live.ingest(message('sub-1', publication('p2', 'connected')));
    frames.runFrame();
    expect(live.callIds()).toEqual(['endpoints/130001/calls/1']);
    expect(live.eventsOfCall('endpoints/130001/calls/1').map((event) => event.state)).toEqual([
      'ringing',
      'connected',
    ]);
    expect(live.findByKey('p2')?.state).toBe('connected');
    expect(live.findByKey('nope')).toBeUndefined();
  });

  describe('hiding paused subscriptions', () => {
    const shownIds = () =>
      live
        .view()
        .slice()
        .map((event) => event.publicationId);

    it('hides what only paused subscriptions delivered, keeps it stored and counted', () => {
      live.ingest(message('sub-a', publication('a1')));
      live.ingest(message('sub-b', publication('b1')));
      frames.runFrame();
      live.setHiddenSubscriptions(new Set(['sub-a']));
      expect(shownIds()).toEqual(['b1']);
      live.ingest(message('sub-a', publication('a2')));
      frames.runFrame();
      expect(shownIds()).toEqual(['b1']);
      expect(live.counters().retained).toBe(3);
      live.setHiddenSubscriptions(new Set());
      expect(shownIds()).toEqual(['a2', 'b1', 'a1']);
    });

    it('keeps showing an event a running subscription also delivered', () => {
      live.setHiddenSubscriptions(new Set(['sub-a']));
      // Overlapping filters: both subscriptions deliver p1, in one frame.
      live.ingest(message('sub-a', publication('p1')));
      live.ingest(message('sub-b', publication('p1')));
      frames.runFrame();
      expect(shownIds()).toEqual(['p1']);
      expect(live.counters().duplicates).toBe(1);
      // Shown under the running subscription, not the paused one whose copy came first.
      expect(live.shownSubscriptionOf(live.view().slice()[0])).toBe('sub-b');
      live.setHiddenSubscriptions(new Set());
      expect(live.shownSubscriptionOf(live.view().slice()[0])).toBe('sub-a');
    });

    it('shows a hidden event once a running subscription copy arrives a frame later', () => {
      jasmine.clock().install();
      try {
        live.setHiddenSubscriptions(new Set(['sub-a']));
        live.ingest(message('sub-a', publication('p1')));
        frames.runFrame();
        expect(shownIds()).toEqual([]);
        live.ingest(message('sub-b', publication('p1')));
        frames.runFrame();
        jasmine.clock().tick(1000);
        expect(shownIds()).toEqual(['p1']);
      } finally {
        jasmine.clock().uninstall();
      }
    });
  });
});
