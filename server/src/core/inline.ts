/**
 * Inline scanning of one block: finds bracketed spans (meaning units) and everything
 * that is not one (links, images, footnotes, code spans, comments, escapes), and records
 * which characters are markup so that the plain text can leave them out.
 *
 * One pass with a lookup table: ordinary characters cost one table read each.
 */
import {
  AttributeMemo,
  ItemKind,
  PANDOC_CLASSES,
  parseAttributes,
  scanAttributeItems,
} from '../../../common/attributes';
import { DelimiterList, matchEmphasis } from './emphasis';
import { IntList } from './intList';
import { ProblemList } from './problemList';
import { buildPlainText } from './plainText';

/**
 * The numbers of one unit found by a scanner (a span here, a div in the block pass), as
 * offsets, before positions and plain offsets are attached: {@link Raw.Stride} numbers
 * per unit in {@link InlineSink.units}. Flat numbers, not an object per unit: a densely
 * coded file has a unit every few dozen characters, and their objects cost more in
 * allocation and garbage collection than the scan that finds them.
 */
export const enum Raw {
  Start,
  End,
  ContentStart,
  ContentEnd,
  AttrStart,
  AttrEnd,
  /** The unit's attribute items: [ItemsFrom, ItemsTo) of {@link InlineSink.items}. */
  ItemsFrom,
  ItemsTo,
  /** -1 for a span, 1 for a div. */
  Div,
  Stride,
}

/** Where the scanner reports what it finds. */
export interface InlineSink {
  /** Spans and divs in the order they close, {@link Raw.Stride} numbers each. */
  units: IntList;
  /** The units' attribute items, six numbers each, as scanAttributeItems writes them. */
  items: IntList;
  /** Markup ranges as flat pairs [start, end, start, end, ...], in any order. */
  markup: IntList;
  /** Unclosed units and bad attribute blocks, as found. */
  problems: ProblemList;
}

const SPECIALS = ['\\', '`', '[', ']', '<', '*', '_'];

const NEVER_CLOSED =
  'This `[` is never closed in its paragraph, so it marks no meaning unit. Close it with `]{.code}`, or write `\\[` for a literal bracket.';
const NEVER_OPENED = 'This `]{...}` closes a meaning unit that was never opened: put a `[` where the unit starts.';

/**
 * Adds a problem that the spans' scan in WebAssembly found (wasmColumns.ts) as scanInline
 * adds it: a `[` never closed, or a `]{...}` never opened.
 */
export function addSpanProblem(problems: ProblemList, neverOpened: boolean, start: number, end: number): void {
  if (neverOpened) problems.add(start, end, 'error', 'unclosed-unit', NEVER_OPENED);
  else problems.add(start, end, 'warning', 'unclosed-unit', NEVER_CLOSED);
}

/** The message of a bad attribute block, one string per error (the errors are a few constant texts). */
const notAUnitMessages = new Map<string, string>();
function notAUnit(error: string): string {
  let m = notAUnitMessages.get(error);
  if (m === undefined) {
    m = `Not a meaning unit: ${error}.`;
    // Bounded, should an error ever carry the text it met.
    if (notAUnitMessages.size < 64) notAUnitMessages.set(error, m);
  }
  return m;
}

/** `indexOf` of one needle that remembers its last answer, for queries that mostly move forward. */
class NextOf {
  /** No match in [lo, at), and one at `at` (-1: none from lo on). */
  private lo = -1;
  private at = -1;

  constructor(
    private readonly text: string,
    private readonly needle: string,
  ) {}

  from(from: number): number {
    if (this.lo >= 0 && from >= this.lo && (this.at === -1 || from <= this.at)) return this.at;
    this.lo = from;
    this.at = this.text.indexOf(this.needle, from);
    return this.at;
  }
}

/**
 * Finds the next character that matters to inline scanning, for a whole document. One
 * `indexOf` per special character, each cached until passed: `indexOf` runs at memory
 * speed, several times faster than a character loop or a regular expression here, and
 * blocks with no special character cost nothing. Queries must not go backwards.
 */
export class SpecialFinder {
  private readonly at: number[] = [-1, -1, -1, -1, -1, -1, -1];
  /** Shared by the attribute blocks of this text, so that failed ones are not rescanned. */
  readonly attributes: AttributeMemo;
  private readonly comments: NextOf;
  private readonly breaks: NextOf;

  constructor(private readonly text: string) {
    this.attributes = new AttributeMemo(text);
    this.comments = new NextOf(text, '-->');
    this.breaks = new NextOf(text, '\n');
  }

  /**
   * The next `-->` at or after `from`, or -1. Remembered, so that many `<!--` that are
   * never closed do not each search the rest of the text.
   */
  commentEnd(from: number): number {
    return this.comments.from(from);
  }

  /** The next line feed at or after `from`, or -1 (remembered likewise). */
  lineBreak(from: number): number {
    return this.breaks.from(from);
  }

  /** The offset of the first special character at or after `from` (the text's length if none). */
  next(from: number): number {
    const at = this.at;
    let min = this.text.length;
    for (let k = 0; k < 7; k++) {
      let p = at[k];
      if (p < from) {
        p = this.text.indexOf(SPECIALS[k], from);
        if (p === -1) p = Infinity;
        at[k] = p;
      }
      if (p < min) min = p;
    }
    return min;
  }
}

const ASCII_PUNCT = new Uint8Array(128);
for (const ch of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~') ASCII_PUNCT[ch.charCodeAt(0)] = 1;

const scratchOpeners: number[] = [];
const scratchKinds: Opener[] = [];
const scratchDelimiters = new DelimiterList();

const enum Opener {
  Bracket,
  Image,
  Footnote,
  RefLabel,
}

function isWhite(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || Number.isNaN(c);
}

function isPunct(c: number): boolean {
  if (c < 128) return ASCII_PUNCT[c] === 1;
  return /\p{P}|\p{S}/u.test(String.fromCharCode(c));
}

/** Scans `text[start, end)` as the inline content of one block. */
export function scanInline(text: string, start: number, end: number, sink: InlineSink, finder?: SpecialFinder): void {
  // Scratch arrays shared by every call (scanning is never re-entered): allocating them
  // per paragraph cost more than the scan itself.
  const openers = scratchOpeners;
  const kinds = scratchKinds;
  const delimiters = scratchDelimiters;
  // Setting a length is a runtime call: only when a previous block left something.
  if (openers.length) openers.length = kinds.length = 0;
  if (delimiters.count) delimiters.truncate(0);
  let lastClose = -1;
  const find = finder ?? new SpecialFinder(text);
  // Built at the block's first backtick and first `](`: indexes that answer every later
  // search at once, where a search each would make many unclosed runs quadratic.
  let ticks: BacktickRuns | null = null;
  let parens: ParenMatches | null = null;
  let i = start;
  while (i < end) {
    i = find.next(i);
    if (i >= end) break;
    const c = text.charCodeAt(i);
    switch (c) {
      case 92: {
        // Backslash: an escaped ASCII punctuation character is literal.
        const n = text.charCodeAt(i + 1);
        if (i + 1 < end && n < 128 && ASCII_PUNCT[n] === 1) {
          sink.markup.push2(i, i + 1);
          i += 2;
        } else {
          // A backslash ending a line inside the block is a hard line break (Pandoc's
          // LineBreak): markup, so that the unit text does not keep a stray `\`.
          if (i + 1 < end && (n === 10 || (n === 13 && text.charCodeAt(i + 2) === 10))) sink.markup.push2(i, i + 1);
          i++;
        }
        break;
      }
      case 96: {
        // Code span: a run of n backticks up to the next run of exactly n.
        let n = 1;
        while (i + n < end && text.charCodeAt(i + n) === 96) n++;
        if (ticks === null) ticks = new BacktickRuns(text, i, end);
        const close = ticks.next(n, i + n);
        if (close >= 0) {
          sink.markup.push4(i, i + n, close, close + n);
          i = close + n;
        } else i += n;
        break;
      }
      case 60: {
        if (text.startsWith('<!--', i)) {
          const close = find.commentEnd(i + 4);
          if (close >= 0 && close + 3 <= end) {
            sink.markup.push2(i, close + 3);
            i = close + 3;
            break;
          }
        }
        const auto = scanAutolink(text, i, end);
        i = auto > 0 ? auto : i + 1;
        break;
      }
      case 91: {
        let kind = Opener.Bracket;
        if (i > start && text.charCodeAt(i - 1) === 33 && !isEscaped(text, i - 1, start)) kind = Opener.Image;
        else if (text.charCodeAt(i + 1) === 94) kind = Opener.Footnote;
        else if (i === lastClose) kind = Opener.RefLabel;
        openers.push(i);
        kinds.push(kind);
        i++;
        break;
      }
      case 93: {
        const open = openers.length ? openers[openers.length - 1] : -1;
        const plainBracket =
          open >= 0 && (kinds[kinds.length - 1] === Opener.Bracket || kinds[kinds.length - 1] === Opener.Image);
        const marks = sink.markup.length;
        const at = i;
        if (parens === null && text.charCodeAt(i + 1) === 40) parens = new ParenMatches(text, start, end);
        i = closeBracket(text, i, end, openers, kinds, sink, find, parens);
        // A span or link was made (it pushed its brackets as markup): like Pandoc, which
        // parses its content as inlines of their own, pair the emphasis delimiters inside
        // it among themselves only, so `[*a]{.x}*` keeps both `*` as text.
        if (open >= 0 && sink.markup.length > marks) isolateDelimiters(delimiters, open, sink.markup);
        // Only a bare `[text]` or `![alt]` can be followed by a reference label. After a
        // span, a link, a complete `[text][ref]` or a stray `]{...}`, a `[` right after opens
        // afresh: `[a]{.x}[b]{.y}` is two units, as in Pandoc.
        lastClose = plainBracket && i === at + 1 ? i : -1;
        break;
      }
      default: {
        // * or _: a delimiter run for emphasis.
        let n = 1;
        while (i + n < end && text.charCodeAt(i + n) === c) n++;
        const before = i > start ? text.charCodeAt(i - 1) : NaN;
        const after = i + n < end ? text.charCodeAt(i + n) : NaN;
        const left = !isWhite(after) && (!isPunct(after) || isWhite(before) || isPunct(before));
        const right = !isWhite(before) && (!isPunct(before) || isWhite(after) || isPunct(after));
        const canOpen = c === 42 ? left : left && (!right || isPunct(before));
        const canClose = c === 42 ? right : right && (!left || isPunct(after));
        if (canOpen || canClose) delimiters.push(c, i, n, canOpen, canClose);
        i += n;
      }
    }
  }
  for (let k = 0; k < openers.length; k++) {
    if (kinds[k] !== Opener.Bracket) continue;
    sink.problems.add(openers[k], openers[k] + 1, 'warning', 'unclosed-unit', NEVER_CLOSED);
  }
  if (delimiters.count > 1) matchEmphasis(delimiters, 0, sink.markup);
}

/** Matches the delimiter runs after `open` among themselves and drops them from `delimiters`. */
function isolateDelimiters(delimiters: DelimiterList, open: number, markup: IntList): void {
  let k = delimiters.count;
  while (k > 0 && delimiters.start(k - 1) > open) k--;
  if (k === delimiters.count) return;
  if (delimiters.count - k > 1) matchEmphasis(delimiters, k, markup);
  delimiters.truncate(k);
}

function isEscaped(text: string, i: number, start: number): boolean {
  let n = 0;
  while (i - 1 - n >= start && text.charCodeAt(i - 1 - n) === 92) n++;
  return n % 2 === 1;
}

/**
 * The maximal backtick runs of one block, by length: the closing run of a code span is
 * the next run of exactly its opener's length.
 */
class BacktickRuns {
  /** For each run length: the runs' starts, increasing, and how far searches have gone. */
  private readonly byLength = new Map<number, { starts: number[]; k: number }>();

  constructor(text: string, from: number, end: number) {
    for (let j = text.indexOf('`', from); j !== -1 && j < end;) {
      let m = 1;
      while (j + m < end && text.charCodeAt(j + m) === 96) m++;
      const runs = this.byLength.get(m);
      if (runs) runs.starts.push(j);
      else this.byLength.set(m, { starts: [j], k: 0 });
      j = text.indexOf('`', j + m);
    }
  }

  /** The start of the first run of exactly `n` backticks at or after `from`, or -1. */
  next(n: number, from: number): number {
    const runs = this.byLength.get(n);
    if (!runs) return -1;
    const list = runs.starts;
    // Searches of one length come in increasing order: a cursor, with a binary search
    // should one ever go back.
    let k = runs.k;
    if (k > 0 && list[k - 1] >= from) {
      let lo = 0;
      let hi = k;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid] < from) lo = mid + 1;
        else hi = mid;
      }
      k = lo;
    }
    while (k < list.length && list[k] < from) k++;
    runs.k = k;
    return k < list.length ? list[k] : -1;
  }
}

/**
 * The `)` that ends a link destination: the one matching the `(` after `]`, with
 * balanced parentheses, backslash escapes and no blank line in between. One stack pass
 * over the block matches every `(` at once.
 */
class ParenMatches {
  private readonly match = new Map<number, number>();

  constructor(text: string, start: number, end: number) {
    const stack: number[] = [];
    for (let j = start; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c === 92) j++;
      else if (c === 40) stack.push(j);
      else if (c === 41) {
        const open = stack.pop();
        if (open !== undefined) this.match.set(open, j);
      } else if (c === 10 && j + 1 < end && (text.charCodeAt(j + 1) === 10 || text.charCodeAt(j + 1) === 13))
        stack.length = 0;
    }
  }

  /** The `)` matching the `(` at `open`, or -1. */
  closeOf(open: number): number {
    return this.match.get(open) ?? -1;
  }
}

/** `<scheme:...>` or `<user@host>`: returns the offset past `>`, or 0. */
function scanAutolink(text: string, i: number, end: number): number {
  let j = i + 1;
  while (j < end) {
    const c = text.charCodeAt(j);
    if (c === 62) break;
    if (c === 60 || c === 32 || c === 10 || c === 13 || c === 9) return 0;
    j++;
  }
  if (j >= end) return 0;
  const inner = text.slice(i + 1, j);
  return /^[a-zA-Z][a-zA-Z0-9+.-]{1,31}:/.test(inner) || /^[^@\s]+@[^@\s]+$/.test(inner) ? j + 1 : 0;
}

/** Handles `]` at i; returns where scanning goes on. */
function closeBracket(
  text: string,
  i: number,
  end: number,
  openers: number[],
  kinds: number[],
  sink: InlineSink,
  finder: SpecialFinder,
  parens: ParenMatches | null,
): number {
  const memo = finder.attributes;
  const next = text.charCodeAt(i + 1);
  if (openers.length === 0) {
    if (next === 123) {
      const attrs = parseAttributes(text, i + 1, end, memo);
      if (!('error' in attrs)) {
        sink.problems.add(i, attrs.end, 'error', 'unclosed-unit', NEVER_OPENED);
        return attrs.end;
      }
    }
    return i + 1;
  }
  const open = openers.pop() as number;
  const kind = kinds.pop() as Opener;
  if (next === 123 /* { */ && kind === Opener.Bracket) {
    // Spans are most of a coded transcript: their items stay numbers (no attribute objects).
    const from = sink.items.length;
    const attrs = scanAttributeItems(text, i + 1, end, memo, sink.items);
    if (typeof attrs !== 'number') {
      let lineEnd = attrs.unclosed ? finder.lineBreak(i) : -1;
      // Stop before a CR LF's CR too: a range must not end past the line's last character.
      if (lineEnd > i && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      sink.problems.add(
        attrs.unclosed ? i + 1 : attrs.offset,
        attrs.unclosed ? (lineEnd === -1 || lineEnd > end ? end : lineEnd) : Math.min(attrs.offset + 1, end),
        'error',
        'bad-attributes',
        notAUnit(attrs.error),
      );
      return i + 1;
    }
    sink.markup.push4(open, open + 1, i, attrs);
    if (formattingOnly(text, sink.items.data, from, sink.items.length)) sink.items.length = from;
    else {
      const at = sink.units.reserve(Raw.Stride);
      const u = sink.units.data;
      u[at + Raw.Start] = open;
      u[at + Raw.End] = attrs;
      u[at + Raw.ContentStart] = open + 1;
      u[at + Raw.ContentEnd] = i;
      u[at + Raw.AttrStart] = i + 1;
      u[at + Raw.AttrEnd] = attrs;
      u[at + Raw.ItemsFrom] = from;
      u[at + Raw.ItemsTo] = sink.items.length;
      u[at + Raw.Div] = -1;
    }
    return attrs;
  }
  if (next === 40 /* ( */ && (kind === Opener.Bracket || kind === Opener.Image)) {
    const close = parens ? parens.closeOf(i + 1) : -1;
    if (close >= 0) {
      sink.markup.push4(kind === Opener.Image ? open - 1 : open, open + 1, i, close + 1);
      let after = close + 1;
      if (text.charCodeAt(after) === 123) {
        const attrs = parseAttributes(text, after, end, memo);
        if (!('error' in attrs)) {
          sink.markup.push2(after, attrs.end);
          after = attrs.end;
        }
      }
      return after;
    }
  }
  return i + 1;
}

/**
 * True when the items `[from, to)` are classes of Pandoc's own only (at least one, no
 * id, no pair): a span or div of formatting, not a meaning unit.
 */
export function formattingOnly(text: string, items: ArrayLike<number>, from: number, to: number): boolean {
  if (to === from) return false;
  for (let k = from; k < to; k += 6) {
    const kind = items[k] as ItemKind;
    if (kind === ItemKind.Dash) continue;
    if (kind !== ItemKind.Class) return false;
    // Pandoc's classes all start with s, u or m: most names are ruled out before a slice.
    const c = text.charCodeAt(items[k + 1]);
    if (c !== 115 && c !== 117 && c !== 109) return false;
    if (!PANDOC_CLASSES.has(text.slice(items[k + 1], items[k + 2]))) return false;
  }
  return true;
}

const plainSink: InlineSink = {
  units: new IntList(),
  items: new IntList(),
  markup: new IntList(),
  problems: new ProblemList(),
};

/** The plain text of inline Markdown in `text[start, end)` (pass one `finder` for increasing ranges of one text). */
export function inlinePlain(text: string, start: number, end: number, finder?: SpecialFinder): string {
  // One sink for every call (never re-entered): a codebook asks this of each of its
  // thousands of titles, and fresh typed lists each time cost more than the scan.
  const sink = plainSink;
  sink.units.length = sink.markup.length = sink.items.length = 0;
  sink.problems.clear();
  scanInline(text, start, end, sink, finder);
  // Most titles have no markup: no plain-text map to build (a codebook has thousands).
  const markup = sink.markup;
  if (markup.length === 0) return text.slice(start, end);
  const local = new IntList(markup.length);
  for (let k = 0; k < markup.length; k += 2) local.push2(markup.data[k] - start, markup.data[k + 1] - start);
  return buildPlainText(text.slice(start, end), local).text;
}
