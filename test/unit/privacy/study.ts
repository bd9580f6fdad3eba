/**
 * A generated study for the privacy tests. Its texts are templates in which every
 * expected match is written `⟦as found→as replaced⟧`: the template gives the file as
 * written, where each match must be flagged, and the file `pseudonymize` must produce,
 * all spelled out by hand (not computed by the code under test). Decoys that must not be
 * flagged stand around them: Karin, Tromsøya, Åsen, kari-nordmann.no.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LineIndex } from '../../../server/src/core/lineIndex';
import type { Range } from '../../../server/src/core/model';

/** The identifiers file of the study: every line format, a comment, a metacharacter entry, overlaps. */
export const IDENTIFIERS = [
  '# Real names of focus group 1. Never commit this file.',
  'Kari Nordmann => Anna Berg',
  'Kari => Kristin',
  'Tromsø => Havbyen',
  'Åse',
  'Dr. (Olsen) => Dr. (X)',
  '',
  'Per Gynt => Paul Green',
  'Sunnmøre Hospital => the hospital',
  // Names listed but absent from the study: the leak test looks for them everywhere.
  'Ingrid Haugen-Solberg => Ida Hansen',
  'Vestre Aker sykehjem => [Care home 2]',
].join('\n');

/** Listed names that the study never contains. */
export const ABSENT_NAMES = ['Ingrid Haugen-Solberg', 'Vestre Aker sykehjem'];

const TRANSCRIPT = [
  '---',
  'title: Focus group 1',
  'participants:',
  '  ⟦Åse→"[Person 1]"⟧: {role: nurse}',
  '  P2: {role: manager}',
  '---',
  '',
  '**⟦Åse→[Person 1]⟧:** [I met ⟦Kari',
  'Nordmann→Anna Berg⟧ in ⟦Tromsø→Havbyen⟧]{#mu-1 .support note="⟦KARI NORDMANN→Anna Berg⟧\'s idea"} yesterday.',
  '',
  "**P2:** ⟦Kari   Nordmann→Anna Berg⟧'s office, ⟦kari nordmann→Anna Berg⟧’s desk and ⟦Kari Nordmann→Anna Berg⟧s bil.",
  'Karin and Åsen and Tromsøya are other people and places. See kari-nordmann.no or https://www.example.org/kari.',
  '',
  '<!-- ⟦Per Gynt→Paul Green⟧ asked to be left out -->',
  '',
  '## At ⟦Sunnmøre Hospital→the hospital⟧',
  '',
  '**P2:** 😀 ⟦Kari→Kristin⟧ laughed; ⟦Dr. (Olsen)→Dr. (X)⟧ did not, nor Dr. Olsen. ⟦A\u030Ase→[Person 1]⟧ came (⟦ÅSE→[Person 1]⟧).',
  '',
  '**P2:** [We work with ⟦Per Gynt→Paul Green⟧ every week]{.support}.',
  '',
].join('\n');

const CODEBOOK = [
  '# Support {#support}',
  '',
  'Help from colleagues such as ⟦Kari→Kristin⟧.',
  '',
  '### Condensate',
  '',
  'In ⟦Tromsø→Havbyen⟧ we met ⟦Per',
  'Gynt→Paul Green⟧ often.',
  '',
  '### Quotes',
  '',
  '> We work with ⟦Per Gynt→Paul Green⟧ every week — FG1, P2',
  '',
].join('\n');

/** An expected match: file, range in the file as written, and the pseudonym named in the message. */
export interface ExpectedMatch {
  file: string;
  range: Range;
  text: string;
}

/** A template split into the text as written, the expected pseudonymised text and the matches. */
export function expand(template: string): {
  before: string;
  after: string;
  matches: { start: number; end: number; text: string }[];
} {
  let before = '';
  let after = '';
  const matches: { start: number; end: number; text: string }[] = [];
  const re = /⟦([^→]*)→([^⟧]*)⟧/g;
  let at = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    const plain = template.slice(at, m.index);
    before += plain;
    after += plain;
    matches.push({ start: before.length, end: before.length + m[1].length, text: m[1] });
    before += m[1];
    after += m[2];
    at = m.index + m[0].length;
  }
  return { before: before + template.slice(at), after: after + template.slice(at), matches };
}

/** The generated study: files as written and as they must be after pseudonymize, and every expected match. */
export interface PrivacyStudy {
  root: string;
  /** The identifiers file (outside the study, as it should be). */
  identifiers: string;
  before: Record<string, string>;
  after: Record<string, string>;
  expected: ExpectedMatch[];
}

/** Writes the study into a new temporary folder; `eol` and `bom` vary the transcript's bytes. */
export function writePrivacyStudy(
  options: { eol?: '\n' | '\r\n'; bom?: boolean; identifiers?: string } = {},
): PrivacyStudy {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-privacy-'));
  const root = path.join(fs.realpathSync(base), 'study');
  fs.mkdirSync(path.join(root, 'transcripts'), { recursive: true });
  const identifiers = path.join(path.dirname(root), 'names.txt');
  fs.writeFileSync(identifiers, options.identifiers ?? IDENTIFIERS);
  fs.writeFileSync(
    path.join(root, 'condense.json'),
    JSON.stringify(
      { codebook: 'codebook.md', transcripts: ['transcripts/*.md'], identifiers: '../names.txt' },
      null,
      2,
    ),
  );
  const eol = options.eol ?? '\n';
  const templates: Record<string, string> = {
    'transcripts/fg1.md': (options.bom ? '\ufeff' : '') + TRANSCRIPT.replace(/\n/g, eol),
    'codebook.md': CODEBOOK,
    'transcripts/clean.md': '**P9:** Nothing identifying here: Karin from Åsen.\n',
  };
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  const expected: ExpectedMatch[] = [];
  for (const [file, template] of Object.entries(templates)) {
    const x = expand(template);
    before[file] = x.before;
    after[file] = x.after;
    const lines = new LineIndex(x.before);
    for (const m of x.matches) expected.push({ file, range: lines.rangeOf(m.start, m.end), text: m.text });
    fs.writeFileSync(path.join(root, file), x.before);
  }
  return { root, identifiers, before, after, expected };
}

/** Removes a study written by {@link writePrivacyStudy}. */
export function removePrivacyStudy(s: PrivacyStudy): void {
  fs.rmSync(path.dirname(s.root), { recursive: true, force: true });
}
