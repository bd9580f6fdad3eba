/**
 * Emphasis delimiters (`*`, `**`, `_`, `__`): which of them pair up as markup, by the
 * CommonMark delimiter-run rules that Pandoc's reader also follows for ordinary text.
 * Only matched delimiters are markup; a lone `*` stays in the plain text.
 */

/** A run of `*` or `_` characters that may open or close emphasis. */
export interface DelimiterRun {
  char: number;
  start: number;
  length: number;
  canOpen: boolean;
  canClose: boolean;
}

/** Pairs openers with closers and pushes the matched characters to `markup` as [start, end] pairs. */
export function matchEmphasis(runs: DelimiterRun[], markup: number[]): void {
  // The common case, `**Label:**` or one `*word*`: one opener and one closer of equal runs.
  if (runs.length === 2) {
    const [a, b] = runs;
    if (a.char === b.char && a.length === b.length && a.length <= 2 && a.canOpen && b.canClose && !(a.canClose && b.canOpen)) {
      markup.push(a.start, a.start + a.length, b.start, b.start + b.length);
      return;
    }
  }
  // Working copies: how much of each run is left, and where its remaining part begins/ends.
  const left = runs.map((r) => r.length);
  const from = runs.map((r) => r.start);
  const to = runs.map((r) => r.start + r.length);
  const alive = runs.map(() => true);
  for (let c = 0; c < runs.length; c++) {
    const closer = runs[c];
    if (!closer.canClose) continue;
    while (left[c] > 0) {
      let o = c - 1;
      for (; o >= 0; o--) {
        if (!alive[o] || left[o] === 0) continue;
        const opener = runs[o];
        if (opener.char !== closer.char || !opener.canOpen) continue;
        // The "rule of 3": a run that can both open and close does not match when the sum is a multiple of 3.
        if ((opener.canClose || closer.canOpen) && (runs[o].length + closer.length) % 3 === 0 && (runs[o].length % 3 !== 0 || closer.length % 3 !== 0)) {
          continue;
        }
        break;
      }
      if (o < 0) break;
      const use = left[o] >= 2 && left[c] >= 2 ? 2 : 1;
      markup.push(to[o] - use, to[o], from[c], from[c] + use);
      left[o] -= use;
      to[o] -= use;
      left[c] -= use;
      from[c] += use;
      for (let k = o + 1; k < c; k++) alive[k] = false;
    }
  }
}
