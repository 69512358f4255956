import { CallEvent } from '../call-event';

/** One call event with every field set (a ringing inbound call on 130001); override any. */
export function callEvent(overrides: Partial<CallEvent> = {}): CallEvent {
  const base: CallEvent = {
    key: 'pub-7f3a9c',
    publicationId: 'pub-7f3a9c',
    eventId: 'evt-884422-1',
    topic: 'platform-api-media',
    method: 'PUT',
    subject: '/2017-09-01/endpoints/130001/calls/884422',
    subscriptionId: 'sub-42',
    receivedAt: 1_714_979_300_000,
    occurredAt: 1_714_979_289_010,
    callId: 'endpoints/130001/calls/884422',
    endpointId: '130001',
    state: 'ringing',
    cause: 'newCall',
    direction: 'inbound',
    from: '130002',
    fromName: 'Grace Hopper',
    to: '130001',
    toName: 'Ada Lovelace',
    raw: '{"publicationId":"pub-7f3a9c"}',
  };
  return { ...base, ...overrides };
}
