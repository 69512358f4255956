/**
 * Regular expression tokens for reading subject filters: a small tokenizer whose tokens
 * concatenate back to the expression, and a few helpers over tokens. Shared by
 * subject-filter-builder.ts (pieces ⇄ expression) and subject-filter-checks.ts (syntax
 * problems, warnings, explanations).
 */

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

export interface ClassToken {
  readonly kind: 'class';
  readonly text: string;
  readonly index: number;
  readonly negated: boolean;
  readonly closed: boolean;
}

export interface OpenToken {
  readonly kind: 'open';
  readonly text: string;
  readonly index: number;
  readonly group: GroupKind;
}

export interface QuantifierToken {
  readonly kind: 'quant';
  readonly text: string;
  readonly index: number;
  readonly min: number;
  readonly max: number;
  readonly lazy: boolean;
}

export type Token = SimpleToken | ClassToken | OpenToken | QuantifierToken;

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
export const ESCAPE_LENGTH = 2;
/** Characters that, escaped with a backslash, stand for themselves. */
export const IDENTITY_ESCAPE = /^[^A-Za-z0-9]$/;

/** The expression's tokens, left to right; their texts concatenate to the expression. */
export function tokenize(source: string): Token[] {
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

export function isSlash(token: Token | undefined): boolean {
  return token?.kind === 'literal' && token.text === '/';
}

/** Whether a path segment can begin after this token (undefined: the expression's start). */
export function isSegmentStart(token: Token | undefined): boolean {
  return token === undefined || isSlash(token) || token.kind === 'start';
}

/** Whether a path segment ends before this token (undefined: the expression's end). */
export function isSegmentEnd(token: Token | undefined): boolean {
  return token === undefined || isSlash(token) || token.kind === 'end';
}

/** The parts of the text separated by top-level (not grouped, not in a class) separators. */
export function splitTopLevel(text: string, isSeparator: (token: Token) => boolean): string[] {
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
