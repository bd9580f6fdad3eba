/**
 * The words of a Latin transcript's plain text, read once per file for all the golden
 * quotes looked for in it (quoteSearch.ts). A word is what the similarity scorer calls one
 * (a maximal run of letters, digits and `'`) in the lower-cased plain text; each is kept
 * as its plain-text range and, when it is one of the quotes' words, that word's number in
 * the search's {@link QuoteVocabulary}. A unit's words are then the file's words its range
 * meets (cut where the range cuts them), found by binary search, so scoring a unit costs
 * a few integer reads per word instead of a pass over its characters; and a quote's words
 * are found in the file once, for every unit and every quote.
 *
 * Only text below U+0300 is read this way: there lower-casing maps one code unit to one
 * and the normalisation of quotes (quotes.ts) changes no word. A file with any other
 * character, or with İ (which lower-cases to two), has no FileWords (null).
 */
import { WORD_SEPARATOR } from './quotes';
import type { UnitTable } from './unitTable';

/** Characters below this are read from the tables; a file with any other has no FileWords. */
const TABLE_SIZE = 0x300;

/**
 * Per UTF-16 code unit: its lower case (one code unit, below U+2C67) where that is part of
 * a word, 0 where it is not, -1 where it is off this path: from U+0300 on, and İ (which
 * lower-cases to two). All 65,536 are in the table so the loop reads it without a test.
 */
const WORD_LOWER = new Int16Array(0x10000).fill(-1);
for (let c = 0; c < TABLE_SIZE; c++) {
  const lower = String.fromCharCode(c).toLowerCase();
  WORD_LOWER[c] = lower.length !== 1 ? -1 : WORD_SEPARATOR.test(lower) ? 0 : lower.charCodeAt(0);
}
/** Per character below U+0300: its lower case. */
const LOWER = new Uint16Array(TABLE_SIZE);
for (let c = 0; c < TABLE_SIZE; c++) LOWER[c] = String.fromCharCode(c).toLowerCase().charCodeAt(0);

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The FNV-1a hash of a word's code units (the file's words are hashed as they are read, the same way). */
export function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

/**
 * The distinct words of all the quotes of one search, numbered, with a hash table to find
 * a file's word among them without making a string of it (a hash that is found is
 * confirmed by comparing the characters).
 */
export class QuoteVocabulary {
  /** The words by number. */
  readonly words: string[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly hashes: number[] = [];
  /** Open addressing: word number + 1 by hash slot, 0 where empty (most slots, so that most words miss at once). */
  readonly slots: Int32Array;
  readonly mask: number;

  constructor(words: Iterable<string>) {
    for (const w of words) {
      if (this.numbers.has(w)) continue;
      this.numbers.set(w, this.words.push(w) - 1);
      this.hashes.push(wordHash(w));
    }
    let size = 64;
    while (size < 8 * this.words.length) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size);
    this.hashes.forEach((h, id) => {
      let s = h & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = id + 1;
    });
  }

  /** The number of word `w`, or -1. */
  numberOf(w: string): number {
    return this.numbers.get(w) ?? -1;
  }

  /**
   * The number of the word whose hash is `h` and whose characters are the lower case of
   * `text`'s [from, from + length), or -1.
   */
  find(h: number, text: string, from: number, length: number): number {
    const slots = this.slots;
    for (let s = h & this.mask; slots[s] !== 0; s = (s + 1) & this.mask) {
      const id = slots[s] - 1;
      if (this.hashes[id] !== h) continue;
      const w = this.words[id];
      if (w.length !== length) continue;
      let j = 0;
      while (j < length && LOWER[text.charCodeAt(from + j)] === w.charCodeAt(j)) j++;
      if (j === length) return id;
    }
    return -1;
  }
}

/** Buffers shared by every FileWords of this thread: a search reads one file at a time. */
function emptyBuffers(): { starts: Int32Array; ends: Int32Array; ids: Int32Array } {
  return { starts: new Int32Array(0), ends: new Int32Array(0), ids: new Int32Array(0) };
}
let buffers = emptyBuffers();

/** Shared buffers over this many words are let go after their file (see {@link FileWords.done}). */
const KEPT_WORDS = 1 << 18;

/** The shared buffers, with room for `n` words. */
function buffersFor(n: number): typeof buffers {
  if (n > buffers.starts.length) {
    const size = Math.max(n, 2 * buffers.starts.length);
    buffers = { starts: new Int32Array(size), ends: new Int32Array(size), ids: new Int32Array(size) };
  }
  return buffers;
}

/**
 * One file's words (see the file comment). It reads buffers shared by the thread, so it is
 * valid until the next {@link FileWords.read}: a search uses it for one file, then drops it.
 */
export class FileWords {
  /** How many words the file has. */
  readonly count: number;
  /** Per word: its start and end in the plain text, and its number in the vocabulary or -1. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly ids: Int32Array;
  /** Word indices by vocabulary number (see {@link occurrences}), made when first asked for. */
  private postings: { offsets: Int32Array; at: Int32Array } | null = null;

  private constructor(
    readonly table: UnitTable,
    readonly vocabulary: QuoteVocabulary,
    count: number,
  ) {
    this.count = count;
    this.starts = buffers.starts;
    this.ends = buffers.ends;
    this.ids = buffers.ids;
  }

  /**
   * The words of `table`'s plain text in `ranges` (plain-text [start, end) pairs, in order,
   * apart), or null when the file is not all below U+0300 (or has İ). A word is cut where
   * a range cuts it, which is the word the units inside the range see there.
   */
  static read(table: UnitTable, vocabulary: QuoteVocabulary, ranges: readonly number[]): FileWords | null {
    let room = 0;
    for (let r = 0; r < ranges.length; r += 2) room += (ranges[r + 1] - ranges[r] + 1) >> 1;
    // Words are apart, so a range holds at most half as many as characters (rounded up).
    const n = readWords(table.lines.text, table.plain.segments, vocabulary, ranges, buffersFor(room));
    return n < 0 ? null : new FileWords(table, vocabulary, n);
  }

  /**
   * Lets the thread's buffers go when a large file made them large (a 10 MB transcript
   * can take 60 MB at worst), so that a long-lived process does not keep them.
   */
  static done(): void {
    if (buffers.starts.length > KEPT_WORDS) buffers = emptyBuffers();
  }

  /** The first word that ends after plain offset `s` (count when none). */
  firstEndingAfter(s: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid] <= s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first word from `lo` on that starts at or after plain offset `e` (count when none). */
  firstStartingAt(e: number, lo: number): number {
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid] < e) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Per vocabulary number, how many words are that word, made when first asked for. */
  private counts: Int32Array | null = null;

  /** How many words are vocabulary word `id`. */
  countOf(id: number): number {
    if (!this.counts) {
      const counts = new Int32Array(this.vocabulary.words.length);
      for (let i = 0; i < this.count; i++) if (this.ids[i] >= 0) counts[this.ids[i]]++;
      this.counts = counts;
    }
    return this.counts[id];
  }

  /** The indices of the words that are vocabulary word `id`, in order. */
  occurrences(id: number): Int32Array {
    if (!this.postings) {
      const size = this.vocabulary.words.length;
      const offsets = new Int32Array(size + 1);
      for (let i = 0; i < this.count; i++) if (this.ids[i] >= 0) offsets[this.ids[i] + 1]++;
      for (let j = 0; j < size; j++) offsets[j + 1] += offsets[j];
      const fill = offsets.slice(0, size);
      const at = new Int32Array(offsets[size]);
      for (let i = 0; i < this.count; i++) if (this.ids[i] >= 0) at[fill[this.ids[i]]++] = i;
      this.postings = { offsets, at };
    }
    return this.postings.at.subarray(this.postings.offsets[id], this.postings.offsets[id + 1]);
  }

  /** The vocabulary number of the lower case of plain text [from, to), a piece of one word, or -1. */
  pieceId(from: number, to: number): number {
    return this.vocabulary.numberOf(lowerPlain(this.table.lines.text, this.table.plain.segments, from, to));
  }
}

/**
 * Reads the words of plain-text `ranges` of a source `text` with plain segments `seg` into
 * `into` (see {@link FileWords.read}); returns their number, or -1 when a character is off
 * this path. (A function of its own, so that the code the JIT makes for its loop, often
 * entered in the middle of the first file, has seen everything that follows the loop.)
 */
function readWords(
  text: string,
  seg: ArrayLike<number>,
  vocabulary: QuoteVocabulary,
  ranges: readonly number[],
  into: { starts: Int32Array; ends: Int32Array; ids: Int32Array },
): number {
  const { starts, ends, ids } = into;
  let n = 0;
  let k = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    const rangeStart = ranges[r];
    const rangeEnd = ranges[r + 1];
    // The segment holding the range's start: the last one starting at or before it.
    while (k + 3 < seg.length && seg[k + 4] <= rangeStart) k += 3;
    let inWord = false;
    let h = 0;
    // The word being read: where it starts in the plain text and in the source, and its segment.
    let wordPlain = 0;
    let wordSource = 0;
    let wordSeg = 0;
    for (;;) {
      const segPlain = seg[k + 1];
      const shift = segPlain - seg[k];
      const segEnd = segPlain + seg[k + 2];
      const to = (segEnd < rangeEnd ? segEnd : rangeEnd) - shift;
      // Runs of separators, then runs of word characters, each in a loop of its own: the
      // branches of a character's class are then taken the same way until the run ends.
      // The range's end ends a word as a separator does, on the same path (a path first
      // taken after the JIT compiled the loop would send it back to be compiled again).
      const last = segEnd >= rangeEnd || k + 3 >= seg.length;
      let i = (rangeStart > segPlain ? rangeStart : segPlain) - shift;
      while (i < to) {
        let lower = WORD_LOWER[text.charCodeAt(i)];
        if (!inWord) {
          while (lower === 0 && ++i < to) lower = WORD_LOWER[text.charCodeAt(i)];
          if (i === to) break;
          if (lower < 0) return -1;
          inWord = true;
          h = FNV_OFFSET;
          wordPlain = i + shift;
          wordSource = i;
          wordSeg = k;
        }
        while (lower > 0) {
          h = Math.imul(h ^ lower, FNV_PRIME);
          if (++i === to) break;
          lower = WORD_LOWER[text.charCodeAt(i)];
        }
        // The word goes on into the next piece, or the text leaves this path, or it ends here.
        if (i === to ? !last : lower < 0) {
          if (i === to) break;
          return -1;
        }
        inWord = false;
        starts[n] = wordPlain;
        ends[n] = i + shift;
        ids[n] = wordId(vocabulary, h, text, seg, wordSeg, wordSource, wordPlain, i + shift);
        n++;
        i++;
      }
      if (last) break;
      k += 3;
    }
  }
  return n;
}

/**
 * The vocabulary number of the word with hash `h` at plain [start, end), which started at
 * source offset `source` in segment `startSeg`, or -1. Most words miss the vocabulary's
 * table at once; a word found there is compared where it stands in the source when it
 * lies in one segment (most do, those that end where markup starts included).
 */
function wordId(
  vocabulary: QuoteVocabulary,
  h: number,
  text: string,
  seg: ArrayLike<number>,
  startSeg: number,
  source: number,
  start: number,
  end: number,
): number {
  if (vocabulary.slots[h & vocabulary.mask] === 0) return -1;
  if (source + (end - start) <= seg[startSeg] + seg[startSeg + 2]) return vocabulary.find(h, text, source, end - start);
  return acrossMarkup(vocabulary, h, text, seg, start, end);
}

/** The vocabulary number of a word with hash `h` across markup (a**b**c), which is rare: made into a string. */
function acrossMarkup(
  vocabulary: QuoteVocabulary,
  h: number,
  text: string,
  seg: ArrayLike<number>,
  from: number,
  to: number,
): number {
  const w = lowerPlain(text, seg, from, to);
  return wordHash(w) === h ? vocabulary.numberOf(w) : -1;
}

/** The lower case of plain text [from, to) of a source with plain segments `seg` (all below U+0300). */
function lowerPlain(text: string, seg: ArrayLike<number>, from: number, to: number): string {
  let out = '';
  // The last segment starting at or before `from`.
  let lo = 0;
  let hi = seg.length / 3 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (seg[3 * mid + 1] <= from) lo = mid;
    else hi = mid - 1;
  }
  for (let k = 3 * lo; k < seg.length && seg[k + 1] < to; k += 3) {
    const p = seg[k + 1];
    const a = Math.max(from, p);
    const b = Math.min(to, p + seg[k + 2]);
    for (let x = a; x < b; x++) out += String.fromCharCode(LOWER[text.charCodeAt(seg[k] + x - p)]);
  }
  return out;
}
