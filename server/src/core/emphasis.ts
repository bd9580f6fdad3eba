/**
 * Emphasis delimiters (`*`, `**`, `_`, `__`): which of them pair up as markup, by the
 * CommonMark delimiter-run rules that Pandoc's reader also follows for ordinary text.
 * Only matched delimiters are markup; a lone `*` stays in the plain text.
 */
import { IntList } from './intList';

const CAN_OPEN = 1;
const CAN_CLOSE = 2;

/**
 * Runs of `*` or `_` that may open or close emphasis, four numbers each (start, length,
 * character, can-open and can-close bits): numbers, not an object per run, since one
 * paragraph of a hostile file holds tens of thousands, all alive until its end.
 */
export class DelimiterList {
  private readonly list = new IntList(64);

  /** How many runs the list holds. */
  get count(): number {
    return this.list.length >> 2;
  }

  /** Appends a run. */
  push(char: number, start: number, length: number, canOpen: boolean, canClose: boolean): void {
    const at = this.list.reserve(4);
    const d = this.list.data;
    d[at] = start;
    d[at + 1] = length;
    d[at + 2] = char;
    d[at + 3] = (canOpen ? CAN_OPEN : 0) | (canClose ? CAN_CLOSE : 0);
  }

  /** Keeps the first `count` runs. */
  truncate(count: number): void {
    this.list.length = count << 2;
  }

  /** Where run `k` starts. */
  start(k: number): number {
    return this.list.data[k << 2];
  }

  /** How many characters run `k` has. */
  length(k: number): number {
    return this.list.data[(k << 2) + 1];
  }

  /** Run `k`'s character: `*` (42) or `_` (95). */
  char(k: number): number {
    return this.list.data[(k << 2) + 2];
  }

  /** Whether run `k` may open emphasis. */
  canOpen(k: number): boolean {
    return (this.list.data[(k << 2) + 3] & CAN_OPEN) !== 0;
  }

  /** Whether run `k` may close emphasis. */
  canClose(k: number): boolean {
    return (this.list.data[(k << 2) + 3] & CAN_CLOSE) !== 0;
  }
}

/**
 * Pairs the openers and closers among runs [first, count) of `runs` and pushes the
 * matched characters to `markup` as [start, end] pairs.
 */
export function matchEmphasis(runs: DelimiterList, first: number, markup: IntList): void {
  const n = runs.count - first;
  // The common case, `**Label:**` or one `*word*`: one opener and one closer of equal runs.
  if (n === 2) {
    const a = first;
    const b = first + 1;
    if (
      runs.char(a) === runs.char(b) &&
      runs.length(a) === runs.length(b) &&
      runs.length(a) <= 2 &&
      runs.canOpen(a) &&
      runs.canClose(b) &&
      !(runs.canClose(a) && runs.canOpen(b))
    ) {
      markup.push4(runs.start(a), runs.start(a) + runs.length(a), runs.start(b), runs.start(b) + runs.length(b));
      return;
    }
  }
  // Working copies: how much of each run is left, and where its remaining part begins/ends.
  const left = new Int32Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  // The runs still in play as a doubly linked list, so that the runs between a matched
  // pair leave it at once and a search never walks over them again.
  const prev = new Int32Array(n);
  const next = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    left[k] = runs.length(first + k);
    from[k] = runs.start(first + k);
    to[k] = from[k] + left[k];
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
    const closer = first + c;
    const closerChar = runs.char(closer);
    const closerOpens = runs.canOpen(closer);
    const closerLength = runs.length(closer);
    if (runs.canClose(closer)) {
      const kind = (closerChar === 42 ? 0 : 6) + (closerOpens ? 3 : 0) + (closerLength % 3);
      while (left[c] > 0) {
        let o = prev[c];
        for (; o > bottom[kind]; o = prev[o]) {
          const opener = first + o;
          if (runs.char(opener) !== closerChar || !runs.canOpen(opener)) continue;
          // The "rule of 3": a run that can both open and close does not match when the sum is a multiple of 3.
          const openerLength = runs.length(opener);
          if (
            (runs.canClose(opener) || closerOpens) &&
            (openerLength + closerLength) % 3 === 0 &&
            (openerLength % 3 !== 0 || closerLength % 3 !== 0)
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
      if (!closerOpens || left[c] === 0) unlink(c);
    } else if (!closerOpens) unlink(c);
    c = after;
  }
}
