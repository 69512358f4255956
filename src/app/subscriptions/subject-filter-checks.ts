/**
 * Checks on a subject filter expression, whether or not the builder can represent it as
 * pieces: why it does not compile ({@link subjectFilterSyntax}), the mistakes testers make
 * ({@link subjectFilterWarnings}: ids that also match longer ids, unescaped dots, MQTT
 * wildcards, expressions that backtrack badly, stray whitespace, a "$" that matches nothing),
 * and what it matches in one plain sentence ({@link explainSubjectFilter}).
 */
import safeRegex from 'safe-regex2';
import { subjectFilterSyntaxProblem } from './filter-matching';
import {
  ClassToken,
  ESCAPE_LENGTH,
  IDENTITY_ESCAPE,
  OpenToken,
  QuantifierToken,
  Token,
  isSegmentEnd,
  isSegmentStart,
  isSlash,
  tokenize,
} from './regex-tokens';
import {
  IdSelection,
  SUBJECT_CATALOG,
  SubjectPieces,
  parseSubjectFilter,
} from './subject-filter-builder';

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

/** A sentence names this many ids at most; the rest are counted. */
const MAX_NAMED_IDS = 8;

function joinWithAnd(items: readonly string[]): string {
  if (items.length < 2) return items.join('');
  if (items.length > MAX_NAMED_IDS) {
    const rest = items.length - MAX_NAMED_IDS;
    return `${items.slice(0, MAX_NAMED_IDS).join(', ')} and ${rest} more (${items.length} in all)`;
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
