/**
 * A publication filter as rows that a form can edit (field, operator, value; all joined by
 * "and" or all by "or") and as the JSONPath that CloudLink evaluates, in both directions.
 * Also a checker with positions and a one-sentence explanation for JSONPath typed by hand.
 *
 * How jsonpath-plus 10.4 (safe evaluator, as delivery runs it) reads a filter, and what the
 * JSONPath written here does about it:
 * - String literals follow jsep: a backslash makes the next character stand for itself
 *   (\' \" \\ \]), except \n \r \t \b \f \v, which are control characters.
 * - The filter is cut out of the path by a lazy regular expression that stops at the first
 *   ")" followed by "'" or "]" (unless a "]" comes two characters later), inside quotes too.
 *   So "'" and "]" after a ")" in a value get a backslash, and a value that ends in ")" is
 *   double-quoted.
 * - "@" followed by ".", whitespace, ")", "[", "root", "parent", "property", "path" or a
 *   type test such as "string()" is rewritten inside quotes too: a backslash breaks it up.
 * - An error while evaluating one publication (a method called on a missing field) counts
 *   as "not selected" for the whole filter. That is right for "and" rows, but in an "or" it
 *   would drop publications that another row passes, so "or" filters guard those calls:
 *   (@.content.from || '').startsWith('+1613').
 * - A line break in the path ends the filter early: values cannot contain control
 *   characters or line separators.
 */
import { CALL_CAUSES, CALL_STATES, DIRECTIONS } from '../events/call-event';
import { publicationFilterProblem } from './filter-matching';

/** A publication field a filter row can test; `path` is relative to the publication. */
export interface FilterField {
  readonly key: string;
  readonly label: string;
  readonly path: string;
  /** Every value the field takes, when that is a known list (the form offers a choice). */
  readonly values?: readonly string[];
}

/** The fields the row editor offers, in display order. */
export const FILTER_FIELDS: readonly FilterField[] = [
  { key: 'state', label: 'State', path: 'content.state', values: CALL_STATES },
  { key: 'direction', label: 'Direction', path: 'content.direction', values: DIRECTIONS },
  { key: 'cause', label: 'Cause', path: 'content.cause', values: CALL_CAUSES },
  { key: 'from', label: 'From', path: 'content.from' },
  { key: 'fromName', label: 'From name', path: 'content.fromName' },
  { key: 'to', label: 'To', path: 'content.to' },
  { key: 'toName', label: 'To name', path: 'content.toName' },
  { key: 'endpointId', label: 'Endpoint ID', path: 'content.endpointId' },
  { key: 'callId', label: 'Call ID', path: 'content.callId' },
  { key: 'subject', label: 'Subject', path: 'subject' },
  { key: 'method', label: 'Method', path: 'method' },
];

/** How a row compares its field; values are compared as strings, case-sensitively. */
export type FilterOperator =
  'is' | 'isNot' | 'startsWith' | 'endsWith' | 'contains' | 'exists' | 'absent';

/** The operators the row editor offers; `needsValue` is false for presence tests. */
export const FILTER_OPERATORS: readonly {
  readonly key: FilterOperator;
  readonly label: string;
  readonly needsValue: boolean;
}[] = [
  { key: 'is', label: 'is', needsValue: true },
  { key: 'isNot', label: 'is not', needsValue: true },
  { key: 'startsWith', label: 'starts with', needsValue: true },
  { key: 'endsWith', label: 'ends with', needsValue: true },
  { key: 'contains', label: 'contains', needsValue: true },
  { key: 'exists', label: 'is present', needsValue: false },
  { key: 'absent', label: 'is absent', needsValue: false },
];

/** One condition: `field` is a FILTER_FIELDS key; `value` is ignored by presence tests. */
export interface FilterRow {
  readonly field: string;
  readonly operator: FilterOperator;
  readonly value: string;
}

/** How the rows of a filter are joined. */
export type Combinator = 'and' | 'or';

/** A publication filter as rows. */
export interface RowsFilter {
  readonly combinator: Combinator;
  readonly rows: readonly FilterRow[];
}

/** The verdict on a JSONPath publication filter. */
export interface JsonPathCheck {
  /** Why the filter cannot be used, or null. */
  readonly problem: string | null;
  /** Where in the expression the problem is (0-based), when known. */
  readonly index: number | null;
  /** Likely mistakes that do not stop the filter from being used (only without a problem). */
  readonly warnings: readonly string[];
}

type StringOperator = 'startsWith' | 'endsWith' | 'contains';
type EqualityOperator = 'is' | 'isNot';

const FILTER_PREFIX = '$.publications[?(';
const FILTER_SUFFIX = ')]';
const PUBLICATIONS_SEGMENT = 'publications';
const JOINERS: Readonly<Record<Combinator, string>> = { and: '&&', or: '||' };
const STRING_METHODS: Readonly<Record<StringOperator, string>> = {
  startsWith: 'startsWith',
  endsWith: 'endsWith',
  contains: 'includes',
};
const STRING_OPERATOR_BY_METHOD = new Map<string, StringOperator>(
  Object.entries(STRING_METHODS).map(([operator, method]) => [method, operator as StringOperator]),
);
/** Method calls that throw on a missing field (the ones the "or" guard is for). */
const THROWING_METHODS = new Set([...Object.values(STRING_METHODS), 'indexOf']);
const EQUALITY_OPERATORS = new Map<string, EqualityOperator>([
  ['==', 'is'],
  ['===', 'is'],
  ['!=', 'isNot'],
  ['!==', 'isNot'],
]);

const SINGLE_QUOTE = "'";
const DOUBLE_QUOTE = '"';
const QUOTES = SINGLE_QUOTE + DOUBLE_QUOTE;
const BACKSLASH = '\\';
/** After a backslash, jsep reads these letters as control characters. */
const JSEP_CONTROL_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
};
/** What jsonpath-plus rewrites when it follows "@", even inside quotes. */
const AT_REWRITE_SOURCE =
  '[.\\s)[]|parent|property|path|root|(?:null|boolean|number|string|integer|undefined|nonFinite|scalar|array|object|function|other)\\(\\)';
const AT_REWRITE_AFTER_AT = new RegExp(`^(?:${AT_REWRITE_SOURCE})`, 'u');
const AT_REWRITE_ANYWHERE = new RegExp(`@(?:${AT_REWRITE_SOURCE})`, 'u');
const FORBIDDEN_VALUE_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;

/** Publication keys a filter may name directly; everything else lives under content. */
const TOP_LEVEL_KEYS = new Set(['publicationId', 'topic', 'method', 'subject', 'content']);
const CONTENT_PREFIX = 'content.';
const CONTENT_KEYS = new Set([
  ...FILTER_FIELDS.filter((field) => field.path.startsWith(CONTENT_PREFIX)).map((field) =>
    field.path.slice(CONTENT_PREFIX.length),
  ),
  'timestamp',
  'eventId',
]);

const FIELDS_BY_KEY = new Map(FILTER_FIELDS.map((field) => [field.key, field]));
const FIELDS_BY_PATH = new Map(FILTER_FIELDS.map((field) => [field.path, field]));
const OPERATORS_BY_KEY = new Map(FILTER_OPERATORS.map((operator) => [operator.key, operator]));

const NOT_ROOTED =
  'A publication filter is JSONPath and starts with "$", as in ' +
  "$.publications[?(@.content.state == 'ringing')].";
const SINGLE_EQUALS = 'Use == to compare; a single = never matches.';
const CONTROL_CHARACTER_PROBLEM = 'A value cannot contain line breaks or control characters.';
const NO_FILTER_EXPLANATION =
  'No publication filter: every publication that matches the subject filter is delivered.';
const JSONPATH_EXPLANATION =
  'Passes a publication when this JSONPath selects anything from { publications: [publication] }.';
const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']' };
const CLOSERS: Readonly<Record<string, string>> = { ')': '(', ']': '[' };

// ---------------------------------------------------------------------------------------
// Rows

/** Why a row cannot be turned into JSONPath (unknown field, missing value, ...), or null. */
export function rowProblem(row: FilterRow): string | null {
  const field = FIELDS_BY_KEY.get(row.field);
  if (!field) return `Unknown field "${row.field}".`;
  const operator = OPERATORS_BY_KEY.get(row.operator);
  if (!operator) return `Unknown operator "${row.operator}".`;
  if (!operator.needsValue) return null;
  if (row.value.trim() === '') return `"${field.label} ${operator.label}" needs a value.`;
  if (FORBIDDEN_VALUE_CHARACTERS.test(row.value)) return CONTROL_CHARACTER_PROBLEM;
  return null;
}

/**
 * The canonical JSONPath for rows: `$.publications[?(row && row ...)]`, '' without rows.
 * Rows with a problem (see rowProblem) are left out, so a half-filled row never breaks a
 * preview; the form should not submit while any row has one.
 */
export function buildPublicationFilter(filter: RowsFilter): string {
  const usable = filter.rows.filter((row) => rowProblem(row) === null);
  if (usable.length === 0) return '';
  const guarded = filter.combinator === 'or' && usable.length > 1;
  const expressions = usable.map((row) => rowExpression(row, guarded));
  return FILTER_PREFIX + expressions.join(` ${JOINERS[filter.combinator]} `) + FILTER_SUFFIX;
}

function rowExpression(row: FilterRow, guarded: boolean): string {
  const reference = `@.${FIELDS_BY_KEY.get(row.field)?.path ?? row.field}`;
  switch (row.operator) {
    case 'is':
      return `${reference} == ${stringLiteral(row.value)}`;
    case 'isNot':
      return `${reference} != ${stringLiteral(row.value)}`;
    case 'exists':
      return reference;
    case 'absent':
      return `!${reference}`;
    default: {
      const target = guarded ? `(${reference} || '')` : reference;
      return `${target}.${STRING_METHODS[row.operator]}(${stringLiteral(row.value)})`;
    }
  }
}

/** A jsep string literal that survives jsonpath-plus's text handling (see the top). */
function stringLiteral(value: string): string {
  const quote = value.endsWith(')') ? DOUBLE_QUOTE : SINGLE_QUOTE;
  const escapedAt = atRewriteEscapes(value);
  let body = '';
  for (let index = 0; index < value.length; index++) {
    const character = value[index];
    if (escapedAt.has(index) || needsBackslash(character, value[index - 1], quote)) {
      body += BACKSLASH;
    }
    body += character;
  }
  return quote + body + quote;
}

function needsBackslash(character: string, previous: string | undefined, quote: string): boolean {
  const cutsFilter = previous === ')' && (character === SINGLE_QUOTE || character === ']');
  return character === BACKSLASH || character === quote || cutsFilter;
}

/**
 * Where a backslash breaks up an "@" sequence that jsonpath-plus would rewrite: before the
 * character after the "@", or the one after that when a backslash would make it a control
 * character (@r\oot).
 */
function atRewriteEscapes(value: string): Set<number> {
  const positions = new Set<number>();
  for (let at = value.indexOf('@'); at >= 0; at = value.indexOf('@', at + 1)) {
    if (!AT_REWRITE_AFTER_AT.test(value.slice(at + 1))) continue;
    const next = at + 1;
    positions.add(value[next] in JSEP_CONTROL_ESCAPES ? next + 1 : next);
  }
  return positions;
}

// ---------------------------------------------------------------------------------------
// Tokens

interface PathToken {
  readonly kind: 'path';
  readonly root: string;
  readonly segments: readonly string[];
  readonly index: number;
  readonly end: number;
}

interface StringToken {
  readonly kind: 'string';
  /** The value as jsep reads it. */
  readonly value: string;
  readonly index: number;
  readonly end: number;
}

interface TextToken {
  readonly kind: 'symbol' | 'word';
  readonly text: string;
  readonly index: number;
  readonly end: number;
}

type Token = PathToken | StringToken | TextToken;

/** The tokens of an expression, or where a quote that is never closed opens. */
type Lexed = { readonly tokens: readonly Token[] } | { readonly unclosedQuoteAt: number };

const MULTI_CHARACTER_SYMBOLS = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||'];
const PATH_ROOTS = '@$';
const WHITESPACE = /\s/u;
const WORD_CHARACTER = /\w/u;
const WORD = /\w+/uy;
const IDENTIFIER = /[A-Za-z_$][\w$]*/uy;

function lex(text: string): Lexed {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const character = text[index];
    if (WHITESPACE.test(character)) {
      index++;
      continue;
    }
    const token = readToken(text, index);
    if (token === null) return { unclosedQuoteAt: index };
    tokens.push(token);
    index = token.end;
  }
  return { tokens };
}

function readToken(text: string, index: number): Token | null {
  const character = text[index];
  if (QUOTES.includes(character)) return readString(text, index);
  if (PATH_ROOTS.includes(character)) return readPath(text, index);
  if (WORD_CHARACTER.test(character)) return readWord(text, index);
  return readSymbol(text, index);
}

function readString(text: string, start: number): StringToken | null {
  const quote = text[start];
  let value = '';
  for (let index = start + 1; index < text.length; index++) {
    const character = text[index];
    if (character === quote) return { kind: 'string', value, index: start, end: index + 1 };
    if (character === BACKSLASH) {
      index++;
      const escaped = text[index] ?? '';
      value += JSEP_CONTROL_ESCAPES[escaped] ?? escaped;
    } else {
      value += character;
    }
  }
  return null;
}

function readPath(text: string, start: number): PathToken {
  const segments: string[] = [];
  let index = start + 1;
  for (;;) {
    const identifier = text[index] === '.' ? stickyMatch(IDENTIFIER, text, index + 1) : null;
    if (identifier === null) break;
    segments.push(identifier);
    index += 1 + identifier.length;
  }
  return { kind: 'path', root: text[start], segments, index: start, end: index };
}

function readWord(text: string, start: number): TextToken {
  const word = stickyMatch(WORD, text, start) ?? text[start];
  return { kind: 'word', text: word, index: start, end: start + word.length };
}

function readSymbol(text: string, start: number): TextToken {
  const symbol =
    MULTI_CHARACTER_SYMBOLS.find((candidate) => text.startsWith(candidate, start)) ?? text[start];
  return { kind: 'symbol', text: symbol, index: start, end: start + symbol.length };
}

function stickyMatch(pattern: RegExp, text: string, index: number): string | null {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0] ?? null;
}

function isSymbol(token: Token | undefined, text: string): boolean {
  return token?.kind === 'symbol' && token.text === text;
}

function isPublicationsRoot(token: Token | undefined): boolean {
  return (
    token?.kind === 'path' &&
    token.root === '$' &&
    token.segments.length === 1 &&
    token.segments[0] === PUBLICATIONS_SEGMENT
  );
}

/** The tokens inside `$.publications[?( … )]`, or null for any other shape. */
function filterBody(tokens: readonly Token[]): readonly Token[] | null {
  const framed =
    tokens.length > 6 &&
    isPublicationsRoot(tokens[0]) &&
    isSymbol(tokens[1], '[') &&
    isSymbol(tokens[2], '?') &&
    isSymbol(tokens[3], '(') &&
    isSymbol(tokens[tokens.length - 2], ')') &&
    isSymbol(tokens[tokens.length - 1], ']');
  return framed ? tokens.slice(4, -2) : null;
}

function rawLiteralBody(text: string, token: StringToken): string {
  return text.slice(token.index + 1, token.end - 1);
}

/** Where jsonpath-plus would end the filter inside this literal, or -1. */
function filterCutInside(text: string, token: StringToken): number {
  for (let index = token.index + 1; index < token.end - 1; index++) {
    const next = text[index + 1];
    const cuts =
      text[index] === ')' && (next === SINGLE_QUOTE || next === ']') && text[index + 3] !== ']';
    if (cuts) return index;
  }
  return -1;
}

/** Whether jsonpath-plus compares this literal's text as jsep reads it. */
function isFaithfulLiteral(text: string, token: StringToken): boolean {
  return !AT_REWRITE_ANYWHERE.test(rawLiteralBody(text, token)) && filterCutInside(text, token) < 0;
}

// ---------------------------------------------------------------------------------------
// Parsing

interface ParsedRow {
  readonly row: FilterRow;
  /** A string method call without the "or" guard (wrong in an "or": it may throw). */
  readonly unguarded: boolean;
}

class TokenCursor {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  get done(): boolean {
    return this.position >= this.tokens.length;
  }

  takeSymbol(...texts: readonly string[]): string | null {
    const token = this.tokens[this.position];
    if (token?.kind !== 'symbol' || !texts.includes(token.text)) return null;
    this.position++;
    return token.text;
  }

  takeWord(): string | null {
    const token = this.tokens[this.position];
    if (token?.kind !== 'word') return null;
    this.position++;
    return token.text;
  }

  takeString(): string | null {
    const token = this.tokens[this.position];
    if (token?.kind !== 'string') return null;
    this.position++;
    return token.value;
  }

  /** The segments of an `@.a.b` path. */
  takeItemPath(): readonly string[] | null {
    const token = this.tokens[this.position];
    if (token?.kind !== 'path' || token.root !== '@') return null;
    this.position++;
    return token.segments;
  }
}

/**
 * The rows a JSONPath filter stands for, or null when rows cannot say exactly what it does
 * (another shape, unknown fields, non-string values, && mixed with ||, an unguarded string
 * method in an "or", a filter jsonpath-plus rejects). '' gives no rows.
 */
export function parsePublicationFilter(expression: string): RowsFilter | null {
  if (expression.trim() === '') return { combinator: 'and', rows: [] };
  const lexed = lex(expression);
  if (!('tokens' in lexed)) return null;
  const { tokens } = lexed;
  const literalsFaithful = tokens.every(
    (token) => token.kind !== 'string' || isFaithfulLiteral(expression, token),
  );
  const body = literalsFaithful ? filterBody(tokens) : null;
  const filter = body ? rowsOf(body) : null;
  return filter && publicationFilterProblem(expression) === null ? filter : null;
}

function rowsOf(body: readonly Token[]): RowsFilter | null {
  const cursor = new TokenCursor(body);
  const parsed: ParsedRow[] = [];
  const joiners = new Set<string>();
  for (;;) {
    const row = readRow(cursor);
    if (row === null) return null;
    parsed.push(row);
    if (cursor.done) break;
    const joiner = cursor.takeSymbol(JOINERS.and, JOINERS.or);
    if (joiner === null) return null;
    joiners.add(joiner);
  }
  return rowsFilterOf(parsed, joiners);
}

function rowsFilterOf(parsed: readonly ParsedRow[], joiners: Set<string>): RowsFilter | null {
  if (joiners.size > 1) return null;
  const combinator: Combinator = joiners.has(JOINERS.or) ? 'or' : 'and';
  if (combinator === 'or' && parsed.some((row) => row.unguarded)) return null;
  const rows = parsed.map((row) => row.row);
  return rows.every((row) => rowProblem(row) === null) ? { combinator, rows } : null;
}

function readRow(cursor: TokenCursor): ParsedRow | null {
  if (cursor.takeSymbol('!')) return readAbsence(cursor);
  if (cursor.takeSymbol('(')) return readGuardedCall(cursor);
  const segments = cursor.takeItemPath();
  if (segments === null) return null;
  const field = fieldAtPath(segments);
  return field ? readComparison(cursor, field) : readUnguardedCall(cursor, segments);
}

function fieldAtPath(segments: readonly string[] | null): FilterField | undefined {
  return segments ? FIELDS_BY_PATH.get(segments.join('.')) : undefined;
}

function parsedRow(
  field: FilterField,
  operator: FilterOperator,
  value: string,
  unguarded = false,
): ParsedRow {
  return { row: { field: field.key, operator, value }, unguarded };
}

/** `!@.content.cause` (the "!" already taken). */
function readAbsence(cursor: TokenCursor): ParsedRow | null {
  const field = fieldAtPath(cursor.takeItemPath());
  return field ? parsedRow(field, 'absent', '') : null;
}

/** `@.content.state == 'x'`, `!= 'x'` or a bare `@.content.cause` (the path already taken). */
function readComparison(cursor: TokenCursor, field: FilterField): ParsedRow | null {
  const symbol = cursor.takeSymbol(...EQUALITY_OPERATORS.keys());
  const operator = symbol === null ? undefined : EQUALITY_OPERATORS.get(symbol);
  if (operator === undefined) return parsedRow(field, 'exists', '');
  const value = cursor.takeString();
  return value === null ? null : parsedRow(field, operator, value);
}

/** `@.content.from.startsWith('x')` (the path already taken). */
function readUnguardedCall(cursor: TokenCursor, segments: readonly string[]): ParsedRow | null {
  const operator = STRING_OPERATOR_BY_METHOD.get(segments[segments.length - 1] ?? '');
  const field = fieldAtPath(segments.slice(0, -1));
  const value = operator && field ? readArgument(cursor) : null;
  return operator && field && value !== null ? parsedRow(field, operator, value, true) : null;
}

/** `(@.content.from || '').startsWith('x')` (the "(" already taken). */
function readGuardedCall(cursor: TokenCursor): ParsedRow | null {
  const field = fieldAtPath(cursor.takeItemPath());
  const guarded =
    field !== undefined &&
    cursor.takeSymbol(JOINERS.or) !== null &&
    cursor.takeString() === '' &&
    cursor.takeSymbol(')') !== null &&
    cursor.takeSymbol('.') !== null;
  const operator = guarded ? STRING_OPERATOR_BY_METHOD.get(cursor.takeWord() ?? '') : undefined;
  const value = operator ? readArgument(cursor) : null;
  return field && operator && value !== null ? parsedRow(field, operator, value) : null;
}

/** `('x')` */
function readArgument(cursor: TokenCursor): string | null {
  if (cursor.takeSymbol('(') === null) return null;
  const value = cursor.takeString();
  return value !== null && cursor.takeSymbol(')') !== null ? value : null;
}

// ---------------------------------------------------------------------------------------
// Checking

interface LocatedProblem {
  readonly message: string;
  readonly index: number;
}

/**
 * Whether a JSONPath publication filter can be used: problems with a position for the usual
 * mistakes (no "$", unbalanced brackets, unterminated quotes, a single "=" that silently
 * matches nothing, a ")" that jsonpath-plus takes for the end of the filter), otherwise
 * jsonpath-plus's own verdict; then warnings for likely mistakes. '' (no filter) is fine.
 */
export function checkPublicationFilter(expression: string): JsonPathCheck {
  if (expression.trim() === '') return { problem: null, index: null, warnings: [] };
  const located = locatedProblem(expression);
  if (located) return { problem: located.message, index: located.index, warnings: [] };
  const libraryProblem = publicationFilterProblem(expression);
  if (libraryProblem !== null) return { problem: libraryProblem, index: null, warnings: [] };
  return { problem: null, index: null, warnings: filterWarnings(expression) };
}

function locatedProblem(expression: string): LocatedProblem | null {
  const start = expression.search(/\S/u);
  if (expression[start] !== '$') return { message: NOT_ROOTED, index: start };
  const lexed = lex(expression);
  if ('tokens' in lexed) return bracketOrOperatorProblem(expression, lexed.tokens);
  const quoteAt = lexed.unclosedQuoteAt;
  return { message: `This ${expression[quoteAt]} quote is never closed.`, index: quoteAt };
}

function bracketOrOperatorProblem(
  expression: string,
  tokens: readonly Token[],
): LocatedProblem | null {
  const open: TextToken[] = [];
  for (const token of tokens) {
    const problem = tokenProblem(expression, token, open);
    if (problem) return problem;
  }
  const unclosed = open[open.length - 1];
  return unclosed
    ? {
        message: `Unbalanced "${unclosed.text}": it is never closed with "${OPENERS[unclosed.text]}".`,
        index: unclosed.index,
      }
    : null;
}

/** The problem at this token, keeping `open` (the unclosed brackets) up to date. */
function tokenProblem(expression: string, token: Token, open: TextToken[]): LocatedProblem | null {
  const insideFilter = open.some((opener) => opener.text === '(');
  if (token.kind === 'string') return insideFilter ? literalCutProblem(expression, token) : null;
  if (token.kind !== 'symbol') return null;
  if (token.text in OPENERS) {
    open.push(token);
    return null;
  }
  if (token.text in CLOSERS) return closerProblem(token, open);
  return token.text === '=' && insideFilter ? { message: SINGLE_EQUALS, index: token.index } : null;
}

function closerProblem(closer: TextToken, open: TextToken[]): LocatedProblem | null {
  const opener = open.pop();
  if (!opener) {
    return {
      message: `Unbalanced "${closer.text}": there is no "${CLOSERS[closer.text]}" for it to close.`,
      index: closer.index,
    };
  }
  if (OPENERS[opener.text] === closer.text) return null;
  return {
    message: `Unbalanced "${closer.text}": the "${opener.text}" before it is still open; close it with "${OPENERS[opener.text]}" first.`,
    index: closer.index,
  };
}

function literalCutProblem(expression: string, token: StringToken): LocatedProblem | null {
  const index = filterCutInside(expression, token);
  if (index < 0) return null;
  const next = expression[index + 1];
  const message =
    index + 1 === token.end - 1
      ? 'jsonpath-plus ends the filter at a ")" followed by a quote, even inside a value: ' +
        'put a value that ends with ")" in double quotes.'
      : `jsonpath-plus ends the filter at ")${next}", even inside a value: write ")\\${next}".`;
  return { message, index };
}

function filterWarnings(expression: string): string[] {
  const lexed = lex(expression);
  if (!('tokens' in lexed)) return [];
  const { tokens } = lexed;
  const warnings = new Set<string>();
  const add = (warning: string | null): void => {
    if (warning !== null) warnings.add(warning);
  };
  for (const token of tokens) {
    if (token.kind === 'string') add(atRewriteWarning(expression, token));
  }
  const body = filterBody(tokens);
  if (body) {
    const depths = parenthesisDepths(body);
    body.forEach((token, index) => {
      add(topLevelWarning(token));
      add(knownValueWarning(body, index));
      add(unguardedCallWarning(body, depths, index));
    });
  }
  return [...warnings];
}

/** For each token, how many "(" enclose it. */
function parenthesisDepths(tokens: readonly Token[]): number[] {
  let depth = 0;
  return tokens.map((token) => {
    if (isSymbol(token, ')')) depth--;
    const current = depth;
    if (isSymbol(token, '(')) depth++;
    return current;
  });
}

function atRewriteWarning(expression: string, token: StringToken): string | null {
  const rewritten = AT_REWRITE_ANYWHERE.exec(rawLiteralBody(expression, token))?.[0];
  if (rewritten === undefined) return null;
  return (
    `jsonpath-plus rewrites "${rewritten}" even inside quotes, so ` +
    `${expression.slice(token.index, token.end)} does not compare with ${JSON.stringify(token.value)}; ` +
    `write ${stringLiteral(token.value)}.`
  );
}

function topLevelWarning(token: Token): string | null {
  if (token.kind !== 'path' || token.root !== '@') return null;
  const [first] = token.segments;
  if (first === undefined || TOP_LEVEL_KEYS.has(first)) return null;
  const hint = CONTENT_KEYS.has(first)
    ? `did you mean @.content.${first}?`
    : 'call details are under @.content.';
  return `publications have no top-level "${first}"; ${hint}`;
}

/** A value compared with a field that has known values (either side of the operator). */
function knownValueWarning(tokens: readonly Token[], index: number): string | null {
  const [left, operator, right] = tokens.slice(index, index + 3);
  if (operator?.kind !== 'symbol' || !EQUALITY_OPERATORS.has(operator.text)) return null;
  const path = left?.kind === 'path' ? left : right?.kind === 'path' ? right : undefined;
  const literal = left?.kind === 'string' ? left : right?.kind === 'string' ? right : undefined;
  const field = path?.root === '@' ? fieldAtPath(path.segments) : undefined;
  if (!field?.values || !literal || field.values.includes(literal.value)) return null;
  const sameLetters = field.values.find(
    (known) => known.toLowerCase() === literal.value.toLowerCase(),
  );
  const caseHint =
    sameLetters === undefined
      ? ''
      : ` Values are case-sensitive: did you mean ${JSON.stringify(sameLetters)}?`;
  return (
    `${field.key} is never ${JSON.stringify(literal.value)}; ` +
    `known values: ${field.values.join(', ')}.${caseHint}`
  );
}

/** A throwing method call on a field, in the same "||" as other rows. */
function unguardedCallWarning(
  tokens: readonly Token[],
  depths: readonly number[],
  index: number,
): string | null {
  const token = tokens[index];
  if (token.kind !== 'path' || token.root !== '@' || token.segments.length < 2) return null;
  const method = token.segments[token.segments.length - 1];
  if (!THROWING_METHODS.has(method) || !isSymbol(tokens[index + 1], '(')) return null;
  const sharesAnOr = tokens.some(
    (other, position) => isSymbol(other, JOINERS.or) && depths[position] === depths[index],
  );
  if (!sharesAnOr) return null;
  const reference = `@.${token.segments.slice(0, -1).join('.')}`;
  return (
    `${reference}.${method}(…) throws when a publication has no ${reference.slice(2)}, ` +
    `and then the whole || filter selects nothing; write (${reference} || '').${method}(…).`
  );
}

// ---------------------------------------------------------------------------------------
// Explaining

/** What a publication filter does, in one sentence. */
export function explainPublicationFilter(expression: string): string {
  if (expression.trim() === '') return NO_FILTER_EXPLANATION;
  const { problem } = checkPublicationFilter(expression);
  if (problem !== null) return `This publication filter cannot be used: ${problem}`;
  const filter = parsePublicationFilter(expression);
  return filter && filter.rows.length > 0 ? describeRows(filter) : JSONPATH_EXPLANATION;
}

function describeRows(filter: RowsFilter): string {
  return `Passes publications ${filter.rows.map(describeRow).join(` ${filter.combinator} `)}.`;
}

function describeRow(row: FilterRow): string {
  const label = FIELDS_BY_KEY.get(row.field)?.label ?? row.field;
  const operator = OPERATORS_BY_KEY.get(row.operator);
  const value = operator?.needsValue ? ` ${JSON.stringify(row.value)}` : '';
  return `whose ${lowerFirst(label)} ${operator?.label ?? row.operator}${value}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
