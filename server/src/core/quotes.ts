/**
 * Golden-quote matching: a quote in a codebook must be found in a meaning unit of its
 * code (or a descendant), after normalising whitespace, typographic quotes, case and
 * inline Markdown, with `...`, `…` or `[...]` standing for an omission.
 */
import { inlinePlain } from './inline';

/** Any character outside Latin (U+0000 to U+02FF) needs the full normalisation; the range starts at NUL on purpose. */
// eslint-disable-next-line no-control-regex
export const NEEDS_FULL = /[^\u0000-\u02ff]|[«»]/;

/** What separates the similarity scorer's words: a word is a maximal run of letters, digits and `'`. */
export const WORD_SEPARATOR = /[^\p{L}\p{N}']+/u;

/** Normalises text for comparison: NFC, straight quotes, single spaces, lower case. */
export function normalizeForQuote(text: string): string {
  // Below U+0300 every character is its own NFC form and none is a typographic quote or
  // dash but « and »: such text (most text in Latin scripts) needs only the last steps.
  if (!NEEDS_FULL.test(text)) return text.replace(/\s+/g, ' ').trim().toLowerCase();
  return text
    .normalize('NFC')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The fragments a quote is made of: its text split at omissions, normalised, outer quote marks removed. */
export function quoteFragments(quote: string): string[] {
  const plain = normalizeForQuote(inlinePlain(quote, 0, quote.length));
  return plain
    .split(/\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…)\s*/)
    .map((f) => f.replace(/^["'\s]+|["'\s]+$/g, '').trim())
    .filter((f) => f.length > 0);
}

/** True when every fragment occurs in `normalizedUnit`, in order. */
export function fragmentsMatch(fragments: string[], normalizedUnit: string): boolean {
  if (fragments.length === 0) return false;
  let at = 0;
  for (const f of fragments) {
    const i = normalizedUnit.indexOf(f, at);
    if (i === -1) return false;
    at = i + f.length;
  }
  return true;
}

/**
 * {@link similarity} when it can exceed `floor`, else 0, without reading all of a long
 * `b`: Dice is at most 2·na / (na + nb) for na grams in `a` and nb in `b`, so once `b` has
 * enough words the score cannot pass `floor` whatever they are. This keeps the search for
 * the closest unit linear when units are long (deeply nested units all hold the text of
 * those inside them).
 */
export function similarityAbove(a: string, b: string, floor: number): number {
  const na = a.split(/[^\p{L}\p{N}']+/u).filter(Boolean).length;
  // nb >= cap makes 2·na / (na + nb) <= floor.
  const cap = floor > 0 ? Math.ceil((na * (2 - floor)) / floor) : Infinity;
  const word = /[\p{L}\p{N}']+/gu;
  let nb = 0;
  while (nb < cap && word.exec(b) !== null) nb++;
  if (nb >= cap) return 0;
  return similarity(a, b);
}

/** Word-bigram Dice similarity in [0, 1], to suggest the closest unit for a quote not found. */
export function similarity(a: string, b: string): number {
  const grams = (s: string): Map<string, number> => {
    const words = s.split(/[^\p{L}\p{N}']+/u).filter(Boolean);
    const m = new Map<string, number>();
    for (let k = 0; k < words.length; k++) {
      const g = k + 1 < words.length ? `${words[k]} ${words[k + 1]}` : words[k];
      m.set(g, (m.get(g) ?? 0) + 1);
    }
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let common = 0;
  let na = 0;
  let nb = 0;
  for (const [g, n] of ga) {
    na += n;
    common += Math.min(n, gb.get(g) ?? 0);
  }
  for (const n of gb.values()) nb += n;
  return na + nb === 0 ? 0 : (2 * common) / (na + nb);
}

/**
 * {@link similarityAbove} with `a` fixed, for scoring many units against one quote: the
 * quote's bigrams are counted once, and a unit's bigrams are only built (and counted)
 * when they start with a word of the quote, so most units cost one pass of the word
 * pattern and no allocation per word pair. Gives exactly what similarityAbove gives.
 */
export function similarityScorer(a: string): (b: string, floor: number) => number {
  const wa = a.split(/[^\p{L}\p{N}']+/u).filter(Boolean);
  const na = wa.length;
  const ga = new Map<string, number>();
  for (let k = 0; k < na; k++) {
    const g = k + 1 < na ? `${wa[k]} ${wa[k + 1]}` : wa[k];
    ga.set(g, (ga.get(g) ?? 0) + 1);
  }
  const firsts = new Set(wa);
  const separator = WORD_SEPARATOR;
  const seen = new Map<string, number>();
  return (b, floor) => {
    const cap = floor > 0 ? Math.ceil((na * (2 - floor)) / floor) : Infinity;
    // At most cap + 2 pieces: separators are maximal runs, so only the first and the last
    // piece can be empty, and a cut-off split holds at least cap words.
    const pieces = b.split(separator, cap === Infinity ? undefined : cap + 2);
    const from = pieces.length && pieces[0] === '' ? 1 : 0;
    const to = pieces.length > from && pieces[pieces.length - 1] === '' ? pieces.length - 1 : pieces.length;
    const nb = to - from;
    if (nb >= cap) return 0;
    seen.clear();
    let common = 0;
    for (let k = from; k < to; k++) {
      if (!firsts.has(pieces[k])) continue;
      const g = k + 1 < to ? `${pieces[k]} ${pieces[k + 1]}` : pieces[k];
      const inA = ga.get(g);
      if (inA === undefined) continue;
      const n = (seen.get(g) ?? 0) + 1;
      seen.set(g, n);
      if (n <= inA) common++;
    }
    return na + nb === 0 ? 0 : (2 * common) / (na + nb);
  };
}
