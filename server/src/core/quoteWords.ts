/**
 * The similarity scorer (quotes.ts, similarityScorer) run on a file's words found once,
 * for the closest-unit search of golden quotes. A unit's text is a range of the file's
 * lower-cased plain text; its words are the file's words in that range, the first and the
 * last cut at the range's ends (a maximal run inside a range is a maximal run of the file
 * clipped to it). So a unit's word count is two binary searches, and its word pairs are
 * compared as pairs of small integers, with no string made per unit or per word.
 */
import { WORD_SEPARATOR } from './quotes';

/** Below this every character's class (word or separator) is read from a table. */
const TABLE_SIZE = 0x300;

/** 1 where the character is part of a word, made from the scorer's own separator pattern. */
const WORD_CHAR: Uint8Array = (() => {
  const t = new Uint8Array(TABLE_SIZE);
  for (let c = 0; c < TABLE_SIZE; c++) t[c] = WORD_SEPARATOR.test(String.fromCharCode(c)) ? 0 : 1;
  return t;
})();

/** The words of a text: their UTF-16 start and end offsets, in order. */
export class FileWords {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;

  constructor(readonly text: string) {
    let starts = new Int32Array((text.length >> 3) + 16);
    let ends = new Int32Array(starts.length);
    let n = 0;
    let i = 0;
    let start = -1;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      let word: boolean;
      let width = 1;
      if (c < TABLE_SIZE) word = WORD_CHAR[c] === 1;
      else {
        // The pattern reads code points: a surrogate pair is one character.
        const cp = text.codePointAt(i) as number;
        if (cp > 0xffff) width = 2;
        word = !WORD_SEPARATOR.test(String.fromCodePoint(cp));
      }
      if (word) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        if (n === starts.length) [starts, ends] = [grow(starts), grow(ends)];
        starts[n] = start;
        ends[n++] = i;
        start = -1;
      }
      i += width;
    }
    if (start >= 0) {
      if (n === starts.length) [starts, ends] = [grow(starts), grow(ends)];
      starts[n] = start;
      ends[n++] = text.length;
    }
    // Trimmed: a study's files keep theirs for the whole search.
    this.starts = starts.slice(0, n);
    this.ends = ends.slice(0, n);
    this.count = n;
  }

  /** The index of the first word that ends after `at` (count when none does). */
  firstEndingAfter(at: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid] <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The index of the first word that starts at or after `at` (count when none does). */
  firstStartingFrom(at: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * similarityScorer(a) for ranges of `words.text`: `(start, end, floor)` gives exactly what
 * `similarityScorer(a)(words.text.slice(start, end), floor)` gives.
 */
export function rangeScorer(a: string, words: FileWords): (start: number, end: number, floor: number) => number {
  const wa = a.split(WORD_SEPARATOR).filter(Boolean);
  const na = wa.length;
  // The quote's distinct words, numbered; a gram is a pair of numbers, the second being
  // q for a single-word gram (the last word's).
  const distinct: string[] = [];
  const local = new Map<string, number>();
  const ids = wa.map((w) => {
    let id = local.get(w);
    if (id === undefined) local.set(w, (id = distinct.push(w) - 1));
    return id;
  });
  const q = distinct.length;
  const width = q + 1;
  const inA = new Int32Array(q * width);
  for (let k = 0; k < na; k++) inA[ids[k] * width + (k + 1 < na ? ids[k + 1] : q)]++;
  const seen = new Int32Array(inA.length);
  const stamp = new Int32Array(inA.length);
  let unit = 0;
  // A quick no for most words: a quote word's length and first character, hashed.
  const maybe = new Uint8Array(256);
  const lengths = distinct.map((w) => w.length);
  for (const w of distinct) maybe[(w.length * 31 + w.charCodeAt(0)) & 255] = 1;
  const text = words.text;
  /** The number of the quote word that text[x, y) is, or -1. */
  const wordAt = (x: number, y: number): number => {
    const len = y - x;
    if (maybe[(len * 31 + text.charCodeAt(x)) & 255] === 0) return -1;
    for (let j = 0; j < q; j++) if (lengths[j] === len && text.startsWith(distinct[j], x)) return j;
    return -1;
  };
  const { starts, ends } = words;
  return (start, end, floor) => {
    const cap = floor > 0 ? Math.ceil((na * (2 - floor)) / floor) : Infinity;
    const first = words.firstEndingAfter(start);
    const stop = Math.max(first, words.firstStartingFrom(end));
    const nb = stop - first;
    if (nb >= cap) return 0;
    unit++;
    let common = 0;
    let cur = nb ? wordAt(Math.max(starts[first], start), first + 1 === stop ? Math.min(ends[first], end) : ends[first]) : -1;
    for (let k = first; k < stop; k++) {
      const last = k + 1 === stop;
      const next = last ? -1 : wordAt(starts[k + 1], k + 2 === stop ? Math.min(ends[k + 1], end) : ends[k + 1]);
      if (cur >= 0 && (last || next >= 0)) {
        const g = cur * width + (last ? q : next);
        if (inA[g] > 0) {
          if (stamp[g] !== unit) {
            stamp[g] = unit;
            seen[g] = 0;
          }
          if (++seen[g] <= inA[g]) common++;
        }
      }
      cur = next;
    }
    return na + nb === 0 ? 0 : (2 * common) / (na + nb);
  };
}
