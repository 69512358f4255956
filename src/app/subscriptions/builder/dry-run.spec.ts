import { CallEvent } from '../../events/call-event';
import { readPublication } from '../../events/publication-parser';
import { MAX_CHECKED_WITH_JSONPATH, runDryRun } from './dry-run';
import { knownSubjects } from './known-subjects';
import { previewRows } from './subject-preview';

let sequence = 0;

/** An event as the console holds it, read from a publication by the real parser. */
function received(endpointId: string, state: string, method = 'PUT'): CallEvent {
  sequence++;
  return readPublication(
    {
      publicationId: `p${sequence}`,
      topic: 'platform-api-media',
      method,
      subject: `/2017-09-01/endpoints/${endpointId}/calls/${sequence}`,
      content: { state, endpointId, direction: 'inbound', from: '+16135550123', to: endpointId },
    },
    'sub-1',
    sequence,
  );
}

const MEDIA = 'platform-api-media';

describe('runDryRun', () => {
  const events = [
    received('130001', 'ringing'),
    received('130002', 'ringing'),
    received('130001', 'completed'),
    received('130004', 'ringing', 'DELETE'),
  ].reverse();

  it('counts and lists what the subject filter would have delivered, newest first', () => {
    const result = runDryRun({ topic: MEDIA, subjectFilter: '/endpoints/13000[12]/' }, events);
    expect(result.checked).toBe(4);
    expect(result.delivered.map((e) => e.subject)).toEqual([
      events[1].subject,
      events[2].subject,
      events[3].subject,
    ]);
    expect(result.passPublicationFilter).toBeNull();
  });

  it('applies the publication filter to each event and reports what it alone passes', () => {
    const result = runDryRun(
      {
        topic: MEDIA,
        subjectFilter: '/endpoints/130001/',
        publicationFilter: "$.publications[?(@.content.state == 'ringing')]",
      },
      events,
    );
    expect(result.delivered.map((e) => e.state)).toEqual(['ringing']);
    expect(result.delivered[0].endpointId).toBe('130001');
    expect(result.passPublicationFilter?.map((e) => e.state)).toEqual([
      'ringing',
      'ringing',
      'ringing',
    ]);
  });

  it('applies the method and topic filters', () => {
    expect(
      runDryRun({ topic: MEDIA, subjectFilter: '/', methodFilter: 'DELETE' }, events).delivered
        .length,
    ).toBe(1);
    expect(
      runDryRun({ topic: 'platform-api-presence', subjectFilter: '/' }, events).delivered.length,
    ).toBe(0);
  });

  it('checks only the newest events when each needs its JSONPath run', () => {
    const many = Array.from({ length: MAX_CHECKED_WITH_JSONPATH + 10 }, () =>
      received('130001', 'ringing'),
    );
    const result = runDryRun(
      { topic: MEDIA, subjectFilter: '/', publicationFilter: '$.publications[*]' },
      many,
    );
    expect(result.checked).toBe(MAX_CHECKED_WITH_JSONPATH);
    expect(result.retained).toBe(many.length);
    expect(result.delivered.length).toBe(MAX_CHECKED_WITH_JSONPATH);
  });
});

describe('knownSubjects', () => {
  it('takes one real subject per endpoint, then listed extensions not seen, sorted', () => {
    const newest = received('130002', 'completed');
    const subjects = knownSubjects(
      MEDIA,
      [newest, received('130002', 'ringing')],
      [
        { endpointId: '130001', name: 'Alice' },
        { endpointId: '130002', name: null },
      ],
    );
    expect(subjects).toEqual([
      { subject: '/2017-09-01/endpoints/130001/calls/1', source: 'endpoint' },
      { subject: newest.subject!, source: 'event' },
    ]);
  });

  it('falls back on the catalog examples when nothing is known for the topic', () => {
    const subjects = knownSubjects('platform-api-presence', [received('130001', 'ringing')], []);
    expect(subjects.length).toBeGreaterThan(0);
    expect(
      subjects.every((s) => s.source === 'example' && s.subject.includes('presentities')),
    ).toBeTrue();
  });
});

describe('previewRows', () => {
  it('splits subjects into matches (with the matched part) and the rest', () => {
    const rows = previewRows(/endpoints\/13000[1-3]/, [
      { subject: '/2017-09-01/endpoints/130002/calls/1', source: 'event' },
      { subject: '/2017-09-01/endpoints/130004/calls/1', source: 'typed' },
    ]);
    expect(rows.matches.map((r) => [r.before, r.match, r.after])).toEqual([
      ['/2017-09-01/', 'endpoints/130002', '/calls/1'],
    ]);
    expect(rows.others.map((r) => r.subject)).toEqual(['/2017-09-01/endpoints/130004/calls/1']);
  });

  it('matches nothing while the expression does not compile', () => {
    const rows = previewRows(null, [{ subject: '/a', source: 'typed' }]);
    expect(rows.matches).toEqual([]);
    expect(rows.others.length).toBe(1);
  });
});
