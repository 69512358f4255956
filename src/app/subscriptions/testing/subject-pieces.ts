import { IdSelection, SubjectPieces } from '../subject-filter-builder';

/** The API version the spec tables use. */
export const VERSION = '2017-09-01';

/** Media pieces (anchored, current version, calls) with the given ids. */
export function callsOf(ids: IdSelection, overrides: Partial<SubjectPieces> = {}): SubjectPieces {
  return {
    anchored: true,
    version: VERSION,
    collection: 'endpoints',
    ids,
    subCollection: 'calls',
    ...overrides,
  };
}

export function range(from: string, to: string): IdSelection {
  return { kind: 'range', from, to };
}
