/**
 * The markup-free plain text of a document and the maps between its offsets and the
 * source's. Markup is given as ranges of the source; the plain text is everything else,
 * so re-inserting the markup at the mapped offsets gives back the source exactly.
 */
import type { PlainText } from './model';

/** Builds the plain text by leaving out `markup` ([start, end] pairs, any order, may overlap). */
export function buildPlainText(text: string, markup: number[]): PlainText {
  const n = markup.length >> 1;
  const order = new Array<number>(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => markup[2 * a] - markup[2 * b] || markup[2 * b + 1] - markup[2 * a + 1]);
  const segments: number[] = [];
  const parts: string[] = [];
  let src = 0;
  let plain = 0;
  for (const k of order) {
    const s = markup[2 * k];
    const e = markup[2 * k + 1];
    if (e <= src) continue;
    if (s > src) {
      segments.push(src, plain, s - src);
      parts.push(text.slice(src, s));
      plain += s - src;
    }
    src = Math.max(src, e);
  }
  if (src < text.length) {
    segments.push(src, plain, text.length - src);
    parts.push(text.slice(src));
  }
  return { text: parts.join(''), segments };
}

/**
 * The UTF-16 offset in the plain text that corresponds to source offset `offset`;
 * an offset inside markup maps to where the next kept text begins.
 */
export function sourceToPlain(plain: PlainText, offset: number): number {
  const seg = plain.segments;
  let lo = 0;
  let hi = seg.length / 3 - 1;
  if (hi < 0 || offset < seg[0]) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (seg[3 * mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return seg[3 * lo + 1] + Math.min(offset - seg[3 * lo], seg[3 * lo + 2]);
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
