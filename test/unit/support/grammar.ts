/**
 * A small grammar of realistic transcripts, driven by a seeded PRNG so that every run
 * produces the same documents. Used by the pandoc differential tests (which need input
 * whose meaning both parsers agree on) and by the property tests (which mutate it).
 *
 * The grammar deliberately stays inside the Markdown both parsers are meant to agree on:
 * words never start a line with block syntax (`#`, `-`, `>`, digits + `.`), there are no
 * HTML entities, and emphasis is only ever written as matched `*x*` / `**x**` pairs.
 */

import { prng } from './prng';

export { prng };

/** Helpers over one random source. */
export class Gen {
  private ids = 0;

  constructor(readonly rand: () => number) {}

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)];
  }

  chance(p: number): boolean {
    return this.rand() < p;
  }

  /** A fresh unit id, unique within the generator's life. */
  id(): string {
    this.ids++;
    return `mu-${this.ids}`;
  }
}

export interface GrammarOptions {
  /** Allow emoji and other non-ASCII words (default true). */
  unicode?: boolean;
  /** Allow CRLF line endings for the whole document (default false). */
  crlf?: boolean;
}

const WORDS = [
  'we',
  'had',
  'worked',
  'with',
  'peer',
  'workers',
  'for',
  'almost',
  'a',
  'year',
  'before',
  'hiring',
  'anyone',
  'and',
  'the',
  'staff',
  'union',
  'council',
  'trust',
  'service',
  'users',
  'yes',
  'no',
  'maybe',
  'it',
  'was',
  'hard',
  'to',
  'say',
  'that',
  'out',
  'loud',
  'well,',
  'so.',
  'really?',
  'okay;',
  '(laughs)',
  'one-to-one',
  "don't",
  'P1',
  'etc.',
];
const UNICODE_WORDS = ['Bjørn', 'café', 'naïve', 'e\u0301', '😀', '👍🏽', '日本語', 'Ærø', '—', '“quoted”'];
const CODES = [
  'shift',
  'facilitate',
  'benefits',
  'valued',
  'contextual',
  'bridges',
  'commit',
  'challenges',
  'x-1',
  'a_b',
  'c:d',
];
const SPEAKERS = ['**P1:**', '**P2**:', 'P3:', '**Moderator:**', 'Interviewer:'];
const NOTES = ['memo', 'see \\"the\\" rule', "it's", 'two words', 'a=b'];

/** Words separated by spaces (at least one word). */
export function words(g: Gen, n: number, unicode: boolean): string {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(unicode && g.chance(0.08) ? g.pick(UNICODE_WORDS) : g.pick(WORDS));
  return out.join(' ');
}

/** An attribute block for a unit: 0-3 codes, maybe an id, a note, another pair. */
export function attributeBlock(g: Gen): string {
  const items: string[] = [];
  const n = g.int(0, 3);
  for (let k = 0; k < n; k++) items.push(`.${g.pick(CODES)}`);
  if (g.chance(0.3)) items.splice(g.int(0, items.length), 0, `#${g.id()}`);
  if (g.chance(0.2)) items.push(g.chance(0.5) ? `note="${g.pick(NOTES)}"` : `note='${g.pick(['memo', 'short one'])}'`);
  if (g.chance(0.1)) items.push(`k=${g.pick(['v', '1', 'x.y'])}`);
  if (items.length === 0 && g.chance(0.5)) return '{}';
  if (items.length === 0) items.push(`.${g.pick(CODES)}`);
  return `{${items.join(' ')}}`;
}

/** Inline content of a paragraph or span, up to `depth` levels of nested spans. */
export function inline(g: Gen, depth: number, unicode: boolean): string {
  const parts: string[] = [];
  const n = g.int(1, 5);
  for (let k = 0; k < n; k++) {
    const r = g.rand();
    if (r < 0.35) parts.push(words(g, g.int(1, 6), unicode));
    else if (r < 0.55 && depth > 0) parts.push(`[${inline(g, depth - 1, unicode)}]${attributeBlock(g)}`);
    else if (r < 0.6)
      parts.push(`[${words(g, g.int(1, 3), unicode)}](https://example.org/${g.pick(['a', 'b_c', 'd(e)'])})`);
    else if (r < 0.66) parts.push(`*${words(g, g.int(1, 3), unicode)}*`);
    else if (r < 0.72) parts.push(`**${words(g, g.int(1, 3), unicode)}**`);
    else if (r < 0.77) parts.push(g.pick(['`[code]{.x}`', '`a * b`', '``x ` y``', '`\\[`']));
    else if (r < 0.81) parts.push(`\\[${words(g, g.int(1, 2), unicode)}\\]`);
    else if (r < 0.84) parts.push(`<!-- [hidden]{.${g.pick(CODES)}} -->`);
    else if (r < 0.87) parts.push(`![${words(g, 1, false)}](img.png)`);
    else if (r < 0.91) parts.push(`${words(g, g.int(1, 3), unicode)}\n${words(g, g.int(1, 3), unicode)}`);
    else if (r < 0.93)
      parts.push(
        `[${words(g, g.int(1, 2), unicode)}]${attributeBlock(g)}[${words(g, g.int(1, 2), unicode)}]${attributeBlock(g)}`,
      );
    // Unbalanced brackets are left out: with a blank line further on, pandoc 2.17 pairs
    // brackets across paragraphs (and drops text), which Condense deliberately does not.
    else if (r < 0.95) parts.push(g.pick(['[ref] text', '[a][b]', '[^1]', 'hard\\\nbreak']));
    else parts.push(words(g, 2, unicode));
  }
  // Words and constructs are separated by spaces; a line break stays a line break.
  return parts.join(' ').replace(/ \n|\n /g, '\n');
}

/** One paragraph, maybe opened by a speaker label. */
export function paragraph(g: Gen, unicode: boolean): string {
  const label = g.chance(0.4) ? `${g.pick(SPEAKERS)} ` : '';
  return label + inline(g, 2, unicode);
}

/**
 * A block, with the blank lines it needs around it left to the caller. Fenced code only
 * appears outside divs: Condense keeps a code block's fence lines in the plain text (they
 * are not markup it removes), while pandoc's CodeBlock text leaves them out, so a div
 * around one would have a different text for a reason that is by design.
 */
export function block(g: Gen, divDepth: number, unicode: boolean, top = false): string {
  const r = g.rand();
  if (r < 0.65) return paragraph(g, unicode);
  if (r < 0.8 && divDepth > 0) {
    const fence = ':'.repeat(3 + divDepth);
    const attrs = g.chance(0.8) ? attributeBlock(g) : g.pick(CODES);
    const body: string[] = [];
    const n = g.int(1, 3);
    for (let k = 0; k < n; k++) body.push(block(g, divDepth - 1, unicode));
    // The closing fence may follow the last paragraph directly or after a blank line.
    return `${fence} ${attrs}\n${body.join('\n\n')}${g.chance(0.5) ? '\n' : '\n\n'}${fence}`;
  }
  if (r < 0.87 && top) {
    const fence = g.pick(['```', '~~~', '````']);
    return `${fence}\n[not a unit]{.${g.pick(CODES)}}\n${words(g, 3, false)}\n${fence}`;
  }
  if (r < 0.92) return `<!-- [not a unit]{.${g.pick(CODES)}}\n${words(g, 2, false)} -->`;
  return paragraph(g, unicode);
}

/** A whole document: blocks separated by blank lines, maybe with front matter. */
export function document(g: Gen, options: GrammarOptions = {}): string {
  const unicode = options.unicode ?? true;
  const blocks: string[] = [];
  if (g.chance(0.2)) blocks.push('---\ntitle: Generated\nparticipants:\n  P1: {role: manager}\n---');
  const n = g.int(1, 6);
  for (let k = 0; k < n; k++) blocks.push(block(g, 2, unicode, true));
  const text = `${blocks.join('\n\n')}\n`;
  return options.crlf ? text.replace(/\n/g, '\r\n') : text;
}
