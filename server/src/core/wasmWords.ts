/**
 * The golden-quote search's inner loops (fileWords.ts, wordSearch.ts) run as WebAssembly
 * (wasm/wordSearch.wat): reading a file's words, finding each unit's words, and scoring a
 * quote's candidate units. A cold `condense check` runs these loops over millions of
 * characters once, at the end of the scan: JavaScript would run them in the interpreter
 * and then wait for the JIT, WebAssembly runs them compiled from the first file
 * (docs/performance.md).
 *
 * Each thread keeps one instance, whose memory holds the character table, the vocabulary
 * of the search under way and one file's text, words and units. A file too large for that
 * memory gets an instance of its own, dropped with its words, so that a long-lived
 * language server does not keep the memory a large file took.
 */
import type { QuoteVocabulary } from './fileWords';
import { WORD_SEPARATOR } from './quotes';
import { WORD_SEARCH_WASM } from './wasm/wordSearchWasm';

/** The part of the WebAssembly API used here (the project's type libraries have no DOM, where it is declared). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

interface SearchExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  across: { readonly value: number };
  best: { readonly value: number };
  matchCount: { readonly value: number };
  readWords(
    text: number,
    seg: number,
    segLength: number,
    ranges: number,
    rangesLength: number,
    starts: number,
    ends: number,
    ids: number,
    slots: number,
    mask: number,
    hashes: number,
    wordAt: number,
    wordLength: number,
  ): number;
  spans(
    data: number,
    stride: number,
    offStart: number,
    offEnd: number,
    count: number,
    marked: number,
    starts: number,
    ends: number,
    n: number,
    from: number,
    to: number,
  ): void;
  score(
    cands: number,
    nc: number,
    data: number,
    stride: number,
    offStart: number,
    offEnd: number,
    from: number,
    to: number,
    starts: number,
    ends: number,
    ids: number,
    local: number,
    bits: number,
    inA: number,
    seen: number,
    stamp: number,
    q: number,
    width: number,
    na: number,
    hasInterior: number,
    all: number,
    floor: number,
    matches: number,
  ): number;
}

/** A file's units as the search reads them: records of `stride` integers, plain start and end at `offStart` and `offEnd`. */
export interface UnitRecords {
  data: Int32Array;
  count: number;
  stride: number;
  offStart: number;
  offEnd: number;
}

/** One quote as the scorer counts it (quoteWords.ts): its word count, distinct words and gram counts. */
export interface QuoteGrams {
  /** Words in the quote. */
  na: number;
  /** Distinct words: grams are x·width + y, y = q for the last word alone. */
  q: number;
  width: number;
  inA: Int32Array;
}

/** What a score asks of its caller, in the rare cases (see wordSearch.wat's imports). */
export interface ScoreHelp {
  /** The vocabulary number of plain [from, to), a word cut by a unit's range, or -1. */
  piece(from: number, to: number): number;
  /** The interior-word bits of unit `k`'s words [from, to) (a unit too long to score). */
  holding(k: number, from: number, to: number): number;
  /** Whether unit `k`, which holds every interior word, holds the quote. */
  holds(k: number): boolean;
}

/** One quote's answer in one file. */
export interface ScoreResult {
  matches: number[];
  closest: number;
  score: number;
}

/** Characters below this are on the Latin path (fileWords.ts). */
const TABLE_SIZE = 0x300;

/**
 * Per UTF-16 code unit: its lower case (one code unit) where that is part of a word, 0
 * where it is not, -1 off the path: from U+0300 on, and İ (which lower-cases to two). A
 * word is a maximal run of letters, digits and `'` (quotes.ts, WORD_SEPARATOR).
 */
function wordTable(): Int16Array {
  const t = new Int16Array(0x10000).fill(-1);
  for (let c = 0; c < TABLE_SIZE; c++) {
    const lower = String.fromCharCode(c).toLowerCase();
    t[c] = lower.length !== 1 ? -1 : WORD_SEPARATOR.test(lower) ? 0 : lower.charCodeAt(0);
  }
  return t;
}

const TABLE_BYTES = 0x20000;
const PAGE = 0x10000;
/** The memory a thread's instance keeps between files; a file that needs more gets an instance of its own. */
const KEPT_BYTES = 16 << 20;

let compiled: object | undefined;
let table: Int16Array | undefined;

/** The help of the score under way: the instance's imports call it (one score runs at a time on a thread). */
let help: ScoreHelp | null = null;
const imports = {
  search: {
    piece: (from: number, to: number) => (help as ScoreHelp).piece(from, to),
    holding: (k: number, from: number, to: number) => (help as ScoreHelp).holding(k, from, to),
    holds: (k: number) => ((help as ScoreHelp).holds(k) ? 1 : 0),
  },
};

function align(at: number): number {
  return (at + 7) & ~7;
}

/** Bytes a vocabulary takes in memory. */
function vocabularyBytes(v: QuoteVocabulary): number {
  let chars = 0;
  for (const w of v.words) chars += w.length;
  return 4 * v.slots.length + 12 * v.words.length + 2 * chars + 8;
}

/** The bytes one file takes after the vocabulary (see {@link WasmWords.read}). */
function fileBytes(
  text: string,
  seg: ArrayLike<number>,
  ranges: readonly number[],
  room: number,
  units: UnitRecords,
  grams: number,
  vocabularySize: number,
): number {
  return (
    2 * text.length +
    4 * (seg.length + ranges.length + 3 * room) +
    4 * units.data.length +
    units.count +
    16 * units.count +
    8 * vocabularySize +
    12 * grams +
    64
  );
}

/** One instance and the vocabulary loaded into it. */
class Instance {
  readonly exports: SearchExports;
  private vocabulary: QuoteVocabulary | null = null;
  /** Addresses of the vocabulary's parts. */
  slots = 0;
  hashes = 0;
  wordAt = 0;
  wordLength = 0;
  /** Where a file's data starts. */
  free = TABLE_BYTES;

  constructor() {
    compiled ??= new WebAssembly.Module(Uint8Array.from(atob(WORD_SEARCH_WASM), (c) => c.charCodeAt(0)));
    this.exports = new WebAssembly.Instance(compiled, imports).exports as SearchExports;
    table ??= wordTable();
    this.room(TABLE_BYTES);
    new Int16Array(this.exports.memory.buffer, 0, 0x10000).set(table);
  }

  /** Writes `v` after the table, unless it is there already. */
  load(v: QuoteVocabulary): void {
    if (this.vocabulary === v) return;
    const n = v.words.length;
    this.slots = TABLE_BYTES;
    this.hashes = this.slots + 4 * v.slots.length;
    this.wordAt = this.hashes + 4 * n;
    this.wordLength = this.wordAt + 4 * n;
    let chars = this.wordLength + 4 * n;
    this.room(TABLE_BYTES + vocabularyBytes(v));
    const buffer = this.exports.memory.buffer;
    new Int32Array(buffer, this.slots, v.slots.length).set(v.slots);
    new Int32Array(buffer, this.hashes, n).set(v.hashes);
    const at = new Int32Array(buffer, this.wordAt, n);
    const length = new Int32Array(buffer, this.wordLength, n);
    for (let id = 0; id < n; id++) {
      const w = v.words[id];
      at[id] = chars;
      length[id] = w.length;
      Buffer.from(buffer, chars, 2 * w.length).write(w, 0, 'utf16le');
      chars += 2 * w.length;
    }
    this.free = align(chars);
    this.vocabulary = v;
  }

  /** Grows the memory to hold `bytes`. */
  room(bytes: number): void {
    const memory = this.exports.memory;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
  }
}

/** This thread's instance, made on first use. */
let shared: Instance | undefined;

/**
 * One file's words in an instance's memory, with what finding units' words and scoring
 * quotes there needs. Valid until the next {@link WasmWords.read} on this thread.
 */
export class WasmWords {
  /** How many words; per word its plain start and end and its vocabulary number (-1: none). */
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly ids: Int32Array;
  /** How many ids are -2 (words across markup whose hash is a vocabulary word's), for the caller to look up. */
  readonly across: number;
  /** Whether a character in a range is off the Latin path (then there are no words). */
  private readonly offPath: boolean;
  private readonly at: {
    starts: number;
    ends: number;
    ids: number;
    data: number;
    marked: number;
    from: number;
    to: number;
    local: number;
    bits: number;
    inA: number;
    seen: number;
    stamp: number;
    cands: number;
    matches: number;
  };
  /** The units' first and last word, [from[k], to[k]), once {@link spans} has run. */
  from: Int32Array = new Int32Array(0);
  to: Int32Array = new Int32Array(0);

  private constructor(
    private readonly instance: Instance,
    private readonly vocabulary: QuoteVocabulary,
    private readonly units: UnitRecords,
    text: string,
    seg: ArrayLike<number>,
    ranges: readonly number[],
    room: number,
    grams: number,
  ) {
    const x = instance.exports;
    const textAt = instance.free;
    const segAt = align(textAt + 2 * text.length);
    const rangesAt = segAt + 4 * seg.length;
    const starts = rangesAt + 4 * ranges.length;
    const ends = starts + 4 * room;
    const ids = ends + 4 * room;
    const data = ids + 4 * room;
    const marked = data + 4 * units.data.length;
    const from = align(marked + units.count);
    const to = from + 4 * units.count;
    const local = to + 4 * units.count;
    const bits = local + 4 * vocabulary.words.length;
    const inA = bits + 4 * vocabulary.words.length;
    const seen = inA + 4 * grams;
    const stamp = seen + 4 * grams;
    const cands = stamp + 4 * grams;
    const matches = cands + 4 * units.count;
    instance.room(matches + 4 * units.count);
    this.at = { starts, ends, ids, data, marked, from, to, local, bits, inA, seen, stamp, cands, matches };
    const buffer = x.memory.buffer;
    Buffer.from(buffer, textAt, 2 * text.length).write(text, 0, 'utf16le');
    new Int32Array(buffer, segAt, seg.length).set(seg);
    new Int32Array(buffer, rangesAt, ranges.length).set(ranges);
    const v = vocabulary;
    const n = x.readWords(
      textAt,
      segAt,
      seg.length,
      rangesAt,
      ranges.length,
      starts,
      ends,
      ids,
      instance.slots,
      v.mask,
      instance.hashes,
      instance.wordAt,
      instance.wordLength,
    );
    this.offPath = n < 0;
    this.count = Math.max(n, 0);
    this.starts = new Int32Array(buffer, starts, this.count);
    this.ends = new Int32Array(buffer, ends, this.count);
    this.ids = new Int32Array(buffer, ids, this.count);
    this.across = n < 0 ? 0 : x.across.value;
    // The quote tables start clear: score sets a quote's entries and clears them after.
    new Int32Array(buffer, local, 2 * vocabulary.words.length).fill(0);
  }

  /**
   * The words of plain-text `ranges` of `text` (plain segments `seg`), with room for
   * `room` words and for scoring quotes of up to `grams` grams among `units`, or null when
   * a character in a range is off the Latin path.
   */
  static read(
    vocabulary: QuoteVocabulary,
    text: string,
    seg: ArrayLike<number>,
    ranges: readonly number[],
    room: number,
    units: UnitRecords,
    grams: number,
  ): WasmWords | null {
    const need =
      TABLE_BYTES +
      vocabularyBytes(vocabulary) +
      fileBytes(text, seg, ranges, room, units, grams, vocabulary.words.length);
    const instance = need <= KEPT_BYTES ? (shared ??= new Instance()) : new Instance();
    instance.load(vocabulary);
    const words = new WasmWords(instance, vocabulary, units, text, seg, ranges, room, grams);
    return words.offPath ? null : words;
  }

  /** Finds each marked unit's words (`marked[k]` 1 for a unit a quote will score). */
  spans(marked: Uint8Array): void {
    const x = this.instance.exports;
    const { data, count, stride, offStart, offEnd } = this.units;
    const buffer = x.memory.buffer;
    new Int32Array(buffer, this.at.data, data.length).set(data);
    new Uint8Array(buffer, this.at.marked, count).set(marked);
    x.spans(
      this.at.data,
      stride,
      offStart,
      offEnd,
      count,
      this.at.marked,
      this.at.starts,
      this.at.ends,
      this.count,
      this.at.from,
      this.at.to,
    );
    this.from = new Int32Array(buffer, this.at.from, count);
    this.to = new Int32Array(buffer, this.at.to, count);
  }

  /**
   * Scores `candidates` against one quote (see wordSearch.wat's score): `ids` are the
   * vocabulary numbers of the quote's distinct words in its own order, `interior` those of
   * its interior words (null: no unit here can hold them all, so none is matched).
   */
  score(
    quote: QuoteGrams,
    ids: Int32Array,
    interior: Int32Array | null,
    candidates: readonly number[],
    floor: number,
    scoreHelp: ScoreHelp,
  ): ScoreResult {
    const x = this.instance.exports;
    const buffer = x.memory.buffer;
    const size = this.vocabulary.words.length;
    const local = new Int32Array(buffer, this.at.local, size);
    const bits = new Int32Array(buffer, this.at.bits, size);
    for (let j = 0; j < ids.length; j++) local[ids[j]] = j + 1;
    if (interior) for (let b = 0; b < interior.length; b++) bits[interior[b]] |= 1 << b;
    new Int32Array(buffer, this.at.inA, quote.inA.length).set(quote.inA);
    new Int32Array(buffer, this.at.cands, candidates.length).set(candidates);
    const { stride, offStart, offEnd } = this.units;
    help = scoreHelp;
    let closest: number;
    try {
      closest = x.score(
        this.at.cands,
        candidates.length,
        this.at.data,
        stride,
        offStart,
        offEnd,
        this.at.from,
        this.at.to,
        this.at.starts,
        this.at.ends,
        this.at.ids,
        this.at.local,
        this.at.bits,
        this.at.inA,
        this.at.seen,
        this.at.stamp,
        quote.q,
        quote.width,
        quote.na,
        interior ? 1 : 0,
        interior ? (2 ** interior.length - 1) | 0 : -1,
        floor,
        this.at.matches,
      );
    } finally {
      help = null;
      for (let j = 0; j < ids.length; j++) local[ids[j]] = 0;
      if (interior) for (let b = 0; b < interior.length; b++) bits[interior[b]] = 0;
    }
    const found = x.matchCount.value;
    if (found > 0)
      return { matches: Array.from(new Int32Array(buffer, this.at.matches, found)), closest: -1, score: 0 };
    return { matches: [], closest, score: x.best.value };
  }
}
