/**
 * Where a fenced code block closes: the first later line, at most three columns in, that
 * holds a run of at least as many of the fence's characters and nothing else. Searching
 * line by line from every opener made many unclosed fences (` ```a ` with no closer)
 * quadratic; this index lists every line that could close a fence, once per text, and
 * answers each search in O(log n) with a max tree over the runs' lengths.
 */

/** The closing-fence candidates of one fence character. */
class Candidates {
  /** Line starts, increasing, and the run length on each. */
  readonly starts: number[] = [];
  readonly lengths: number[] = [];
  /** A max segment tree over `lengths` (size `2 * cap`), built on first use. */
  private tree: Int32Array | null = null;
  private cap = 1;

  private build(): Int32Array {
    while (this.cap < this.lengths.length) this.cap *= 2;
    const tree = new Int32Array(2 * this.cap);
    for (let k = 0; k < this.lengths.length; k++) tree[this.cap + k] = this.lengths[k];
    for (let k = this.cap - 1; k >= 1; k--) tree[k] = Math.max(tree[2 * k], tree[2 * k + 1]);
    return (this.tree = tree);
  }

  /** Index of the first candidate at or after index `lo` whose run is at least `n`, or -1. */
  firstAtLeast(lo: number, n: number): number {
    const tree = this.tree ?? this.build();
    const cap = this.cap;
    if (lo >= this.lengths.length) return -1;
    // Walk up from the leaf `lo`, looking right, until a subtree holds a long enough run.
    let k = cap + lo;
    if (tree[k] >= n) return lo;
    // Climb while k is a right child or its right sibling holds nothing long enough.
    while (k > 1 && (k & 1 || tree[k + 1] < n)) k >>= 1;
    if (k <= 1) return -1;
    k++;
    while (k < cap) k = tree[2 * k] >= n ? 2 * k : 2 * k + 1;
    return k - cap;
  }

  /** Index of the first candidate whose line starts at or after `at`. */
  indexFrom(at: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The closing-fence lines of a text, for both fence characters. */
export class FenceClosers {
  private readonly backticks = new Candidates();
  private readonly tildes = new Candidates();

  /** Lists the candidates among the lines starting at `starts` (each line's first offset). */
  constructor(text: string, starts: ArrayLike<number>) {
    const len = text.length;
    for (let l = 0; l < starts.length; l++) {
      const ls = starts[l];
      const next = l + 1 < starts.length ? starts[l + 1] : len;
      let le = next;
      if (le > ls && text.charCodeAt(le - 1) === 10) le--;
      if (le > ls && text.charCodeAt(le - 1) === 13) le--;
      let f = ls;
      let w = 0;
      for (; f < le; f++) {
        const c = text.charCodeAt(f);
        if (c === 32) w++;
        else if (c === 9) w += 4 - (w % 4);
        else break;
      }
      if (w >= 4 || f >= le) continue;
      const ch = text.charCodeAt(f);
      if (ch !== 96 && ch !== 126) continue;
      let r = f;
      while (r < le && text.charCodeAt(r) === ch) r++;
      let rest = r;
      while (rest < le && (text.charCodeAt(rest) === 32 || text.charCodeAt(rest) === 9 || text.charCodeAt(rest) === 13))
        rest++;
      if (rest < le) continue;
      const list = ch === 96 ? this.backticks : this.tildes;
      list.starts.push(ls);
      list.lengths.push(r - f);
    }
  }

  /**
   * The start of the first line at or after `from` that closes a fence of `n` characters
   * `ch` (a backtick or a tilde), or -1 when none does.
   */
  closerFrom(ch: number, n: number, from: number): number {
    const list = ch === 96 ? this.backticks : this.tildes;
    const k = list.firstAtLeast(list.indexFrom(from), n);
    return k < 0 ? -1 : list.starts[k];
  }
}

/** Line starts of `text[from..]`, for a caller that has none. */
export function lineStartsFrom(text: string, from: number): number[] {
  const starts = [from];
  for (let i = text.indexOf('\n', from); i !== -1; i = text.indexOf('\n', i + 1))
    if (i + 1 < text.length) starts.push(i + 1);
  return starts;
}
