/**
 * Converts between UTF-16 offsets and LSP positions for one text.
 * Lines end at LF, CR LF or a lone CR, as LSP says.
 */
import type { Position, Range } from './model';
import { IntList } from './intList';
import { lineStartsInWasm } from './wasmColumns';

/** Offsets of line starts, built once per text. */
export class LineIndex {
  /** starts[i] is the UTF-16 offset where line i begins. */
  readonly starts: Int32Array;

  constructor(readonly text: string) {
    this.starts = lineStartsInWasm(text) ?? lineStarts(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The line of the previous lookup: parsers ask for nearby offsets in order. */
  private hint = 0;

  /** The line holding `offset` (the previous line or its next, else binary search). */
  lineAt(offset: number): number {
    const s = this.starts;
    const h = this.hint;
    if (s[h] <= offset) {
      // Forward from the last answer, a few lines at most: the next unit or turn end.
      for (let k = h, stop = Math.min(s.length - 1, h + 16); k <= stop; k++) {
        if (k + 1 >= s.length || offset < s[k + 1]) return (this.hint = k);
      }
    }
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return lo;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(o);
    return { line, character: o - this.starts[line] };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The offset of an LSP position, clamped to its line (the line break excluded). */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }

  /** Offset just past the last character of a line, before its CR LF or LF. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    if (next > this.starts[line] && this.text.charCodeAt(next - 1) === 13 && next < this.text.length) {
      return next - 1;
    }
    return next;
  }
}

/** Counts Unicode code points in `text[from, to)` (a surrogate pair counts once). */
export function countCodePoints(text: string, from = 0, to = text.length): number {
  let n = to - from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > from) {
      const p = text.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/**
 * The line starts of `text` in one indexOf pass, where WebAssembly cannot find them
 * (lineStartsInWasm, which gives the same).
 */
export function lineStarts(text: string): Int32Array {
  const starts = new IntList(Math.max(16, text.length >> 5));
  starts.push1(0);
  if (text.indexOf('\r') === -1) {
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push1(i + 1);
      i = text.indexOf('\n', i + 1);
    }
  } else {
    // LSP counts a lone CR as a line break too (old Mac files, some pasted text). The
    // next CR and the next LF are each searched for once, until passed: a CR LF file
    // (any file saved on Windows) is read at indexOf's speed, not a match object per line.
    let cr = text.indexOf('\r');
    let lf = text.indexOf('\n');
    while (cr !== -1 || lf !== -1) {
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      else next = lf + 1;
      starts.push1(next);
      if (cr !== -1 && cr < next) cr = text.indexOf('\r', next);
      if (lf !== -1 && lf < next) lf = text.indexOf('\n', next);
    }
  }
  return starts.data.slice(0, starts.length);
}
