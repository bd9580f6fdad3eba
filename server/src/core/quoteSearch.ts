/**
 * Golden quotes looked for one transcript at a time: which units of the quote's codes hold
 * it, and, in a file where none does, the unit most like it. A study's answer is the files'
 * answers merged in file order (see {@link mergeClosest}), which gives exactly what one
 * pass over the whole study gives; so the search can run file by file on worker threads
 * during a cold scan, or on the index's own thread.
 */
import type { Transcript } from './model';
import { fragmentsMatch, normalizeForQuote, similarityScorer } from './quotes';

/** One golden quote to look for. */
export interface QuoteSpec {
  /** Its fragments (quoteFragments): a unit matches when it holds them all, in order. */
  fragments: string[];
  /** The codes whose units are candidates: the quote's code and its descendants. */
  codes: string[];
}

/** One file's answer for one quote. */
export interface FileQuoteResult {
  /** Indices of the units that hold the quote, in order. */
  matches: number[];
  /** When none does: the index of the unit most like the quote (above 0.2), or -1. */
  closest: number;
  /** Its score (word-bigram Dice similarity). */
  score: number;
}

/** Scores below this are no suggestion: the closest unit must be at least this alike. */
export const CLOSEST_FLOOR = 0.2;

/** A transcript's units as the search reads them: the codes of each and their plain text. */
export interface QuoteSearchTarget {
  transcript: Transcript;
  /** Code id to the units that carry it, in order. */
  byCode: ReadonlyMap<string, readonly number[]>;
}

/** The units of `target` coded with any of `codes`, each once, in order. */
export function candidateUnits(target: QuoteSearchTarget, codes: readonly string[]): readonly number[] {
  if (codes.length === 1) return target.byCode.get(codes[0]) ?? [];
  const set = new Set<number>();
  for (const c of codes) for (const k of target.byCode.get(c) ?? []) set.add(k);
  return [...set].sort((a, b) => a - b);
}

/** Normalised unit texts of one transcript, made once per unit and shared by the quotes of one search. */
export class NormalizedTexts {
  private readonly texts: string[] = [];

  constructor(private readonly transcript: Transcript) {}

  get(k: number): string {
    const t = this.transcript;
    return (this.texts[k] ??= normalizeForQuote(t.table ? t.table.text(k) : t.units[k].text));
  }
}

/** The candidates that hold the quote. */
export function fileMatches(candidates: readonly number[], fragments: string[], norm: NormalizedTexts): number[] {
  const out: number[] = [];
  for (const k of candidates) if (fragmentsMatch(fragments, norm.get(k))) out.push(k);
  return out;
}

/** The candidate most like the quote (the first of equals), or -1 when none passes the floor. */
export function fileClosest(
  candidates: readonly number[],
  fragments: string[],
  norm: NormalizedTexts,
): { closest: number; score: number } {
  const score = similarityScorer(fragments.join(' '));
  let closest = -1;
  let best = CLOSEST_FLOOR;
  for (const k of candidates) {
    const s = score(norm.get(k), best);
    if (s > best) {
      best = s;
      closest = k;
    }
  }
  return { closest, score: best };
}

/**
 * Every quote of `specs` in one transcript. The closest unit is looked for only where no
 * unit of the file matches (a study with a match anywhere needs none, see mergeClosest).
 */
export function searchQuotesInFile(target: QuoteSearchTarget, specs: readonly QuoteSpec[]): FileQuoteResult[] {
  const norm = new NormalizedTexts(target.transcript);
  return specs.map((spec) => {
    const candidates = candidateUnits(target, spec.codes);
    const matches = fileMatches(candidates, spec.fragments, norm);
    if (matches.length) return { matches, closest: -1, score: 0 };
    return { matches, ...fileClosest(candidates, spec.fragments, norm) };
  });
}

/**
 * The study's closest unit from the files' own, in file order: the best score, and of
 * equal scores the first file's, as one pass through all candidates in order finds it (a
 * unit skipped there for being too long to pass the best so far scores no more than it).
 */
export function mergeClosest<T>(files: readonly { file: T; closest: number; score: number }[]): {
  file: T;
  closest: number;
} | null {
  let best: { file: T; closest: number } | null = null;
  let bestScore = CLOSEST_FLOOR;
  for (const f of files) {
    if (f.closest >= 0 && f.score > bestScore) {
      bestScore = f.score;
      best = { file: f.file, closest: f.closest };
    }
  }
  return best;
}
