import { MessageBatcher } from './message-batcher';

const RECEIVED_AT = 1_714_979_300_000;

/** A platform-api-media publication shaped like cloudlink-contract.md §3. */
function publication(id: string, state = 'ringing'): Record<string, unknown> {
  return {
    publicationId: id,
    topic: 'platform-api-media',
    method: 'PUT',
    subject: '/2017-09-01/endpoints/130001/calls/884422',
    subscription: { subscriptionId: 'sub-42' },
    content: {
      callId: 'endpoints/130001/calls/884422',
      endpointId: '130001',
      state,
      eventId: `evt-${id}`,
      timestamp: 1_714_979_289_010,
    },
  };
}

const one = (id: string, state?: string) => JSON.stringify(publication(id, state));
const many = (...items: unknown[]) => JSON.stringify({ publications: items });

describe('MessageBatcher', () => {
  it('starts empty', () => {
    const batcher = new MessageBatcher();
    expect(batcher.isEmpty).toBeTrue();
    expect(batcher.drain()).toEqual({ events: [], malformed: [], perTopic: [] });
  });

  it('parses a publication into a call event', () => {
    const batcher = new MessageBatcher();
    batcher.add('sub-42', one('pub-1', 'connected'), RECEIVED_AT);
    const { events, malformed } = batcher.drain();
    expect(malformed).toEqual([]);
    expect(events.length).toBe(1);
    expect(events[0].publicationId).toBe('pub-1');
    expect(events[0].state).toBe('connected');
    expect(events[0].receivedAt).toBe(RECEIVED_AT);
    expect(events[0].subscriptionId).toBe('sub-42');
    expect(JSON.parse(events[0].raw)).toEqual(publication('pub-1', 'connected'));
  });

  it('keeps events in arrival order across messages and batches', () => {
    const batcher = new MessageBatcher();
    batcher.add('sub-a', one('p1'), RECEIVED_AT);
    batcher.add('sub-b', many(publication('p2'), publication('p3')), RECEIVED_AT + 1);
    batcher.add('sub-a', one('p4'), RECEIVED_AT + 2);
    const { events } = batcher.drain();
    expect(events.map((event) => event.publicationId)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(events.map((event) => event.receivedAt)).toEqual([
      RECEIVED_AT,
      RECEIVED_AT + 1,
      RECEIVED_AT + 1,
      RECEIVED_AT + 2,
    ]);
  });

  it('collects malformed messages and malformed batch items, in order', () => {
    const batcher = new MessageBatcher();
    batcher.add('sub-a', 'not json', RECEIVED_AT);
    batcher.add('sub-b', many(publication('p1'), 42, publication('p2'), null), RECEIVED_AT + 1);
    batcher.add('sub-a', '[1,2]', RECEIVED_AT + 2);
    const { events, malformed } = batcher.drain();

    expect(events.map((event) => event.publicationId)).toEqual(['p1', 'p2']);
    expect(malformed.map((item) => [item.topic, item.receivedAt])).toEqual([
      ['sub-a', RECEIVED_AT],
      ['sub-b', RECEIVED_AT + 1],
      ['sub-b', RECEIVED_AT + 1],
      ['sub-a', RECEIVED_AT + 2],
    ]);
    expect(malformed[0].reason).toMatch(/^Not JSON/);
    expect(malformed[1].reason).toContain('Item 1');
    expect(malformed[2].reason).toContain('Item 3');
    expect(malformed[3].excerpt).toBe('[1,2]');
  });

  it('counts messages per topic, events and malformed items alike, in first-seen order', () => {
    const batcher = new MessageBatcher();
    batcher.add('sub-b', one('p1'), RECEIVED_AT);
    batcher.add('sub-a', many(publication('p2'), 'junk', publication('p3')), RECEIVED_AT);
    batcher.add('sub-b', 'not json', RECEIVED_AT);
    batcher.add('sub-c', '{"hello":"world"}', RECEIVED_AT);
    batcher.add('sub-b', one('p4'), RECEIVED_AT);
    expect(batcher.drain().perTopic).toEqual([
      ['sub-b', 3],
      ['sub-a', 3],
      ['sub-c', 1],
    ]);
  });

  it('is not empty once an event or a malformed message is added', () => {
    const withEvent = new MessageBatcher();
    withEvent.add('sub-a', one('p1'), RECEIVED_AT);
    expect(withEvent.isEmpty).toBeFalse();

    const withMalformed = new MessageBatcher();
    withMalformed.add('sub-a', 'not json', RECEIVED_AT);
    expect(withMalformed.isEmpty).toBeFalse();
  });

  it('empties on drain and starts a new batch', () => {
    const batcher = new MessageBatcher();
    batcher.add('sub-a', one('p1'), RECEIVED_AT);
    batcher.add('sub-a', 'not json', RECEIVED_AT);
    const first = batcher.drain();
    expect(batcher.isEmpty).toBeTrue();
    expect(batcher.drain()).toEqual({ events: [], malformed: [], perTopic: [] });

    batcher.add('sub-b', one('p2'), RECEIVED_AT + 5);
    const second = batcher.drain();
    expect(second.events.map((event) => event.publicationId)).toEqual(['p2']);
    expect(second.malformed).toEqual([]);
    expect(second.perTopic).toEqual([['sub-b', 1]]);

    // The first batch is not touched by what came after it.
    expect(first.events.map((event) => event.publicationId)).toEqual(['p1']);
    expect(first.malformed.length).toBe(1);
    expect(first.perTopic).toEqual([['sub-a', 2]]);
  });
});
