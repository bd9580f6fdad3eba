/**
 * The word reader of the golden-quote search (fileWords.ts) run as WebAssembly
 * (wasm/wordReader.wat). A cold `condense check` reads millions of characters into words
 * once, at the end of the scan: JavaScript would run that loop in the interpreter and then
 * wait for the JIT, WebAssembly runs it compiled from the first file (docs/performance.md).
 *
 * Each thread keeps one instance, whose memory holds the character table, the vocabulary of
 * the search under way and one file's text and words. A file too large for that memory
 * gets an instance of its own, dropped with its words, so that a long-lived language
 * server does not keep the memory a large file took.
 */
import type { QuoteVocabulary } from './fileWords';
import { WORD_SEPARATOR } from './quotes';
import { WORD_READER_WASM } from './wasm/wordReaderWasm';

/** A file's words, as FileWords holds them (views of the reader's memory). */
export interface WordColumns {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  /** Vocabulary numbers, -1 for other words, and -2 where the caller looks the word up (see {@link across}). */
  ids: Int32Array;
  /** How many ids are -2: words that cross markup and whose hash is a vocabulary word's. */
  across: number;
}

/** The part of the WebAssembly API used here (the project's type libraries have no DOM, where it is declared). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

interface ReaderExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  across: { readonly value: number };
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
/** The memory a thread's reader keeps between files; a file that needs more reads in an instance of its own. */
const KEPT_BYTES = 8 << 20;

let compiled: object | undefined;
let table: Int16Array | undefined;

/** One instance and the vocabulary loaded into it. */
class Reader {
  private readonly exports: ReaderExports;
  private vocabulary: QuoteVocabulary | null = null;
  /** Addresses of the vocabulary's parts, and where a call's data starts. */
  private slots = 0;
  private hashes = 0;
  private wordAt = 0;
  private wordLength = 0;
  private free = TABLE_BYTES;

  constructor() {
    compiled ??= new WebAssembly.Module(Uint8Array.from(atob(WORD_READER_WASM), (c) => c.charCodeAt(0)));
    this.exports = new WebAssembly.Instance(compiled, {}).exports as ReaderExports;
    table ??= wordTable();
    this.room(TABLE_BYTES);
    new Int16Array(this.exports.memory.buffer, 0, 0x10000).set(table);
  }

  /** Bytes the vocabulary takes. */
  static vocabularyBytes(v: QuoteVocabulary): number {
    let chars = 0;
    for (const w of v.words) chars += w.length;
    return 4 * v.slots.length + 12 * v.words.length + 2 * chars + 8;
  }

  /** Reads `ranges` of `text` (see FileWords.read) with room for `room` words; null off the Latin path. */
  read(
    v: QuoteVocabulary,
    text: string,
    seg: ArrayLike<number>,
    ranges: readonly number[],
    room: number,
  ): WordColumns | null {
    this.load(v);
    const textAt = this.free;
    const segAt = align(textAt + 2 * text.length);
    const rangesAt = segAt + 4 * seg.length;
    const startsAt = rangesAt + 4 * ranges.length;
    const endsAt = startsAt + 4 * room;
    const idsAt = endsAt + 4 * room;
    this.room(idsAt + 4 * room);
    const buffer = this.exports.memory.buffer;
    Buffer.from(buffer, textAt, 2 * text.length).write(text, 0, 'utf16le');
    const segView = new Int32Array(buffer, segAt, seg.length);
    if (seg instanceof Int32Array) segView.set(seg);
    else for (let i = 0; i < seg.length; i++) segView[i] = seg[i];
    const rangesView = new Int32Array(buffer, rangesAt, ranges.length);
    for (let i = 0; i < ranges.length; i++) rangesView[i] = ranges[i];
    const n = this.exports.readWords(
      textAt,
      segAt,
      seg.length,
      rangesAt,
      ranges.length,
      startsAt,
      endsAt,
      idsAt,
      this.slots,
      v.mask,
      this.hashes,
      this.wordAt,
      this.wordLength,
    );
    if (n < 0) return null;
    return {
      count: n,
      starts: new Int32Array(buffer, startsAt, n),
      ends: new Int32Array(buffer, endsAt, n),
      ids: new Int32Array(buffer, idsAt, n),
      across: this.exports.across.value,
    };
  }

  /** Writes `v` after the table, unless it is there already. */
  private load(v: QuoteVocabulary): void {
    if (this.vocabulary === v) return;
    const n = v.words.length;
    this.slots = TABLE_BYTES;
    this.hashes = this.slots + 4 * v.slots.length;
    this.wordAt = this.hashes + 4 * n;
    this.wordLength = this.wordAt + 4 * n;
    let chars = this.wordLength + 4 * n;
    this.room(TABLE_BYTES + Reader.vocabularyBytes(v));
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
  private room(bytes: number): void {
    const memory = this.exports.memory;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
  }
}

function align(at: number): number {
  return (at + 7) & ~7;
}

/** This thread's reader, made on first use. */
let shared: Reader | undefined;

/**
 * The words of plain-text `ranges` of `text` (plain segments `seg`), with room for `room`
 * words, or null when a character in a range is off the Latin path. Valid until the next
 * call on this thread.
 */
export function readWordColumns(
  vocabulary: QuoteVocabulary,
  text: string,
  seg: ArrayLike<number>,
  ranges: readonly number[],
  room: number,
): WordColumns | null {
  const need =
    TABLE_BYTES +
    Reader.vocabularyBytes(vocabulary) +
    2 * text.length +
    4 * (seg.length + ranges.length + 3 * room) +
    64;
  const reader = need <= KEPT_BYTES ? (shared ??= new Reader()) : new Reader();
  return reader.read(vocabulary, text, seg, ranges, room);
}
