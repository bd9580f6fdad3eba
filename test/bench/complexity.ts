/**
 * Hostile inputs for the complexity checks: each pattern builds a text of about `size`
 * characters by repeating a small construct that once made a parser path quadratic (or
 * worse). `growth` times the pattern at n, 2n and 4n and reports the ratio per doubling:
 * linear work gives about 2x, quadratic 4x.
 */
import MarkdownIt from 'markdown-it';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { condensePlugin } from '../../client/src/markdownItPlugin';
import { parseCodebook } from '../../server/src/core/codebook';
import { parseTranscript } from '../../server/src/core/transcript';

/** One hostile input family. */
export interface Pattern {
  name: string;
  /** The text of about `size` characters. */
  make(size: number): string;
  /** What reads it. */
  run(text: string): unknown;
}

/** `unit` repeated to about `size` characters, between `head` and `tail`. */
function rep(unit: string, size: number, head = '', tail = ''): string {
  return head + unit.repeat(Math.max(1, Math.floor(size / unit.length))) + tail;
}

/** Nested constructs: `open` n times, `middle`, `close` n times. */
function nest(open: string, middle: string, close: string, size: number): string {
  const n = Math.max(1, Math.floor(size / (open.length + close.length)));
  return open.repeat(n) + middle + close.repeat(n);
}

/** Runs of a character of growing length (1, 2, 3, ...), separated by `sep`. */
function growingRuns(ch: string, sep: string, size: number): string {
  const parts: string[] = [];
  let total = 0;
  for (let k = 1; total < size; k++) {
    parts.push(ch.repeat(k), sep);
    total += k + sep.length;
  }
  return parts.join('');
}

const transcript = (text: string): unknown => parseTranscript(text);
const codebook = (text: string): unknown => parseCodebook(text);
const preview = (text: string): unknown => {
  const md = new MarkdownIt();
  condensePlugin(md);
  return md.render(text);
};

/** Every pattern, by the parser path it exercises. */
export const PATTERNS: Pattern[] = [
  { name: 'unclosed ``` fences with an info string', make: (s) => rep('```a\n', s), run: transcript },
  { name: 'unclosed ~~~ fences with an info string', make: (s) => rep('~~~a\n\n', s), run: transcript },
  { name: 'fences of growing length', make: (s) => growingRuns('`', 'a\n\n', s), run: transcript },
  { name: 'nested spans', make: (s) => nest('[', 'a', ']{.x}', s), run: transcript },
  { name: 'nested spans with text', make: (s) => nest('[a ', 'b', ']{.x}', s), run: transcript },
  { name: 'nested divs', make: (s) => nest('::: {.x}\n', 'a\n', ':::\n', s), run: transcript },
  { name: 'nested divs with text', make: (s) => nest('::: {.x}\nw\n\n', 'a\n', ':::\n', s), run: transcript },
  { name: '[a]{k= repeated', make: (s) => rep('[a]{k=', s), run: transcript },
  { name: '[a]{k=" repeated', make: (s) => rep('[a]{k="', s), run: transcript },
  { name: '[a]{k="\\" repeated', make: (s) => rep('[a]{k="\\"', s), run: transcript },
  {
    name: '[a]{k=v then items then @',
    make: (s) => rep('[a]{k=v', s / 2) + rep(' .c', s / 2, '', ' @'),
    run: transcript,
  },
  { name: ']{k= repeated (no opener)', make: (s) => rep(']{k=', s), run: transcript },
  { name: '[a]( repeated', make: (s) => rep('[a](', s), run: transcript },
  { name: '![a]( repeated', make: (s) => rep('![a](b(', s), run: transcript },
  { name: 'a<!-- repeated', make: (s) => rep('a<!-- ', s), run: transcript },
  { name: 'a* repeated', make: (s) => rep('a* ', s), run: transcript },
  { name: '*a _b repeated', make: (s) => rep('*a _b ', s), run: transcript },
  { name: 'emphasis mixed with spans', make: (s) => rep('*a [b]{.x} ', s), run: transcript },
  { name: 'emphasis inside spans', make: (s) => rep('[*a]{.x}* ', s), run: transcript },
  { name: 'nested emphasis', make: (s) => nest('*a ', 'b', '* c', s), run: transcript },
  { name: 'backtick runs of growing length', make: (s) => growingRuns('`', ' a ', s), run: transcript },
  { name: 'backtick runs 2 and 1', make: (s) => rep('`` a ` ', s), run: transcript },
  { name: 'unclosed brackets', make: (s) => rep('[a ', s), run: transcript },
  { name: 'autolink openers', make: (s) => rep('<a', s), run: transcript },
  { name: 'many spans in one paragraph', make: (s) => rep('[a]{.x} ', s), run: transcript },
  { name: 'many short paragraphs', make: (s) => rep('**P1:** [a]{.x}\n\n', s), run: transcript },
  { name: 'lone CR line ends', make: (s) => rep('[a]{.x}\r\r', s), run: transcript },
  { name: 'codebook with many headings', make: (s) => rep('## Title\n\n', s), run: codebook },
  { name: 'codebook with many code headings', make: (s) => rep('## Title {#c}\n\n', s), run: codebook },
  { name: 'heading with a long unclosed attribute block', make: (s) => rep(' .b', s, '# T {#a'), run: codebook },
  { name: 'heading with many {k=a', make: (s) => rep('{k=a', s, '# T ', ' @}'), run: codebook },
  { name: 'heading with many braces', make: (s) => rep('{', s, '# T ', '}'), run: codebook },
  {
    name: 'quote attribution after long whitespace',
    make: (s) => rep(' ', s, '## C {#c}\n\n### Quotes\n\n> a', 'b\n'),
    run: codebook,
  },
  { name: 'preview: ::: a then spaces', make: (s) => rep(' ', s, '::: a', 'x\n'), run: preview },
  { name: 'preview: nested divs', make: (s) => nest('::: {.x}\n', 'a\n', ':::\n', s), run: preview },
  { name: 'preview: [a]{k= repeated', make: (s) => rep('[a]{k=', s), run: preview },
  { name: 'preview: ::: a then colons', make: (s) => rep(':', s, '::: a ', ' x\n'), run: preview },
];

/** True for a pattern that is read as a codebook (the others are transcripts, or previewed as one). */
export function readsCodebook(p: Pattern): boolean {
  return p.run === codebook;
}

/**
 * A full garbage collection, run before each timed run so that it does not pay for what
 * earlier work left on the heap (a collection that falls into the larger run only made
 * linear patterns look quadratic after a long test suite).
 */
const collect: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

/** Milliseconds of CPU time for one run of `pattern` on `text`: the best of `tries`. */
export function timeOnce(pattern: Pattern, text: string, tries: number): number {
  let best = Infinity;
  for (let k = 0; k < tries; k++) {
    collect();
    // CPU time, not wall time: other work on a shared machine then counts far less.
    const c0 = process.cpuUsage();
    pattern.run(text);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return best;
}

/** Times at the given sizes (after one warm-up run at the smallest). */
export function timesAt(pattern: Pattern, sizes: number[], tries = 3): number[] {
  pattern.run(pattern.make(sizes[0]));
  return sizes.map((s) => timeOnce(pattern, pattern.make(s), tries));
}

/**
 * Growth per doubling of the input from the times at n and 4n: the square root of their
 * ratio, which evens out the noise of the middle point. Times under `floor` ms count as
 * `floor`, so that timer resolution cannot fake a growth.
 */
export function growthPerDoubling(t1: number, t4: number, floor = 0.5): number {
  return Math.sqrt(Math.max(t4, floor) / Math.max(t1, floor));
}
