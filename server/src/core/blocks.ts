/**
 * Block structure of a Markdown document, as far as Condense needs it: which lines are
 * paragraphs (their inline text holds units and speakers), which are headings, which open
 * or close fenced divs, and which are code or HTML comments (never units).
 *
 * Follows Pandoc's Markdown where it matters for units: headings, div openers and
 * blockquotes need a blank line (or a block boundary) before them; a closing `:::` may
 * end a paragraph; fenced code (``` or ~~~) and indented code (after a blank line, outside
 * lists) hide everything in them.
 */
import { ItemKind, scanAttributeItems, type AttributeError } from '../../../common/attributes';
import { FenceClosers, lineStartsFrom } from './fences';
import { IntList } from './intList';

/** A block-level construct spanning one or more whole lines. */
export interface Block {
  kind: 'paragraph' | 'heading' | 'divOpen' | 'divClose' | 'code' | 'html';
  /** Offset of the first character of the first line. */
  start: number;
  /** Offset past the last character of the last line, before its line break. */
  end: number;
  /** Offset of the next line's first character (or the text's length). */
  next: number;
  /** Headings: offset of the text after the `#`s; paragraphs: equal to start. */
  contentStart: number;
  /** Headings: 1 to 6. Div fences: the number of colons. */
  level: number;
  /**
   * Div openers: their attribute items, [itemsFrom, itemsTo) of the `items` given to
   * {@link scanBlocks} (six numbers each, as scanAttributeItems writes them), and where
   * the attribute block (or the bare class word) ends.
   */
  itemsFrom?: number;
  itemsTo?: number;
  attrEnd?: number;
  /** Div openers whose attribute block is broken (they open nothing): why. */
  error?: AttributeError;
  /** Paragraphs: the first line is a list item or a blockquote line. */
  container?: boolean;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;

function lineEndOf(text: string, lineStart: number, next: number): number {
  let e = next;
  if (e > lineStart && text.charCodeAt(e - 1) === 10) e--;
  if (e > lineStart && text.charCodeAt(e - 1) === CR) e--;
  return e;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB && c !== CR) return false;
  }
  return true;
}

/** Width in columns (tab = 4) of the indentation ending at `first`. */
function widthOf(text: string, from: number, first: number): number {
  let w = 0;
  for (let i = from; i < first; i++) w += text.charCodeAt(i) === TAB ? 4 - (w % 4) : 1;
  return w;
}

/** Offset of the first character that is not a space or tab. */
function skipIndent(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB) break;
    i++;
  }
  return i;
}

function isListMarker(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 45 || c === 42 || c === 43) {
    const n = text.charCodeAt(i + 1);
    return i + 1 >= end || n === SPACE || n === TAB;
  }
  let j = i;
  while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
  if (j === i || j >= end) return false;
  const d = text.charCodeAt(j);
  if (d !== 46 && d !== 41) return false;
  const n = text.charCodeAt(j + 1);
  return j + 1 >= end || n === SPACE || n === TAB;
}

/** True when a backtick stands in `text[from, to)` (a ``` fence's info string may hold none). */
function hasBacktick(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 96) return true;
  return false;
}

/** Run of `ch` at i, its length. */
function runLength(text: string, i: number, end: number, ch: number): number {
  let j = i;
  while (j < end && text.charCodeAt(j) === ch) j++;
  return j - i;
}

/** Where div openers' items go when the caller keeps none (emptied at each opener). */
const scratchItems = new IntList();

/**
 * Splits `text[from..]` into blocks and hands each to `visit`, in order, once it is
 * complete (a paragraph when its last line is known). Blank lines produce no block;
 * callers see block boundaries through `start`/`next`. The blocks are not kept: a file
 * of tens of thousands of blocks made as many objects that lived through the whole parse
 * (and through the garbage collections during it), where each is now garbage as soon as
 * it has been read. Div openers' attribute items are appended to `items`.
 */
export function scanBlocks(
  text: string,
  from: number,
  starts: ArrayLike<number> | undefined,
  visit: (b: Block) => void,
  items: IntList = scratchItems,
): void {
  let emitted = 0;
  const len = text.length;
  // Line starts, when the caller has them, save a second search for every line break.
  let li = 0;
  const nextLine = (at: number): number => {
    if (!starts) {
      const nl = text.indexOf('\n', at);
      return nl === -1 ? len : nl + 1;
    }
    while (li < starts.length && starts[li] <= at) li++;
    return li < starts.length ? starts[li] : len;
  };
  let lineStart = from;
  /** The paragraph being extended by continuation lines, if any (not yet visited). */
  let para: Block | null = null;
  /** Visits the paragraph being extended, if any: it ends here. */
  const endPara = (): void => {
    if (para === null) return;
    visit(para);
    para = null;
  };
  /** Visits `b`, after the paragraph before it. */
  const emit = (b: Block): void => {
    endPara();
    emitted++;
    visit(b);
  };
  let afterBlank = true;
  let inList = false;
  let openDivs = 0;
  /** Every line that could close a fence, listed at the first fence. */
  let closers: FenceClosers | null = null;

  while (lineStart < len) {
    const next = nextLine(lineStart);
    const lineEnd = lineEndOf(text, lineStart, next);
    const first = skipIndent(text, lineStart, lineEnd);
    const indent = first === lineStart ? 0 : widthOf(text, lineStart, first);

    if (first >= lineEnd) {
      endPara();
      afterBlank = true;
      lineStart = next;
      continue;
    }
    const c = text.charCodeAt(first);

    // Fenced code: ``` or ~~~, at most 3 spaces in; everything up to the closing fence.
    // As in Pandoc, a ``` fence may interrupt a paragraph but a ~~~ fence may not.
    if (indent < 4 && (c === 96 || (c === 126 && para === null))) {
      const n = runLength(text, first, lineEnd, c);
      if (n >= 3 && (c === 126 || !hasBacktick(text, first + n, lineEnd))) {
        closers ??= new FenceClosers(text, starts ?? lineStartsFrom(text, from));
        const close = closers.closerFrom(c, n, next);
        // Pandoc makes no code block of a fence that is never closed: the fence line is
        // ordinary text and the units after it still count (one stray ``` must not hide
        // the rest of the transcript), so the line is read on as text.
        if (close >= 0) {
          const after = nextLine(close);
          emit({
            kind: 'code',
            start: lineStart,
            end: lineEndOf(text, close, after),
            next: after,
            contentStart: lineStart,
            level: 0,
          });
          afterBlank = false;
          lineStart = after;
          continue;
        }
      }
    }

    // Indented code: only after a blank line, and not as a list item's continuation.
    if (indent >= 4 && para === null && afterBlank && !inList) {
      emit({ kind: 'code', start: lineStart, end: lineEnd, next, contentStart: lineStart, level: 0 });
      lineStart = next;
      continue;
    }

    // Fenced div fences: at the very start of the line.
    if (c === 58 /* : */ && first === lineStart) {
      const n = runLength(text, first, lineEnd, 58);
      if (n >= 3) {
        const rest = first + n;
        if (isBlank(text, rest, lineEnd)) {
          if (openDivs > 0) {
            openDivs--;
            emit({ kind: 'divClose', start: lineStart, end: lineEnd, next, contentStart: lineStart, level: n });
            afterBlank = true;
            lineStart = next;
            continue;
          }
        } else if (para === null) {
          if (items === scratchItems) scratchItems.length = 0;
          const itemsFrom = items.length;
          const attributes = parseDivAttributes(text, rest, lineEnd, items);
          if (attributes !== null) {
            const b: Block = { kind: 'divOpen', start: lineStart, end: lineEnd, next, contentStart: rest, level: n };
            // A broken attribute block is reported by the caller; it opens nothing.
            if (typeof attributes === 'number') {
              openDivs++;
              b.itemsFrom = itemsFrom;
              b.itemsTo = items.length;
              b.attrEnd = attributes;
            } else b.error = attributes;
            emit(b);
            afterBlank = true;
            lineStart = next;
            continue;
          }
        }
      }
    }

    if (para === null && indent < 4) {
      // ATX heading.
      if (c === 35 /* # */ && (afterBlank || emitted === 0)) {
        const n = runLength(text, first, lineEnd, 35);
        const after = text.charCodeAt(first + n);
        if (n <= 6 && (first + n >= lineEnd || after === SPACE || after === TAB)) {
          let cs = first + n;
          while (cs < lineEnd && (text.charCodeAt(cs) === SPACE || text.charCodeAt(cs) === TAB)) cs++;
          emit({ kind: 'heading', start: lineStart, end: lineEnd, next, contentStart: cs, level: n });
          afterBlank = true; // Pandoc lets a block follow a heading directly.
          inList = false;
          lineStart = next;
          continue;
        }
      }
      // HTML comment block.
      if (c === 60 && text.startsWith('<!--', first)) {
        const close = text.indexOf('-->', first + 4);
        const stop = close === -1 ? len : close + 3;
        const nx = stop >= len ? len : nextLine(stop);
        const closeLineEnd = lineEndOf(text, lineStart, nx);
        // Text after `-->` on the closing line is not part of the comment: like Pandoc, end
        // the block at `-->` and read a new block from the next non-space character on
        // (`<!-- c --> [text]{.x}` is a comment, then a paragraph holding a unit).
        let rest = stop;
        while (rest < closeLineEnd && (text.charCodeAt(rest) === SPACE || text.charCodeAt(rest) === TAB)) rest++;
        if (rest < closeLineEnd) {
          emit({ kind: 'html', start: lineStart, end: stop, next: rest, contentStart: first, level: 0 });
          afterBlank = true;
          lineStart = rest;
          continue;
        }
        emit({ kind: 'html', start: lineStart, end: closeLineEnd, next: nx, contentStart: first, level: 0 });
        afterBlank = false;
        lineStart = nx;
        continue;
      }
    }

    const listItem = indent < 4 && isListMarker(text, first, lineEnd);
    const quote = c === 62 /* > */ && indent < 4;
    if (para !== null && !(listItem && para.container)) {
      para.end = lineEnd;
      para.next = next;
    } else {
      if (listItem) inList = true;
      else if (indent < 2 && afterBlank) inList = false;
      endPara();
      const p: Block = { kind: 'paragraph', start: lineStart, end: lineEnd, next, contentStart: lineStart, level: 0 };
      if (listItem || quote) p.container = true;
      emitted++;
      para = p;
    }
    afterBlank = false;
    lineStart = next;
  }
  endPara();
}

/**
 * Attributes after a div's colons: `{...}` or a bare class word, then optional colons.
 * On success the items are appended to `items` and the attribute block's end returned;
 * null when the line opens no div (then `items` is as it was).
 */
function parseDivAttributes(
  text: string,
  from: number,
  lineEnd: number,
  items: IntList,
): number | AttributeError | null {
  let i = from;
  while (i < lineEnd && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  const itemsFrom = items.length;
  let end: number;
  if (text.charCodeAt(i) === 123 /* { */) {
    const r = scanAttributeItems(text, i, lineEnd, undefined, items);
    if (typeof r !== 'number') return r;
    end = r;
  } else {
    // Pandoc takes any run of non-space characters as the class, colons and braces
    // included (`::: a:b` is the class `a:b`, `::: a:::` the class `a:::`).
    let j = i;
    while (j < lineEnd && text.charCodeAt(j) !== SPACE && text.charCodeAt(j) !== TAB) j++;
    if (j === i) return null;
    const at = items.reserve(6);
    items.data.fill(0, at, at + 6);
    items.data[at] = ItemKind.Class;
    items.data[at + 1] = i;
    items.data[at + 2] = j;
    end = j;
  }
  let k = end;
  while (k < lineEnd && (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB || text.charCodeAt(k) === 58)) k++;
  if (k >= lineEnd) return end;
  items.length = itemsFrom;
  return null;
}
