import { TestBed } from '@angular/core/testing';
import { FRAME_SCHEDULER } from './frame-scheduler';
import { LiveEvents } from './live-events';
import { ManualFrameScheduler } from './testing/manual-frame-scheduler';

function message(topic: string, payload: unknown) {
  return {
    topic,
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    qos: 1,
    isDuplicate: false,
  };
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
    TestBed.configureTestingModule({ providers: [{ provide: FRAME_SCHEDULER, useValue: frames }] });
    live = TestBed.inject(LiveEvents);
  });

  it('applies many messages in one frame, with one flush scheduled', () => {
    for (let index = 0; index < 50; index++)
      live.ingest(message('sub-1', publication(`p${index}`)));
    expect(frames.pendingCount).toBe(1);
    expect(live.events().length).toBe(0);
    frames.runFrame();
    expect(live.events().length).toBe(50);
    expect(live.events()[0].publicationId).toBe('p49');
    expect(live.counters()).toEqual({
      received: 50,
      retained: 50,
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
    expect(live.events().map((event) => event.publicationId)).toEqual(['p2', 'p1']);
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
    expect(live.events()).toEqual([]);
    expect(live.counters().received).toBe(0);
    expect(live.receivedBySubscription().size).toBe(0);
  });
});
