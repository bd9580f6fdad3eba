/**
 * Generated coded transcripts for the team tests: random words (some with emoji and
 * combining marks) and random meaning units that nest or lie apart but never cross,
 * with their exact plain-text ranges, so that tests can compute the expected diff and
 * agreement by brute force.
 */
import { prng } from '../support/prng';

export { prng };

/** A unit as generated: a range of code points of the plain text and its codes. */
export interface GenUnit {
  start: number;
  end: number;
  codes: string[];
}

const WORDS = [
  'peer',
  'workers',
  'we',
  'had',
  'worked',
  'caf\u00e9',
  'e\u0301te\u0301',
  '😀',
  'table',
  'year',
  'meeting',
  '👩‍⚕️',
  'plan',
];

/** Random words; returns them and the code-point offset of each word's start. */
export function words(rnd: () => number, n: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(WORDS[Math.floor(rnd() * WORDS.length)]);
  return out;
}

function laminar(a: [number, number], b: [number, number]): boolean {
  return a[1] <= b[0] || b[1] <= a[0] || (a[0] <= b[0] && b[1] <= a[1]) || (b[0] <= a[0] && a[1] <= b[1]);
}

/** Random non-crossing word intervals [i, j) with random codes from `codes`. */
export function randomUnits(
  rnd: () => number,
  wordCount: number,
  count: number,
  codes: string[],
): { i: number; j: number; codes: string[] }[] {
  const out: { i: number; j: number; codes: string[] }[] = [];
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const i = Math.floor(rnd() * wordCount);
    const j = Math.min(wordCount, i + 1 + Math.floor(rnd() * 6));
    if (!out.every((u) => laminar([u.i, u.j], [i, j]))) continue;
    const cs = codes.filter(() => rnd() < 0.35);
    out.push({ i, j, codes: cs.length ? cs : [codes[Math.floor(rnd() * codes.length)]] });
  }
  return out;
}

/** The Markdown of a paragraph of words with these units, and each unit's plain range. */
export function render(
  ws: string[],
  units: { i: number; j: number; codes: string[] }[],
  eol = '\n',
): { markdown: string; units: GenUnit[] } {
  const sep = (p: number): string => ((p + 1) % 9 === 0 ? eol : ' ');
  const starts: number[] = [];
  let at = 0;
  ws.forEach((w, p) => {
    starts.push(at);
    at += Array.from(w).length + sep(p).length;
  });
  const wordEnd = (j: number): number => starts[j - 1] + Array.from(ws[j - 1]).length;
  let md = '**P1:** ';
  const plainPrefix = 4; // "P1: "
  for (let p = 0; p < ws.length; p++) {
    const opening = units
      .map((u, k) => ({ u, k }))
      .filter(({ u }) => u.i === p)
      .sort((x, y) => y.u.j - x.u.j || x.k - y.k);
    md += opening.map(() => '[').join('');
    md += ws[p];
    const closing = units
      .map((u, k) => ({ u, k }))
      .filter(({ u }) => u.j === p + 1)
      .sort((x, y) => y.u.i - x.u.i || y.k - x.k);
    md += closing.map(({ u }) => `]{${u.codes.map((c) => `.${c}`).join(' ')}}`).join('');
    if (p + 1 < ws.length) md += sep(p);
  }
  return {
    markdown: `${md}${eol}`,
    units: units.map((u) => ({ start: plainPrefix + starts[u.i], end: plainPrefix + wordEnd(u.j), codes: u.codes })),
  };
}

/** A codebook defining these codes under one theme. */
export function codebookFor(codes: string[]): string {
  return `# Theme {#theme}\n\n${codes.map((c) => `## Code ${c} {#${c}}\n`).join('\n')}`;
}
