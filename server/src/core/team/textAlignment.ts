/**
 * The alignment of two versions of a transcript's plain text, so that units of one
 * version can be compared with units of the other when a typo was fixed between them.
 * Offsets are code points, as units' plainStart and plainEnd are. The text diff is the
 * `diff` library's (Myers' algorithm on code points), not our own.
 */
import { diffArrays, diffLines, type ChangeObject } from 'diff';
import { detached } from '../plainText';

/** A run of the alignment: equal text, or a replaced (deleted and/or inserted) stretch. */
export interface AlignmentBlock {
  equal: boolean;
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** A text difference between the versions, in code points of each. */
export interface TextChange {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  before: string;
  after: string;
}

/** The alignment of A's plain text with B's. */
export interface TextAlignment {
  identical: boolean;
  /** Blocks in order, covering both texts; equal and unequal blocks alternate. */
  blocks: AlignmentBlock[];
  aLength: number;
  bLength: number;
}

/** Above this many edits, a character diff gives way to a line diff (Myers is O(N·D)). */
const MAX_CHAR_EDITS = 4000;

function codePointLength(s: string): number {
  // Most texts hold no surrogate: one native scan answers for them.
  if (!/[\ud800-\udfff]/.test(s)) return s.length;
  let n = s.length;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < s.length) {
      const d = s.charCodeAt(k + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        k++;
      }
    }
  }
  return n;
}

/** A run of a diff: its length (in the alignment's unit) and whether it was added or removed. */
interface Run {
  n: number;
  added: boolean;
  removed: boolean;
}

/** The code points of `s` from UTF-16 offset `from`, as numbers. */
function codePoints(s: string, from: number): number[] {
  const out = new Int32Array(s.length - from);
  let n = 0;
  for (let k = from; k < s.length; k++) {
    const c = s.codePointAt(k) as number;
    out[n++] = c;
    if (c > 0xffff) k++;
  }
  // diffArrays reads tokens by index, length and slice(), which a typed array has too.
  return out.subarray(0, n) as unknown as number[];
}

/**
 * The `diff` library's character diff of a and b (`diffChars`: Myers' algorithm on code
 * points), as runs. The same algorithm is run on arrays of code points (`diffArrays`),
 * which spares it joining every run back into a string, and after the common start of
 * the texts: Myers' algorithm always begins with that common start (its first snake), so
 * the runs are exactly those of `diffChars` on the whole texts. Undefined above
 * {@link MAX_CHAR_EDITS} edits.
 */
function charChanges(a: string, b: string, utf16: boolean): Run[] | undefined {
  let p = 0;
  const m = Math.min(a.length, b.length);
  while (p < m && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  // Never split a surrogate pair: its code point differs.
  if (p > 0) {
    const c = a.charCodeAt(p - 1);
    if (c >= 0xd800 && c <= 0xdbff) p--;
  }
  const changes = diffArrays(codePoints(a, p), codePoints(b, p), { maxEditLength: MAX_CHAR_EDITS });
  if (!changes) return undefined;
  const size = (cps: number[]): number => {
    if (!utf16) return cps.length;
    let n = cps.length;
    for (const c of cps) if (c > 0xffff) n++;
    return n;
  };
  const runs: Run[] = [];
  const prefix = utf16 ? p : codePointLength(a.slice(0, p));
  if (prefix > 0) runs.push({ n: prefix, added: false, removed: false });
  for (const ch of changes) runs.push({ n: size(ch.value), added: !!ch.added, removed: !!ch.removed });
  // A lone high surrogate kept out of the common start is one equal token: diffChars has it in the common run.
  if (prefix > 0 && runs.length > 1 && !runs[1].added && !runs[1].removed) runs[0].n += runs.splice(1, 1)[0].n;
  return runs;
}

/** The line diff the alignment falls back to, as runs. */
function lineChanges(a: string, b: string, measure: (s: string) => number): Run[] {
  return diffLines(a, b).map((ch: ChangeObject<string>) => ({
    n: measure(ch.value),
    added: !!ch.added,
    removed: !!ch.removed,
  }));
}

/**
 * Aligns two plain texts. Identical texts get one equal block without running a diff.
 * Offsets are code points, or UTF-16 units with `utf16` (the diff works on whole code
 * points either way).
 */
export function alignTexts(a: string, b: string, utf16 = false): TextAlignment {
  const measure = utf16 ? (s: string): number => s.length : codePointLength;
  if (a === b) {
    const n = measure(a);
    return {
      identical: true,
      blocks: n ? [{ equal: true, aStart: 0, aEnd: n, bStart: 0, bEnd: n }] : [],
      aLength: n,
      bLength: n,
    };
  }
  const changes = charChanges(a, b, utf16) ?? lineChanges(a, b, measure);
  const blocks: AlignmentBlock[] = [];
  let ai = 0;
  let bi = 0;
  for (const ch of changes) {
    const n = ch.n;
    if (n === 0) continue;
    const equal = !ch.added && !ch.removed;
    const last = blocks[blocks.length - 1];
    if (!equal && last && !last.equal) {
      if (ch.removed) last.aEnd += n;
      else last.bEnd += n;
    } else if (equal) blocks.push({ equal: true, aStart: ai, aEnd: ai + n, bStart: bi, bEnd: bi + n });
    else
      blocks.push({
        equal: false,
        aStart: ai,
        aEnd: ch.removed ? ai + n : ai,
        bStart: bi,
        bEnd: ch.added ? bi + n : bi,
      });
    if (equal || ch.removed) ai += n;
    if (equal || ch.added) bi += n;
  }
  return { identical: false, blocks, aLength: ai, bLength: bi };
}

/** Index of the block that holds A offset `x` (the last block with aStart <= x). */
function blockAtA(al: TextAlignment, x: number): number {
  const bl = al.blocks;
  let lo = 0;
  let hi = bl.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bl[mid].aStart <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The B offsets that A offset `x` corresponds to, as [low, high]. Inside equal text it
 * is one point. A boundary next to a replaced stretch, or inside one, corresponds to
 * every B offset of that stretch: either end of the new text is the same place.
 */
export function mapAtoB(al: TextAlignment, x: number): [number, number] {
  if (al.identical || al.blocks.length === 0) return [x, x];
  let lo = Infinity;
  let hi = -Infinity;
  const bl = al.blocks;
  // x may touch the block that holds it and the one before (when x is at its start).
  const k = blockAtA(al, x);
  for (let j = k - 1; j <= k + 1; j++) {
    const b = bl[j];
    if (!b || x < b.aStart || x > b.aEnd) continue;
    if (b.equal) {
      const p = b.bStart + (x - b.aStart);
      lo = Math.min(lo, p);
      hi = Math.max(hi, p);
    } else {
      lo = Math.min(lo, b.bStart);
      hi = Math.max(hi, b.bEnd);
    }
  }
  if (lo === Infinity) return [al.bLength, al.bLength];
  return [lo, hi];
}

/** The text changes between the versions (the unequal blocks), with their text. */
export function textChanges(al: TextAlignment, a: string, b: string): TextChange[] {
  if (al.identical) return [];
  const slicer = (s: string): ((from: number, to: number) => string) => {
    // Without surrogates, code points are UTF-16 units.
    if (!/[\ud800-\udfff]/.test(s)) return (from, to) => s.slice(from, to);
    const cs = Array.from(s);
    return (from, to) => cs.slice(from, to).join('');
  };
  const sa = slicer(a);
  const sb = slicer(b);
  return al.blocks
    .filter((x) => !x.equal)
    .map((x) => ({
      aStart: x.aStart,
      aEnd: x.aEnd,
      bStart: x.bStart,
      bEnd: x.bEnd,
      // Kept until the output: not as views of the plain texts (see detached).
      before: detached(sa(x.aStart, x.aEnd)),
      after: detached(sb(x.bStart, x.bEnd)),
    }));
}

/**
 * Intersects the A range [s, e) with the equal blocks and returns the pieces in common
 * coordinates: offsets into the text both versions share, the equal blocks laid end to end.
 */
export function commonPiecesOfA(al: TextAlignment, s: number, e: number): [number, number][] {
  return commonPieces(al, s, e, 'a');
}

/** {@link commonPiecesOfA} for a B range. */
export function commonPiecesOfB(al: TextAlignment, s: number, e: number): [number, number][] {
  return commonPieces(al, s, e, 'b');
}

function commonPieces(al: TextAlignment, s: number, e: number, side: 'a' | 'b'): [number, number][] {
  if (e <= s) return [];
  if (al.identical) return [[s, e]];
  const out: [number, number][] = [];
  let common = 0;
  for (const b of al.blocks) {
    if (!b.equal) continue;
    const bs = side === 'a' ? b.aStart : b.bStart;
    const be = side === 'a' ? b.aEnd : b.bEnd;
    if (be > s && bs < e) {
      const from = Math.max(s, bs);
      const to = Math.min(e, be);
      out.push([common + from - bs, common + to - bs]);
    }
    if (bs >= e) break;
    common += be - bs;
  }
  return out;
}

/** The number of code points both versions share (the equal blocks' total). */
export function commonLength(al: TextAlignment): number {
  let n = 0;
  for (const b of al.blocks) if (b.equal) n += b.aEnd - b.aStart;
  return n;
}
