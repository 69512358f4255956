import { CallEvent, parsePublicationText } from '../../events/call-event';
import { FilterPair, PublicationLike, dryRun, publicationFilterPasses } from '../filter-matching';

/** Without a publication filter every retained event is checked (cheap: no parsing). */
export const MAX_CHECKED_WITHOUT_JSONPATH = 100_000;
/** With one, each event's publication is parsed and the JSONPath run: the newest this many. */
export const MAX_CHECKED_WITH_JSONPATH = 2_000;

export interface DryRunResult {
  /** Events looked at (newest first). */
  readonly checked: number;
  /** Events retained in this session (more than checked when the JSONPath cap applied). */
  readonly retained: number;
  /** The events the pair would have delivered, newest first. */
  readonly delivered: readonly CallEvent[];
  /** The checked events the publication filter alone passes, newest first (null: none set). */
  readonly passPublicationFilter: readonly CallEvent[] | null;
}

/** The three fields a subject/topic/method check needs, straight from the parsed event. */
function headOf(event: CallEvent): PublicationLike {
  return { topic: event.topic, method: event.method, subject: event.subject };
}

/**
 * What these filters would have delivered from the events received in this session: the
 * same SubscriptionMatcher the emulator delivers with, over each event's publication.
 */
export function runDryRun(filters: FilterPair, newestFirst: readonly CallEvent[]): DryRunResult {
  const jsonPath = (filters.publicationFilter ?? '').trim();
  if (jsonPath === '') {
    const checked = newestFirst.slice(0, MAX_CHECKED_WITHOUT_JSONPATH);
    return {
      checked: checked.length,
      retained: newestFirst.length,
      delivered: dryRun(filters, checked, headOf),
      passPublicationFilter: null,
    };
  }
  const checked = newestFirst.slice(0, MAX_CHECKED_WITH_JSONPATH);
  const publications = new Map<CallEvent, Record<string, unknown> | null>(
    checked.map((event) => [event, parsePublicationText(event.raw)]),
  );
  const passPublicationFilter = checked.filter((event) => {
    const publication = publications.get(event);
    return (
      publication !== null &&
      publication !== undefined &&
      publicationFilterPasses(jsonPath, publication)
    );
  });
  return {
    checked: checked.length,
    retained: newestFirst.length,
    delivered: dryRun(filters, checked, (event) => publications.get(event) ?? null),
    passPublicationFilter,
  };
}
