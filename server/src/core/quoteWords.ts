/**
 * The similarity scorer (quotes.ts, similarityScorer) run on ranges of a text in place,
 * for the closest-unit search of golden quotes in a Latin file: a unit's text for scoring
 * is a range of the file's lower-cased plain text. The range is read once, character by
 * character (a table below U+0300 made from the scorer's own pattern), each word is
 * compared with the quote's few words where it stands, and word pairs are counted as
 * pairs of small integers: no string is made per unit or per word.
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

/**
 * The code point at `i` of a range ending at `end`, as a slice to `end` holds it: a pair
 * cut by the end is a lone surrogate there.
 */
function codePointIn(text: string, i: number, end: number): number {
  const cp = text.codePointAt(i) as number;
  return cp > 0xffff && i + 1 >= end ? text.charCodeAt(i) : cp;
}

/** Whether code point `cp` (U+0300 or above) is part of a word. */
function isWordPoint(cp: number): boolean {
  return !WORD_SEPARATOR.test(String.fromCodePoint(cp));
}

/**
 * similarityScorer(a) for ranges of a text: `score(text, start, end, floor)` gives exactly
 * what `similarityScorer(a)(text.slice(start, end), floor)` gives, reading the range once
 * and making no string. Made once per quote and used for every file.
 */
export class QuoteWords {
  /** The quote's word count. */
  readonly na: number;
  /** The quote's distinct words, numbered by their place here. */
  readonly distinct: string[] = [];
  private readonly lengths: number[];
  /** Grams are numbered x·width + y for the words numbered x and y; y = q for a single-word gram (the last word's). */
  readonly q: number;
  readonly width: number;
  /** How often the quote has each gram. */
  readonly inA: Int32Array;
  /** How often the unit being scored has had each gram so far, valid where stamp is its number. */
  private readonly seen: Int32Array;
  private readonly stamp: Int32Array;
  private unit = 0;
  /** A quick no for most words: 1 at the hash of each quote word's length and first code unit. */
  private readonly maybe = new Uint8Array(256);

  constructor(a: string) {
    const wa = a.split(WORD_SEPARATOR).filter(Boolean);
    this.na = wa.length;
    const numbers = new Map<string, number>();
    const ids = wa.map((w) => {
      let id = numbers.get(w);
      if (id === undefined) numbers.set(w, (id = this.distinct.push(w) - 1));
      return id;
    });
    this.q = this.distinct.length;
    this.width = this.q + 1;
    this.inA = new Int32Array(this.q * this.width);
    for (let k = 0; k < this.na; k++) this.inA[ids[k] * this.width + (k + 1 < this.na ? ids[k + 1] : this.q)]++;
    this.seen = new Int32Array(this.inA.length);
    this.stamp = new Int32Array(this.inA.length);
    this.lengths = this.distinct.map((w) => w.length);
    for (const w of this.distinct) this.maybe[(w.length * 31 + w.charCodeAt(0)) & 255] = 1;
  }

  /** The similarity of `text.slice(start, end)` to the quote when it can exceed `floor`, else 0. */
  score(text: string, start: number, end: number, floor: number): number {
    const na = this.na;
    const cap = floor > 0 ? Math.ceil((na * (2 - floor)) / floor) : Infinity;
    // A new stamp per unit spares clearing the counts; they are cleared when stamps run out.
    if (++this.unit === 0x7fffffff) {
      this.unit = 1;
      this.stamp.fill(0);
    }
    let nb = 0;
    let common = 0;
    // The previous word's number (-1: none, or not a quote word).
    let prev = -1;
    let i = start;
    while (i < end) {
      // A run of separators, then a run of word characters.
      for (;;) {
        if (i >= end) break;
        const c = text.charCodeAt(i);
        if (c < TABLE_SIZE) {
          if (WORD_CHAR[c] === 1) break;
          i++;
        } else {
          const cp = codePointIn(text, i, end);
          if (isWordPoint(cp)) break;
          i += cp > 0xffff ? 2 : 1;
        }
      }
      if (i >= end) break;
      const from = i;
      for (;;) {
        if (i >= end) break;
        const c = text.charCodeAt(i);
        if (c < TABLE_SIZE) {
          if (WORD_CHAR[c] === 0) break;
          i++;
        } else {
          const cp = codePointIn(text, i, end);
          if (!isWordPoint(cp)) break;
          i += cp > 0xffff ? 2 : 1;
        }
      }
      if (++nb >= cap) return 0;
      const cur = this.quoteWord(text, from, i);
      if (prev >= 0 && cur >= 0) common += this.count(prev * this.width + cur);
      prev = cur;
    }
    if (prev >= 0) common += this.count(prev * this.width + this.q);
    return na + nb === 0 ? 0 : (2 * common) / (na + nb);
  }

  /** The number of the quote word that text[x, y) is, or -1. */
  private quoteWord(text: string, x: number, y: number): number {
    const len = y - x;
    if (this.maybe[(len * 31 + text.charCodeAt(x)) & 255] === 0) return -1;
    for (let j = 0; j < this.q; j++) if (this.lengths[j] === len && text.startsWith(this.distinct[j], x)) return j;
    return -1;
  }

  /** Counts gram `g` in the unit being scored: 1 when the quote has it this many times or more. */
  private count(g: number): number {
    if (this.inA[g] === 0) return 0;
    if (this.stamp[g] !== this.unit) {
      this.stamp[g] = this.unit;
      this.seen[g] = 0;
    }
    return ++this.seen[g] <= this.inA[g] ? 1 : 0;
  }
}

/** Quotes made into {@link QuoteWords}, by their fragments (the same array for every file of a search). */
const made = new WeakMap<readonly string[], QuoteWords>();

/** The {@link QuoteWords} of a quote's fragments joined by spaces, made once per fragments array. */
export function quoteWords(fragments: readonly string[]): QuoteWords {
  let w = made.get(fragments);
  if (!w) made.set(fragments, (w = new QuoteWords(fragments.join(' '))));
  return w;
}
