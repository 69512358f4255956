import { CallEvent } from '../../events/call-event';
import { KnownEndpoint } from '../endpoint-directory';
import { SUBJECT_CATALOG } from '../subject-filter-builder';
import { PreviewSubject } from './subject-preview';

/** The preview lists at most this many known subjects. */
export const MAX_KNOWN_SUBJECTS = 100;

/**
 * Subjects the account is known to have, for the preview: one recent real subject per
 * endpoint from this session's events, then the listed extensions not seen yet (as their
 * calls' subject shape), then the catalog's examples when nothing else is known.
 */
export function knownSubjects(
  topic: string,
  newestFirst: readonly CallEvent[],
  endpoints: readonly KnownEndpoint[],
): PreviewSubject[] {
  const byKey = new Map<string, PreviewSubject>();
  for (const event of newestFirst) {
    if (event.topic !== topic || event.subject === null) continue;
    const key = event.endpointId ?? event.subject;
    if (!byKey.has(key)) byKey.set(key, { subject: event.subject, source: 'event' });
  }
  if (topic === 'platform-api-media') {
    for (const { endpointId } of endpoints) {
      if (!byKey.has(endpointId)) {
        byKey.set(endpointId, {
          subject: `/2017-09-01/endpoints/${endpointId}/calls/1`,
          source: 'endpoint',
        });
      }
    }
  }
  const known = [...byKey.values()].sort((a, b) => a.subject.localeCompare(b.subject));
  if (known.length === 0) {
    const shape = SUBJECT_CATALOG.find((item) => item.topic === topic);
    for (const subject of shape?.examples ?? []) known.push({ subject, source: 'example' });
  }
  return known.slice(0, MAX_KNOWN_SUBJECTS);
}
