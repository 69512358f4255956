/**
 * Subject filters as pieces, and back.
 *
 * A CloudLink subject filter is an unanchored JavaScript regular expression (no flags) over
 * subjects such as `/2017-09-01/endpoints/130001/calls/884422`. The subscription form lets a
 * tester either pick pieces (version, collection, ids, sub-collection) or edit the expression;
 * this module converts between the two. Checking an expression (syntax problems, likely
 * mistakes, a one-sentence explanation) is in subject-filter-checks.ts.
 *
 * The canonical form (what {@link buildSubjectFilter} emits and the only form
 * {@link parseSubjectFilter} accepts):
 *
 *     (anchored ? '^' : '') + '/' + (version, escaped | '[^/]+') + '/' + collection + '/' + ID
 *       + (subCollection ? '/' + subCollection : '(?:/|$)')
 *
 * where ID is `[^/]+` (any), the escaped id (one), `(?:a|b)` (list) or the output of
 * to-regex-range (a numeric range, zero padding kept exact).
 */
import toRegexRange from 'to-regex-range';
import {
  ClassToken,
  IDENTITY_ESCAPE,
  Token,
  isSlash,
  splitTopLevel,
  tokenize,
} from './regex-tokens';

// ---------------------------------------------------------------------------------------------
// Public types and the catalog
// ---------------------------------------------------------------------------------------------

/** Which ids of the collection a filter selects. */
export type IdSelection =
  | { readonly kind: 'any' }
  | { readonly kind: 'one'; readonly id: string }
  | { readonly kind: 'list'; readonly ids: readonly string[] }
  | { readonly kind: 'range'; readonly from: string; readonly to: string };

/** A subject filter the builder can represent, piece by piece. */
export interface SubjectPieces {
  /** Whether the expression starts with "^". */
  readonly anchored: boolean;
  /** The API version, e.g. '2017-09-01'; null for any version. */
  readonly version: string | null;
  /** The collection: 'endpoints', 'presentities', 'conversations', ... */
  readonly collection: string;
  /** Which items of the collection. */
  readonly ids: IdSelection;
  /** 'calls', 'messages', ...; null for the item and everything under it. */
  readonly subCollection: string | null;
}

/** What the subjects of one topic look like. */
export interface TopicShape {
  readonly topic: string;
  readonly collection: string;
  readonly subCollections: readonly string[];
  /** The subject with placeholders, e.g. '/2017-09-01/presentities/{userId}'. */
  readonly shape: string;
  readonly examples: readonly string[];
  /** What one id of the collection is called in the form, e.g. 'extension', 'user id'. */
  readonly idLabel: string;
  /** Ids are numbers (extensions), so a range of them makes sense; user ids are UUIDs. */
  readonly numericIds: boolean;
}

/** The API versions subjects are published under, newest first. */
export const API_VERSIONS: readonly string[] = ['2017-09-01'];

const CURRENT_VERSION = '2017-09-01';

/** The subject shapes of the topics a subscription can use. */
export const SUBJECT_CATALOG: readonly TopicShape[] = [
  {
    topic: 'platform-api-media',
    collection: 'endpoints',
    subCollections: ['calls'],
    shape: '/2017-09-01/endpoints/{endpointId}/calls/{callNumber}',
    examples: ['/2017-09-01/endpoints/130001/calls/884422'],
    idLabel: 'extension',
    numericIds: true,
  },
  {
    topic: 'platform-api-presence',
    collection: 'presentities',
    subCollections: [],
    shape: '/2017-09-01/presentities/{userId}',
    examples: ['/2017-09-01/presentities/00000000-0000-4000-8000-000000130001'],
    idLabel: 'user id',
    numericIds: false,
  },
  {
    topic: 'platform-api-conversations',
    collection: 'conversations',
    subCollections: ['messages'],
    shape: '/2017-09-01/conversations/{conversationId}/messages/{messageId}',
    examples: ['/2017-09-01/conversations/4711/messages/1'],
    idLabel: 'conversation id',
    numericIds: false,
  },
];

/**
 * The pieces a new filter for the topic starts from: anchored, current API version, the
 * topic's collection, any id, its first sub-collection (or the whole item when it has none).
 * An unknown topic gets the first catalog entry's pieces.
 */
export function defaultPieces(topic: string): SubjectPieces {
  const shape = SUBJECT_CATALOG.find((entry) => entry.topic === topic) ?? SUBJECT_CATALOG[0];
  return {
    anchored: true,
    version: CURRENT_VERSION,
    collection: shape.collection,
    ids: { kind: 'any' },
    subCollection: shape.subCollections[0] ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Literals
// ---------------------------------------------------------------------------------------------

/** One path level, whatever it holds. */
const ANY_SEGMENT = '[^/]+';
/** The end of an item: either something under it follows, or the subject ends. */
const ITEM_END = '(?:/|$)';
/** Ranges keep their zero padding exact: 0001-0010 must not also match "1" or "01". */
const RANGE_OPTIONS = { relaxZeros: false } as const;
/** Collection and sub-collection names as they appear in subjects. */
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const DIGITS_PATTERN = /^\d+$/;
const REGEX_SPECIALS = /[\\^$.*+?()[\]{}|]/g;
/** Beyond this many digits numbers lose precision in to-regex-range. */
const MAX_RANGE_DIGITS = 15;

/** The text as a regular expression that matches exactly it. */
function escapeLiteral(text: string): string {
  return text.replace(REGEX_SPECIALS, '\\$&');
}

/** The text an expression made only of plain and escaped characters matches, or null. */
function unescapeLiteral(expression: string): string | null {
  let text = '';
  for (let index = 0; index < expression.length; index++) {
    const char = expression[index];
    if (char === '\\') {
      const escaped = expression[index + 1] ?? '';
      if (!IDENTITY_ESCAPE.test(escaped)) return null;
      text += escaped;
      index++;
    } else if (isRegexSpecial(char)) {
      return null;
    } else {
      text += char;
    }
  }
  return text;
}

function isRegexSpecial(char: string): boolean {
  return '\\^$.*+?()[]{}|'.includes(char);
}

function isDigits(text: string): boolean {
  return DIGITS_PATTERN.test(text);
}

/** Numeric order of two digit strings of any length (leading zeros ignored). */
function compareDigitStrings(a: string, b: string): number {
  const left = a.replace(/^0+(?=\d)/, '');
  const right = b.replace(/^0+(?=\d)/, '');
  if (left.length !== right.length) return left.length - right.length;
  return left < right ? -1 : left > right ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------------------------

/**
 * The subject filter for the pieces, in canonical form. Never throws: pieces with an
 * {@link idSelectionProblem} still give an expression (an empty id gives an empty segment,
 * a reversed range is put in order, a range with non-numeric ends lists both ends), so check
 * idSelectionProblem before offering the result.
 */
export function buildSubjectFilter(pieces: SubjectPieces): string {
  const anchor = pieces.anchored ? '^' : '';
  const version = pieces.version ? escapeLiteral(pieces.version) : ANY_SEGMENT;
  const tail = pieces.subCollection ? `/${pieces.subCollection}` : ITEM_END;
  return `${anchor}/${version}/${pieces.collection}/${idPattern(pieces.ids)}${tail}`;
}

function idPattern(ids: IdSelection): string {
  switch (ids.kind) {
    case 'any':
      return ANY_SEGMENT;
    case 'one':
      return escapeLiteral(ids.id);
    case 'list':
      return listPattern(ids.ids);
    case 'range':
      return rangePattern(ids.from, ids.to);
  }
}

function listPattern(ids: readonly string[]): string {
  const unique = [...new Set(ids)].map(escapeLiteral);
  return unique.length === 1 ? unique[0] : `(?:${unique.join('|')})`;
}

function rangePattern(from: string, to: string): string {
  if (!isDigits(from) || !isDigits(to)) return listPattern([from, to]);
  const [low, high] = compareDigitStrings(from, to) <= 0 ? [from, to] : [to, from];
  return toRegexRange(low, high, RANGE_OPTIONS);
}

// ---------------------------------------------------------------------------------------------
// Parse
// ---------------------------------------------------------------------------------------------

/** Segments of a canonical expression after the leading "/": version, collection, id[, sub]. */
const SEGMENTS_WITHOUT_SUB = 4;
const SEGMENTS_WITH_SUB = 5;

/**
 * The pieces of a canonical subject filter (exactly what {@link buildSubjectFilter} emits for
 * them), or null for any other expression. Never throws. Normalisation: a one-element or
 * duplicate-free list and a from === to range come back as 'one'; a two-element list of
 * adjacent numbers in ascending order (e.g. 130001, 130002) is also what the range
 * 130001-130002 emits, and comes back as that range.
 */
export function parseSubjectFilter(expression: string): SubjectPieces | null {
  try {
    const pieces = readPieces(expression);
    return pieces && buildSubjectFilter(pieces) === expression ? pieces : null;
  } catch {
    return null;
  }
}

function readPieces(expression: string): SubjectPieces | null {
  const anchored = expression.startsWith('^');
  const body = anchored ? expression.slice(1) : expression;
  const segments = splitTopLevel(body, isSlash);
  if (segments[0] !== '') return null;
  const [, versionPart, collection, idPart, subCollection] = segments;
  const shape = readTail(segments.length, idPart, subCollection);
  if (!shape || !NAME_PATTERN.test(collection)) return null;
  const anyVersion = versionPart === ANY_SEGMENT;
  const version = anyVersion ? null : unescapeLiteral(versionPart);
  const ids = readIdSelection(shape.idPart);
  if ((!anyVersion && !version) || !ids) return null;
  return { anchored, version, collection, ids, subCollection: shape.subCollection };
}

function readTail(
  segmentCount: number,
  idPart: string,
  subCollection: string | undefined,
): { idPart: string; subCollection: string | null } | null {
  if (segmentCount === SEGMENTS_WITHOUT_SUB && idPart.endsWith(ITEM_END)) {
    return { idPart: idPart.slice(0, -ITEM_END.length), subCollection: null };
  }
  if (segmentCount === SEGMENTS_WITH_SUB && subCollection && NAME_PATTERN.test(subCollection)) {
    return { idPart, subCollection };
  }
  return null;
}

function readIdSelection(segment: string): IdSelection | null {
  if (segment === ANY_SEGMENT) return { kind: 'any' };
  const literal = unescapeLiteral(segment);
  if (literal) return { kind: 'one', id: literal };
  return readRange(segment) ?? readList(segment);
}

function readList(segment: string): IdSelection | null {
  if (!segment.startsWith('(?:') || !segment.endsWith(')')) return null;
  const ids = splitTopLevel(segment.slice('(?:'.length, -1), (token) => token.kind === 'alt').map(
    unescapeLiteral,
  );
  if (ids.some((id) => !id)) return null;
  return { kind: 'list', ids: ids.filter((id): id is string => id !== null) };
}

/** The range whose to-regex-range output is exactly the segment, or null. */
function readRange(segment: string): IdSelection | null {
  const cursor: Cursor = { tokens: tokenize(segment), position: 0 };
  const bounds = readAlternatives(cursor);
  if (!bounds || cursor.position !== cursor.tokens.length || bounds.min === bounds.max) {
    return null;
  }
  const candidate = toRegexRange(bounds.min, bounds.max, RANGE_OPTIONS);
  return candidate === segment ? { kind: 'range', from: bounds.min, to: bounds.max } : null;
}

/** Smallest and largest string of a language of equal-length digit strings. */
interface DigitBounds {
  readonly min: string;
  readonly max: string;
}

interface Cursor {
  readonly tokens: readonly Token[];
  position: number;
}

function readAlternatives(cursor: Cursor): DigitBounds | null {
  const alternatives: DigitBounds[] = [];
  for (;;) {
    const sequence = readSequence(cursor);
    if (!sequence) return null;
    alternatives.push(sequence);
    if (cursor.tokens[cursor.position]?.kind !== 'alt') return mergeAlternatives(alternatives);
    cursor.position++;
  }
}

function readSequence(cursor: Cursor): DigitBounds | null {
  let min = '';
  let max = '';
  for (;;) {
    const next = cursor.tokens[cursor.position];
    if (next === undefined || next.kind === 'alt' || next.kind === 'close') break;
    const atom = readAtom(cursor);
    const times = readExactRepeat(cursor);
    if (!atom || times === null) return null;
    min += atom.min.repeat(times);
    max += atom.max.repeat(times);
  }
  return min === '' ? null : { min, max };
}

function readAtom(cursor: Cursor): DigitBounds | null {
  const token = cursor.tokens[cursor.position++];
  switch (token.kind) {
    case 'literal':
      return isDigits(token.text) ? { min: token.text, max: token.text } : null;
    case 'escape':
      return token.text === '\\d' ? { min: '0', max: '9' } : null;
    case 'class':
      return classBounds(token);
    case 'open':
      return token.group === 'non-capture' ? readGroup(cursor) : null;
    default:
      return null;
  }
}

function readGroup(cursor: Cursor): DigitBounds | null {
  const inner = readAlternatives(cursor);
  if (!inner || cursor.tokens[cursor.position]?.kind !== 'close') return null;
  cursor.position++;
  return inner;
}

/** How often the atom before is repeated: 1 without a quantifier, n for {n}, else null. */
function readExactRepeat(cursor: Cursor): number | null {
  const token = cursor.tokens[cursor.position];
  if (token?.kind !== 'quant') return 1;
  cursor.position++;
  return token.min === token.max && !token.lazy ? token.min : null;
}

const DIGIT_CLASS_BODY = /^(?:\d-\d|\d)+$/;

function classBounds(token: ClassToken): DigitBounds | null {
  const body = token.text.slice(1, -1);
  if (token.negated || !token.closed || !DIGIT_CLASS_BODY.test(body)) return null;
  const digits = [...body.replace(/-/g, '')].sort();
  return { min: digits[0], max: digits[digits.length - 1] };
}

function mergeAlternatives(alternatives: readonly DigitBounds[]): DigitBounds | null {
  const length = alternatives[0].min.length;
  if (alternatives.some((bounds) => bounds.min.length !== length)) return null;
  const mins = alternatives.map((bounds) => bounds.min).sort();
  const maxes = alternatives.map((bounds) => bounds.max).sort();
  return { min: mins[0], max: maxes[maxes.length - 1] };
}

// ---------------------------------------------------------------------------------------------
// Id selection problems
// ---------------------------------------------------------------------------------------------

/** Why the id selection cannot be used, in plain words, or null when it can. */
export function idSelectionProblem(ids: IdSelection): string | null {
  switch (ids.kind) {
    case 'any':
      return null;
    case 'one':
      return idProblem(ids.id);
    case 'list':
      return listProblem(ids.ids);
    case 'range':
      return rangeProblem(ids.from, ids.to);
  }
}

function idProblem(id: string): string | null {
  if (id === '') return 'Enter an id.';
  if (/\s/.test(id)) return 'An id cannot contain spaces, tabs or line breaks.';
  if (id.includes('/')) return 'An id cannot contain "/": it is one part of the subject.';
  return null;
}

function listProblem(ids: readonly string[]): string | null {
  if (ids.length === 0) return 'Add at least one id to the list.';
  for (const [position, id] of ids.entries()) {
    const problem = idProblem(id);
    if (problem) return `Item ${position + 1} of the list: ${problem}`;
  }
  return null;
}

function rangeProblem(from: string, to: string): string | null {
  if (from === '' || to === '') return 'Enter both ends of the range.';
  if (!isDigits(from) || !isDigits(to))
    return 'Both ends of a range must be numbers (digits only).';
  if (from.length !== to.length) {
    return 'Both ends of the range must have the same number of digits (pad with zeros: 0001 to 0010).';
  }
  if (from.length > MAX_RANGE_DIGITS) {
    return `Range ends can have at most ${MAX_RANGE_DIGITS} digits.`;
  }
  if (compareDigitStrings(from, to) > 0) return 'The start of the range is after its end.';
  return null;
}
