/**
 * The golden-quote search of one Latin transcript on its words (fileWords.ts): the text
 * of the units that are candidates of any quote is read once, and each quote then goes
 * through its candidates' words as integers, asking both questions at once: does the unit
 * hold every interior word of the quote (else it cannot hold the quote, and is not
 * normalised and matched), and how alike is it (word-bigram Dice, as quotes.ts defines
 * it). The answers are exactly those of quoteSearch.ts's unit-by-unit search.
 */
import { FileWords, QuoteVocabulary } from './fileWords';
import { fragmentsMatch } from './quotes';
import { quoteWords, type QuoteWords } from './quoteWords';
import type { UnitTable } from './unitTable';

/** One quote's answer in one file (as quoteSearch.ts's FileQuoteResult). */
export interface WordSearchResult {
  matches: number[];
  closest: number;
  score: number;
}

/** What the search needs of the unit-by-unit one. */
export interface WordSearchHelp {
  /** Unit `k`'s normalised text. */
  normalized(k: number): string;
  /** The candidates that hold the quote, found unit by unit (for a quote with no interior word). */
  slowMatches(candidates: readonly number[], fragments: string[]): number[];
}

/** Interior words looked for at most: each is one bit of a 32-bit mask. */
const MAX_INTERIOR = 31;

/**
 * The words of `fragments` with a character that is not part of a word on both sides
 * inside their fragment, each once. Normalising a Latin unit (whitespace, case) changes
 * no word character and makes no word character of another, so such a word of a quote
 * the unit holds is a whole word of the unit's lower-cased text: a word of the file that
 * lies in the unit's range. (A fragment's first and last words may be parts of longer ones.)
 */
export function interiorWords(fragments: readonly string[]): string[] {
  const out = new Set<string>();
  for (const f of fragments) {
    for (const m of f.matchAll(/[\p{L}\p{N}']+/gu)) {
      if (m.index > 0 && m.index + m[0].length < f.length) out.add(m[0]);
    }
  }
  return [...out];
}

/** One quote of a search, made ready for every file: its scorer and its words' vocabulary numbers. */
export interface PlannedQuote {
  fragments: string[];
  quote: QuoteWords;
  /** The vocabulary numbers of the quote's distinct words, in the scorer's order. */
  ids: Int32Array;
  /** The vocabulary numbers of (at most 31 of) its interior words. */
  interiorIds: Int32Array;
}

/** The quotes of one search (the same for every file) and the vocabulary of all their words. */
export class SearchPlan {
  readonly vocabulary: QuoteVocabulary;
  readonly quotes: PlannedQuote[];

  constructor(fragmentsOfEach: readonly string[][]) {
    const scorers = fragmentsOfEach.map((f) => quoteWords(f));
    this.vocabulary = new QuoteVocabulary(scorers.flatMap((q) => q.distinct));
    const v = this.vocabulary;
    this.quotes = fragmentsOfEach.map((fragments, i) => ({
      fragments,
      quote: scorers[i],
      ids: Int32Array.from(scorers[i].distinct, (w) => v.numberOf(w)),
      interiorIds: Int32Array.from(interiorWords(fragments).slice(0, MAX_INTERIOR), (w) => v.numberOf(w)),
    }));
  }
}

/**
 * Every quote of `plan` in a transcript whose table is `table` (`candidates[i]`: quote
 * i's candidate units here), or null when the file is not Latin (FileWords.forSearch). `floor`
 * is the score the closest unit must pass. A quote's closest unit is looked for only where
 * none matches. The loops over words and units run as WebAssembly (wasmWords.ts); what is
 * rare there (a word cut by a unit's range, a unit that may hold the quote) comes back here.
 */
export function searchWords(
  table: UnitTable,
  plan: SearchPlan,
  candidates: readonly (readonly number[])[],
  help: WordSearchHelp,
  floor: number,
): WordSearchResult[] | null {
  const words = FileWords.forSearch(table, plan, candidates);
  if (!words) return null;
  // A quote without an interior word is matched unit by unit; where it matches, that is its answer.
  const nq = plan.quotes.length;
  const answered = new Uint8Array(nq);
  const early: WordSearchResult[] = [];
  for (let i = 0; i < nq; i++) {
    const { fragments, interiorIds } = plan.quotes[i];
    if (interiorIds.length > 0) continue;
    const matches = help.slowMatches(candidates[i], fragments);
    if (matches.length === 0) continue;
    answered[i] = 1;
    early.push({ matches, closest: -1, score: 0 });
  }
  const out = words.wasm.scoreAll(answered, floor, {
    piece: (from, to) => words.pieceId(from, to),
    holds: (qi, k) => fragmentsMatch(plan.quotes[qi].fragments, help.normalized(k)),
  });
  // The quotes answered here, in order, where scoreAll left them out.
  for (let i = 0, e = 0; i < nq; i++) if (answered[i] === 1) out[i] = early[e++];
  return out;
}
