/**
 * Golden quotes looked for one transcript at a time: which units of the quote's codes hold
 * it, and, in a file where none does, the unit most like it. A study's answer is the files'
 * answers merged in file order (see {@link mergeClosest}), which gives exactly what one
 * pass over the whole study gives; so the search can run file by file on worker threads
 * during a cold scan, or on the index's own thread.
 */
import type { Transcript } from './model';
import { joinSegments } from './plainText';
import { fragmentsMatch, NEEDS_FULL, normalizeForQuote, similarityScorer } from './quotes';
import { quoteWords } from './quoteWords';
import type { UnitTable } from './unitTable';
import { SearchPlan, searchWords } from './wordSearch';

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

/** How many keys a quote is looked for by (each costs one search of the file's text). */
const MAX_KEYS = 4;

/**
 * The runs of ASCII lower-case letters and digits in `fragments` that are three or more
 * characters long, longest first, at most {@link MAX_KEYS}, each once. Every unit that
 * holds the quote holds each of them, and they can be looked for in the file's text once
 * instead of in each unit's normalised text.
 */
export function quoteKeys(fragments: readonly string[]): string[] {
  const runs = new Set<string>();
  for (const f of fragments) {
    let from = 0;
    for (let i = 0; i <= f.length; i++) {
      const c = i < f.length ? f.charCodeAt(i) : 0;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) continue;
      if (i - from >= 3) runs.add(f.slice(from, i));
      from = i + 1;
    }
  }
  return [...runs].sort((x, y) => y.length - x.length || (x < y ? -1 : x > y ? 1 : 0)).slice(0, MAX_KEYS);
}

/**
 * Normalised unit texts of one transcript, made once per unit and shared by the quotes of
 * one search; and the file's plain text lower-cased, to rule units out before normalising.
 */
export class NormalizedTexts {
  private readonly texts: string[] = [];
  private readonly lowered: string[] = [];
  /** The plain text lower-cased, null where its offsets would not be the plain text's. */
  private lower: string | null | undefined;
  /** Where each key occurs in {@link lower}, in order. */
  private readonly hits = new Map<string, Int32Array>();
  /** Whether the plain text is all Latin (no character needs the full normalisation). */
  private latin = false;

  constructor(readonly transcript: Transcript) {}

  get(k: number): string {
    return (this.texts[k] ??= normalizeForQuote(this.raw(k)));
  }

  /**
   * A test of unit numbers that is false only when unit `k`'s normalised text cannot hold
   * all `keys` (see {@link quoteKeys}), or null when there is no such test here: a key is
   * lower-case ASCII letters and digits, which normalising (whitespace, case, quote marks,
   * NFC of a text that is NFC already) makes from no other characters than lower-casing
   * the unit's own text does, so a unit without it in its lower-cased text has it nowhere.
   * Each key is looked for once per file; a unit's test is a binary search per key, which
   * starts where the last one ended when units come in order.
   */
  keyFilter(keys: readonly string[]): ((k: number) => boolean) | null {
    const table = this.transcript.table;
    if (!keys.length || !table) return null;
    const lower = this.lowerPlain();
    if (lower === null) return null;
    const at = keys.map((key) => {
      let hits = this.hits.get(key);
      if (!hits) {
        const found: number[] = [];
        for (let i = lower.indexOf(key); i !== -1; i = lower.indexOf(key, i + 1)) found.push(i);
        this.hits.set(key, (hits = Int32Array.from(found)));
      }
      return hits;
    });
    const lengths = keys.map((key) => key.length);
    // Per key: the first hit at or after the last unit's start.
    const from = new Int32Array(keys.length);
    let last = 0;
    return (k) => {
      const start = table.plainStart16(k);
      const end = table.plainEnd16(k);
      if (start < last) from.fill(0);
      last = start;
      for (let j = 0; j < at.length; j++) {
        const hits = at[j];
        let lo = from[j];
        let hi = hits.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (hits[mid] < start) lo = mid + 1;
          else hi = mid;
        }
        from[j] = lo;
        if (lo === hits.length || hits[lo] + lengths[j] > end) return false;
      }
      return true;
    };
  }

  /**
   * A text whose words (as the similarity scorer splits them) are those of the normalised
   * text: for Latin text, lower-casing is all that matters to them (runs of whitespace and
   * the ends are separators either way), which spares the whitespace pass.
   */
  forScoring(k: number): string {
    const done = this.texts[k] ?? this.lowered[k];
    if (done !== undefined) return done;
    const table = this.transcript.table;
    // In a Latin file the unit's piece of the lower-cased file is its text lower-cased;
    // a slice of a flat string costs about nothing, so it is not kept (the memory of a
    // whole study's slices counts on one thread).
    if (table && this.lowerPlain() !== null && this.latin) {
      return (this.lower as string).slice(table.plainStart16(k), table.plainEnd16(k));
    }
    const raw = this.raw(k);
    return NEEDS_FULL.test(raw) ? this.get(k) : (this.lowered[k] = raw.toLowerCase());
  }

  /**
   * The similarity scorer of the quote made of `fragments` over unit numbers, reading each
   * unit's range of the file's lower-cased text in place (quoteWords.ts), for a Latin
   * file, where {@link forScoring} is that range's slice; null elsewhere.
   */
  unitScorer(fragments: readonly string[]): ((k: number, floor: number) => number) | null {
    const table = this.transcript.table;
    const lower = table ? this.lowerPlain() : null;
    if (!table || lower === null || !this.latin) return null;
    const words = quoteWords(fragments);
    return (k, floor) => words.score(lower, table.plainStart16(k), table.plainEnd16(k), floor);
  }

  private raw(k: number): string {
    const t = this.transcript;
    return t.table ? t.table.text(k) : t.units[k].text;
  }

  private lowerPlain(): string | null {
    if (this.lower !== undefined) return this.lower;
    const table = this.transcript.table as UnitTable;
    // Joined here rather than read from plain.text, which would keep a copy for good.
    const source = table.lines.text;
    const seg = table.plain.segments;
    const plain = joinSegments(source, seg);
    const lower = plain.toLowerCase();
    // Lower-casing that changes a length (İ) would shift offsets; text not in NFC would
    // be changed by normalising in ways lower-casing alone does not show.
    this.latin = !NEEDS_FULL.test(plain);
    const usable = lower.length === plain.length && (this.latin || plain.normalize('NFC') === plain);
    return (this.lower = usable ? lower : null);
  }
}

/** Keys by fragments array (the same array for every file of a search). */
const keysMade = new WeakMap<readonly string[], string[]>();

/** {@link quoteKeys}, made once per fragments array. */
function keysOf(fragments: readonly string[]): string[] {
  let keys = keysMade.get(fragments);
  if (!keys) keysMade.set(fragments, (keys = quoteKeys(fragments)));
  return keys;
}

/** The candidates that hold the quote. */
export function fileMatches(candidates: readonly number[], fragments: string[], norm: NormalizedTexts): number[] {
  const out: number[] = [];
  if (!candidates.length) return out;
  const mayHold = norm.keyFilter(keysOf(fragments));
  for (const k of candidates) if ((!mayHold || mayHold(k)) && fragmentsMatch(fragments, norm.get(k))) out.push(k);
  return out;
}

/** The candidate most like the quote (the first of equals), or -1 when none passes the floor. */
export function fileClosest(
  candidates: readonly number[],
  fragments: string[],
  norm: NormalizedTexts,
): { closest: number; score: number } {
  let closest = -1;
  let best = CLOSEST_FLOOR;
  if (!candidates.length) return { closest, score: best };
  const score = norm.unitScorer(fragments) ?? textScorer(fragments.join(' '), norm);
  for (const k of candidates) {
    const s = score(k, best);
    if (s > best) {
      best = s;
      closest = k;
    }
  }
  return { closest, score: best };
}

/** The similarity scorer of quote text `a` over unit numbers, on each unit's text for scoring. */
function textScorer(a: string, norm: NormalizedTexts): (k: number, floor: number) => number {
  const score = similarityScorer(a);
  return (k, floor) => score(norm.forScoring(k), floor);
}

/**
 * Every quote of `specs` in one transcript. The closest unit is looked for only where no
 * unit of the file matches (a study with a match anywhere needs none, see mergeClosest).
 * A Latin file's candidate units are read into words once for all the quotes
 * (wordSearch.ts); any other file is searched unit by unit.
 */
export function searchQuotesInFile(target: QuoteSearchTarget, specs: readonly QuoteSpec[]): FileQuoteResult[] {
  const norm = new NormalizedTexts(target.transcript);
  const table = target.transcript.table;
  const candidates = specs.map((spec) => candidateUnits(target, spec.codes));
  if (table && specs.length) {
    const help = {
      normalized: (k: number) => norm.get(k),
      slowMatches: (units: readonly number[], fragments: string[]) => fileMatches(units, fragments, norm),
    };
    const found = searchWords(table, planOf(specs), candidates, help, CLOSEST_FLOOR);
    if (found) return found;
  }
  return specs.map(({ fragments }, i) => {
    const matches = fileMatches(candidates[i], fragments, norm);
    if (matches.length) return { matches, closest: -1, score: 0 };
    return { matches, ...fileClosest(candidates[i], fragments, norm) };
  });
}

/** Search plans by specs array (the same array for every file of a search). */
const plans = new WeakMap<readonly QuoteSpec[], SearchPlan>();

/** The {@link SearchPlan} of `specs`, made once per specs array. */
function planOf(specs: readonly QuoteSpec[]): SearchPlan {
  let plan = plans.get(specs);
  if (!plan) plans.set(specs, (plan = new SearchPlan(specs.map((s) => s.fragments))));
  return plan;
}

/**
 * The file that holds the study's closest unit, from the files' own answers in file order
 * (its index in `files`, or -1 when none is alike enough): the best score, and of equal
 * scores the first file's, as one pass through all candidates in order finds it (a unit
 * skipped there for being too long to pass the best so far scores no more than it). The
 * unit is that file's `closest`.
 */
export function mergeClosest(files: readonly Pick<FileQuoteResult, 'closest' | 'score'>[]): number {
  let best = -1;
  let bestScore = CLOSEST_FLOOR;
  for (let f = 0; f < files.length; f++) {
    const { closest, score } = files[f];
    if (closest >= 0 && score > bestScore) {
      bestScore = score;
      best = f;
    }
  }
  return best;
}
