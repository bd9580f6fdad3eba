/**
 * The few facts of a transcript's units that the comparisons of two versions read for
 * every unit: plain range in code points and codes. Read from the parse's unit table
 * without making a {@link Unit} object (with its LSP ranges and text) per unit, so that a
 * comparison of two large versions makes objects only for the units that changed.
 */
import type { Range, Transcript } from '../model';
import { CodePointMap } from '../plainText';
import { R, U, type UnitTable } from '../unitTable';

/** A transcript's units as columns, in the order of {@link Transcript.units}. */
export interface UnitSpans {
  count: number;
  /** Code-point offsets into the plain text, as {@link Unit.plainStart} and plainEnd. */
  starts: Int32Array;
  ends: Int32Array;
  /** Unit `k`'s codes, each once, in the order written (as uniqueCodes gives them). */
  codes(k: number): string[];
  /** Unit `k`'s plain range, range and text, as its {@link Unit} has them, without making the unit. */
  place(k: number): UnitPlace;
}

/** Where a unit is and what it says: the fields of a {@link Unit} a change reports. */
export interface UnitPlace {
  plainStart: number;
  plainEnd: number;
  range: Range;
  text: string;
}

function dedupe(codes: string[]): string[] {
  return codes.length > 1 ? [...new Set(codes)] : codes;
}

/** Unit `k`'s codes in a parse's table, each once, in the order written. */
function tableCodes(table: UnitTable, k: number): string[] {
  const { refs, codeNames } = table.columns;
  const out: string[] = [];
  for (let r = table.firstRef(k), last = table.endRef(k); r < last; r++) {
    const c = codeNames[refs[r * R.Stride + R.Code]];
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** The units of `t` as {@link UnitSpans}. */
export function unitSpans(t: Transcript): UnitSpans {
  const table = t.table;
  if (!table) {
    const units = t.units;
    return {
      count: units.length,
      starts: Int32Array.from(units, (u) => u.plainStart),
      ends: Int32Array.from(units, (u) => u.plainEnd),
      codes: (k) => dedupe(units[k].codes.slice()),
      place: (k) => ({
        plainStart: units[k].plainStart,
        plainEnd: units[k].plainEnd,
        range: units[k].range,
        text: units[k].text,
      }),
    };
  }
  const n = table.count;
  const { data } = table.columns;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const cp = table.astral ? new CodePointMap(table.plain.text) : null;
  for (let k = 0; k < n; k++) {
    const s = data[k * U.Stride + U.PlainStart16];
    const e = data[k * U.Stride + U.PlainEnd16];
    starts[k] = cp ? cp.toCodePoint(s) : s;
    ends[k] = cp ? cp.toCodePoint(e) : e;
  }
  return {
    count: n,
    starts,
    ends,
    codes: (k) => tableCodes(table, k),
    place: (k) => ({
      plainStart: starts[k],
      plainEnd: ends[k],
      range: table.lines.rangeOf(table.start(k), table.end(k)),
      text: table.text(k),
    }),
  };
}

/** What a merge reads of a unit: where its markup is, its codes and its attributes. */
export interface UnitMarkup {
  kind: 'span' | 'div';
  /** UTF-16 offsets into the source, as {@link Unit.startOffset} and the others. */
  startOffset: number;
  contentStartOffset: number;
  contentEndOffset: number;
  endOffset: number;
  /** Codes each once, in the order written. */
  codes: string[];
  id?: string;
  note?: string;
  attributes: [string, string][];
}

/** The units of `t` as {@link UnitMarkup}, in order, without making unit objects. */
export function unitMarkup(t: Transcript): UnitMarkup[] {
  const table = t.table;
  const out: UnitMarkup[] = [];
  if (!table) {
    for (const u of t.units) {
      const m: UnitMarkup = {
        kind: u.kind,
        startOffset: u.startOffset,
        contentStartOffset: u.contentStartOffset,
        contentEndOffset: u.contentEndOffset,
        endOffset: u.endOffset,
        codes: dedupe(u.codes.slice()),
        attributes: u.attributes,
      };
      if (u.id !== undefined) m.id = u.id;
      if (u.note !== undefined) m.note = u.note;
      out.push(m);
    }
    return out;
  }
  const { data } = table.columns;
  for (let k = 0; k < table.count; k++) {
    const at = k * U.Stride;
    const x = table.extras(k);
    const m: UnitMarkup = {
      kind: data[at + U.Kind] === 0 ? 'span' : 'div',
      startOffset: data[at + U.Start],
      contentStartOffset: data[at + U.ContentStart],
      contentEndOffset: data[at + U.ContentEnd],
      endOffset: data[at + U.End],
      codes: tableCodes(table, k),
      attributes: x?.attributes ?? [],
    };
    if (x?.id !== undefined) m.id = x.id;
    if (x?.note !== undefined) m.note = x.note;
    out.push(m);
  }
  return out;
}
