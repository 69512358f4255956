// The shapes the emulator publishes, as cloudlink-contract.md §3 describes them.

// The call states and causes are the console's own lists: one copy of the contract.
import { CALL_CAUSES, CALL_STATES } from '../src/app/events/call-event.js';
export { CALL_CAUSES, CALL_STATES };
export type CallState = (typeof CALL_STATES)[number];
export type CallCause = (typeof CALL_CAUSES)[number];

export type Direction = 'inbound' | 'outbound';

export interface CallEventContent {
  callId: string;
  endpointId: string;
  from: string;
  fromName?: string;
  to: string;
  toName?: string;
  fromNumberE164?: string;
  toNumberE164?: string;
  state: CallState;
  cause: CallCause;
  direction: Direction;
  timestamp: number;
  createdOn: string;
  eventId: string;
  eventType: 'CallStateNotification';
  extraPbxData: {
    alertingDevice: string;
    calledDevice: string;
    eventType: string;
    callTrackingID: string;
  };
  accountId: string;
  siteId: string;
  principalId: string;
  userId: string;
  deviceId: string;
  isCtiEvent: boolean;
  ringTime?: number;
  billingTime?: number;
  endTime?: string;
  _links: { self: { href: string } };
}

/** One publication before it is addressed to a subscription. */
export interface Publication {
  publicationId: string;
  topic: 'platform-api-media';
  method: 'PUT';
  subject: string;
  content: CallEventContent;
  publisher: { accountId: string; principalId: string };
  notification: { createdOn: string; correlationId: string };
}

/** The message body one subscription receives: the publication in its envelope. */
export function envelopeFor(publication: Publication, subscriptionId: string): string {
  const { publicationId, topic, method, subject, content, publisher, notification } = publication;
  return JSON.stringify({
    publicationId,
    topic,
    method,
    subject,
    content,
    publisher,
    subscription: { subscriptionId },
    notification,
  });
}

const SUBJECT_ENDPOINT = /\/endpoints\/([^/]+)\//;

/** The endpoint a media subject is about, used for the per-user visibility check. */
export function endpointOfSubject(subject: string): string | undefined {
  return SUBJECT_ENDPOINT.exec(subject)?.[1];
}
