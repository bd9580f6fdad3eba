/**
 * The markup-free plain text of a document and the maps between its offsets and the
 * source's. Markup is given as ranges of the source; the plain text is everything else,
 * so re-inserting the markup at the mapped offsets gives back the source exactly.
 */
import type { IntList } from './intList';
import type { PlainText } from './model';

/**
 * Builds the plain text by leaving out `markup` ([start, end] pairs, any order, may
 * overlap). The segments are computed at once; the `text` string only when first read,
 * since most uses need offsets, not a copy of the whole document.
 */
export function buildPlainText(text: string, list: IntList): PlainText {
  const markup = list.data.subarray(0, list.length);
  // At most one segment before each markup range and one after the last.
  const out = new Int32Array(3 * (markup.length / 2 + 1));
  const n = sortPairs(markup)
    ? segmentsOfSorted(text.length, markup, out)
    : segmentsByCoverage(text.length, markup, out);
  return lazyPlainText(text, out.slice(0, n));
}

/** Writes the segments left between sorted markup pairs into `out`; returns how many numbers it wrote. */
function segmentsOfSorted(size: number, markup: Int32Array, out: Int32Array): number {
  let n = 0;
  let src = 0;
  let plain = 0;
  for (let k = 0; k < markup.length; k += 2) {
    const s = markup[k];
    const e = markup[k + 1];
    if (e <= src) continue;
    if (s > src) {
      out[n] = src;
      out[n + 1] = plain;
      out[n + 2] = s - src;
      n += 3;
      plain += s - src;
    }
    if (e > src) src = e;
  }
  if (src < size) {
    out[n] = src;
    out[n + 1] = plain;
    out[n + 2] = size - src;
    n += 3;
  }
  return n;
}

/**
 * The same segments as {@link segmentsOfSorted} gives for the pairs sorted, from unsorted
 * pairs in time linear in the pairs and the text: how many ranges cover each offset (a
 * running sum of +1 at starts and -1 at ends), and where an empty range cuts a kept stretch
 * (the sorted walk ends a segment at every range start it meets in kept text).
 */
function segmentsByCoverage(size: number, markup: Int32Array, out: Int32Array): number {
  const delta = new Int32Array(size + 1);
  const cut = new Uint8Array(size + 1);
  for (let k = 0; k < markup.length; k += 2) {
    const s = Math.max(0, markup[k]);
    const e = Math.min(size, markup[k + 1]);
    if (e > s) {
      delta[s]++;
      delta[e]--;
    } else if (s === e) cut[s] = 1;
  }
  let n = 0;
  let plain = 0;
  let covered = 0;
  let from = -1;
  for (let i = 0; i <= size; i++) {
    covered += delta[i];
    const keep = i < size && covered === 0;
    if (from >= 0 && (!keep || cut[i] === 1) && i > from) {
      out[n] = from;
      out[n + 1] = plain;
      out[n + 2] = i - from;
      n += 3;
      plain += i - from;
      from = -1;
    }
    if (keep && from < 0) from = i;
  }
  return n;
}

/**
 * The plain text the segments keep of `source`, joined. Appended piece by piece, then
 * flattened once where first read: about a third faster than joining an array of the
 * pieces (a 36 KB transcript has about 400).
 */
export function joinSegments(source: string, segments: ArrayLike<number>): string {
  let text = '';
  for (let k = 0; k < segments.length; k += 3) text += source.slice(segments[k], segments[k] + segments[k + 2]);
  return text;
}

/** Where a lazy PlainText keeps its source (not enumerable: the object reads as plain data). */
const SOURCE = Symbol('source');

/** The `text` getter of every lazy PlainText (see {@link lazyPlainText}). */
function joinedText(this: PlainText & { [SOURCE]: string }): string {
  const value = joinSegments(this[SOURCE], this.segments);
  Object.defineProperty(this, 'text', { value, enumerable: true, writable: false, configurable: false });
  return value;
}

/**
 * A PlainText whose `text` is joined from the source on first access, then kept. Every
 * such object has the same getter, which reads the source from the object: a getter made
 * for each object (a closure over its source) gave each object a hidden class of its own,
 * which V8 keeps outside the young generation, and through it the source; so every parsed
 * text outlived the young generation's collections, and the team commands spent about a
 * fifth of their time collecting garbage (docs/performance.md, "Parses that outlived their
 * use").
 */
export function lazyPlainText(source: string, segments: Int32Array): PlainText {
  const plain = { segments } as PlainText & { [SOURCE]: string };
  Object.defineProperty(plain, SOURCE, { value: source, enumerable: false });
  Object.defineProperty(plain, 'text', { enumerable: true, configurable: true, get: joinedText });
  return plain;
}

/** The plain text of source range [from, to): the kept segments inside it, joined. */
export function plainSlice(source: string, plain: PlainText, from: number, to: number): string {
  const seg = plain.segments;
  let k = segmentAt(seg, from);
  if (k < 0) k = 0;
  let out = '';
  for (; 3 * k < seg.length; k++) {
    const s = seg[3 * k];
    const e = s + seg[3 * k + 2];
    if (s >= to) break;
    if (e <= from) continue;
    out += source.slice(Math.max(s, from), Math.min(e, to));
  }
  return out;
}

/**
 * `s` as a string of its own. V8 keeps a slice of 13 or more characters as a view of the
 * string it was cut from, and the view keeps that string alive: a unit's text kept in a
 * result (`diff`'s changes) would keep its whole transcript in memory, and the garbage
 * collector copies what stays alive. Joined to one character and cut again, the text is
 * copied once and holds on to nothing larger than itself.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Index of the last segment starting at or before `offset`, or -1. */
export function segmentAt(seg: Int32Array, offset: number): number {
  let lo = 0;
  let hi = seg.length / 3 - 1;
  if (hi < 0 || offset < seg[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (seg[3 * mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Sorts flat [start, end] pairs in place by start (then longest first), and says whether
 * it did. Scanners emit markup almost in order (a span's `[` is only known at its `]`,
 * emphasis at the end of its block), so an insertion sort is linear in practice; it gives
 * up after a budget of moves proportional to the input (deeply nested spans), and the
 * caller then reads the pairs unsorted (segmentsByCoverage), in linear time too.
 */
function sortPairs(a: Int32Array): boolean {
  let budget = 2 * a.length + 64;
  for (let i = 2; i < a.length; i += 2) {
    const s = a[i];
    const e = a[i + 1];
    let j = i - 2;
    while (j >= 0 && (a[j] > s || (a[j] === s && a[j + 1] < e))) {
      a[j + 2] = a[j];
      a[j + 3] = a[j + 1];
      j -= 2;
      if (--budget === 0) break;
    }
    a[j + 2] = s;
    a[j + 3] = e;
    if (budget === 0) return false;
  }
  return true;
}

/**
 * The UTF-16 offset in the plain text that corresponds to source offset `offset`;
 * an offset inside markup maps to where the next kept text begins.
 */
export function sourceToPlain(plain: PlainText, offset: number): number {
  const seg = plain.segments;
  const k = segmentAt(seg, offset);
  if (k < 0) return 0;
  return seg[3 * k + 1] + Math.min(offset - seg[3 * k], seg[3 * k + 2]);
}

/**
 * {@link sourceToPlain} for offsets that mostly increase, as units' starts do: it walks
 * the segments from where the last query left off instead of searching them all.
 */
export class PlainCursor {
  private k = 0;

  constructor(private readonly seg: Int32Array) {}

  /** The plain offset of `offset`, moving the cursor to it (call with non-decreasing offsets). */
  at(offset: number): number {
    return this.map(offset, true);
  }

  /**
   * The segment the cursor stands on since the last {@link at}: the last one starting at or
   * before that offset, or 0 when it lay before every segment (as `Math.max(0, segmentAt(...))`).
   */
  segment(): number {
    return this.k;
  }

  /** The plain offset of a later `offset` (an end), leaving the cursor where it is. */
  after(offset: number): number {
    return this.map(offset, false);
  }

  private map(offset: number, move: boolean): number {
    const seg = this.seg;
    const n = seg.length / 3;
    if (n === 0 || offset < seg[0]) {
      if (move) this.k = 0;
      return 0;
    }
    let k = this.k;
    if (seg[3 * k] > offset) k = 0;
    // A few steps forward (the next unit's start), else a binary search: the end of a unit
    // that holds thousands of nested ones lies that many segments ahead.
    const stop = Math.min(n - 1, k + 16);
    while (k < stop && seg[3 * (k + 1)] <= offset) k++;
    if (k === stop && k + 1 < n && seg[3 * (k + 1)] <= offset) {
      let hi = n - 1;
      while (k < hi) {
        const mid = (k + hi + 1) >> 1;
        if (seg[3 * mid] <= offset) k = mid;
        else hi = mid - 1;
      }
    }
    if (move) this.k = k;
    return seg[3 * k + 1] + Math.min(offset - seg[3 * k], seg[3 * k + 2]);
  }
}

/** The source offset of plain-text UTF-16 offset `offset` (inverse of {@link sourceToPlain} on kept text). */
export function plainToSource(plain: PlainText, offset: number): number {
  const seg = plain.segments;
  let lo = 0;
  let hi = seg.length / 3 - 1;
  if (hi < 0) return offset;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (seg[3 * mid + 1] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return seg[3 * lo] + Math.min(offset - seg[3 * lo + 1], seg[3 * lo + 2]);
}

/**
 * Converts UTF-16 offsets of one string to code-point offsets. Cheap when the text has
 * no astral characters (the common case): then both are the same.
 */
export class CodePointMap {
  private readonly lows: number[] | null;

  constructor(text: string) {
    let lows: number[] | null = null;
    if (/[\ud800-\udbff][\udc00-\udfff]/.test(text)) {
      lows = [];
      const re = /[\ud800-\udbff][\udc00-\udfff]/g;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) lows.push(m.index + 1);
    }
    this.lows = lows;
  }

  /** Code points before UTF-16 offset `offset`. */
  toCodePoint(offset: number): number {
    const lows = this.lows;
    if (lows === null) return offset;
    let lo = 0;
    let hi = lows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lows[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return offset - lo;
  }
}
