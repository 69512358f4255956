import { METHODS, SubscriptionSpec, TOPICS } from '../cloudlink/subscription';

/** The filter builder's form: what a subscription is made of, as text. */
export interface FilterDraft {
  readonly topic: string;
  readonly subjectFilter: string;
  /** '' for none. */
  readonly publicationFilter: string;
  /** '' for any method. */
  readonly methodFilter: string;
}

export const EMPTY_DRAFT: FilterDraft = {
  topic: 'platform-api-media',
  subjectFilter: '^/2017-09-01/endpoints/[^/]+/calls',
  publicationFilter: '',
  methodFilter: '',
};

/** Query parameter per field: a link with them pre-fills the builder. Never secrets. */
export const DRAFT_PARAMS: Readonly<Record<keyof FilterDraft, string>> = {
  topic: 'topic',
  subjectFilter: 'subject',
  publicationFilter: 'publication',
  methodFilter: 'method',
};

/** Longest filter text a link may carry; longer values are refused, not cut. */
export const MAX_FILTER_LENGTH = 2000;

/** Query parameters for a draft or a subscription; empty fields are dropped (null). */
export function draftToParams(
  draft: Partial<Pick<FilterDraft, keyof FilterDraft>> | SubscriptionSpec,
): Record<string, string | null> {
  const params: Record<string, string | null> = {};
  for (const field of Object.keys(DRAFT_PARAMS) as (keyof FilterDraft)[]) {
    const value = draft[field];
    params[DRAFT_PARAMS[field]] = value === undefined || value === '' ? null : value;
  }
  return params;
}

export interface DraftFromLink {
  readonly draft: FilterDraft | null;
  /** What the link held that could not be used, in plain words. */
  readonly problems: readonly string[];
}

/** Reads a draft from a link's query parameters; null when it holds none of them. */
export function draftFromParams(get: (name: string) => string | null): DraftFromLink {
  const values = Object.fromEntries(
    (Object.keys(DRAFT_PARAMS) as (keyof FilterDraft)[]).map((field) => [
      field,
      get(DRAFT_PARAMS[field]),
    ]),
  ) as Record<keyof FilterDraft, string | null>;
  if (Object.values(values).every((value) => value === null)) return { draft: null, problems: [] };
  const problems: string[] = [];
  let topic = values.topic ?? EMPTY_DRAFT.topic;
  if (!(TOPICS as readonly string[]).includes(topic)) {
    problems.push(`The link's topic "${topic.slice(0, 60)}" is not one of ${TOPICS.join(', ')}.`);
    topic = EMPTY_DRAFT.topic;
  }
  let methodFilter = values.methodFilter ?? '';
  if (methodFilter !== '' && !(METHODS as readonly string[]).includes(methodFilter)) {
    problems.push(`The link's method "${methodFilter.slice(0, 20)}" is not an HTTP method.`);
    methodFilter = '';
  }
  const text = (field: 'subjectFilter' | 'publicationFilter', fallback: string): string => {
    const value = values[field];
    if (value === null) return fallback;
    if (value.length > MAX_FILTER_LENGTH) {
      problems.push(
        `The link's ${DRAFT_PARAMS[field]} filter is over ${MAX_FILTER_LENGTH} characters.`,
      );
      return fallback;
    }
    return value;
  };
  return {
    draft: {
      topic,
      subjectFilter: text('subjectFilter', EMPTY_DRAFT.subjectFilter),
      publicationFilter: text('publicationFilter', ''),
      methodFilter,
    },
    problems,
  };
}

/** What POST /subscriptions gets from a draft (optional fields only when set). */
export function draftToSpec(draft: FilterDraft): SubscriptionSpec {
  const publicationFilter = draft.publicationFilter.trim();
  return {
    topic: draft.topic,
    subjectFilter: draft.subjectFilter,
    ...(publicationFilter !== '' && { publicationFilter }),
    ...(draft.methodFilter !== '' && { methodFilter: draft.methodFilter }),
  };
}

/** A subscription (or spec) as a draft, for Edit. */
export function draftOf(spec: SubscriptionSpec): FilterDraft {
  return {
    topic: spec.topic,
    subjectFilter: spec.subjectFilter,
    publicationFilter: spec.publicationFilter ?? '',
    methodFilter: spec.methodFilter ?? '',
  };
}
