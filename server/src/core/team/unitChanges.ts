/**
 * How the meaning units changed between two versions of a study, by the rule of
 * docs/collaboration.md:
 * 1. a unit with the same file and the same plain range in both versions is unchanged
 *    if its codes are equal (as sets), `recoded` if they differ;
 * 2. among the units left unmatched, a unit of A that overlaps exactly one unmatched
 *    unit of B, when that unit of B overlaps no other unmatched unit of A, is `resized`;
 * 3. every other unmatched unit is `removed` (from A) or `added` (in B).
 * When a transcript's plain text differs, A's ranges are carried into B's text through
 * the alignment of {@link alignTexts}.
 */
import type { Range, Transcript, Unit } from '../model';
import { detached } from '../plainText';
import { alignTexts, mapAtoB, type TextAlignment } from './textAlignment';
import { unitSpans } from './unitSpans';

/** The kinds of change, as the JSON output spells them. */
export type UnitChangeKind = 'recoded' | 'resized' | 'removed' | 'added';

/** One changed unit. Positions are B's, or A's for a removed unit. */
export interface UnitChange {
  file: string;
  change: UnitChangeKind;
  codesBefore: string[];
  codesAfter: string[];
  plainStart: number;
  plainEnd: number;
  range: Range;
  text: string;
  /** For a recoded or resized unit, A's unit (not in the JSON output; for display and the editor). */
  before?: { plainStart: number; plainEnd: number; range: Range; text: string };
}

/** The units of one transcript in both versions (undefined for a version without the file). */
export interface TranscriptPair {
  file: string;
  a?: Transcript;
  b?: Transcript;
  /** The alignment, when both versions hold the file. */
  alignment?: TextAlignment;
}

/** The codes of a unit, each once, in the order written. */
export function uniqueCodes(u: Unit): string[] {
  return u.codes.length > 1 ? [...new Set(u.codes)] : u.codes.slice();
}

/** Whether two lists of distinct codes hold the same codes. */
function sameCodes(x: string[], y: string[]): boolean {
  if (x.length !== y.length) return false;
  for (const c of x) if (!y.includes(c)) return false;
  return true;
}

function change(
  file: string,
  kind: UnitChangeKind,
  u: Unit,
  before: Unit | undefined,
  after: Unit | undefined,
): UnitChange {
  return {
    file,
    change: kind,
    codesBefore: before ? uniqueCodes(before) : [],
    codesAfter: after ? uniqueCodes(after) : [],
    plainStart: u.plainStart,
    plainEnd: u.plainEnd,
    range: u.range,
    // Kept until the output: not as a view of the transcript (see detached).
    text: detached(u.text),
  };
}

/** Aligns a transcript present in both versions. */
export function pairTranscripts(file: string, a: Transcript | undefined, b: Transcript | undefined): TranscriptPair {
  const pair: TranscriptPair = { file, a, b };
  if (a && b) pair.alignment = alignTexts(a.plain.text, b.plain.text);
  return pair;
}

/** The changed units of one transcript, in B's order (removed units at A's place). */
export function unitChanges(pair: TranscriptPair): UnitChange[] {
  const { file, a, b } = pair;
  if (!a || !b || !pair.alignment) {
    return a
      ? a.units.map((u) => change(file, 'removed', u, u, undefined))
      : (b?.units ?? []).map((u) => change(file, 'added', u, undefined, u));
  }
  const al = pair.alignment;
  // Columns, not unit objects: objects are made only for the units that changed.
  const A = unitSpans(a);
  const B = unitSpans(b);
  const aCodes = new Array<string[] | undefined>(A.count);
  const bCodes = new Array<string[] | undefined>(B.count);
  const codesOfA = (i: number): string[] => (aCodes[i] ??= A.codes(i));
  const codesOfB = (k: number): string[] => (bCodes[k] ??= B.codes(k));
  const out: UnitChange[] = [];
  const bMatched = new Uint8Array(B.count);
  const aMatched = new Uint8Array(A.count);
  const made = (kind: UnitChangeKind, i: number, k: number): UnitChange => {
    const v = B.place(k);
    const u = A.place(i);
    return {
      file,
      change: kind,
      codesBefore: codesOfA(i).slice(),
      codesAfter: codesOfB(k).slice(),
      plainStart: v.plainStart,
      plainEnd: v.plainEnd,
      range: v.range,
      text: detached(v.text),
      before: { plainStart: u.plainStart, plainEnd: u.plainEnd, range: u.range, text: detached(u.text) },
    };
  };
  // B's units sorted by (start, end) for the search of step 1.
  const bs = B.starts;
  const be = B.ends;
  const order = Array.from({ length: B.count }, (_, k) => k);
  let sorted = true;
  for (let k = 1; k < B.count && sorted; k++) sorted = bs[k - 1] < bs[k] || (bs[k - 1] === bs[k] && be[k - 1] <= be[k]);
  if (!sorted) order.sort((x, y) => bs[x] - bs[y] || be[x] - be[y] || x - y);
  const starts = order.map((k) => bs[k]);
  // Step 1, in two passes: where several units share a range (nested spans over the same
  // words), a unit with equal codes is paired first, so that only real recodings show.
  for (const equalCodesOnly of [true, false]) {
    for (let i = 0; i < A.count; i++) {
      if (aMatched[i]) continue;
      const [sLo, sHi] = mapAtoB(al, A.starts[i]);
      const [eLo, eHi] = mapAtoB(al, A.ends[i]);
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] < sLo) lo = mid + 1;
        else hi = mid;
      }
      for (let p = lo; p < starts.length && starts[p] <= sHi; p++) {
        const k = order[p];
        if (bMatched[k] || be[k] < eLo || be[k] > eHi) continue;
        const same = sameCodes(codesOfA(i), codesOfB(k));
        if (equalCodesOnly && !same) continue;
        bMatched[k] = 1;
        aMatched[i] = 1;
        if (!same) out.push(made('recoded', i, k));
        break;
      }
    }
  }
  // Step 2: overlaps among the unmatched units, found by one sweep over their starts.
  const ua: number[] = [];
  const ub: number[] = [];
  for (let i = 0; i < A.count; i++) if (!aMatched[i]) ua.push(i);
  for (let k = 0; k < B.count; k++) if (!bMatched[k]) ub.push(k);
  const aOverlaps = new Map<number, number[]>();
  const bOverlaps = new Map<number, number[]>();
  type Item = { side: 0 | 1; k: number; s: number; e: number };
  const items: Item[] = [
    ...ua.map((i): Item => ({ side: 0, k: i, s: mapAtoB(al, A.starts[i])[0], e: mapAtoB(al, A.ends[i])[1] })),
    ...ub.map((k): Item => ({ side: 1, k, s: bs[k], e: be[k] })),
  ].filter((x) => x.e > x.s);
  items.sort((x, y) => x.s - y.s);
  const active: [Item[], Item[]] = [[], []];
  for (const x of items) {
    const other = 1 - x.side;
    active[other] = active[other].filter((y) => y.e > x.s);
    for (const y of active[other]) {
      const ai = x.side === 0 ? x.k : y.k;
      const bk = x.side === 0 ? y.k : x.k;
      (aOverlaps.get(ai) ?? aOverlaps.set(ai, []).get(ai))?.push(bk);
      (bOverlaps.get(bk) ?? bOverlaps.set(bk, []).get(bk))?.push(ai);
    }
    active[x.side].push(x);
  }
  for (const i of ua) {
    const o = aOverlaps.get(i);
    if (o && o.length === 1 && bOverlaps.get(o[0])?.length === 1) {
      const k = o[0];
      aMatched[i] = 1;
      bMatched[k] = 1;
      out.push(made('resized', i, k));
    }
  }
  for (const i of ua) {
    if (aMatched[i]) continue;
    const u = A.place(i);
    const codesBefore = codesOfA(i).slice();
    out.push({ file, change: 'removed', codesBefore, codesAfter: [], ...u });
  }
  for (const k of ub) {
    if (bMatched[k]) continue;
    const v = B.place(k);
    const codesAfter = codesOfB(k).slice();
    out.push({ file, change: 'added', codesBefore: [], codesAfter, ...v });
  }
  return out.sort(
    (x, y) =>
      x.plainStart - y.plainStart ||
      x.plainEnd - y.plainEnd ||
      (x.change < y.change ? -1 : x.change > y.change ? 1 : 0),
  );
}
