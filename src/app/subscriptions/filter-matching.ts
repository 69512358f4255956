/**
 * What a subscription's filters mean, in one place: the emulator delivers with it and the
 * console previews and dry-runs with it, so the two cannot disagree. No Angular and no
 * relative imports here: the emulator (Node, NodeNext resolution) imports this file as is.
 *
 * The contract: same topic; the subject filter is an unanchored JavaScript regular
 * expression over the subject; the publication filter is JSONPath (jsonpath-plus, its safe
 * evaluator) over `{ publications: [publication] }` and passes when it selects anything;
 * the method filter, when set, equals the method.
 */
import { JSONPath } from 'jsonpath-plus';

/** The filters of one subscription, as created. */
export interface FilterPair {
  readonly topic: string;
  readonly subjectFilter: string;
  readonly publicationFilter?: string | undefined;
  readonly methodFilter?: string | undefined;
}

/** The part of a publication the filters look at; the rest is passed to JSONPath as is. */
export interface PublicationLike {
  readonly topic?: unknown;
  readonly method?: unknown;
  readonly subject?: unknown;
}

/** Where a subject filter matched: [start, end) in the subject. */
export interface MatchSpan {
  readonly start: number;
  readonly end: number;
}

/** Compiles a subject filter as CloudLink does: no flags, unanchored. Throws SyntaxError. */
export function compileSubjectFilter(filter: string): RegExp {
  return new RegExp(filter);
}

/** The subject filter's syntax problem, in the engine's words, or null. */
export function subjectFilterSyntaxProblem(filter: string): string | null {
  try {
    compileSubjectFilter(filter);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The first match of the filter in the subject (what the preview highlights), or null. */
export function subjectMatchSpan(pattern: RegExp, subject: string): MatchSpan | null {
  const found = pattern.exec(subject);
  return found ? { start: found.index, end: found.index + found[0].length } : null;
}

/**
 * A sample with every field a filter is likely to touch, so checking a filter against it
 * exercises the parser without claiming that the filter must match anything.
 */
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

/**
 * Why a publication filter cannot be used, or null. jsonpath-plus accepts almost any text,
 * so the check is: it starts at the root and evaluates without a syntax error. Errors while
 * evaluating one item (a missing property) are not syntax errors: delivery ignores them too.
 */
export function publicationFilterProblem(filter: string): string | null {
  if (!filter.trim().startsWith('$')) {
    return 'A publication filter is JSONPath and starts with "$".';
  }
  try {
    JSONPath({ path: filter, json: SAMPLE_PUBLICATIONS, wrap: true, ignoreEvalErrors: true });
    return null;
  } catch (error) {
    return `Not valid JSONPath: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Whether the publication filter selects anything from `{ publications: [publication] }`. */
export function publicationFilterPasses(filter: string, publication: unknown): boolean {
  try {
    const found: unknown = JSONPath({
      path: filter,
      json: { publications: [publication] },
      wrap: true,
      ignoreEvalErrors: true,
    });
    return Array.isArray(found) && found.length > 0;
  } catch {
    // Filters are checked before use; a failure here counts as "no match" so that one bad
    // filter never stops the others.
    return false;
  }
}

/** A subscription's filters, compiled once, deciding publication by publication. */
export class SubscriptionMatcher {
  private readonly subjectPattern: RegExp | null;

  constructor(readonly filters: FilterPair) {
    try {
      this.subjectPattern = compileSubjectFilter(filters.subjectFilter);
    } catch {
      this.subjectPattern = null;
    }
  }

  matches(publication: PublicationLike): boolean {
    const { topic, methodFilter, publicationFilter } = this.filters;
    if (publication.topic !== topic) return false;
    if (methodFilter !== undefined && methodFilter !== '' && publication.method !== methodFilter) {
      return false;
    }
    if (this.subjectPattern === null || typeof publication.subject !== 'string') return false;
    if (!this.subjectPattern.test(publication.subject)) return false;
    return (
      publicationFilter === undefined ||
      publicationFilter.trim() === '' ||
      publicationFilterPasses(publicationFilter, publication)
    );
  }
}

/**
 * The dry run: which of these items the filters would have delivered, in order. `read`
 * gives an item's publication (null when it has none, e.g. an unreadable payload).
 */
export function dryRun<T>(
  filters: FilterPair,
  items: Iterable<T>,
  read: (item: T) => PublicationLike | null,
): T[] {
  const matcher = new SubscriptionMatcher(filters);
  const passed: T[] = [];
  for (const item of items) {
    const publication = read(item);
    if (publication !== null && matcher.matches(publication)) passed.push(item);
  }
  return passed;
}
