/**
 * "Keep A's coding" / "Keep B's coding": the edits that give one span of a transcript the
 * codes one coder gave it. Pure: text in, edits out.
 */
import { LineIndex } from '../lineIndex';
import type { Range, Transcript } from '../model';
import { plainToSource } from '../plainText';
import { attributeText } from './attributeText';

/** A text edit in LSP terms. */
export interface CodingEdit {
  range: Range;
  newText: string;
}

/** UTF-16 offset of code point `cp` in `s`. */
function utf16At(s: string, cp: number): number {
  let u = 0;
  for (let k = 0; k < cp && u < s.length; k++) {
    const c = s.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < s.length ? 2 : 1;
  }
  return u;
}

/**
 * The edits that make the units over plain range [s, e) (code points) carry exactly
 * `codes`: the first such unit gets them (its id, memo and attributes kept), others over
 * the same range go; with no such unit, a new span is written; with no codes, the units
 * go. Null when the working text of the span is not `expected`, or a new span would cross
 * another unit.
 */
export function applyCoding(
  source: string,
  t: Transcript,
  s: number,
  e: number,
  expected: string,
  codes: string[],
): CodingEdit[] | null {
  const plain = t.plain.text;
  const from = utf16At(plain, s);
  const to = utf16At(plain, e);
  if (plain.slice(from, to) !== expected) return null;
  const lines = new LineIndex(source);
  const edit = (a: number, b: number, newText: string): CodingEdit => ({ range: lines.rangeOf(a, b), newText });
  const same = t.units.filter((u) => u.plainStart === s && u.plainEnd === e);
  const edits: CodingEdit[] = [];
  same.forEach((u, k) => {
    if (k === 0 && codes.length) {
      const block = attributeText({ id: u.id, codes, note: u.note, attributes: u.attributes });
      if (u.kind === 'span') edits.push(edit(source.indexOf('{', u.contentEndOffset), u.endOffset, block));
      else {
        const fenceEnd = source.indexOf('\n', u.startOffset);
        const open = source.slice(u.startOffset, fenceEnd < 0 ? u.contentStartOffset : fenceEnd).replace(/\r$/, '');
        const colons = /^:{3,}/.exec(open)?.[0] ?? ':::';
        edits.push(edit(u.startOffset, u.startOffset + open.length, `${colons} ${block}`));
      }
      return;
    }
    edits.push(edit(u.startOffset, u.contentStartOffset, ''), edit(u.contentEndOffset, u.endOffset, ''));
  });
  if (same.length === 0 && codes.length) {
    if (
      t.units.some(
        (u) =>
          (u.plainStart < s && s < u.plainEnd && u.plainEnd < e) ||
          (s < u.plainStart && u.plainStart < e && e < u.plainEnd),
      )
    )
      return null;
    const a = plainToSource(t.plain, from);
    const b = to > from ? plainToSource(t.plain, to - 1) + 1 : a;
    edits.push(edit(a, a, '['), edit(b, b, `]${attributeText({ codes, attributes: [] })}`));
  }
  return edits;
}
