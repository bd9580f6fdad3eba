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
import { compileModule, ensureMemory, instantiate, wasmAvailable, type WasmMemory } from './wasm/wasmModule';
import { WORD_SEARCH_WASM } from './wasm/wordSearchWasm';

/** The arguments that give a function the units' records and which of them are marked. */
type MarkedUnits = [data: number, stride: number, offStart: number, offEnd: number, count: number, marked: number];

interface SearchExports {
  memory: WasmMemory;
  across: { readonly value: number };
  best: { readonly value: number };
  matchCount: { readonly value: number };
  lastStamp: { readonly value: number };
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
  mark(cands: number, total: number, marked: number, count: number): void;
  ranges(...args: [...MarkedUnits, out: number]): number;
  rangesByCover(...args: [...MarkedUnits, out: number, cover: number, plainLength: number]): number;
  spans(...args: [...MarkedUnits, starts: number, ends: number, n: number, from: number, to: number]): void;
  scoreAll(
    nq: number,
    plan: number,
    candOff: number,
    cands: number,
    data: number,
    stride: number,
    offStart: number,
    offEnd: number,
    from: number,
    to: number,
    starts: number,
    ends: number,
    ids: number,
    n: number,
    local: number,
    bits: number,
    seen: number,
    stamp: number,
    present: number,
    floor: number,
    outClosest: number,
    outBest: number,
    outCount: number,
    matches: number,
    size: number,
    postOff: number,
    postAt: number,
    postFill: number,
    stampFrom: number,
  ): void;
}

/** A file's units as the search reads them: records of `stride` integers, plain start and end at `offStart` and `offEnd`. */
export interface UnitRecords {
  data: Int32Array;
  count: number;
  stride: number;
  offStart: number;
  offEnd: number;
}

/**
 * Where a file's words are read: plain-text ranges (apart, in order), or the units that
 * are candidates of a search's quotes (`candidates[i]`: quote i's), whose ranges are then
 * found here.
 */
export type WordSource = { ranges: ArrayLike<number> } | { candidates: readonly (readonly number[])[] };

/** One quote as the scorer counts it (quoteWords.ts): its word count, distinct words and gram counts. */
export interface QuoteGrams {
  /** Words in the quote. */
  na: number;
  /** Distinct words: grams are x·width + y, y = q for the last word alone. */
  q: number;
  width: number;
  inA: Int32Array;
}

/** The quotes of one search as the scorer reads them (wordSearch.ts's SearchPlan). */
export interface PlanTables {
  vocabulary: QuoteVocabulary;
  quotes: readonly {
    quote: QuoteGrams;
    /** The vocabulary numbers of the quote's distinct words, in the scorer's order. */
    ids: Int32Array;
    /** The vocabulary numbers of (at most 31 of) its interior words. */
    interiorIds: Int32Array;
  }[];
}

/** What scoring asks of its caller, in the rare cases (see wordSearch.wat's imports). */
export interface ScoreHelp {
  /** The vocabulary number of plain [from, to), a word cut by a unit's range, or -1. */
  piece(from: number, to: number): number;
  /** Whether unit `k`, which holds every interior word of quote `qi`, holds the quote. */
  holds(qi: number, k: number): boolean;
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
/** The memory a thread's instance keeps between files; a file that needs more gets an instance of its own. */
const KEPT_BYTES = 16 << 20;

let compiled: object | undefined;
let table: Int16Array | undefined;

/** The help of the score under way: the instance's imports call it (one score runs at a time on a thread). */
let help: ScoreHelp | null = null;
const imports = {
  search: {
    piece: (from: number, to: number) => (help as ScoreHelp).piece(from, to),
    holds: (qi: number, k: number) => ((help as ScoreHelp).holds(qi, k) ? 1 : 0),
  },
};

function align(at: number): number {
  return (at + 7) & ~7;
}

/** {@link planBytes} by plan: a search asks for it once per file. */
const planSizes = new WeakMap<PlanTables, number>();

/** Bytes a plan takes in memory: its vocabulary, and per quote a record, its words' numbers and gram counts. */
function planBytes(plan: PlanTables): number {
  let n = planSizes.get(plan);
  if (n !== undefined) return n;
  const v = plan.vocabulary;
  n = 4 * v.slots.length + 12 * v.words.length + 32 * plan.quotes.length + 64;
  for (const w of v.words) n += 2 * w.length + 8;
  for (const q of plan.quotes) n += 4 * (q.ids.length + q.interiorIds.length + q.quote.inA.length) + 24;
  n += 8 * gramsOf(plan) + 16;
  planSizes.set(plan, n);
  return n;
}

/** The most grams of one quote of `plan`. */
function gramsOf(plan: PlanTables): number {
  // Once per file too, but a loop over the quotes only.
  let grams = 0;
  for (const q of plan.quotes) grams = Math.max(grams, q.quote.inA.length);
  return grams;
}

/** What one file takes: the words it may have, the numbers its ranges take, its candidates. */
interface FileSizes {
  room: number;
  rangeNumbers: number;
  candidates: number;
}

/** The sizes of a file read from `source` (see {@link WordSource}). */
function fileSizes(text: string, units: UnitRecords, source: WordSource): FileSizes {
  if ('ranges' in source) {
    // Words are apart, so a range holds at most half as many as characters (rounded up).
    let room = 0;
    const r = source.ranges;
    for (let i = 0; i < r.length; i += 2) room += (r[i + 1] - r[i] + 1) >> 1;
    return { room, rangeNumbers: r.length, candidates: 0 };
  }
  let candidates = 0;
  for (const c of source.candidates) candidates += c.length;
  // Ranges merged from the units' are at most one per unit, and hold at most half as many
  // words as the plain text has characters, plus one per range.
  return { room: ((text.length + units.count) >> 1) + 1, rangeNumbers: 2 * units.count, candidates };
}

/** The bytes one file takes after the plan (see {@link WasmWords.read}). */
function fileBytes(
  plan: PlanTables,
  text: string,
  seg: ArrayLike<number>,
  units: UnitRecords,
  sizes: FileSizes,
): number {
  const nq = plan.quotes.length;
  const size = plan.vocabulary.words.length;
  return (
    2 * text.length +
    4 * (seg.length + sizes.rangeNumbers + 4 * (sizes.room + 1) + units.data.length) +
    9 * units.count +
    17 * size +
    28 * nq +
    8 * sizes.candidates +
    128
  );
}

/** One instance and the plan loaded into it. */
class Instance {
  readonly exports: SearchExports;
  private plan: PlanTables | null = null;
  /** Addresses of the vocabulary's parts and of the quotes' records. */
  slots = 0;
  quotes = 0;
  /** A unit's gram counts, and the stamp that says whose they are (see wordSearch.wat's score). */
  seen = 0;
  stamp = 0;
  /** The last stamp given: the next scoring goes on from it. */
  stamps = 0;
  hashes = 0;
  wordAt = 0;
  wordLength = 0;
  /** Where a file's data starts. */
  free = TABLE_BYTES;

  constructor() {
    compiled ??= compileModule(WORD_SEARCH_WASM);
    this.exports = instantiate<SearchExports>(compiled, imports);
    table ??= wordTable();
    this.room(TABLE_BYTES);
    new Int16Array(this.exports.memory.buffer, 0, 0x10000).set(table);
  }

  /** Writes `plan` (its vocabulary, then its quotes) after the table, unless it is there already. */
  load(plan: PlanTables): void {
    if (this.plan === plan) return;
    const v = plan.vocabulary;
    const n = v.words.length;
    this.room(TABLE_BYTES + planBytes(plan));
    const buffer = this.exports.memory.buffer;
    this.slots = TABLE_BYTES;
    this.hashes = this.slots + 4 * v.slots.length;
    this.wordAt = this.hashes + 4 * n;
    this.wordLength = this.wordAt + 4 * n;
    new Int32Array(buffer, this.slots, v.slots.length).set(v.slots);
    new Int32Array(buffer, this.hashes, n).set(v.hashes);
    const at = new Int32Array(buffer, this.wordAt, n);
    const length = new Int32Array(buffer, this.wordLength, n);
    let free = this.wordLength + 4 * n;
    for (let id = 0; id < n; id++) {
      const w = v.words[id];
      at[id] = free;
      length[id] = w.length;
      Buffer.from(buffer, free, 2 * w.length).write(w, 0, 'utf16le');
      free += 2 * w.length;
    }
    // Per quote: [ids at, ids length, interior at, interior length, gram counts at, q, width, na].
    this.quotes = align(free);
    free = this.quotes + 32 * plan.quotes.length;
    const write = (a: Int32Array): number => {
      new Int32Array(buffer, free, a.length).set(a);
      const where = free;
      free += 4 * a.length;
      return where;
    };
    plan.quotes.forEach(({ quote, ids, interiorIds }, i) => {
      const record = [
        write(ids),
        ids.length,
        write(interiorIds),
        interiorIds.length,
        write(quote.inA),
        quote.q,
        quote.width,
        quote.na,
      ];
      new Int32Array(buffer, this.quotes + 32 * i, 8).set(record);
    });
    // The gram counts of the unit being scored, for every quote and file of the plan.
    const grams = gramsOf(plan);
    this.seen = align(free);
    this.stamp = this.seen + 4 * grams;
    this.clearStamps(grams);
    this.free = align(this.stamp + 4 * grams);
    this.plan = plan;
  }

  /** Zeroes the stamps (a new plan, or stamps about to run out). */
  clearStamps(grams = this.plan ? gramsOf(this.plan) : 0): void {
    new Int32Array(this.exports.memory.buffer, this.stamp, grams).fill(0);
    this.stamps = 0;
  }

  /** Grows the memory to hold `bytes`. */
  room(bytes: number): void {
    ensureMemory(this.exports.memory, bytes);
  }
}

/** This thread's instance, made on first use. */
let shared: Instance | undefined;

/**
 * One file's words in an instance's memory, with what finding units' words and scoring
 * the plan's quotes there needs. Valid until the next {@link WasmWords.read} on this thread.
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
  /** Addresses of this file's parts. */
  private readonly at: Record<
    | 'starts'
    | 'ends'
    | 'ids'
    | 'data'
    | 'marked'
    | 'from'
    | 'to'
    | 'local'
    | 'bits'
    | 'present'
    | 'candOff'
    | 'outClosest'
    | 'outBest'
    | 'outCount'
    | 'cands'
    | 'matches'
    | 'postOff'
    | 'postFill'
    | 'postAt',
    number
  >;

  private constructor(
    private readonly instance: Instance,
    private readonly plan: PlanTables,
    private readonly units: UnitRecords,
    text: string,
    seg: ArrayLike<number>,
    source: WordSource,
    sizes: FileSizes,
  ) {
    const x = instance.exports;
    const size = plan.vocabulary.words.length;
    const nq = plan.quotes.length;
    const { room, rangeNumbers, candidates } = sizes;
    const textAt = instance.free;
    const segAt = align(textAt + 2 * text.length);
    const rangesAt = segAt + 4 * seg.length;
    const starts = rangesAt + 4 * rangeNumbers;
    const ends = starts + 4 * room;
    const ids = ends + 4 * room;
    const data = ids + 4 * room;
    const from = data + 4 * units.data.length;
    const to = from + 4 * units.count;
    const local = to + 4 * units.count;
    const bits = local + 4 * size;
    const candOff = bits + 4 * size;
    const outClosest = candOff + 12 * nq;
    const outBest = align(outClosest + 4 * nq);
    const outCount = outBest + 8 * nq;
    const cands = outCount + 4 * nq;
    const matches = cands + 4 * candidates;
    const postOff = matches + 4 * candidates;
    const postFill = postOff + 4 * (size + 1);
    const postAt = postFill + 4 * size;
    const marked = postAt + 4 * (room + 1);
    const present = marked + units.count;
    instance.room(present + size);
    this.at = {
      postOff,
      postFill,
      postAt,
      starts,
      ends,
      ids,
      data,
      marked,
      from,
      to,
      local,
      bits,
      present,
      candOff,
      outClosest,
      outBest,
      outCount,
      cands,
      matches,
    };
    let buffer = x.memory.buffer;
    Buffer.from(buffer, textAt, 2 * text.length).write(text, 0, 'utf16le');
    new Int32Array(buffer, segAt, seg.length).set(seg);
    let rangeCount: number;
    if ('ranges' in source) {
      new Int32Array(buffer, rangesAt, source.ranges.length).set(source.ranges);
      rangeCount = source.ranges.length;
    } else {
      // The candidates, one list after another (quote i's from candOff[3i], candOff[3i + 1]
      // of them), marked per unit; then their ranges, found from the units' records.
      const off = new Int32Array(buffer, candOff, 3 * nq);
      let total = 0;
      source.candidates.forEach((c, i) => {
        new Int32Array(buffer, cands + 4 * total, c.length).set(c);
        off[3 * i] = total;
        off[3 * i + 1] = c.length;
        total += c.length;
      });
      new Int32Array(buffer, data, units.data.length).set(units.data);
      const { stride, offStart, offEnd, count } = units;
      x.mark(cands, total, marked, count);
      rangeCount = x.ranges(data, stride, offStart, offEnd, count, marked, rangesAt);
      if (rangeCount < 0) {
        const plainLength = seg.length ? seg[seg.length - 2] + seg[seg.length - 1] : 0;
        const cover = align(present + size);
        instance.room(cover + 4 * (plainLength + 1));
        rangeCount = x.rangesByCover(data, stride, offStart, offEnd, count, marked, rangesAt, cover, plainLength);
        buffer = x.memory.buffer;
      }
    }
    const v = plan.vocabulary;
    const n = x.readWords(
      textAt,
      segAt,
      seg.length,
      rangesAt,
      rangeCount,
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
    // The quote tables start clear: scoring sets a quote's entries and clears them after.
    new Int32Array(buffer, local, 2 * size).fill(0);
    new Uint8Array(buffer, present, size).fill(0);
  }

  /**
   * The words of `text` (plain segments `seg`) where `source` says, with room for scoring
   * `plan`'s quotes among `units`; or null when a character there is off the Latin path,
   * or where WebAssembly is not available.
   */
  static read(
    plan: PlanTables,
    text: string,
    seg: ArrayLike<number>,
    units: UnitRecords,
    source: WordSource,
  ): WasmWords | null {
    // Without WebAssembly (`node --jitless`, for one) a file has no words here, and the
    // search reads it unit by unit, as a file off the Latin path (quoteSearch.ts).
    if (!wasmAvailable()) return null;
    const sizes = fileSizes(text, units, source);
    const need = TABLE_BYTES + planBytes(plan) + fileBytes(plan, text, seg, units, sizes);
    const instance = need <= KEPT_BYTES ? (shared ??= new Instance()) : new Instance();
    instance.load(plan);
    const words = new WasmWords(instance, plan, units, text, seg, source, sizes);
    return words.offPath ? null : words;
  }

  /** Finds the words of each candidate unit (words read from a search's candidates). */
  spans(): void {
    const x = this.instance.exports;
    const { count, stride, offStart, offEnd } = this.units;
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
  }

  /**
   * Scores every quote of the plan against its candidates here (words read from a search's
   * candidates), after {@link spans}; a quote already answered (`answered[i]` 1) is left out (its result here is a placeholder
   * with no match and no closest unit, for the caller to replace). The
   * closest unit of a quote is the first of its best scores above `floor` while nothing
   * matches, as wordSearch.wat's score describes.
   */
  scoreAll(answered: Uint8Array, floor: number, scoreHelp: ScoreHelp): ScoreResult[] {
    const x = this.instance.exports;
    const buffer = x.memory.buffer;
    const nq = this.plan.quotes.length;
    const off = new Int32Array(buffer, this.at.candOff, 3 * nq);
    let total = 0;
    for (let i = 0; i < nq; i++) {
      off[3 * i + 2] = answered[i];
      total += off[3 * i + 1];
    }
    const { stride, offStart, offEnd } = this.units;
    // Each unit scored takes a stamp: start again from 0 long before they would run out.
    if (this.instance.stamps + total > 1 << 30) this.instance.clearStamps();
    help = scoreHelp;
    try {
      x.scoreAll(
        nq,
        this.instance.quotes,
        this.at.candOff,
        this.at.cands,
        this.at.data,
        stride,
        offStart,
        offEnd,
        this.at.from,
        this.at.to,
        this.at.starts,
        this.at.ends,
        this.at.ids,
        this.count,
        this.at.local,
        this.at.bits,
        this.instance.seen,
        this.instance.stamp,
        this.at.present,
        floor,
        this.at.outClosest,
        this.at.outBest,
        this.at.outCount,
        this.at.matches,
        this.plan.vocabulary.words.length,
        this.at.postOff,
        this.at.postAt,
        this.at.postFill,
        this.instance.stamps,
      );
      this.instance.stamps = x.lastStamp.value;
    } finally {
      help = null;
    }
    const closest = new Int32Array(buffer, this.at.outClosest, nq);
    const best = new Float64Array(buffer, this.at.outBest, nq);
    const counts = new Int32Array(buffer, this.at.outCount, nq);
    const matches = new Int32Array(buffer, this.at.matches, total);
    const out: ScoreResult[] = [];
    let m = 0;
    for (let i = 0; i < nq; i++) {
      if (answered[i] === 1) {
        out.push({ matches: [], closest: -1, score: 0 });
        continue;
      }
      const found = counts[i];
      out.push(
        found > 0
          ? { matches: Array.from(matches.subarray(m, m + found)), closest: -1, score: 0 }
          : { matches: [], closest: closest[i], score: best[i] },
      );
      m += found;
    }
    return out;
  }
}
