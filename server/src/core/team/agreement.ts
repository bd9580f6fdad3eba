/**
 * `condense agree`: intercoder agreement between two versions of the same transcripts,
 * with code points of the shared plain text as the units of analysis (see
 * docs/collaboration.md for the definitions), and segment matching by overlap.
 */
import { agreementFigures, poolCounts, type AgreementCounts, type AgreementFigures } from './agreementStats';
import type { ParsedSnapshot } from './snapshot';
import { commonLength, commonPiecesOfA, commonPiecesOfB } from './textAlignment';
import { textDifferences, transcriptPairs, type TextDifference } from './studyDiff';
import type { TranscriptPair } from './unitChanges';
import { unitSpans, type UnitSpans } from './unitSpans';

/** Segment matching of one code. */
export interface SegmentCounts {
  matched: number;
  aOnly: number;
  bOnly: number;
}

/** The agreement on one code. */
export interface CodeAgreement extends AgreementCounts, AgreementFigures {
  id: string;
  title: string;
  segments: SegmentCounts;
}

/** The whole result of `condense agree`. */
export interface AgreementResult {
  a: string;
  b: string;
  characters: number;
  threshold: number;
  codes: CodeAgreement[];
  pooled: AgreementCounts & AgreementFigures & { segments: SegmentCounts };
  textDifferences: TextDifference[];
}

type Pieces = [number, number][];

/** Sorted, merged union of intervals. */
function union(iv: Pieces): Pieces {
  iv.sort((x, y) => x[0] - y[0]);
  const out: Pieces = [];
  for (const [s, e] of iv) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function size(iv: Pieces): number {
  let n = 0;
  for (const [s, e] of iv) n += e - s;
  return n;
}

/** |x ∩ y| of two sorted lists of disjoint intervals. */
function intersection(x: Pieces, y: Pieces): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < x.length && j < y.length) {
    const s = Math.max(x[i][0], y[j][0]);
    const e = Math.min(x[i][1], y[j][1]);
    if (e > s) n += e - s;
    if (x[i][1] < y[j][1]) i++;
    else j++;
  }
  return n;
}

interface Seg {
  pieces: Pieces;
  size: number;
  start: number;
  end: number;
}

/** Pairs A's and B's units of one code one to one, largest overlap first, and counts. */
function matchSegments(as: Seg[], bs: Seg[], threshold: number): SegmentCounts {
  const candidates: { i: number; k: number; inter: number; iou: number }[] = [];
  const bOrder = bs.map((_, k) => k).sort((x, y) => bs[x].start - bs[y].start);
  for (let i = 0; i < as.length; i++) {
    const s = as[i];
    for (const k of bOrder) {
      const t = bs[k];
      if (t.start >= s.end) break;
      if (t.end <= s.start) continue;
      const inter = intersection(s.pieces, t.pieces);
      const uni = s.size + t.size - inter;
      if (inter > 0 && inter / uni >= threshold) candidates.push({ i, k, inter, iou: inter / uni });
    }
  }
  candidates.sort((x, y) => y.inter - x.inter || y.iou - x.iou || x.i - y.i || x.k - y.k);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.k)) continue;
    usedA.add(c.i);
    usedB.add(c.k);
  }
  return { matched: usedA.size, aOnly: as.length - usedA.size, bOnly: bs.length - usedB.size };
}

function segOf(pieces: Pieces): Seg {
  return {
    pieces,
    size: size(pieces),
    start: pieces.length ? pieces[0][0] : 0,
    end: pieces.length ? pieces[pieces.length - 1][1] : 0,
  };
}

/**
 * Agreement between A and B over the transcripts both hold. `threshold` is the least
 * |A∩B|/|A∪B| for two units of a code to match (0 < threshold ≤ 1).
 */
export function computeAgreement(a: ParsedSnapshot, b: ParsedSnapshot, threshold = 0.8): AgreementResult {
  return agreementOfPairs(a, b, transcriptPairs(a, b), threshold);
}

/**
 * {@link computeAgreement} given the versions' codebooks (in `index`) and their
 * transcripts as pairs in path order, each read once (so that pairs made on demand can
 * be dropped as soon as they are counted).
 */
export function agreementOfPairs(
  a: Pick<ParsedSnapshot, 'label' | 'index'>,
  b: Pick<ParsedSnapshot, 'label' | 'index'>,
  pairs: Iterable<TranscriptPair>,
  threshold = 0.8,
): AgreementResult {
  const tally = new AgreementTally(threshold);
  for (const p of pairs) tally.add(p);
  return tally.result(a, b);
}

/** One code's counts over the pairs added so far (its `neither` is what is left of the characters). */
interface CodeTally {
  both: number;
  aOnly: number;
  bOnly: number;
  segments: SegmentCounts;
}

/**
 * Agreement counted one transcript pair at a time (in path order), so that a caller can
 * pause between pairs (the language server, to hear a cancellation) or count each pair
 * as soon as it is read (the command line). Each pair's coverage and segments are
 * counted when it is added and then let go: only the counts per code are kept.
 */
export class AgreementTally {
  private readonly texts: TextDifference[] = [];
  private n = 0;
  private readonly byCode = new Map<string, CodeTally>();

  /** `threshold`: the overlap (intersection over union) at which two segments match. */
  constructor(private readonly threshold = 0.8) {}

  /** Counts one pair. */
  add(p: TranscriptPair): void {
    for (const t of textDifferences([p])) this.texts.push(t);
    if (!p.a || !p.b || !p.alignment) return;
    const al = p.alignment;
    this.n += commonLength(al);
    const cover = new Map<string, [Pieces, Pieces]>();
    const segs = new Map<string, [Seg[], Seg[]]>();
    const collect = (units: UnitSpans, side: 0 | 1): void => {
      for (let k = 0; k < units.count; k++) {
        const s = units.starts[k];
        const e = units.ends[k];
        const pieces = side === 0 ? commonPiecesOfA(al, s, e) : commonPiecesOfB(al, s, e);
        for (const c of units.codes(k)) {
          let cv = cover.get(c);
          if (!cv) cover.set(c, (cv = [[], []]));
          for (const piece of pieces) cv[side].push([piece[0], piece[1]]);
          let sg = segs.get(c);
          if (!sg) segs.set(c, (sg = [[], []]));
          sg[side].push(segOf(pieces));
        }
      }
    };
    collect(unitSpans(p.a), 0);
    collect(unitSpans(p.b), 1);
    for (const [id, cv] of cover) {
      let t = this.byCode.get(id);
      if (!t) this.byCode.set(id, (t = { both: 0, aOnly: 0, bOnly: 0, segments: { matched: 0, aOnly: 0, bOnly: 0 } }));
      const ua = union(cv[0]);
      const ub = union(cv[1]);
      const both = intersection(ua, ub);
      t.both += both;
      t.aOnly += size(ua) - both;
      t.bOnly += size(ub) - both;
      const sg = segs.get(id) as [Seg[], Seg[]];
      const m = matchSegments(sg[0], sg[1], this.threshold);
      t.segments.matched += m.matched;
      t.segments.aOnly += m.aOnly;
      t.segments.bOnly += m.bOnly;
    }
  }

  /** The figures over every pair added, for versions `a` and `b` (their labels and codebooks). */
  result(a: Pick<ParsedSnapshot, 'label' | 'index'>, b: Pick<ParsedSnapshot, 'label' | 'index'>): AgreementResult {
    const n = this.n;
    const title = (id: string): string => b.index.getCode(id)?.title ?? a.index.getCode(id)?.title ?? id;
    const codes: CodeAgreement[] = orderCodes(a, b, this.byCode).map((id) => {
      const { both, aOnly, bOnly, segments } = this.byCode.get(id) as CodeTally;
      // Each character of the shared text neither version codes with id, in every pair.
      const t: AgreementCounts = { both, aOnly, bOnly, neither: n - both - aOnly - bOnly };
      return { id, title: title(id), ...t, ...agreementFigures(t), segments: { ...segments } };
    });
    const pooled = poolCounts(codes);
    const pooledSegments = { matched: 0, aOnly: 0, bOnly: 0 };
    for (const c of codes) {
      pooledSegments.matched += c.segments.matched;
      pooledSegments.aOnly += c.segments.aOnly;
      pooledSegments.bOnly += c.segments.bOnly;
    }
    return {
      a: a.label,
      b: b.label,
      characters: n,
      threshold: this.threshold,
      codes,
      pooled: { ...pooled, ...agreementFigures(pooled), segments: pooledSegments },
      textDifferences: this.texts,
    };
  }
}

/** The codes used, in A's codebook order, then B's, then undefined ones by id. */
function orderCodes(
  a: Pick<ParsedSnapshot, 'index'>,
  b: Pick<ParsedSnapshot, 'index'>,
  used: ReadonlyMap<string, unknown>,
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of [...a.index.codes(), ...b.index.codes()]) {
    if (used.has(c.id) && !seen.has(c.id)) {
      seen.add(c.id);
      out.push(c.id);
    }
  }
  for (const id of [...used.keys()].sort()) if (!seen.has(id)) out.push(id);
  return out;
}
