/**
 * A deterministic densely coded study for benchmarks: about 18 MB in 300 transcripts with
 * a meaning unit every ~115 bytes (about 157,000 units), as a team that codes sentence by
 * sentence writes them: most sentences of a participant's turn coded, one unit in eight
 * holding a nested unit, units wrapped over lines, some turns coded whole by a fenced
 * div, front matter with participants.
 */
import { codeIds, prng, writeStudy } from './synthetic';

const WORDS = (
  'we the peer workers managers service users involvement and to of in that it was is have had they our ' +
  'organization knowledge experience think really know something about mental health substance use ' +
  'services changed lot years ago now people would could important because when what how different ' +
  'perspective trust system questions practice colleagues nurses team meeting board development ' +
  'co-creation challenge time resources policy expectations bridge communication context local área ' +
  'ønske café naïve résumé'
).split(' ');

/** Transcripts of the dense study and the size of each (UTF-8 bytes, about). */
export const DENSE_TRANSCRIPTS = 300;
const DENSE_BYTES = 60_000;

/** Writes the dense study to `dir` (codebook.md, condense.json, transcripts/dNNN.md); returns the transcript paths. */
export function writeDenseStudy(dir: string, transcripts = DENSE_TRANSCRIPTS): string[] {
  return writeStudy(dir, transcripts, (k) => `d${String(k).padStart(3, '0')}.md`, denseTranscript);
}

/** One densely coded transcript of about 60 KB, deterministic in `seed`. */
export function denseTranscript(seed: number, bytes = DENSE_BYTES): string {
  const rnd = prng(seed * 7919 + 17);
  const ids = codeIds();
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const words = (n: number): string => {
    const ws: string[] = [];
    for (let k = 0; k < n; k++) ws.push(pick(WORDS));
    return ws.join(' ');
  };
  const sentence = (): string => {
    const s = words(5 + Math.floor(rnd() * 10));
    return `${s[0].toUpperCase()}${s.slice(1)}.`;
  };
  let unit = 0;
  const attrs = (): string => {
    unit++;
    const main = rnd() < 0.035 ? 't1s1' : pick(ids);
    const codes = rnd() < 0.25 ? `.${main} .${pick(ids)}` : `.${main}`;
    const id = rnd() < 0.3 ? ` #d${seed}-${unit}` : '';
    const note = rnd() < 0.05 ? ` note="${words(4)}"` : '';
    return `{${codes}${id}${note}}`;
  };
  /** A coded sentence; one in eight holds a nested unit around its second half. */
  const coded = (): string => {
    let s = sentence();
    if (rnd() < 0.125) {
      const cut = s.indexOf(' ', s.length >> 1);
      if (cut > 0) s = `${s.slice(0, cut)} [${s.slice(cut + 1, -1)}]${attrs()}.`;
    }
    return `[${s}]${attrs()}`;
  };
  const out: string[] = [
    '---',
    `title: Dense interview ${seed}`,
    `date: 2024-${String(1 + (seed % 12)).padStart(2, '0')}-${String(1 + (seed % 28)).padStart(2, '0')}`,
    'participants:',
    '  Interviewer: {role: interviewer}',
    `  P${seed}: {role: ${pick(['manager', 'nurse', 'peer worker'])}, site: ${pick(['north', 'south', 'east'])}}`,
    '---',
    '',
  ];
  let size = out.join('\n').length;
  let turn = 0;
  while (size < bytes) {
    const interviewer = turn++ % 2 === 0;
    const label = interviewer ? '**Interviewer:**' : `**P${seed}:**`;
    let block: string;
    if (interviewer) block = `${label} ${sentence()} ${sentence()}`;
    else if (rnd() < 0.04) {
      // A whole turn coded at once: a fenced div around sentences that are coded too.
      const inner: string[] = [];
      for (let k = 0; k < 3; k++) inner.push(coded());
      block = `${label} ${sentence()}\n\n::: ${attrs()}\n${wrap(inner.join(' '))}\n:::`;
    } else {
      const parts: string[] = [label];
      const n = 4 + Math.floor(rnd() * 8);
      for (let k = 0; k < n; k++) parts.push(rnd() < 0.79 ? coded() : sentence());
      block = parts.join(' ');
    }
    const text = wrap(block);
    out.push(text, '');
    size += text.length + 2;
  }
  return out.join('\n');
}

/** Wraps a paragraph at about 80 columns, as editors do (lines inside a div stay as they are). */
function wrap(block: string): string {
  return block
    .split('\n')
    .map((para) => {
      let line = '';
      const lines: string[] = [];
      for (const w of para.split(' ')) {
        if (line.length + w.length > 80 && line) {
          lines.push(line);
          line = w;
        } else line = line ? `${line} ${w}` : w;
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}
