/**
 * What replaces each match: the pseudonym, written so that the file means the same to
 * Pandoc and Condense as before. In running text the pseudonym goes in as it is. Inside
 * an attribute block `{...}` it is escaped in a quoted value (`note="..."`) and written
 * as a slug (`[Person 3]` as `person-3`) where a bare word is needed (an id, a class,
 * an unquoted value). In YAML front matter, a pseudonym that would turn a whole plain
 * key or value into something else (`[Person 3]` is a YAML list) is double-quoted, one
 * inside a quoted value is escaped, and one inside a longer value of a flow collection
 * has its brackets written as parentheses.
 */
import { readFrontMatter } from '../frontMatter';
import type { IdentifierMatch } from './matcher';

/** One replacement: UTF-16 offsets [start, end) of the text and what replaces it. */
export interface PseudonymEdit {
  start: number;
  end: number;
  newText: string;
  /** The entry whose name was found. */
  entry: number;
}

/** The edits that replace every match by its entry's pseudonym. */
export function pseudonymEdits(
  text: string,
  matches: readonly IdentifierMatch[],
  pseudonyms: readonly string[],
): PseudonymEdit[] {
  if (matches.length === 0) return [];
  const fm = readFrontMatter(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  return matches.map((m) => {
    const pseudonym = pseudonyms[m.entry];
    const inFrontMatter = fm !== null && m.start < fm.end;
    return {
      start: m.start,
      end: m.end,
      entry: m.entry,
      newText: inFrontMatter ? yamlSafe(text, m, pseudonym) : attributeSafe(text, m, pseudonym),
    };
  });
}

/** Applies non-overlapping edits in offset order. */
export function applyPseudonymEdits(text: string, edits: readonly PseudonymEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** `[Person 3]` as `person-3`: lower-case letters and digits joined by `-`, for ids and classes. */
export function slugOf(pseudonym: string): string {
  const slug = pseudonym
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'pseudonym';
}

function lineStart(text: string, at: number): number {
  let k = at;
  while (k > 0 && text[k - 1] !== '\n' && text[k - 1] !== '\r') k--;
  return k;
}

/**
 * The pseudonym as it can stand at the match: inside an attribute block that opens on
 * the match's line (after `]`, on a heading or on a div fence), escaped or slugged.
 */
function attributeSafe(text: string, m: IdentifierMatch, pseudonym: string): string {
  const from = lineStart(text, m.start);
  for (
    let open = text.lastIndexOf('{', m.start - 1);
    open >= from;
    open = open > 0 ? text.lastIndexOf('{', open - 1) : -1
  ) {
    if (!opensAttributes(text, from, open)) continue;
    const state = lexUntil(text, open + 1, m.start);
    if (state === 'closed') continue;
    if (state === 'plain') return slugOf(pseudonym);
    return pseudonym.replace(/\\/g, '\\\\').replace(state === '"' ? /"/g : /'/g, (q) => `\\${q}`);
  }
  return pseudonym;
}

/** Whether the `{` at `open` can start an attribute block: after `]`, in a heading, or on a `:::` fence. */
function opensAttributes(text: string, lineFrom: number, open: number): boolean {
  if (open > 0 && text[open - 1] === ']') return true;
  const head = text.slice(lineFrom, open);
  return /^ {0,3}#{1,6}\s/.test(head) || /^:{3,}\s*$/.test(head);
}

/** Lexes an attribute block from `from` to `to`: still open outside quotes, inside quotes, or closed. */
function lexUntil(text: string, from: number, to: number): 'plain' | '"' | "'" | 'closed' {
  let quote: '"' | "'" | null = null;
  for (let k = from; k < to; k++) {
    const c = text[k];
    if (c === '\n' || c === '\r') return 'closed';
    if (quote) {
      if (c === '\\') k++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return 'closed';
  }
  return quote ?? 'plain';
}

const YAML_INDICATOR = /^[[\]{}*&!|>'"%@`#,?:-]/;

/**
 * In front matter: double-quotes a pseudonym that makes up a whole plain key or value and
 * would read as YAML syntax; inside a longer value in a flow collection (`{a: b, c: d}`),
 * where brackets would end the value, writes its brackets as parentheses.
 */
function yamlSafe(text: string, m: IdentifierMatch, pseudonym: string): string {
  const before = text.slice(lineStart(text, m.start), m.start);
  if (quotedAt(before)) return pseudonym;
  const after = /^[^\r\n]*/.exec(text.slice(m.end))?.[0] ?? '';
  const startsScalar = /(?:^\s*|^\s*-\s+|:\s+|[{[,]\s*)$/.test(before);
  const endsScalar = /^(?:\s*$|\s*:(?:\s|$)|\s*[,}\]])/.test(after);
  if (startsScalar && endsScalar)
    return YAML_INDICATOR.test(pseudonym) || /[:#]/.test(pseudonym)
      ? `"${pseudonym.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
      : pseudonym;
  if (flowDepth(before) > 0) return pseudonym.replace(/[[{]/g, '(').replace(/[\]}]/g, ')').replace(/,/g, ';');
  return pseudonym;
}

/** Whether the end of `before` (a line up to the match) is inside a quoted YAML scalar. */
function quotedAt(before: string): boolean {
  let quote: string | null = null;
  for (let k = 0; k < before.length; k++) {
    const c = before[k];
    if (quote === '"' && c === '\\') k++;
    else if (quote && c === quote) quote = null;
    else if (!quote && (c === '"' || c === "'") && (k === 0 || /[\s:,[{-]/.test(before[k - 1]))) quote = c;
  }
  return quote !== null;
}

/** How many flow collections (`{`, `[`) are open at the end of `before`. */
function flowDepth(before: string): number {
  let depth = 0;
  for (const c of before) {
    if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && depth > 0) depth--;
  }
  return depth;
}
