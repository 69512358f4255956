/**
 * Subject filters as pieces, and back.
 *
 * A CloudLink subject filter is an unanchored JavaScript regular expression (no flags) over
 * subjects such as `/2017-09-01/endpoints/130001/calls/884422`. The subscription form lets a
 * tester either pick pieces (version, collection, ids, sub-collection) or edit the expression;
 * this module converts between the two, explains an expression in one sentence, and points at
 * the mistakes testers make (ids that also match longer ids, unescaped dots, MQTT wildcards,
 * expressions that backtrack badly, stray whitespace, a "$" that matches nothing).
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
import safeRegex from 'safe-regex2';
import toRegexRange from 'to-regex-range';
import { subjectFilterSyntaxProblem } from './filter-matching';

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
  },
  {
    topic: 'platform-api-presence',
    collection: 'presentities',
    subCollections: [],
    shape: '/2017-09-01/presentities/{userId}',
    examples: ['/2017-09-01/presentities/00000000-0000-4000-8000-000000130001'],
    idLabel: 'user id',
  },
  {
    topic: 'platform-api-conversations',
    collection: 'conversations',
    subCollections: ['messages'],
    shape: '/2017-09-01/conversations/{conversationId}/messages/{messageId}',
    examples: ['/2017-09-01/conversations/4711/messages/1'],
    idLabel: 'conversation id',
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
/** Characters that, escaped with a backslash, stand for themselves. */
const IDENTITY_ESCAPE = /^[^A-Za-z0-9]$/;
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
// Tokens: just enough of the JavaScript regular expression grammar (no flags, Annex B)
// ---------------------------------------------------------------------------------------------

type GroupKind =
  'capture' | 'non-capture' | 'lookahead' | 'lookbehind' | 'named' | 'modifier' | 'invalid';

interface SimpleToken {
  readonly kind: 'literal' | 'escape' | 'dot' | 'start' | 'end' | 'alt' | 'close';
  readonly text: string;
  readonly index: number;
}

interface ClassToken {
  readonly kind: 'class';
  readonly text: string;
  readonly index: number;
  readonly negated: boolean;
  readonly closed: boolean;
}

interface OpenToken {
  readonly kind: 'open';
  readonly text: string;
  readonly index: number;
  readonly group: GroupKind;
}

interface QuantifierToken {
  readonly kind: 'quant';
  readonly text: string;
  readonly index: number;
  readonly min: number;
  readonly max: number;
  readonly lazy: boolean;
}

type Token = SimpleToken | ClassToken | OpenToken | QuantifierToken;

const SIMPLE_KINDS: Readonly<Record<string, SimpleToken['kind']>> = {
  '.': 'dot',
  '^': 'start',
  $: 'end',
  '|': 'alt',
  ')': 'close',
};

const GROUP_OPENERS: readonly (readonly [string, GroupKind])[] = [
  ['(?:', 'non-capture'],
  ['(?=', 'lookahead'],
  ['(?!', 'lookahead'],
  ['(?<=', 'lookbehind'],
  ['(?<!', 'lookbehind'],
];
const NAMED_GROUP = /^\(\?<[A-Za-z_$][\w$]*>/;
const MODIFIER_GROUP = /^\(\?[ims]*(?:-[ims]+)?:/;
const QUANTIFIER = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})(\?)?/;
const ESCAPE_LENGTH = 2;

/** The expression's tokens, left to right; their texts concatenate to the expression. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const token = readToken(source, index);
    tokens.push(token);
    index += token.text.length;
  }
  return tokens;
}

function readToken(source: string, index: number): Token {
  const char = source[index];
  if (char === '\\') {
    return { kind: 'escape', text: source.slice(index, index + ESCAPE_LENGTH), index };
  }
  if (char === '[') return readClass(source, index);
  if (char === '(') return readOpen(source, index);
  const quantifier = readQuantifier(source, index);
  if (quantifier) return quantifier;
  return { kind: SIMPLE_KINDS[char] ?? 'literal', text: char, index };
}

function readClass(source: string, index: number): ClassToken {
  let end = index + 1;
  const negated = source[end] === '^';
  if (negated) end++;
  let closed = false;
  while (end < source.length && !closed) {
    if (source[end] === '\\') {
      end += ESCAPE_LENGTH;
    } else {
      closed = source[end] === ']';
      end++;
    }
  }
  return { kind: 'class', text: source.slice(index, end), index, negated, closed };
}

function readOpen(source: string, index: number): OpenToken {
  for (const [opener, group] of GROUP_OPENERS) {
    if (source.startsWith(opener, index)) return { kind: 'open', text: opener, index, group };
  }
  const rest = source.slice(index);
  const named = NAMED_GROUP.exec(rest);
  if (named) return { kind: 'open', text: named[0], index, group: 'named' };
  const modifier = MODIFIER_GROUP.exec(rest);
  if (modifier) return { kind: 'open', text: modifier[0], index, group: 'modifier' };
  if (rest.startsWith('(?')) return { kind: 'open', text: '(?', index, group: 'invalid' };
  return { kind: 'open', text: '(', index, group: 'capture' };
}

function readQuantifier(source: string, index: number): QuantifierToken | null {
  const found = QUANTIFIER.exec(source.slice(index));
  if (!found) return null;
  const [text, symbol, low, comma, high, lazy] = found;
  const [min, max] = symbol ? symbolBounds(symbol) : braceBounds(low, comma, high);
  return { kind: 'quant', text, index, min, max, lazy: lazy === '?' };
}

function symbolBounds(symbol: string): [number, number] {
  if (symbol === '?') return [0, 1];
  return [symbol === '+' ? 1 : 0, Number.POSITIVE_INFINITY];
}

function braceBounds(
  low: string,
  comma: string | undefined,
  high: string | undefined,
): [number, number] {
  const min = Number(low);
  if (comma === undefined) return [min, min];
  return [min, high ? Number(high) : Number.POSITIVE_INFINITY];
}

function isSlash(token: Token | undefined): boolean {
  return token?.kind === 'literal' && token.text === '/';
}

/** Whether a path segment can begin after this token (undefined: the expression's start). */
function isSegmentStart(token: Token | undefined): boolean {
  return token === undefined || isSlash(token) || token.kind === 'start';
}

/** Whether a path segment ends before this token (undefined: the expression's end). */
function isSegmentEnd(token: Token | undefined): boolean {
  return token === undefined || isSlash(token) || token.kind === 'end';
}

/** The parts of the text separated by top-level (not grouped, not in a class) separators. */
function splitTopLevel(text: string, isSeparator: (token: Token) => boolean): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (const token of tokenize(text)) {
    if (token.kind === 'open') depth++;
    else if (token.kind === 'close') depth--;
    else if (depth === 0 && isSeparator(token)) {
      parts.push(text.slice(start, token.index));
      start = token.index + token.text.length;
    }
  }
  parts.push(text.slice(start));
  return parts;
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

// ---------------------------------------------------------------------------------------------
// Syntax problems
// ---------------------------------------------------------------------------------------------

/** A subject filter that does not compile: what is wrong, and where when that is known. */
export interface SyntaxProblem {
  readonly message: string;
  /** Position (0-based) of the offending character; null when it could not be located. */
  readonly index: number | null;
}

interface LocatedProblem {
  readonly message: string;
  readonly index: number;
}

/** V8 prefixes its messages with the whole expression; the rest is the useful part. */
const ENGINE_PREFIX = /^Invalid regular expression: \/[\s\S]*\/[a-z]*: /;

/**
 * Null when the expression compiles as CloudLink compiles it; otherwise a plain-words
 * message (positions counted from 1 for people) followed by the engine's message, and the
 * 0-based index of the problem where it can be located: unbalanced "(" / ")" / "[", a
 * quantifier with nothing to repeat, a trailing backslash, {n,m} out of order, a backwards
 * class range, an invalid "(?" group.
 */
export function subjectFilterSyntax(expression: string): SyntaxProblem | null {
  const engineMessage = subjectFilterSyntaxProblem(expression);
  if (engineMessage === null) return null;
  const detail = engineMessage.replace(ENGINE_PREFIX, '');
  const located = locateSyntaxProblem(tokenize(expression));
  if (!located) return { message: `Not a valid regular expression (${detail}).`, index: null };
  return { message: `${located.message} (${detail})`, index: located.index };
}

function characterAt(index: number): string {
  return `character ${index + 1}`;
}

function locateSyntaxProblem(tokens: readonly Token[]): LocatedProblem | null {
  const openGroups: OpenToken[] = [];
  let closedGroup: OpenToken | undefined;
  for (const [position, token] of tokens.entries()) {
    const previous: Token | undefined = tokens[position - 1];
    const problem = tokenProblem(token, previous, closedGroup, openGroups);
    if (problem) return problem;
    closedGroup = token.kind === 'close' ? openGroups.pop() : undefined;
  }
  const unclosed = openGroups[0];
  return unclosed
    ? {
        message: `The "(" at ${characterAt(unclosed.index)} is never closed.`,
        index: unclosed.index,
      }
    : null;
}

/** The token's own problem; pushes opened groups, leaves popping to the caller. */
function tokenProblem(
  token: Token,
  previous: Token | undefined,
  closedGroup: OpenToken | undefined,
  openGroups: OpenToken[],
): LocatedProblem | null {
  switch (token.kind) {
    case 'escape':
      return token.text.length < ESCAPE_LENGTH ? trailingBackslashProblem(token) : null;
    case 'class':
      return classProblem(token);
    case 'open':
      openGroups.push(token);
      return token.group === 'invalid' ? invalidGroupProblem(token) : null;
    case 'close':
      return openGroups.length === 0 ? unmatchedCloseProblem(token) : null;
    case 'quant':
      return quantifierProblem(token, previous, closedGroup);
    default:
      return null;
  }
}

function trailingBackslashProblem(token: Token): LocatedProblem {
  return {
    message: `The expression ends with a lone "\\" (${characterAt(token.index)}); write "\\\\" for a literal backslash.`,
    index: token.index,
  };
}

function invalidGroupProblem(token: Token): LocatedProblem {
  return {
    message: `"(?" at ${characterAt(token.index)} does not start a valid group; write "(?:" for a group or "\\(" for a literal parenthesis.`,
    index: token.index,
  };
}

function unmatchedCloseProblem(token: Token): LocatedProblem {
  return {
    message: `The ")" at ${characterAt(token.index)} has no matching "("; write "\\)" for a literal parenthesis.`,
    index: token.index,
  };
}

function classProblem(token: ClassToken): LocatedProblem | null {
  if (!token.closed) {
    return {
      message: `The "[" at ${characterAt(token.index)} is never closed with "]".`,
      index: token.index,
    };
  }
  const backwards = backwardsClassRange(token);
  return backwards
    ? {
        message: `The range "${backwards.text}" at ${characterAt(backwards.index)} is backwards; put the smaller character first.`,
        index: backwards.index,
      }
    : null;
}

interface ClassAtom {
  /** The character it stands for; null for class escapes such as \d. */
  readonly value: string | null;
  readonly start: number;
  readonly end: number;
}

function readClassAtom(text: string, start: number): ClassAtom {
  if (text[start] !== '\\') return { value: text[start], start, end: start + 1 };
  const escaped = text[start + 1] ?? '';
  const value = IDENTITY_ESCAPE.test(escaped) ? escaped : null;
  return { value, start, end: start + ESCAPE_LENGTH };
}

/** The first range like "z-a" in the class whose ends are in the wrong order. */
function backwardsClassRange(token: ClassToken): { text: string; index: number } | null {
  const text = token.text;
  const bodyEnd = text.length - 1;
  let position = token.negated ? 2 : 1;
  while (position < bodyEnd) {
    const low = readClassAtom(text, position);
    position = low.end;
    if (text[position] !== '-' || position + 1 >= bodyEnd) continue;
    const high = readClassAtom(text, position + 1);
    position = high.end;
    if (low.value !== null && high.value !== null && low.value > high.value) {
      return { text: text.slice(low.start, high.end), index: token.index + low.start };
    }
  }
  return null;
}

function isRepeatable(previous: Token | undefined, closedGroup: OpenToken | undefined): boolean {
  switch (previous?.kind) {
    case 'literal':
    case 'dot':
    case 'class':
      return true;
    case 'escape':
      return previous.text !== '\\b' && previous.text !== '\\B';
    case 'close':
      return closedGroup?.group !== 'lookbehind';
    default:
      return false;
  }
}

function quantifierProblem(
  token: QuantifierToken,
  previous: Token | undefined,
  closedGroup: OpenToken | undefined,
): LocatedProblem | null {
  const where = characterAt(token.index);
  if (previous?.kind === 'close' && closedGroup?.group === 'lookbehind') {
    return {
      message: `A lookbehind cannot be repeated ("${token.text}" at ${where}).`,
      index: token.index,
    };
  }
  if (!isRepeatable(previous, closedGroup)) {
    return {
      message: `"${token.text}" at ${where} has nothing before it to repeat.${quantifierHint(token)}`,
      index: token.index,
    };
  }
  if (token.min > token.max) {
    return {
      message: `"${token.text}" at ${where} has its numbers out of order; the smaller one comes first.`,
      index: token.index,
    };
  }
  return null;
}

function quantifierHint(token: QuantifierToken): string {
  if (token.text.startsWith('+')) {
    return ' Subject filters are regular expressions, not MQTT topic filters: for one level write [^/]+.';
  }
  if (token.text.startsWith('*')) {
    return ' Subject filters are regular expressions, not globs: for anything write .* and for one level [^/]+.';
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// Warnings
// ---------------------------------------------------------------------------------------------

/** What a warning is about. */
export type WarningCode =
  | 'unanchored-id'
  | 'unescaped-dot'
  | 'mqtt-wildcard'
  | 'backtracking'
  | 'whitespace'
  | 'anchored-end';

/** A likely mistake in a subject filter that compiles. */
export interface FilterWarning {
  readonly code: WarningCode;
  readonly message: string;
  /** Position (0-based) of the offending part; null when it is the expression as a whole. */
  readonly index: number | null;
}

/** Characters an id written out literally is made of (user ids are UUIDs with hyphens). */
const ID_CHAR = /^[\w-]$/;
const WHITESPACE = /\s/;

/**
 * Likely mistakes in a subject filter, sorted by index (null last); [] when the expression
 * does not compile (see {@link subjectFilterSyntax}). Never throws.
 *
 * - unanchored-id: a literal id right after a known collection name ("/endpoints/13000") at
 *   the very end, so it also matches longer ids. Only segments after a catalog collection
 *   count, so a version at the end ("/2017-09-01") does not warn.
 * - unescaped-dot: "." not escaped, not in a class and not repeated (".*", ".+" are wildcards).
 * - mqtt-wildcard: "+" or "#" filling a whole path segment ("/+/", "/#"). A "+" with nothing
 *   before it does not compile and is reported by subjectFilterSyntax instead.
 * - backtracking: nested unbounded repetition that safe-regex2 rejects ("(a+)+"), or two
 *   unbounded repetitions in a row where one is "." or both repeat the same thing (".*.*").
 * - whitespace: any space, tab or line break (subjects never contain them).
 * - anchored-end: "$" right after a collection or sub-collection name ("/calls$"), where
 *   subjects always continue.
 */
export function subjectFilterWarnings(expression: string): FilterWarning[] {
  if (subjectFilterSyntaxProblem(expression) !== null) return [];
  const tokens = tokenize(expression);
  return [
    ...unanchoredIdWarnings(tokens),
    ...unescapedDotWarnings(tokens),
    ...mqttWildcardWarnings(tokens),
    ...backtrackingWarnings(expression, tokens),
    ...whitespaceWarnings(expression),
    ...anchoredEndWarnings(tokens),
  ].sort(byIndex);
}

function byIndex(a: FilterWarning, b: FilterWarning): number {
  if (a.index === b.index) return 0;
  if (a.index === null) return 1;
  if (b.index === null) return -1;
  return a.index - b.index;
}

/** A run of literal id characters ending just before token `end` (exclusive). */
interface WordRun {
  readonly text: string;
  /** The position of its first token. */
  readonly first: number;
}

function wordRunBefore(tokens: readonly Token[], end: number): WordRun | null {
  let first = end;
  while (
    first > 0 &&
    tokens[first - 1].kind === 'literal' &&
    ID_CHAR.test(tokens[first - 1].text)
  ) {
    first--;
  }
  if (first === end) return null;
  const text = tokens
    .slice(first, end)
    .map((token) => token.text)
    .join('');
  return { text, first };
}

/** A whole path segment that is a literal word ending just before token `end`. */
function segmentBefore(tokens: readonly Token[], end: number): WordRun | null {
  const run = wordRunBefore(tokens, end);
  return run && isSegmentStart(tokens[run.first - 1]) ? run : null;
}

function unanchoredIdWarnings(tokens: readonly Token[]): FilterWarning[] {
  const id = segmentBefore(tokens, tokens.length);
  if (!id || id.first === 0) return [];
  const collection = segmentBefore(tokens, id.first - 1);
  const shape = SUBJECT_CATALOG.find((entry) => entry.collection === collection?.text);
  if (!isSlash(tokens[id.first - 1]) || !shape) return [];
  const [sub] = shape.subCollections;
  const advice = sub
    ? `End it with "/" or "(?:/|$)", or add the sub-collection ("/${sub}").`
    : 'End it with "$" or "(?:/|$)".';
  const message = `"/${shape.collection}/${id.text}" also matches longer ids such as ${id.text}1 and ${id.text}9. ${advice}`;
  return [{ code: 'unanchored-id', message, index: tokens[id.first].index }];
}

function unescapedDotWarnings(tokens: readonly Token[]): FilterWarning[] {
  return tokens
    .filter((token, position) => token.kind === 'dot' && tokens[position + 1]?.kind !== 'quant')
    .map((token) => ({
      code: 'unescaped-dot',
      message: '"." matches any character here; write "\\." for a literal dot.',
      index: token.index,
    }));
}

function mqttWildcardWarnings(tokens: readonly Token[]): FilterWarning[] {
  const warnings: FilterWarning[] = [];
  for (const [position, token] of tokens.entries()) {
    const previous = tokens[position - 1];
    const next = tokens[position + 1];
    if (!isSegmentEnd(next)) continue;
    if (token.kind === 'quant' && token.text === '+' && isSlash(previous)) {
      warnings.push(
        mqttWarning(
          token,
          'repeats the "/" before it instead of matching one level; use [^/]+ for one level.',
        ),
      );
    } else if (token.kind === 'literal' && token.text === '#' && isSegmentStart(previous)) {
      warnings.push(
        mqttWarning(
          token,
          'only matches a literal "#"; leave the rest off instead (filters are not anchored at the end).',
        ),
      );
    }
  }
  return warnings;
}

function mqttWarning(token: Token, meaning: string): FilterWarning {
  return {
    code: 'mqtt-wildcard',
    message: `CloudLink subject filters are regular expressions, not MQTT topic filters: "${token.text}" here ${meaning}`,
    index: token.index,
  };
}

/** safe-regex2 counts repetitions too; only the star height matters here. */
const SAFE_REGEX_OPTIONS = { limit: Number.POSITIVE_INFINITY };

function backtrackingWarnings(expression: string, tokens: readonly Token[]): FilterWarning[] {
  const warnings: FilterWarning[] = [];
  const nested = safeRegex(expression, SAFE_REGEX_OPTIONS) ? null : nestedRepetition(tokens);
  if (nested) {
    warnings.push({
      code: 'backtracking',
      message: `Repeating a group that itself repeats ("${nested.text}") can backtrack badly on long subjects and hang the page; repeat once, e.g. [^/]+ for one path level.`,
      index: nested.index,
    });
  }
  const adjacent = adjacentWildcards(tokens);
  if (adjacent) {
    warnings.push({
      code: 'backtracking',
      message: `Two wildcards in a row ("${adjacent.text}") can backtrack badly on long subjects; one is enough, and [^/]+ keeps it to one path level.`,
      index: adjacent.index,
    });
  }
  return warnings;
}

interface Excerpt {
  readonly text: string;
  readonly index: number;
}

interface GroupFrame {
  readonly open: OpenToken;
  repeatsInside: boolean;
}

/**
 * The first group repeated more than once that contains an unbounded repetition, e.g.
 * "(a+)+". safe-regex2 decides whether the expression is unsafe; this finds where (and keeps
 * expressions its parser cannot read, such as lookbehinds, from being reported for nothing).
 */
function nestedRepetition(tokens: readonly Token[]): Excerpt | null {
  const frames: GroupFrame[] = [];
  let closed: GroupFrame | undefined;
  for (const token of tokens) {
    if (token.kind === 'open') frames.push({ open: token, repeatsInside: false });
    if (token.kind === 'quant') {
      if (closed?.repeatsInside && token.max > 1) {
        const end = token.index + token.text.length;
        return { text: tokensText(tokens, closed.open.index, end), index: closed.open.index };
      }
      const frame = frames[frames.length - 1];
      if (frame && token.max === Number.POSITIVE_INFINITY) frame.repeatsInside = true;
    }
    closed = token.kind === 'close' ? closeFrame(frames) : undefined;
  }
  return null;
}

function closeFrame(frames: GroupFrame[]): GroupFrame | undefined {
  const frame = frames.pop();
  const parent = frames[frames.length - 1];
  if (frame?.repeatsInside && parent) parent.repeatsInside = true;
  return frame;
}

function tokensText(tokens: readonly Token[], start: number, end: number): string {
  return tokens
    .filter((token) => token.index >= start && token.index < end)
    .map((token) => token.text)
    .join('');
}

const REPEATABLE_ATOMS: ReadonlySet<Token['kind']> = new Set(['dot', 'class', 'escape', 'literal']);

/** The atom at `position` when it is followed by an unbounded quantifier, else null. */
function unboundedAtom(tokens: readonly Token[], position: number): Token | null {
  const atom = tokens[position];
  const quantifier = tokens[position + 1];
  if (!atom || !REPEATABLE_ATOMS.has(atom.kind) || quantifier?.kind !== 'quant') return null;
  return quantifier.max === Number.POSITIVE_INFINITY ? atom : null;
}

/** Two unbounded repetitions in a row where one is "." or both repeat the same thing. */
function adjacentWildcards(tokens: readonly Token[]): Excerpt | null {
  for (let position = 0; position < tokens.length; position++) {
    const first = unboundedAtom(tokens, position);
    const second = unboundedAtom(tokens, position + 2);
    if (!first || !second) continue;
    if (first.kind === 'dot' || second.kind === 'dot' || first.text === second.text) {
      const text = [0, 1, 2, 3].map((offset) => tokens[position + offset].text).join('');
      return { text, index: first.index };
    }
  }
  return null;
}

function whitespaceWarnings(expression: string): FilterWarning[] {
  const index = expression.search(WHITESPACE);
  if (index < 0) return [];
  const where =
    index === 0
      ? 'at the start'
      : expression.trimEnd().length <= index
        ? 'at the end'
        : `at ${characterAt(index)}`;
  return [
    {
      code: 'whitespace',
      message: `There is whitespace ${where}; subjects never contain spaces, tabs or line breaks, so remove it.`,
      index,
    },
  ];
}

function anchoredEndWarnings(tokens: readonly Token[]): FilterWarning[] {
  const last = tokens[tokens.length - 1];
  if (last?.kind !== 'end') return [];
  const name = segmentBefore(tokens, tokens.length - 1);
  const continuation = name ? segmentAfter(name.text) : null;
  if (!name || continuation === null) return [];
  return [
    {
      code: 'anchored-end',
      message: `"$" right after "${name.text}" matches no event subject: subjects continue there with "/${continuation}". Remove the "$".`,
      index: last.index,
    },
  ];
}

/** The placeholder that follows a collection or sub-collection name in the catalog shapes. */
function segmentAfter(name: string): string | null {
  for (const { shape } of SUBJECT_CATALOG) {
    const segments = shape.split('/');
    const position = segments.indexOf(name);
    if (position > 0 && position < segments.length - 1) return segments[position + 1];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Explanation
// ---------------------------------------------------------------------------------------------

const UNANCHORED_SENTENCE =
  'Matches any subject that contains a match for this regular expression anywhere (subject filters are not anchored).';
const STARTS_WITH_SENTENCE =
  'Matches any subject that starts with a match for this regular expression (the rest of the subject can be anything).';
const EMPTY_SENTENCE = 'Matches every subject (the filter is empty).';
const INVALID_SENTENCE = 'Not a valid regular expression.';

/**
 * The expression in one plain sentence: built from the pieces when it is canonical
 * ("Calls of extensions 130001 to 130003 (API 2017-09-01)."), a general description of
 * unanchored matching otherwise, and "Not a valid regular expression." when it does not
 * compile.
 */
export function explainSubjectFilter(expression: string): string {
  if (subjectFilterSyntaxProblem(expression) !== null) return INVALID_SENTENCE;
  if (expression === '') return EMPTY_SENTENCE;
  const pieces = parseSubjectFilter(expression);
  if (pieces) return explainPieces(pieces);
  return expression.startsWith('^') ? STARTS_WITH_SENTENCE : UNANCHORED_SENTENCE;
}

function explainPieces(pieces: SubjectPieces): string {
  const lead = pieces.subCollection ? `${capitalize(pieces.subCollection)} of` : 'Everything about';
  const version = pieces.version ? `API ${pieces.version}` : 'any API version';
  return `${lead} ${describeIds(pieces.ids, nounFor(pieces.collection))} (${version}).`;
}

function describeIds(ids: IdSelection, noun: string): string {
  switch (ids.kind) {
    case 'any':
      return `every ${noun}`;
    case 'one':
      return `${noun} ${ids.id}`;
    case 'list':
      return `${noun}s ${joinWithAnd(ids.ids)}`;
    case 'range':
      return `${noun}s ${ids.from} to ${ids.to}`;
  }
}

/** What one item of the collection is called: 'extension', 'user', 'conversation'. */
function nounFor(collection: string): string {
  const shape = SUBJECT_CATALOG.find((entry) => entry.collection === collection);
  return shape ? shape.idLabel.replace(/ id$/, '') : collection.replace(/s$/, '');
}

function joinWithAnd(items: readonly string[]): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
