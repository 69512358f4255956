import { CallEvent } from './call-event';
import { EventPredicate } from './filtered-view';

/** The live filter: every set field must match; free text looks in numbers, names and ids. */
export interface FeedFilter {
  readonly text: string;
  readonly state: string;
  readonly direction: string;
  readonly endpoint: string;
  readonly cause: string;
}

export const NO_FILTER: FeedFilter = {
  text: '',
  state: '',
  direction: '',
  endpoint: '',
  cause: '',
};

/** URL query parameter for each field, so a filtered view can be shared as a link. */
export const FILTER_PARAMS: Readonly<Record<keyof FeedFilter, string>> = {
  text: 'q',
  state: 'state',
  direction: 'direction',
  endpoint: 'endpoint',
  cause: 'cause',
};

export function isFilterEmpty(filter: FeedFilter): boolean {
  return Object.values(filter).every((value) => value.trim() === '');
}

/** Null when the filter lets everything through: the view then needs no test per event. */
export function compileFilter(filter: FeedFilter): EventPredicate | null {
  if (isFilterEmpty(filter)) return null;
  const needle = filter.text.trim().toLowerCase();
  const { state, direction, endpoint, cause } = filter;
  return (event: CallEvent) =>
    (state === '' || event.state === state) &&
    (direction === '' || event.direction === direction) &&
    (endpoint === '' || event.endpointId === endpoint) &&
    (cause === '' || event.cause === cause) &&
    (needle === '' || matchesText(event, needle));
}

const TEXT_FIELDS = ['from', 'fromName', 'to', 'toName', 'callId', 'endpointId'] as const;

function matchesText(event: CallEvent, needle: string): boolean {
  for (const field of TEXT_FIELDS) {
    const value = event[field];
    if (value !== null && value.toLowerCase().includes(needle)) return true;
  }
  return false;
}

/** Reads a filter from URL query parameters; unknown or missing ones are empty. */
export function filterFromParams(get: (name: string) => string | null): FeedFilter {
  const read = (field: keyof FeedFilter) => (get(FILTER_PARAMS[field]) ?? '').slice(0, 200);
  return {
    text: read('text'),
    state: read('state'),
    direction: read('direction'),
    endpoint: read('endpoint'),
    cause: read('cause'),
  };
}

/** Query parameters for a filter; empty fields become null so the router drops them. */
export function filterToParams(filter: FeedFilter): Record<string, string | null> {
  const params: Record<string, string | null> = {};
  for (const field of Object.keys(FILTER_PARAMS) as (keyof FeedFilter)[]) {
    params[FILTER_PARAMS[field]] = filter[field] === '' ? null : filter[field];
  }
  return params;
}

export function sameFilter(a: FeedFilter, b: FeedFilter): boolean {
  return (Object.keys(FILTER_PARAMS) as (keyof FeedFilter)[]).every(
    (field) => a[field] === b[field],
  );
}
