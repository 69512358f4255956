import {
  EMPTY_DRAFT,
  MAX_FILTER_LENGTH,
  draftFromParams,
  draftOf,
  draftToParams,
  draftToSpec,
} from './filter-draft';
import { buildSubjectFilter, defaultPieces } from './subject-filter-builder';

function params(values: Record<string, string>) {
  return (name: string) => values[name] ?? null;
}

describe('filter drafts and links', () => {
  it('starts from the builder default for media calls', () => {
    expect(EMPTY_DRAFT.subjectFilter).toBe(buildSubjectFilter(defaultPieces(EMPTY_DRAFT.topic)));
  });

  it('round-trips a draft through query parameters', () => {
    const draft = {
      topic: 'platform-api-media',
      subjectFilter: '^/2017-09-01/endpoints/13000[1-3]/calls',
      publicationFilter: "$.publications[?(@.content.state == 'ringing')]",
      methodFilter: 'PUT',
    };
    const query = draftToParams(draft);
    expect(query).toEqual({
      topic: 'platform-api-media',
      subject: draft.subjectFilter,
      publication: draft.publicationFilter,
      method: 'PUT',
    });
    expect(draftFromParams((name) => query[name] ?? null)).toEqual({ draft, problems: [] });
  });

  it('drops empty fields from the link', () => {
    expect(draftToParams({ topic: 'platform-api-media', subjectFilter: '/x/' })).toEqual({
      topic: 'platform-api-media',
      subject: '/x/',
      publication: null,
      method: null,
    });
  });

  it('reads no draft from a link without filter parameters', () => {
    expect(draftFromParams(params({ edit: 'abc' }))).toEqual({ draft: null, problems: [] });
  });

  it('says what it could not use: unknown topic, method, overlong filter', () => {
    const { draft, problems } = draftFromParams(
      params({
        topic: 'platform-api-weather',
        method: 'FETCH',
        subject: 'x'.repeat(MAX_FILTER_LENGTH + 1),
        publication: '$..state',
      }),
    );
    expect(draft).toEqual({
      topic: 'platform-api-media',
      subjectFilter: EMPTY_DRAFT.subjectFilter,
      publicationFilter: '$..state',
      methodFilter: '',
    });
    expect(problems.length).toBe(3);
    expect(problems[0]).toContain('platform-api-weather');
    expect(problems[1]).toContain('FETCH');
    expect(problems[2]).toContain(`over ${MAX_FILTER_LENGTH} characters`);
  });

  it('makes a spec with only the optional fields that are set', () => {
    expect(draftToSpec({ ...EMPTY_DRAFT, publicationFilter: '  ' })).toEqual({
      topic: EMPTY_DRAFT.topic,
      subjectFilter: EMPTY_DRAFT.subjectFilter,
    });
    expect(
      draftToSpec({ ...EMPTY_DRAFT, publicationFilter: ' $..x ', methodFilter: 'PUT' }),
    ).toEqual({
      topic: EMPTY_DRAFT.topic,
      subjectFilter: EMPTY_DRAFT.subjectFilter,
      publicationFilter: '$..x',
      methodFilter: 'PUT',
    });
    expect(draftOf({ topic: 't', subjectFilter: 's' })).toEqual({
      topic: 't',
      subjectFilter: 's',
      publicationFilter: '',
      methodFilter: '',
    });
  });
});
