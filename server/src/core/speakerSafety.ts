/**
 * Whether a study's `speakerPattern` is safe to run on every paragraph. A regular
 * expression such as `^(a+)+:` backtracks exponentially (28 characters took 10.7 s), so
 * a pattern is refused, with the reason, when it has:
 * - nested repetition or more than 25 repetitions (the star-height check of the
 *   maintained `safe-regex2` package);
 * - an alternation inside a repeated group, such as `(a|ab)*` (safe-regex2 lets these
 *   pass, but overlapping alternatives backtrack exponentially just the same; a character
 *   class says the same thing safely);
 * - more than two unbounded quantifiers (`*`, `+`, `{n,}`), which backtrack polynomially
 *   with a high degree.
 * The pattern is also matched only against the first characters of a paragraph
 * (SPEAKER_PREFIX), which bounds what even an accepted pattern can cost.
 */
import type SafeRegex from 'safe-regex2';

/** safe-regex2, loaded on first use: only a study with its own speakerPattern needs it. */
function safeRegex(source: string): boolean {
  // require, not import: an import would load it at every start-up (see docs/performance.md).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('safe-regex2') as typeof SafeRegex)(source);
}

/** At most this many `*`, `+` or `{n,}` in one pattern. */
export const MAX_UNBOUNDED_QUANTIFIERS = 2;

/** Why `source` is unsafe as a speaker pattern, or null when it is safe. */
export function speakerPatternRisk(source: string): string | null {
  if (!safeRegex(source))
    return 'it nests repetitions (such as `(a+)+`) or repeats more than 25 times, which can take exponential time';
  let unbounded = 0;
  /** For each open group: whether it holds a `|`, at any depth. */
  const groups: boolean[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // A character class: skip to its unescaped `]` (a `]` right after `[` or `[^` is literal).
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(') {
      groups.push(false);
      continue;
    }
    if (c === '|') {
      if (groups.length) groups[groups.length - 1] = true;
      continue;
    }
    if (c === ')') {
      const bar = groups.pop() ?? false;
      if (bar && groups.length) groups[groups.length - 1] = true;
      const q = quantifierAt(source, i + 1);
      if (q.repeats && bar)
        return 'it repeats a group that holds alternatives (such as `(a|ab)*`), which can take exponential time; use a character class instead';
      if (q.unbounded) unbounded++;
      i += q.length;
      continue;
    }
    const q = quantifierAt(source, i + 1);
    if (q.unbounded) unbounded++;
    i += q.length;
  }
  if (unbounded > MAX_UNBOUNDED_QUANTIFIERS) {
    return `it has ${unbounded} unbounded quantifiers (\`*\`, \`+\`, \`{n,}\`); at most ${MAX_UNBOUNDED_QUANTIFIERS} are allowed, since each one more multiplies the time a failing match can take (use bounds such as \`{1,40}\`)`;
  }
  return null;
}

/** The quantifier at `i`, if any: its length, whether it repeats more than once and whether it is unbounded. */
function quantifierAt(s: string, i: number): { length: number; repeats: boolean; unbounded: boolean } {
  const c = s[i];
  let length = 0;
  let repeats = false;
  let unbounded = false;
  if (c === '*' || c === '+') {
    length = 1;
    repeats = unbounded = true;
  } else if (c === '?') length = 1;
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(i, i + 24));
    if (m) {
      length = m[0].length;
      unbounded = m[2] !== undefined && m[3] === '';
      repeats = unbounded || Number(m[3] ?? m[1]) > 1;
    }
  }
  // A lazy or possessive mark after the quantifier.
  if (length && s[i + length] === '?') length++;
  return { length, repeats, unbounded };
}
