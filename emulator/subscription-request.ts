import {
  publicationFilterProblem,
  subjectFilterSyntaxProblem,
} from '../src/app/subscriptions/filter-matching.js';
import { METHODS, TOPICS, type Method, type Topic } from '../src/app/cloudlink/subscription.js';
import { badRequest } from './http-error.js';
import { optionalString, requiredString, type JsonObject } from './request-body.js';

export const TRANSPORTS = ['websocket', 'webhook'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** The fields a caller may set on a subscription, already checked. */
export interface SubscriptionRequest {
  applicationId?: string;
  deviceId: string;
  transport: Transport;
  topic: Topic;
  subjectFilter: string;
  publicationFilter?: string;
  methodFilter?: Method;
}

function oneOf<T extends string>(body: JsonObject, field: string, allowed: readonly T[]): T {
  const value = body[field];
  if (value === undefined || value === null) {
    throw badRequest(`${field} is required: one of ${allowed.join(', ')}.`);
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw badRequest(
      `${field} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`,
    );
  }
  return value as T;
}

function checkSubjectFilter(filter: string): void {
  const problem = subjectFilterSyntaxProblem(filter);
  if (problem !== null) {
    throw badRequest(`subjectFilter is not a valid regular expression: ${problem}`);
  }
}

function checkPublicationFilter(filter: string): void {
  const problem = publicationFilterProblem(filter);
  if (problem !== null) throw badRequest(`publicationFilter: ${problem}`);
}

export function parseSubscriptionRequest(body: JsonObject): SubscriptionRequest {
  const applicationId = optionalString(body, 'applicationId');
  const transport = oneOf(body, 'transport', TRANSPORTS);
  const deviceId = requiredString(
    body,
    'deviceId',
    transport === 'websocket' ? ' (the MQTT client id that will subscribe)' : ' (the webhook URL)',
  );
  const topic = oneOf(body, 'topic', TOPICS);
  const subjectFilter = requiredString(body, 'subjectFilter');
  checkSubjectFilter(subjectFilter);
  const publicationFilter = optionalString(body, 'publicationFilter');
  if (publicationFilter !== undefined) checkPublicationFilter(publicationFilter);
  const methodFilter =
    body['methodFilter'] === undefined || body['methodFilter'] === null
      ? undefined
      : oneOf(body, 'methodFilter', METHODS);
  return {
    ...(applicationId !== undefined && { applicationId }),
    deviceId,
    transport,
    topic,
    subjectFilter,
    ...(publicationFilter !== undefined && { publicationFilter }),
    ...(methodFilter !== undefined && { methodFilter }),
  };
}
