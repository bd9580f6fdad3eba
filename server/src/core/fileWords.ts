/**
 * The words of a Latin transcript's plain text, read once per file for all the golden
 * quotes looked for in it (quoteSearch.ts). A word is what the similarity scorer calls one
 * (a maximal run of letters, digits and `'`) in the lower-cased plain text; each is kept
 * as its plain-text range and, when it is one of the quotes' words, that word's number in
 * the search's {@link QuoteVocabulary}. A unit's words are then the file's words its range
 * meets (cut where the range cuts them), found by binary search, so scoring a unit costs
 * a few integer reads per word instead of a pass over its characters; and a quote's words
 * are found in the file once, for every unit and every quote. The reading and the scoring
 * run as WebAssembly (wasmWords.ts), which needs no JIT warm-up on a cold start.
 *
 * Only text below U+0300 is read this way: there lower-casing maps one code unit to one
 * and the normalisation of quotes (quotes.ts) changes no word. A file with any other
 * character, or with İ (which lower-cases to two), has no FileWords (null), nor has any
 * file where WebAssembly is not available.
 */
import { U, type UnitTable } from './unitTable';
import { WasmWords, type PlanTables, type WordSource } from './wasmWords';

/** Characters below this are on the Latin path (wasmWords.ts has the table words are read with). */
const TABLE_SIZE = 0x300;

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
  /** The words' hashes ({@link wordHash}), by number. */
  readonly hashes: number[] = [];
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
}

/** Plans without quotes, by vocabulary: reading words needs no more (the same object each time, so it is loaded once). */
const plansOf = new WeakMap<QuoteVocabulary, PlanTables>();

function wordsOnly(vocabulary: QuoteVocabulary): PlanTables {
  let plan = plansOf.get(vocabulary);
  if (!plan) plansOf.set(vocabulary, (plan = { vocabulary, quotes: [] }));
  return plan;
}

/**
 * One file's words (see the file comment). They live in the thread's WebAssembly memory
 * (wasmWords.ts), so a FileWords is valid until the next one is read on this thread: a search
 * uses it for one file, then drops it.
 */
export class FileWords {
  /** How many words the file has. */
  readonly count: number;
  /** Per word: its start and end in the plain text, and its number in the vocabulary or -1. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly ids: Int32Array;

  private constructor(
    readonly table: UnitTable,
    readonly vocabulary: QuoteVocabulary,
    /** The words where WebAssembly reads them, to find units' words and score quotes there. */
    readonly wasm: WasmWords,
  ) {
    this.count = wasm.count;
    this.starts = wasm.starts;
    this.ends = wasm.ends;
    this.ids = wasm.ids;
  }

  /**
   * The words of `table`'s plain text in `ranges` (plain-text [start, end) pairs, in order,
   * apart), or null when the file is not all below U+0300 (or has İ). A word is cut where
   * a range cuts it, which is the word the units inside the range see there.
   */
  static read(table: UnitTable, vocabulary: QuoteVocabulary, ranges: ArrayLike<number>): FileWords | null {
    return FileWords.from(table, wordsOnly(vocabulary), { ranges });
  }

  /**
   * The words of the units of `table` that are candidates of `plan`'s quotes
   * (`candidates[i]`: quote i's), read once for all of them, with what scoring the quotes
   * there needs (see {@link wasm}); null as {@link read}.
   */
  static forSearch(table: UnitTable, plan: PlanTables, candidates: readonly (readonly number[])[]): FileWords | null {
    const words = FileWords.from(table, plan, { candidates });
    words?.wasm.spans();
    return words;
  }

  private static from(table: UnitTable, plan: PlanTables, source: WordSource): FileWords | null {
    const vocabulary = plan.vocabulary;
    const text = table.lines.text;
    const seg = table.plain.segments;
    const units = {
      data: table.columns.data.subarray(0, table.count * U.Stride),
      count: table.count,
      stride: U.Stride,
      offStart: U.PlainStart16,
      offEnd: U.PlainEnd16,
    };
    const words = WasmWords.read(plan, text, seg, units, source);
    if (!words) return null;
    // A word across markup (a**b**c) whose hash is a quote word's is compared as a string
    // here: it is rare, and its characters are not in one piece of the source.
    for (let i = 0, left = words.across; left > 0 && i < words.count; i++) {
      if (words.ids[i] !== -2) continue;
      words.ids[i] = vocabulary.numberOf(lowerPlain(text, seg, words.starts[i], words.ends[i]));
      left--;
    }
    return new FileWords(table, vocabulary, words);
  }

  /** The vocabulary number of the lower case of plain text [from, to), a piece of one word, or -1. */
  pieceId(from: number, to: number): number {
    return this.vocabulary.numberOf(lowerPlain(this.table.lines.text, this.table.plain.segments, from, to));
  }
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
