import * as fs from 'node:fs';

/**
 * A deterministic synthetic study for benchmarks: transcripts of focus-group talk with
 * speaker turns and meaning units, and a codebook of themes and subthemes.
 */

import { prng } from '../unit/support/prng';

// Seeded, so every run benchmarks the same text.
export { prng };

const WORDS = (
  'we the peer workers managers service users involvement and to of in that it was is have had they our ' +
  'organization knowledge experience think really know something about mental health substance use ' +
  'services changed lot years ago now people would could important because when what how different ' +
  'perspective trust system questions practice colleagues nurses team meeting board development ' +
  'co-creation challenge time resources policy expectations bridge communication context local área ' +
  'ønske café naïve résumé'
).split(' ');

/** Code ids of the synthetic codebook: `t1`..`t10` themes, each with five subthemes `t1s1`... */
export function codeIds(themes = 10, subthemes = 5): string[] {
  const ids: string[] = [];
  for (let t = 1; t <= themes; t++) {
    ids.push(`t${t}`);
    for (let s = 1; s <= subthemes; s++) ids.push(`t${t}s${s}`);
  }
  return ids;
}

/** The codebook: 10 themes of 5 subthemes = 60 codes, with condensates, syntheses and quotes. */
export function syntheticCodebook(): string {
  const out: string[] = ['Codebook of the synthetic benchmark study.', ''];
  for (let t = 1; t <= 10; t++) {
    out.push(`# Theme ${t} about services {#t${t} color="#4e79a7"}`, '', `Description of theme ${t}.`, '');
    for (let s = 1; s <= 5; s++) {
      out.push(`## Subtheme ${t}.${s} {#t${t}s${s}}`, '', `What belongs in subtheme ${t}.${s}.`, '');
      out.push('### Condensate', '', 'I think we have changed a lot over the years.', '');
      out.push('### Quotes', '', '> we the peer workers (FG1, P1)', '');
      out.push('### Synthesis', '', 'The managers described how services changed.', '');
    }
  }
  return out.join('\n');
}

/**
 * Writes a study to `dir`: the synthetic codebook, condense.json and `transcripts`
 * transcripts, the k-th (from 0) named transcripts/`name(k)` and made by `make(k + 1)`;
 * returns the transcript paths.
 */
export function writeStudy(
  dir: string,
  transcripts: number,
  name: (k: number) => string,
  make: (n: number) => string,
): string[] {
  fs.mkdirSync(`${dir}/transcripts`, { recursive: true });
  fs.writeFileSync(`${dir}/codebook.md`, syntheticCodebook());
  fs.writeFileSync(
    `${dir}/condense.json`,
    JSON.stringify({ codebook: 'codebook.md', transcripts: ['transcripts/*.md'] }),
  );
  const paths: string[] = [];
  for (let k = 0; k < transcripts; k++) {
    const p = `${dir}/transcripts/${name(k)}`;
    fs.writeFileSync(p, make(k + 1));
    paths.push(p);
  }
  return paths;
}

/** Writes the synthetic study to `dir` (codebook.md, condense.json, transcripts/tNNNN.md); returns the transcript paths. */
export function writeSyntheticStudy(dir: string, transcripts: number, words: number): string[] {
  return writeStudy(
    dir,
    transcripts,
    (k) => `t${String(k).padStart(4, '0')}.md`,
    (n) => syntheticTranscript(n, words),
  );
}

/** One transcript of about `words` words, deterministic in `seed`. */
export function syntheticTranscript(seed: number, words: number): string {
  const rnd = prng(seed);
  const ids = codeIds();
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const sentence = (n: number): string => {
    const ws: string[] = [];
    for (let k = 0; k < n; k++) ws.push(pick(WORDS));
    ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
    return `${ws.join(' ')}.`;
  };
  const out: string[] = [
    '---',
    `title: Synthetic focus group ${seed}`,
    'participants:',
    '  Moderator: {role: moderator}',
    '  P1: {role: manager}',
    '  P2: {role: manager}',
    '  P3: {role: manager}',
    '---',
    '',
  ];
  let count = 0;
  let unit = 0;
  while (count < words) {
    const speaker = rnd() < 0.2 ? 'Moderator' : pick(['P1', 'P2', 'P3']);
    const parts: string[] = [`**${speaker}:**`];
    const sentences = 2 + Math.floor(rnd() * 5);
    for (let k = 0; k < sentences; k++) {
      const n = 6 + Math.floor(rnd() * 14);
      count += n;
      let s = sentence(n);
      if (speaker !== 'Moderator' && rnd() < 0.3) {
        unit++;
        // One code (t1s1) is frequent, as a core theme is: about 5,000 units in the whole study.
        const main = rnd() < 0.035 ? 't1s1' : pick(ids);
        const codes = rnd() < 0.2 ? `.${main} .${pick(ids)}` : `.${main}`;
        const idAttr = rnd() < 0.5 ? ` #mu-${seed}-${unit}` : '';
        if (rnd() < 0.1) {
          const cut = s.indexOf(' ', s.length >> 1);
          s = `${s.slice(0, cut)} [${s.slice(cut + 1, -1)}]{.${pick(ids)}}.`;
        }
        s = `[${s}]{${codes}${idAttr}}`;
      }
      parts.push(s);
    }
    // Wrap the paragraph at about 80 columns, as editors do.
    let line = '';
    const lines: string[] = [];
    for (const w of parts.join(' ').split(' ')) {
      if (line.length + w.length > 80 && line) {
        lines.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    lines.push(line);
    out.push(lines.join('\n'), '');
  }
  return out.join('\n');
}
