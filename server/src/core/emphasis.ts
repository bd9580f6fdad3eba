/**
 * Emphasis delimiters (`*`, `**`, `_`, `__`): which of them pair up as markup, by the
 * CommonMark delimiter-run rules that Pandoc's reader also follows for ordinary text.
 * Only matched delimiters are markup; a lone `*` stays in the plain text.
 */
import type { IntList } from './intList';

/** A run of `*` or `_` characters that may open or close emphasis. */
export interface DelimiterRun {
  char: number;
  start: number;
  length: number;
  canOpen: boolean;
  canClose: boolean;
}

/** Pairs openers with closers and pushes the matched characters to `markup` as [start, end] pairs. */
export function matchEmphasis(runs: DelimiterRun[], markup: IntList): void {
  // The common case, `**Label:**` or one `*word*`: one opener and one closer of equal runs.
  if (runs.length === 2) {
    const [a, b] = runs;
    if (
      a.char === b.char &&
      a.length === b.length &&
      a.length <= 2 &&
      a.canOpen &&
      b.canClose &&
      !(a.canClose && b.canOpen)
    ) {
      markup.push4(a.start, a.start + a.length, b.start, b.start + b.length);
      return;
    }
  }
  // Working copies: how much of each run is left, and where its remaining part begins/ends.
  const n = runs.length;
  const left = new Int32Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  // The runs still in play as a doubly linked list, so that the runs between a matched
  // pair leave it at once and a search never walks over them again.
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    left[k] = runs[k].length;
    from[k] = runs[k].start;
    to[k] = runs[k].start + runs[k].length;
    prev[k] = k - 1;
    next[k] = k + 1;
  }
  const unlink = (k: number): void => {
    if (prev[k] >= 0) next[prev[k]] = next[k];
    if (next[k] < n) prev[next[k]] = prev[k];
  };
  // CommonMark's "openers bottom": once a search for an opener fails, no later closer of
  // the same kind (character, can-open, length mod 3) can find one below that closer, since
  // the rule of 3 depends on nothing else. Without it, `a* a* a* ...` is quadratic.
  const bottom = new Int32Array(12).fill(-1);
  for (let c = 0; c < n;) {
    // Nothing after c leaves the list while c is handled: its successor is fixed now.
    const after = next[c];
    const closer = runs[c];
    if (closer.canClose) {
      const kind = (closer.char === 42 ? 0 : 6) + (closer.canOpen ? 3 : 0) + (closer.length % 3);
      while (left[c] > 0) {
        let o = prev[c];
        for (; o > bottom[kind]; o = prev[o]) {
          const opener = runs[o];
          if (opener.char !== closer.char || !opener.canOpen) continue;
          // The "rule of 3": a run that can both open and close does not match when the sum is a multiple of 3.
          if (
            (opener.canClose || closer.canOpen) &&
            (opener.length + closer.length) % 3 === 0 &&
            (opener.length % 3 !== 0 || closer.length % 3 !== 0)
          ) {
            continue;
          }
          break;
        }
        if (o <= bottom[kind]) {
          bottom[kind] = c - 1;
          break;
        }
        const use = left[o] >= 2 && left[c] >= 2 ? 2 : 1;
        markup.push4(to[o] - use, to[o], from[c], from[c] + use);
        left[o] -= use;
        to[o] -= use;
        left[c] -= use;
        from[c] += use;
        // The runs between the pair can no longer match anything.
        for (let k = next[o]; k < c; k = next[k]) unlink(k);
        if (left[o] === 0) unlink(o);
      }
      // A closer that cannot open is done with, matched or not; so is a used-up one.
      if (!closer.canOpen || left[c] === 0) unlink(c);
    } else if (!closer.canOpen) unlink(c);
    c = after;
  }
}
