/**
 * Pandoc attribute blocks: `{#id .class key=value key="quoted \" value" key='single'}`.
 * Follows what `pandoc -f markdown` accepts (checked against pandoc in the differential
 * tests): items may be separated by whitespace (newlines included) or not at all,
 * identifiers start with a letter and go on with letters, digits and `-_:.`,
 * `-` alone is the class `unnumbered`, and anything else makes the block invalid,
 * in which case Pandoc shows the whole span as literal text.
 *
 * Shared by the server (the parser) and the VS Code client (the Markdown-preview plugin),
 * so it imports nothing from either.
 */
/** One parsed Pandoc attribute block `{#id .class key=value}`. */
export interface Attributes {
  id?: string;
  classes: string[];
  /** key=value pairs in source order, values unescaped. */
  pairs: [string, string][];
}

/** Pandoc classes with a meaning of their own: they are formatting, never codes. */
export const PANDOC_CLASSES: ReadonlySet<string> = new Set([
  'smallcaps',
  'underline',
  'ul',
  'mark',
  'unnumbered',
  'unlisted',
]);

/** One item of an attribute block with its source offsets (for ranges of code classes). */
export interface AttributeItem {
  kind: 'id' | 'class' | 'pair';
  name: string;
  value: string;
  /** Offset of the name (after `#` or `.`), and past its end. */
  nameStart: number;
  nameEnd: number;
}

/** The result of scanning one attribute block. */
export interface ParsedAttributes {
  attributes: Attributes;
  items: AttributeItem[];
  /** Offset just past the closing `}`. */
  end: number;
}

/** Why an attribute block failed, with the offset of the trouble. */
export interface AttributeError {
  error: string;
  offset: number;
  /** True when the text looked like an attribute block that never closes. */
  unclosed: boolean;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c > 127 && /\p{L}/u.test(String.fromCharCode(c)));
}

function isIdentChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 45 || // -
    c === 95 || // _
    c === 58 || // :
    c === 46 || // .
    // Letters and numbers only, as Haskell's isAlphaNum: Pandoc rejects combining marks
    // (`.cafe\u0301`, written decomposed, is no class for Pandoc, so none for us either).
    (c > 127 && c !== 0xa0 && /[\p{L}\p{N}]/u.test(String.fromCharCode(c)))
  );
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Scans an identifier at `i`; returns its end, or `i` if there is none. */
function scanIdentifier(text: string, i: number, end: number): number {
  if (i >= end || !isLetter(text.charCodeAt(i))) {
    // A high surrogate may start a letter outside the BMP. The test is anchored and the
    // pair must be one letter: unanchored, `/\p{L}/` matched the `x` of `1x`, which made
    // `.1x` a class where Pandoc sees no attribute block at all.
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && /^\p{L}$/u.test(text.slice(i, i + 2))) i += 2;
    else return i;
  } else i++;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isIdentChar(c)) i++;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && /[\p{L}\p{N}]/u.test(text.slice(i, i + 2))) i += 2;
    else break;
  }
  return i;
}

/** True if `s` is a valid Pandoc identifier (and so a valid code id). */
export function isValidIdentifier(s: string): boolean {
  return s.length > 0 && scanIdentifier(s, 0, s.length) === s.length;
}

/**
 * What earlier scans of one text learnt, so that many attribute blocks that run into the
 * same long stretch of text (`[a]{k=[a]{k=...`, hundreds of `{` in one heading) cost
 * linear time in all instead of a rescan each. A scan is deterministic from where it
 * stands between two items, so a scan that reaches a place where an earlier one failed
 * fails the same way; and an unquoted value entered anywhere inside an earlier one ends
 * where that one did (a value never starts after a backslash, so escapes pair up alike).
 * Only long scans are recorded: short ones cost little to repeat.
 */
export class AttributeMemo {
  private limit = -1;
  /** Between-items offsets of failed scans, with the error they met. */
  private readonly failures = new Map<number, { error: AttributeError; atStart: boolean }>();
  /** Between-items offsets of successful probes, with where the block ends. */
  private readonly ends = new Map<number, number>();
  /**
   * For offsets inside long unquoted values: e + 1 when the value ends at e before a space
   * or `}`, -(e + 1) when it ran into the limit at e, 0 when not known. Allocated on the
   * first long value only.
   */
  private valueEnds: Int32Array | null = null;

  constructor(private readonly text: string) {}

  /** Forgets what depends on the limit when it changes (a new block). */
  useLimit(limit: number): void {
    if (limit === this.limit) return;
    this.limit = limit;
    if (this.failures.size) this.failures.clear();
    if (this.ends.size) this.ends.clear();
  }

  /** The error a scan meets from between-items offset `at`, if an earlier scan met it there (for a scan from `start`). */
  knownFailure(at: number, start: number): AttributeError | undefined {
    if (this.failures.size === 0) return undefined;
    const f = this.failures.get(at);
    if (!f) return undefined;
    return f.atStart ? { ...f.error, offset: start } : f.error;
  }

  /** Where a probe from between-items offset `at` ends, if an earlier probe found it. */
  knownEnd(at: number): number | undefined {
    return this.ends.size === 0 ? undefined : this.ends.get(at);
  }

  /** Records that scans from these offsets fail with `error` (`atStart`: at their own start). */
  fail(visited: number[], error: AttributeError, atStart: boolean): void {
    for (const p of visited) this.failures.set(p, { error, atStart });
  }

  /** Records that probes from these offsets end at `end`. */
  succeed(visited: number[], end: number): void {
    for (const p of visited) this.ends.set(p, end);
  }

  /** Where an unquoted value entered at `from` ends, given the limit. */
  valueEnd(from: number, limit: number): number {
    const text = this.text;
    const ends = this.valueEnds;
    const stepped = scratchSteps;
    stepped.length = 0;
    let j = from;
    let end = -1;
    while (j < limit) {
      if (ends !== null) {
        const known = ends[j];
        if (known > 0) {
          end = Math.min(known - 1, limit);
          break;
        }
        if (known < 0) {
          // A value that ran into a smaller limit goes on from there.
          if (-known - 1 >= limit) {
            end = limit;
            break;
          }
          j = -known - 1;
          continue;
        }
      }
      const c = text.charCodeAt(j);
      if (c === 92 /* \ */ && j + 1 < limit && isAsciiPunct(text.charCodeAt(j + 1))) {
        stepped.push(j);
        j += 2;
        continue;
      }
      if (isSpace(c) || c === 125 /* } */) break;
      stepped.push(j);
      j++;
    }
    if (end < 0) end = Math.min(j, limit);
    // Every offset this walk stood on now knows the end (an earlier end it ran into
    // included), so that no stretch is walked twice.
    if (end - from > 32 && stepped.length) {
      const table = ends ?? (this.valueEnds = new Int32Array(text.length + 1));
      const code = end < limit ? end + 1 : -(end + 1);
      for (const k of stepped) table[k] = code;
    }
    return end;
  }
}

/** The offsets one value walk stands on (shared: walks never nest). */
const scratchSteps: number[] = [];

/** A scan this long between items is recorded in the memo (shorter ones are cheap to repeat). */
const RECORD_AFTER = 64;

/**
 * The items a scan finds, as offsets, six numbers each (kind, name start and end, value
 * start and end, quoted): names and values are cut only when the block is valid, since
 * many failed scans of one long stretch must not each copy it. Shared by every scan
 * (scans never nest), so that a scan allocates nothing until it succeeds.
 */
const rawItems: number[] = [];
/** How many numbers of rawItems the last successful scan wrote. */
let rawCount = 0;
const ID = 0;
const CLASS = 1;
const PAIR = 2;
const DASH = 3;

/** The kinds of {@link scanAttributeItems}'s records: `#id`, `.class`, `key=value`, and `-` (the class `unnumbered`). */
export const enum ItemKind {
  Id = ID,
  Class = CLASS,
  Pair = PAIR,
  Dash = DASH,
}

/**
 * Parses the attribute block that starts with `{` at `start`, not looking past `limit`.
 * Returns the attributes and where they end, or an error. `memo`, shared by the scans of
 * one text, keeps repeated scans of the same stretch linear.
 */
export function parseAttributes(
  text: string,
  start: number,
  limit: number,
  memo?: AttributeMemo,
): ParsedAttributes | AttributeError {
  const r = scan(text, start, limit, memo, false);
  return typeof r === 'number' ? build(text, r) : r;
}

/** A growable list of integers that {@link scanAttributeItems} appends to (the parser's IntList). */
export interface IntSink {
  /** Makes room for `n` more numbers at the end and returns where they go in {@link data}. */
  reserve(n: number): number;
  /** The storage (replaced when the list grows: read it after {@link reserve}). */
  readonly data: Int32Array;
}

/**
 * {@link parseAttributes} without building anything: on success the items are appended
 * to `out`, six numbers each (kind, name start and end, value start and end, 1 when the
 * value was quoted; the value fields are meaningful for pairs only), and the end is
 * returned. A parser that reads a few fields of many blocks is spared their objects.
 */
export function scanAttributeItems(
  text: string,
  start: number,
  limit: number,
  memo: AttributeMemo | undefined,
  out: IntSink,
): number | AttributeError {
  const r = scan(text, start, limit, memo, false);
  if (typeof r !== 'number') return r;
  let at = out.reserve(rawCount);
  const d = out.data;
  for (let k = 0; k < rawCount; k += 6) {
    const kind = rawItems[k];
    d[at] = kind;
    d[at + 1] = rawItems[k + 1];
    d[at + 2] = rawItems[k + 2];
    // Only a pair writes its value fields; the others' slots may hold an earlier scan's.
    const pair = kind === PAIR;
    d[at + 3] = pair ? rawItems[k + 3] : 0;
    d[at + 4] = pair ? rawItems[k + 4] : 0;
    d[at + 5] = pair ? rawItems[k + 5] : 0;
    at += 6;
  }
  return r;
}

/** A pair's value as {@link parseAttributes} gives it: escapes resolved, a quoted value's line breaks folded. */
export function attributeValue(text: string, from: number, to: number, quoted: boolean): string {
  let value = to > from ? unescape(text, from, to) : '';
  // Pandoc folds a line break inside a quoted value into a space.
  if (quoted && (value.includes('\n') || value.includes('\r'))) value = value.replace(/\r?\n/g, ' ');
  return value;
}

/** Where the attribute block at `start` would end, or its error, without building it. */
export function probeAttributes(
  text: string,
  start: number,
  limit: number,
  memo: AttributeMemo,
): number | AttributeError {
  return scan(text, start, limit, memo, true);
}

/** Records a failed scan in the memo and returns its error. */
function failed(
  memo: AttributeMemo | undefined,
  visited: number[] | null,
  error: AttributeError,
  atStart: boolean,
): AttributeError {
  if (memo && visited) memo.fail(visited, error, atStart);
  return error;
}

/** Scans the block at `start`: its end (items in `rawItems`), or its error. */
function scan(
  text: string,
  start: number,
  limit: number,
  memo: AttributeMemo | undefined,
  probe: boolean,
): number | AttributeError {
  if (memo) memo.useLimit(limit);
  const items = rawItems;
  // Items are written from 0 on and counted in rawCount: setting an array's length is a
  // runtime call, too slow for every span.
  let n = 0;
  // Between-items offsets of this scan, recorded once it is long (allocated then).
  let visited: number[] | null = null;
  let i = start + 1;
  for (;;) {
    if (memo) {
      const known = memo.knownFailure(i, start);
      if (known) return failed(memo, visited, known, known.offset === start && known.unclosed);
      if (probe) {
        const end = memo.knownEnd(i);
        if (end !== undefined) {
          if (visited) memo.succeed(visited, end);
          return end;
        }
      }
      if (i - start > RECORD_AFTER) (visited ??= []).push(i);
    }
    while (i < limit && isSpace(text.charCodeAt(i))) i++;
    if (i >= limit)
      return failed(
        memo,
        visited,
        { error: 'the attribute block is never closed with `}`', offset: start, unclosed: true },
        true,
      );
    const c = text.charCodeAt(i);
    if (c === 125 /* } */) {
      if (probe && memo && visited) memo.succeed(visited, i + 1);
      rawCount = n;
      return i + 1;
    }
    if (c === 35 /* # */ || c === 46 /* . */) {
      const nameEnd = scanIdentifier(text, i + 1, limit);
      if (nameEnd === i + 1) {
        const what = c === 35 ? 'an identifier after `#`' : 'a code name after `.`';
        return failed(
          memo,
          visited,
          { error: `expected ${what} (a letter, then letters, digits, - _ : or .)`, offset: i, unclosed: false },
          false,
        );
      }
      items[n] = c === 35 ? ID : CLASS;
      items[n + 1] = i + 1;
      items[n + 2] = nameEnd;
      n += 6;
      i = nameEnd;
      continue;
    }
    if (c === 45 /* - */ && (i + 1 >= limit || isSpace(text.charCodeAt(i + 1)) || text.charCodeAt(i + 1) === 125)) {
      items[n] = DASH;
      items[n + 1] = i;
      items[n + 2] = i + 1;
      n += 6;
      i++;
      continue;
    }
    const keyEnd = scanIdentifier(text, i, limit);
    if (keyEnd === i || text.charCodeAt(keyEnd) !== 61 /* = */) {
      return failed(
        memo,
        visited,
        { error: 'expected `#id`, `.code` or `key=value` in the attribute block', offset: i, unclosed: false },
        false,
      );
    }
    const v = keyEnd + 1;
    const q = text.charCodeAt(v);
    if (q === 34 /* " */ || q === 39 /* ' */) {
      const close = quotedEnd(text, v, limit);
      if (close < 0)
        return failed(memo, visited, { error: 'a quoted value is never closed', offset: v, unclosed: true }, false);
      items[n] = PAIR;
      items[n + 1] = i;
      items[n + 2] = keyEnd;
      items[n + 3] = v + 1;
      items[n + 4] = close;
      items[n + 5] = 1;
      n += 6;
      i = close + 1;
    } else {
      const end = memo ? memo.valueEnd(v, limit) : unquotedEnd(text, v, limit);
      items[n] = PAIR;
      items[n + 1] = i;
      items[n + 2] = keyEnd;
      items[n + 3] = v;
      items[n + 4] = end;
      items[n + 5] = 0;
      n += 6;
      i = end;
    }
  }
}

/** The offset of the quote that closes the value opened by the quote at `q`, or -1. */
function quotedEnd(text: string, q: number, limit: number): number {
  const quote = text.charCodeAt(q);
  for (let j = q + 1; j < limit; j++) {
    const c = text.charCodeAt(j);
    // Like Pandoc, a backslash escapes ASCII punctuation only: `"a\b"` keeps its backslash.
    if (c === 92 /* \ */ && j + 1 < limit && isAsciiPunct(text.charCodeAt(j + 1))) j++;
    else if (c === quote) return j;
  }
  return -1;
}

/** Unquoted: up to white space or `}`; as in Pandoc, `\}` (any escaped punctuation) is literal. */
function unquotedEnd(text: string, j: number, limit: number): number {
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */ && j + 1 < limit && isAsciiPunct(text.charCodeAt(j + 1))) j += 2;
    else if (isSpace(c) || c === 125 /* } */) break;
    else j++;
  }
  return Math.min(j, limit);
}

/** A value's text with its escapes resolved. */
function unescape(text: string, from: number, to: number): string {
  let value = '';
  let s = from;
  for (let j = from; j + 1 < to; j++) {
    if (text.charCodeAt(j) === 92 && isAsciiPunct(text.charCodeAt(j + 1))) {
      value += text.slice(s, j);
      s = j + 1;
      j++;
    }
  }
  return s === from ? text.slice(from, to) : value + text.slice(s, to);
}

function build(text: string, end: number): ParsedAttributes {
  const attributes: Attributes = { classes: [], pairs: [] };
  const items: AttributeItem[] = [];
  const raw = rawItems;
  for (let k = 0; k < rawCount; k += 6) {
    const kind = raw[k];
    const nameStart = raw[k + 1];
    const nameEnd = raw[k + 2];
    if (kind === DASH) {
      attributes.classes.push('unnumbered');
      items.push({ kind: 'class', name: 'unnumbered', value: '', nameStart, nameEnd });
      continue;
    }
    const name = text.slice(nameStart, nameEnd);
    if (kind === PAIR) {
      const value = attributeValue(text, raw[k + 3], raw[k + 4], raw[k + 5] === 1);
      attributes.pairs.push([name, value]);
      items.push({ kind: 'pair', name, value, nameStart, nameEnd });
    } else {
      if (kind === ID) attributes.id = name;
      else attributes.classes.push(name);
      items.push({ kind: kind === ID ? 'id' : 'class', name, value: '', nameStart, nameEnd });
    }
  }
  return { attributes, items, end };
}

/** True for the ASCII punctuation a backslash escapes (`\"`, `\}`, `\\`; not `\b`). */
function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}
