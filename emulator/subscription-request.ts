import { JSONPath } from 'jsonpath-plus';
import { badRequest } from './http-error.js';
import { optionalString, requiredString, type JsonObject } from './request-body.js';

export const TOPICS = [
  'platform-api-media',
  'platform-api-presence',
  'platform-api-conversations',
] as const;
export type Topic = (typeof TOPICS)[number];

export const TRANSPORTS = ['websocket', 'webhook'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type Method = (typeof METHODS)[number];

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

// A publication with every field a filter is likely to touch, so that checking a filter
// against it exercises the parser without claiming the filter must match anything.
const SAMPLE_PUBLICATIONS = {
  publications: [
    {
      publicationId: 'sample',
      topic: 'platform-api-media',
      method: 'PUT',
      subject: '/2017-09-01/endpoints/130001/calls/1',
      content: { state: 'ringing', direction: 'inbound', from: '+16135550123', to: '130001' },
    },
  ],
};

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

export function compileSubjectFilter(filter: string): RegExp {
  try {
    return new RegExp(filter);
  } catch (error) {
    throw badRequest(
      `subjectFilter is not a valid regular expression: ${(error as Error).message}`,
    );
  }
}

/**
 * jsonpath-plus is lenient (it accepts almost any string), so the check is: it must look
 * like JSONPath (start at the root, "$") and evaluate without a syntax error. Errors raised
 * while evaluating a script against one item (a missing property) are not syntax errors:
 * they are ignored here as they are during delivery.
 */
export function checkPublicationFilter(filter: string): void {
  if (!filter.trim().startsWith('$')) {
    throw badRequest('publicationFilter must be a JSONPath expression starting with "$".');
  }
  try {
    JSONPath({ path: filter, json: SAMPLE_PUBLICATIONS, wrap: true, ignoreEvalErrors: true });
  } catch (error) {
    throw badRequest(
      `publicationFilter is not a valid JSONPath expression: ${(error as Error).message}`,
    );
  }
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
  compileSubjectFilter(subjectFilter);
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
