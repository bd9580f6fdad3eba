/**
 * The units and turns of one transcript in columnar form: offsets in one Int32Array,
 * code references in another, code ids and speaker labels interned per transcript. What
 * most of the study asks (counts, units by code, unknown codes, check) reads these
 * numbers; the {@link Unit} and {@link Turn} objects features read, with their LSP ranges
 * and text, are made on demand, each once, the first time it is asked for.
 *
 * The arrays are plain ArrayBuffers so a worker thread can hand a parse over without
 * copying it (see transcriptTransfer.ts).
 */
import { attributeValue, ItemKind } from '../../../common/attributes';
import { IntList } from './intList';
import { LineIndex } from './lineIndex';
import type { CodeRef, PlainText, Range, Turn, Unit } from './model';
import { CodePointMap, plainSlice } from './plainText';

/** Field offsets of one unit's record in {@link UnitTable.data}. */
export const enum U {
  Start,
  End,
  ContentStart,
  ContentEnd,
  AttrStart,
  AttrEnd,
  /** UTF-16 offsets into the plain text. */
  PlainStart16,
  PlainEnd16,
  /** Index of the enclosing unit, or -1. */
  Parent,
  Depth,
  /** Index of the turn whose speaker the unit has, or -1. */
  Turn,
  /** 0 span, 1 div. */
  Kind,
  /** Index of the unit's first code reference in {@link UnitTable.refs}. */
  FirstRef,
  Stride,
}

/** Field offsets of one code reference in {@link UnitTable.refs}: interned code, name start and end. */
export const enum R {
  Code,
  NameStart,
  NameEnd,
  Stride,
}

/** The rare parts of a unit: an id, a note and other `key=value` attributes. */
export interface UnitExtras {
  id?: string;
  note?: string;
  attributes: [string, string][];
}

/** The columns of a parse, as a worker sends them (see transcriptTransfer.ts). */
export interface UnitColumns {
  count: number;
  data: Int32Array;
  refCount: number;
  refs: Int32Array;
  codeNames: string[];
  /**
   * A unit's extras as the attribute items they are read from (made into strings only
   * when asked: most are never read, and a densely coded study has tens of thousands):
   * per unit that has an id or a pair, its unit index, its item count n, and n items of
   * six numbers as scanAttributeItems writes them (only Id and Pair items).
   */
  attrItems: Int32Array;
  turnCount: number;
  /** Per turn: start, label end, end. */
  turnData: Int32Array;
  /** Per turn: index into {@link speakerNames}. */
  turnSpeakers: Int32Array;
  speakerNames: string[];
}

/** The unit half of {@link UnitColumns}. */
export type UnitPart = Pick<UnitColumns, 'count' | 'data' | 'refCount' | 'refs' | 'codeNames' | 'attrItems'>;

/** Grows typed arrays of records as a parse appends to them. */
export class ColumnsBuilder {
  count = 0;
  data: Int32Array;
  refCount = 0;
  refs: Int32Array;
  readonly codeNames: string[] = [];
  private readonly codeIds = new Map<string, number>();
  private readonly attrItems = new IntList(16);
  turnCount = 0;
  turnData: Int32Array;
  turnSpeakers: Int32Array;
  readonly speakerNames: string[] = [];
  private readonly speakerIds = new Map<string, number>();

  /**
   * `units`, `refs` and `turns` are how many records to make room for: a parse knows its
   * units and turns before it builds them, and columns filled exactly are handed over
   * without the copy that trims them (or the copies that grow them).
   */
  constructor(units = 64, refs = 64, turns = 16) {
    this.data = new Int32Array(U.Stride * Math.max(1, units));
    this.refs = new Int32Array(R.Stride * Math.max(1, refs));
    this.turnData = new Int32Array(3 * Math.max(1, turns));
    this.turnSpeakers = new Int32Array(Math.max(1, turns));
  }

  /** Appends a unit record; returns its index. The caller fills the fields with {@link set}. */
  addUnit(): number {
    if ((this.count + 1) * U.Stride > this.data.length) this.data = grow(this.data);
    this.data[this.count * U.Stride + U.FirstRef] = this.refCount;
    return this.count++;
  }

  /** Appends a code reference to the last unit. */
  addRef(code: string, nameStart: number, nameEnd: number): void {
    if ((this.refCount + 1) * R.Stride > this.refs.length) this.refs = grow(this.refs);
    let id = this.codeIds.get(code);
    if (id === undefined) {
      id = this.codeNames.length;
      this.codeIds.set(code, id);
      this.codeNames.push(code);
    }
    const at = this.refCount++ * R.Stride;
    this.refs[at + R.Code] = id;
    this.refs[at + R.NameStart] = nameStart;
    this.refs[at + R.NameEnd] = nameEnd;
  }

  /**
   * Keeps the Id and Pair items of `items[from, to)` (six numbers each) as the extras of
   * unit `k`, when it has any.
   */
  addSpanAttributes(k: number, items: ArrayLike<number>, from: number, to: number): void {
    const kept = (j: number): boolean =>
      (items[j] as ItemKind) === ItemKind.Id || (items[j] as ItemKind) === ItemKind.Pair;
    let n = 0;
    for (let j = from; j < to; j += 6) if (kept(j)) n++;
    if (n === 0) return;
    const list = this.attrItems;
    let at = list.reserve(2 + 6 * n);
    const d = list.data;
    d[at++] = k;
    d[at++] = n;
    for (let j = from; j < to; j += 6) {
      if (!kept(j)) continue;
      for (let m = 0; m < 6; m++) d[at++] = items[j + m];
    }
  }

  /** Appends a turn. */
  addTurn(speaker: string, start: number, labelEnd: number, end: number): void {
    if ((this.turnCount + 1) * 3 > this.turnData.length) {
      this.turnData = grow(this.turnData);
      this.turnSpeakers = grow(this.turnSpeakers);
    }
    let id = this.speakerIds.get(speaker);
    if (id === undefined) {
      id = this.speakerNames.length;
      this.speakerIds.set(speaker, id);
      this.speakerNames.push(speaker);
    }
    this.turnData[3 * this.turnCount] = start;
    this.turnData[3 * this.turnCount + 1] = labelEnd;
    this.turnData[3 * this.turnCount + 2] = end;
    this.turnSpeakers[this.turnCount++] = id;
  }

  /**
   * The finished columns, trimmed to their length; with `units`, those units (made
   * elsewhere: wasmColumns.ts) and this builder's turns.
   */
  columns(units?: UnitPart): UnitColumns {
    return {
      count: units ? units.count : this.count,
      data: units ? units.data : trimmed(this.data, this.count * U.Stride),
      refCount: units ? units.refCount : this.refCount,
      refs: units ? units.refs : trimmed(this.refs, this.refCount * R.Stride),
      codeNames: units ? units.codeNames : this.codeNames,
      attrItems: units ? units.attrItems : this.attrItems.data.slice(0, this.attrItems.length),
      turnCount: this.turnCount,
      turnData: trimmed(this.turnData, 3 * this.turnCount),
      turnSpeakers: trimmed(this.turnSpeakers, this.turnCount),
      speakerNames: this.speakerNames,
    };
  }
}

/** `a` cut to `length`: a copy (with a buffer of its own, to transfer) unless it is that long already. */
function trimmed(a: Int32Array, length: number): Int32Array {
  return a.length === length ? a : a.slice(0, length);
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** A transcript's units and turns, read from the columns; objects made on demand. */
export class UnitTable {
  readonly count: number;
  /** Unit index to where its record starts in columns.attrItems, made when first needed. */
  private spanAttrs: Map<number, number> | null = null;
  private readonly built: (Unit | undefined)[] = [];
  private all: Unit[] | null = null;
  private turnList: Turn[] | null = null;
  private cp: CodePointMap | null = null;

  constructor(
    readonly columns: UnitColumns,
    readonly lines: LineIndex,
    readonly plain: PlainText,
    /** Whether the text has astral characters (then plain offsets are counted in code points). */
    readonly astral: boolean,
  ) {
    this.count = columns.count;
  }

  /** Unit `k`'s id, note and other attributes, or undefined when it has none. */
  extras(k: number): UnitExtras | undefined {
    const items = this.columns.attrItems;
    if (items.length === 0) return undefined;
    if (!this.spanAttrs) {
      const at = new Map<number, number>();
      for (let j = 0; j < items.length; j += 2 + 6 * items[j + 1]) at.set(items[j], j);
      this.spanAttrs = at;
    }
    const j = this.spanAttrs.get(k);
    if (j === undefined) return undefined;
    // As parseAttributes reads a unit's items (`-` is `unnumbered`, Pandoc's own): the last id,
    // the first `note`, and the other pairs in order (a second `note` is dropped).
    const text = this.lines.text;
    let id: string | undefined;
    let note: string | undefined;
    const attributes: [string, string][] = [];
    for (let m = j + 2, end = j + 2 + 6 * items[j + 1]; m < end; m += 6) {
      if ((items[m] as ItemKind) === ItemKind.Id) id = text.slice(items[m + 1], items[m + 2]);
      else {
        const key = text.slice(items[m + 1], items[m + 2]);
        const value = attributeValue(text, items[m + 3], items[m + 4], items[m + 5] === 1);
        if (key === 'note') note ??= value;
        else attributes.push([key, value]);
      }
    }
    const out: UnitExtras = { attributes };
    if (id !== undefined) out.id = id;
    if (note !== undefined) out.note = note;
    return out;
  }

  /**
   * Unit `k`'s codes (as `Unit.codes`: every reference, in order), speaker and plain-text
   * range in code points, as the unit object has them, without making it (no ranges, no
   * text): what the analyses read of every unit of a study.
   */
  facts(k: number): { codes: string[]; speaker?: string; plainStart: number; plainEnd: number } {
    const d = this.columns.data;
    const at = k * U.Stride;
    const codes: string[] = [];
    for (let r = this.firstRef(k), last = this.endRef(k); r < last; r++) codes.push(this.codeName(this.refCode(r)));
    const cp = this.astral ? (this.cp ??= new CodePointMap(this.plain.text)) : null;
    const p16s = d[at + U.PlainStart16];
    const p16e = d[at + U.PlainEnd16];
    const out: { codes: string[]; speaker?: string; plainStart: number; plainEnd: number } = {
      codes,
      plainStart: cp ? cp.toCodePoint(p16s) : p16s,
      plainEnd: cp ? cp.toCodePoint(p16e) : p16e,
    };
    const turn = d[at + U.Turn];
    if (turn >= 0) out.speaker = this.columns.speakerNames[this.columns.turnSpeakers[turn]];
    return out;
  }

  /** Where unit `k` starts (UTF-16 offset of `[` or of the opening fence). */
  start(k: number): number {
    return this.columns.data[k * U.Stride + U.Start];
  }

  /** Where unit `k` ends. */
  end(k: number): number {
    return this.columns.data[k * U.Stride + U.End];
  }

  /** Where unit `k`'s text starts in the plain text (a UTF-16 offset). */
  plainStart16(k: number): number {
    return this.columns.data[k * U.Stride + U.PlainStart16];
  }

  /** Where unit `k`'s text ends in the plain text (a UTF-16 offset). */
  plainEnd16(k: number): number {
    return this.columns.data[k * U.Stride + U.PlainEnd16];
  }

  /** The index of unit `k`'s first code reference in the refs column. */
  firstRef(k: number): number {
    return this.columns.data[k * U.Stride + U.FirstRef];
  }

  /** One past the index of unit `k`'s last code reference. */
  endRef(k: number): number {
    return k + 1 < this.count ? this.columns.data[(k + 1) * U.Stride + U.FirstRef] : this.columns.refCount;
  }

  /** The interned code of reference `r`. */
  refCode(r: number): number {
    return this.columns.refs[r * R.Stride + R.Code];
  }

  /** The code id of an interned code. */
  codeName(code: number): string {
    return this.columns.codeNames[code];
  }

  /** The LSP range of reference `r`'s code name. */
  refRange(r: number): Range {
    const refs = this.columns.refs;
    return this.lines.rangeOf(refs[r * R.Stride + R.NameStart], refs[r * R.Stride + R.NameEnd]);
  }

  /** The interned speaker of unit `k` (an index into the speaker names), or -1. */
  speakerId(k: number): number {
    const turn = this.columns.data[k * U.Stride + U.Turn];
    return turn < 0 ? -1 : this.columns.turnSpeakers[turn];
  }

  /** The speaker names the speaker ids index. */
  get speakerNames(): readonly string[] {
    return this.columns.speakerNames;
  }

  /** Unit `k`'s plain text (as {@link Unit.text}), without making the unit. */
  text(k: number): string {
    const built = this.built[k];
    if (built) return built.text;
    const d = this.columns.data;
    const at = k * U.Stride;
    const p16s = d[at + U.PlainStart16];
    const p16e = d[at + U.PlainEnd16];
    // A long unit's text is cut from the plain text in one piece (which shares its
    // memory): joining its segments one by one would cost, for deeply nested units,
    // time and memory quadratic in the document.
    return p16e - p16s > LONG_UNIT
      ? this.plain.text.slice(p16s, p16e)
      : plainSlice(this.lines.text, this.plain, d[at + U.ContentStart], d[at + U.ContentEnd]);
  }

  /** Unit `k`, made the first time it is asked for. */
  unit(k: number): Unit {
    return (this.built[k] ??= this.make(k));
  }

  /** Every unit, in order (made once). */
  units(): Unit[] {
    if (this.all) return this.all;
    const out = new Array<Unit>(this.count);
    for (let k = 0; k < this.count; k++) out[k] = this.unit(k);
    return (this.all = out);
  }

  /** Every turn, in order (made once). */
  turns(): Turn[] {
    if (this.turnList) return this.turnList;
    const c = this.columns;
    const lines = this.lines;
    const out: Turn[] = [];
    for (let t = 0; t < c.turnCount; t++) {
      const start = c.turnData[3 * t];
      const end = c.turnData[3 * t + 2];
      out.push({
        speaker: c.speakerNames[c.turnSpeakers[t]],
        labelRange: lines.rangeOf(start, c.turnData[3 * t + 1]),
        range: lines.rangeOf(start, end),
        startOffset: start,
        endOffset: end,
        units: [],
      });
    }
    for (let k = 0; k < this.count; k++) {
      const turn = c.data[k * U.Stride + U.Turn];
      if (turn >= 0) out[turn].units.push(k);
    }
    return (this.turnList = out);
  }

  private make(k: number): Unit {
    const d = this.columns.data;
    const at = k * U.Stride;
    const lines = this.lines;
    const start = d[at + U.Start];
    const end = d[at + U.End];
    const contentStart = d[at + U.ContentStart];
    const contentEnd = d[at + U.ContentEnd];
    const isSpan = d[at + U.Kind] === 0;
    const codes: string[] = [];
    const codeRefs: CodeRef[] = [];
    const first = this.firstRef(k);
    const last = this.endRef(k);
    const refs = this.columns.refs;
    for (let r = first; r < last; r++) {
      const id = this.columns.codeNames[refs[r * R.Stride + R.Code]];
      codes.push(id);
      codeRefs.push({
        id,
        range: this.refRange(r),
        startOffset: refs[r * R.Stride + R.NameStart],
        endOffset: refs[r * R.Stride + R.NameEnd],
      });
    }
    const extras = this.extras(k);
    // A span's `[` and `]` are single characters on the line of their neighbours, so four
    // of its six positions follow from two searches.
    const startPos = lines.positionAt(start);
    const contentStartPos = isSpan
      ? { line: startPos.line, character: startPos.character + 1 }
      : lines.positionAt(contentStart);
    const contentEndPos = lines.positionAt(contentEnd);
    const endPos = lines.positionAt(end);
    const cp = this.astral ? (this.cp ??= new CodePointMap(this.plain.text)) : null;
    const p16s = d[at + U.PlainStart16];
    const p16e = d[at + U.PlainEnd16];
    const unit: Unit = {
      kind: isSpan ? 'span' : 'div',
      codes,
      codeRefs,
      attributes: extras?.attributes ?? [],
      range: { start: startPos, end: endPos },
      contentRange: { start: contentStartPos, end: contentEndPos },
      attrRange: isSpan
        ? {
            start: { line: contentEndPos.line, character: contentEndPos.character + 1 },
            end: { line: endPos.line, character: endPos.character },
          }
        : lines.rangeOf(d[at + U.AttrStart], d[at + U.AttrEnd]),
      startOffset: start,
      endOffset: end,
      contentStartOffset: contentStart,
      contentEndOffset: contentEnd,
      text: this.text(k),
      plainStart: cp ? cp.toCodePoint(p16s) : p16s,
      plainEnd: cp ? cp.toCodePoint(p16e) : p16e,
      depth: d[at + U.Depth],
    };
    if (extras?.id !== undefined) unit.id = extras.id;
    if (extras?.note !== undefined) unit.note = extras.note;
    const parent = d[at + U.Parent];
    if (parent >= 0) unit.parent = parent;
    const turn = d[at + U.Turn];
    if (turn >= 0) unit.speaker = this.columns.speakerNames[this.columns.turnSpeakers[turn]];
    return unit;
  }
}

/** Units with more plain text than this take it from the plain text as a whole. */
const LONG_UNIT = 4096;
