/**
 * Most of a transcript's parse in WebAssembly (wasm/unitColumns.wat): a text's line
 * starts, its blocks with what the parse does with each (the default speaker labels, the
 * div units, the inline ranges), the spans of its paragraphs, and from the scans' flat
 * lists the plain text's segments, the unit columns and the units' own problems: one copy
 * of the text, four calls. The JavaScript it stands for (lineIndex.ts, blocks.ts and
 * transcript.ts's callback, inline.ts, transcript.ts's second half) gives the same answers
 * and reads what the module hands back (a text, a paragraph or a parse: see each
 * function), and everything where WebAssembly cannot be used. This file lays out the
 * module's memory, keeps its instances and reads its answers.
 */
import { ItemKind, PANDOC_CLASSES } from '../../../common/attributes';
import { Raw } from './inline';
import type { IntList } from './intList';
import { R, U, type UnitPart } from './unitTable';
import { UNIT_COLUMNS_WASM } from './wasm/unitColumnsWasm';
import {
  compileModule,
  copyText,
  ensureMemory,
  instantiate,
  textWidth,
  wasmAvailable,
  type WasmMemory,
} from './wasm/wasmModule';

interface Exports {
  memory: WasmMemory;
  build(): number;
  spans(): void;
  blocks(): number;
  lines(out: number): number;
}

/** The kinds of the problems in {@link WasmColumns.problems}. */
export const enum ColumnProblem {
  TooDeep,
  Empty,
  Uncoded,
}

/** The unit columns of a parse, and the rest of what the module answers. */
export interface WasmColumns extends UnitPart {
  /** The plain text's segments (as buildPlainText makes them). */
  segments: Int32Array;
  /**
   * The units' problems in the order addUnits finds them, four numbers each: kind
   * ({@link ColumnProblem}), start, end, and for a unit nested too deep the units it
   * skips. A view of the module's memory: read it before the next parse.
   */
  problems: Int32Array;
}

/**
 * The most memory the thread's instance keeps (bytes): a parse that needs more (a file of a
 * megabyte or more) gets an instance of its own, dropped when the parse ends, so that a
 * long-lived language server does not keep what one large file took.
 */
const KEEP_MEMORY = 16 << 20;
/** The most memory any parse's instance may take: beyond it, the JavaScript parses. */
const MAX_MEMORY = 1 << 30;

/** Where the module's header ends and the host's regions begin (see unitColumns.wat). */
const REGIONS = 1024;
/** Header words the module writes (see unitColumns.wat). */
const enum Out {
  SegInts = 25,
  Units,
  Refs,
  AttrInts,
  Problems,
  Names,
}
/** Where Pandoc's own classes are listed: a count, then 32 bytes each. */
const PANDOC = 128;
const PANDOC_CHARS = 14;

/** An instance of the module, and the text its memory holds (see {@link load}). */
interface Instance {
  x: Exports;
  loaded: string | null;
}

/** The module, compiled once per thread (null: it cannot be). */
let compiled: object | null | undefined;
/** This thread's instance, made on first use (null: none can be made). */
let shared: Instance | null | undefined;
/**
 * The instance of parses that need more than {@link KEEP_MEMORY}, if any: kept while such
 * parses follow each other (keystrokes in a large file), dropped after a parse that did
 * not need it.
 */
let large: Instance | null = null;
/** Whether the parse under way used {@link large}. */
let largeUsed = false;
/** Off only where tests and measurements compare the two ways (see {@link setColumnsInWasm}). */
let enabled = true;
/** How many parses on this thread the module has answered (see {@link columnsInWasmCount}). */
let answered = 0;

/** How many parses on this thread the module has answered: tests use it to know which way a parse went. */
export function columnsInWasmCount(): number {
  return answered;
}

/** How many texts the module's block scan has read on this thread (not handed back), for the tests likewise. */
let blocksRead = 0;
export function textsBlockScannedInWasm(): number {
  return blocksRead;
}

/** How many paragraphs the module's inline scan has read on this thread (not handed back), for the tests likewise. */
let spansRead = 0;
export function paragraphsReadInWasm(): number {
  return spansRead;
}

/**
 * Whether parses on this thread use the module (true unless set otherwise): the tests set
 * it false to compare the JavaScript's answers with the module's.
 */
export function setColumnsInWasm(on: boolean): void {
  enabled = on;
}

/** A new instance, with the constants the module reads from its header; null if none can be made. */
function newInstance(): Instance | null {
  if (compiled === undefined) {
    try {
      compiled = wasmAvailable() ? compileModule(UNIT_COLUMNS_WASM) : null;
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return null;
  try {
    const x = instantiate<Exports>(compiled);
    ensureMemory(x.memory, REGIONS);
    const names = [...PANDOC_CLASSES];
    const words = new Int32Array(x.memory.buffer);
    words.set([ItemKind.Id, ItemKind.Class, ItemKind.Pair], 21);
    words[31] = ItemKind.Dash;
    words[PANDOC / 4] = names.length;
    names.forEach((name, k) => {
      if (name.length > PANDOC_CHARS) throw new Error(`Pandoc class ${name} too long`);
      const at = PANDOC + 4 + 32 * k;
      words[at / 4] = name.length;
      const chars = new Uint16Array(x.memory.buffer, at + 4, PANDOC_CHARS);
      for (let i = 0; i < name.length; i++) chars[i] = name.charCodeAt(i);
    });
    return { x, loaded: null };
  } catch {
    // No instance (no memory for it): the JavaScript parses.
    return null;
  }
}

/**
 * The instance for `text` with `size` bytes of memory, `text` at {@link REGIONS} (copied
 * unless it is there already: the calls of one parse read one copy); null where the
 * JavaScript must parse (switched off, no WebAssembly, no memory for it).
 */
function instanceFor(text: string, size: number): Exports | null {
  if (!enabled || size > MAX_MEMORY) return null;
  let inst: Instance | null;
  if (size <= KEEP_MEMORY) inst = shared === undefined ? (shared = newInstance()) : shared;
  else {
    inst = large ??= newInstance();
    largeUsed = true;
  }
  if (inst === null) return null;
  try {
    ensureMemory(inst.x.memory, size);
  } catch {
    return null;
  }
  if (inst.loaded !== text) {
    const width = widthOf(text);
    copyText(inst.x.memory, REGIONS, text, width);
    new Int32Array(inst.x.memory.buffer, 0, 3).set([REGIONS, text.length, width - 1]);
    inst.loaded = text;
  }
  return inst.x;
}

/**
 * Ends a parse: the instance for large parses is dropped unless this one used it, and
 * neither instance holds on to the text.
 */
export function endParseInWasm(): void {
  if (!largeUsed) large = null;
  largeUsed = false;
  if (large) large.loaded = null;
  if (shared) shared.loaded = null;
  measured = null;
}

/** The last text measured by {@link widthOf}, and its width. */
let measured: string | null = null;
let measuredWidth: 1 | 2 = 1;

/**
 * textWidth of `text`, remembered for the last text: each of a parse's four calls needs it,
 * and the test reads up to the whole text.
 */
function widthOf(text: string): 1 | 2 {
  if (measured !== text) {
    measuredWidth = textWidth(text);
    measured = text;
  }
  return measuredWidth;
}

/** Where the regions after `text` begin: past its characters, aligned. */
function textEnd(text: string): number {
  return (REGIONS + text.length * widthOf(text) + 7) & ~7;
}

/** Where the spans' scan reads and writes (see unitColumns.wat's `spans`), in bytes. */
const enum S {
  Paras = 400,
  Count = 404,
  Units = 408,
  Items = 412,
  Markup = 416,
  Problems = 420,
  Back = 424,
  Openers = 428,
  ItemBase = 432,
  UnitInts = 436,
  ItemInts = 440,
  MarkupInts = 444,
  ProblemCount = 448,
  BackCount = 452,
}

/**
 * The line starts of `text` (a line ends at LF, CR LF or a lone CR), found in
 * WebAssembly (unitColumns.wat's `lines`); null where the module cannot be used. The text
 * stays in the module for the parse that follows.
 */
export function lineStartsInWasm(text: string): Int32Array | null {
  const out = textEnd(text);
  const size = out + 4 * (text.length + 1);
  // Not for an instance of its own: JavaScript's indexOf finds a large text's lines fast.
  const x = size <= KEEP_MEMORY ? instanceFor(text, size) : null;
  if (x === null) return null;
  const n = x.lines(out);
  return new Int32Array(x.memory.buffer, out, n).slice();
}

/** Where the block scan reads and writes (see unitColumns.wat's `blocks`), in bytes. */
const enum B {
  From = 456,
  Lines = 460,
  LineCount = 464,
  Units = 480,
  Markup = 484,
  Turns = 488,
  Paras = 492,
  Divs = 496,
  Unclosed = 500,
  UnitInts = 504,
  MarkupInts = 508,
  TurnInts = 512,
  ParaInts = 516,
  UnclosedCount = 520,
  SpeakerPrefix = 524,
}

/** What the block scan in WebAssembly gives a parse besides what it appends (see {@link blocksInWasm}). */
export interface WasmBlocks {
  /**
   * The speaker turns, 7 numbers each: 1 for a bold label read by the module, 2 for a
   * paragraph whose label the speaker pattern must decide; start; label end; end (the turn
   * goes on to there); the label's range; the paragraph's end.
   */
  turns: Int32Array;
  /** The div openers never closed: start and end of each opener's line, outermost first. */
  unclosed: Int32Array;
}

/**
 * The block scan of `text` from `from` (after a BOM and front matter) in WebAssembly, with
 * what the parse's callback does with each block for the default speaker labels
 * (unitColumns.wat's `blocks` and `visit`): the div units, their items and markup and the
 * labels' markup appended to `sink`, the paragraphs' and headings' inline ranges to
 * `inlines`; `starts` are the text's line starts. Null when the module hands the text back
 * (a fenced code block, an HTML comment block, a div fence's attribute block it does not
 * read) or cannot be used: nothing is appended then, and scanBlocks reads the text.
 */
export function blocksInWasm(
  text: string,
  from: number,
  starts: ArrayLike<number>,
  sink: { units: IntList; items: IntList; markup: IntList },
  inlines: IntList,
  speakerPrefix: number,
): WasmBlocks | null {
  const lines = starts.length;
  // Room for the most the lines can make: per line a block, a div unit, two markup pairs,
  // a turn, an inline range, an open div; items for a name every other character.
  const lines0 = textEnd(text);
  const units0 = lines0 + 4 * lines;
  const markup0 = units0 + 4 * Raw.Stride * (lines + 1);
  const turns0 = markup0 + 16 * (lines + 1);
  const paras0 = turns0 + 28 * (lines + 1);
  const divs0 = paras0 + 8 * (lines + 1);
  const unclosed0 = divs0 + 28 * (lines + 1);
  const items0 = unclosed0 + 8 * (lines + 1);
  const size = items0 + 24 * ((text.length >> 1) + 1);
  const x = instanceFor(text, size);
  if (x === null) return null;
  const buffer = x.memory.buffer;
  const h = new Int32Array(buffer, 0, REGIONS / 4);
  h[S.Items / 4] = items0;
  h[S.ItemBase / 4] = sink.items.length;
  h.set([from, lines0, lines], B.From / 4);
  h.set([units0, markup0, turns0, paras0, divs0, unclosed0], B.Units / 4);
  h[B.SpeakerPrefix / 4] = speakerPrefix;
  new Int32Array(buffer, lines0, lines).set(starts);
  if (x.blocks() !== 1) return null;
  blocksRead++;
  append(sink.items, new Int32Array(buffer, items0, h[S.ItemInts / 4]));
  append(sink.units, new Int32Array(buffer, units0, h[B.UnitInts / 4]));
  append(sink.markup, new Int32Array(buffer, markup0, h[B.MarkupInts / 4]));
  append(inlines, new Int32Array(buffer, paras0, h[B.ParaInts / 4]));
  return {
    turns: new Int32Array(buffer, turns0, h[B.TurnInts / 4]).slice(),
    unclosed: new Int32Array(buffer, unclosed0, 2 * h[B.UnclosedCount / 4]).slice(),
  };
}

/** The kinds of the problems the spans' scan finds (see {@link spansInWasm}). */
export const enum SpanProblem {
  NeverClosed,
  NeverOpened,
}

/**
 * The inline scan of the paragraphs [from, end) listed in `paragraphs` (pairs), for the
 * spans they hold, in one call (unitColumns.wat's `spans`): their unit records, items and
 * markup appended to `sink` (the items after those it holds), and their problems given to
 * `problem`. Returns the numbers of the paragraphs the module handed back (anything but
 * text, escapes, spans and plain brackets: the caller scans them with scanInline), or null
 * when the module cannot be used (the caller scans them all).
 */
export function spansInWasm(
  text: string,
  paragraphs: IntList,
  sink: { units: IntList; items: IntList; markup: IntList },
  problem: (kind: SpanProblem, start: number, end: number) => void,
): Int32Array | null {
  const count = paragraphs.length / 2;
  let chars = 0;
  for (let k = 0; k < paragraphs.length; k += 2) chars += paragraphs.data[k + 1] - paragraphs.data[k];
  // Room for the most each character could make: a unit per four, an item per two, a
  // markup pair, a problem and an opener per one.
  const paras0 = textEnd(text);
  const units0 = paras0 + 8 * count;
  const items0 = units0 + 4 * Raw.Stride * ((chars >> 2) + 1);
  const markup0 = items0 + 24 * ((chars >> 1) + 1);
  const probs0 = markup0 + 8 * (chars + 1);
  const back0 = probs0 + 12 * (chars + 1);
  const openers0 = back0 + 4 * count;
  const size = openers0 + 8 * (chars + 1);
  const x = instanceFor(text, size);
  if (x === null) return null;
  const buffer = x.memory.buffer;
  const h = new Int32Array(buffer, 0, REGIONS / 4);
  h.set([paras0, count, units0, items0, markup0, probs0, back0, openers0, sink.items.length], S.Paras / 4);
  new Int32Array(buffer, paras0, paragraphs.length).set(paragraphs.data.subarray(0, paragraphs.length));
  x.spans();
  append(sink.units, new Int32Array(buffer, units0, h[S.UnitInts / 4]));
  append(sink.items, new Int32Array(buffer, items0, h[S.ItemInts / 4]));
  append(sink.markup, new Int32Array(buffer, markup0, h[S.MarkupInts / 4]));
  const found = new Int32Array(buffer, probs0, 3 * h[S.ProblemCount / 4]);
  for (let k = 0; k < found.length; k += 3) problem(found[k], found[k + 1], found[k + 2]);
  spansRead += count - h[S.BackCount / 4];
  return new Int32Array(buffer, back0, h[S.BackCount / 4]).slice();
}

/** Appends `from` to `list`. */
function append(list: IntList, from: Int32Array): void {
  const at = list.reserve(from.length);
  list.data.set(from, at);
}

/**
 * The second half of the parse of `text`, from the scans' lists (`raw`: unit records of
 * {@link Raw.Stride} numbers; `items`; `markup` pairs; `turns` in order), or null where
 * the JavaScript must do it (see the file comment). `maxDepth` is how deep units are read.
 * `parts`: where the units' second and third parts begin (records), then the markup's
 * (pairs); each part is nearly in order (see transcript.ts's scanInlines).
 */
export function unitColumnsInWasm(
  text: string,
  raw: IntList,
  items: IntList,
  markup: IntList,
  turns: readonly { start: number; end: number }[],
  maxDepth: number,
  parts: ArrayLike<number>,
): WasmColumns | null {
  const n = raw.length / Raw.Stride;
  const classes = Math.floor(items.length / 6);
  let tableSize = 16;
  while (tableSize < 2 * classes + 2) tableSize *= 2;
  // The regions, in the header's order (unitColumns.wat), after the text.
  const raw0 = textEnd(text);
  const items0 = raw0 + 4 * raw.length;
  const markup0 = items0 + 4 * items.length;
  const turns0 = markup0 + 4 * markup.length;
  const order0 = turns0 + 8 * turns.length;
  const seg0 = order0 + 4 * n;
  const data0 = seg0 + 12 * (markup.length / 2 + 1);
  const refs0 = data0 + 4 * U.Stride * n;
  const attr0 = refs0 + 4 * R.Stride * classes;
  const probs0 = attr0 + 4 * (2 * n + items.length);
  const table0 = probs0 + 16 * (n + 1);
  const names0 = table0 + 16 * tableSize;
  const stack0 = names0 + 8 * classes;
  // Room to sort the units' and the markup's keys (8 bytes each, twice).
  const keys0 = stack0 + 8 * maxDepth;
  const size = keys0 + 16 * Math.max(n, markup.length / 2);
  const x = instanceFor(text, size);
  if (x === null) return null;
  const buffer = x.memory.buffer;
  const h = new Int32Array(buffer, 0, REGIONS / 4);
  h.set([raw0, n, items0, markup0, markup.length, turns0, turns.length], 3);
  h.set([order0, seg0, data0, refs0, attr0, probs0, table0, tableSize - 1, names0, stack0, maxDepth], 10);
  h[24] = keys0;
  h.set([parts[0], parts[1], parts[2], parts[3]], 84);
  new Int32Array(buffer, raw0, raw.length).set(raw.data.subarray(0, raw.length));
  new Int32Array(buffer, items0, items.length).set(items.data.subarray(0, items.length));
  new Int32Array(buffer, markup0, markup.length).set(markup.data.subarray(0, markup.length));
  const t = new Int32Array(buffer, turns0, 2 * turns.length);
  for (let k = 0; k < turns.length; k++) {
    t[2 * k] = turns[k].start;
    t[2 * k + 1] = turns[k].end;
  }
  if (x.build() !== 1) return null;
  answered++;
  const count = h[Out.Units];
  const refCount = h[Out.Refs];
  const at = new Int32Array(buffer, names0, 2 * h[Out.Names]);
  const codeNames: string[] = [];
  for (let k = 0; k < at.length; k += 2) codeNames.push(text.slice(at[k], at[k + 1]));
  return {
    count,
    data: new Int32Array(buffer, data0, U.Stride * count).slice(),
    refCount,
    refs: new Int32Array(buffer, refs0, R.Stride * refCount).slice(),
    codeNames,
    attrItems: new Int32Array(buffer, attr0, h[Out.AttrInts]).slice(),
    segments: new Int32Array(buffer, seg0, h[Out.SegInts]).slice(),
    problems: new Int32Array(buffer, probs0, 4 * h[Out.Problems]),
  };
}
