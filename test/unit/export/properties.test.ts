/**
 * Properties of the exchange (fast-check): random small studies survive export → import
 * → export unchanged, and random texts with random (crossing, multi-paragraph)
 * selections import with their text exact and no coding lost, stably.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { buildRefiProject } from '../../../server/src/core/export/refiQda';
import { packQdpx } from '../../../server/src/core/export/qdpxArchive';
import { importRefiQda } from '../../../server/src/core/import/importProject';
import { writeStudyFiles } from '../../../server/src/node/exchange';
import { qdpx } from './qdpxBuilder';
import { assertProjectIntegrity, cleanTemps, exportInput, load, tempDir, tempStudy, unzipText } from './support';

const WORDS = [
  'alpha',
  'beta',
  'café',
  'cafe\u0301',
  '😊',
  '👍🏽',
  'naïve',
  'x_y',
  '\\*',
  '\\[',
  '\\]',
  '\\_',
  '\\\\',
  '\\`',
  '\\<',
  '#',
  '>',
  '&',
  '1.',
  '-',
  ':::',
  'P1:',
  '"q"',
  ',',
];
const CODES = ['a', 'b', 'c'];

/** A paragraph: words, some wrapped in (possibly nested) coded spans. */
const paragraph = fc
  .tuple(
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }),
    fc.array(fc.tuple(fc.nat(7), fc.nat(7), fc.constantFrom(...CODES)), { maxLength: 3 }),
  )
  .map(([words, spans]) => {
    const opens = new Map<number, string[]>();
    const closes = new Map<number, string[]>();
    const taken: [number, number][] = [];
    for (const [a, b, code] of spans) {
      const s = Math.min(a, b) % words.length;
      const e = Math.min(Math.max(a, b), words.length - 1);
      // Keep spans properly nested: no crossing with one already placed.
      if (taken.some(([x, y]) => (s > x && s <= y && e > y) || (s < x && e >= x && e < y))) continue;
      taken.push([s, e]);
      opens.set(s, [...(opens.get(s) ?? []), '[']);
      closes.set(e, [`]{.${code}}`, ...(closes.get(e) ?? [])]);
    }
    // Outer spans (wider) open first and close last.
    return words.map((w, k) => `${(opens.get(k) ?? []).join('')}${w}${(closes.get(k) ?? []).join('')}`).join(' ');
  });

const transcript = fc
  .tuple(fc.array(paragraph, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean())
  .map(([paras, crlf, speaker]) => {
    const body = paras.map((p, k) => (speaker && k % 2 === 0 ? `**P${k}:** ${p}` : p)).join('\n\n');
    const text = `${body}\n`;
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

const CODEBOOK =
  '# Alpha {#a color="#112233"}\n\nAbout a.\n\n## Beta {#b}\n\n### Synthesis\n\nB things.\n\n# Gamma {#c}\n';

describe('exchange: properties', () => {
  after(cleanTemps);

  it('export → import → export of random small studies gives the same project', () => {
    fc.assert(
      fc.property(fc.array(transcript, { minLength: 1, maxLength: 2 }), (texts) => {
        const files: Record<string, string> = {
          'codebook.md': CODEBOOK,
          'condense.json': '{"transcripts": ["transcripts/**/*.md"]}',
        };
        texts.forEach((t, k) => (files[`transcripts/t${k}.md`] = t));
        const first = load(tempStudy(files));
        const one = buildRefiProject(exportInput(first), { name: 'p' });
        assertProjectIntegrity(unzipText(packQdpx(one)), first);
        const dir = path.join(tempDir(), 'study');
        writeStudyFiles(dir, importRefiQda(packQdpx(one)).files);
        const two = buildRefiProject(exportInput(load(dir)), { name: 'p' });
        assert.equal(two.qde, one.qde);
        assert.deepEqual(two.sources, one.sources);
        cleanTemps();
      }),
      { numRuns: 60 },
    );
  });

  it('imports random texts with random selections exactly, losing no coding, stably', () => {
    const alphabet = fc.constantFrom(
      'a',
      'b',
      ' ',
      ' ',
      '\n',
      '\n',
      '\t',
      '\r\n',
      '\r',
      '[',
      ']',
      '*',
      '_',
      '`',
      '\\',
      '<!--',
      '#',
      '>',
      '-',
      '1.',
      ':::',
      '!',
      '^',
      '{.x}',
      '😊',
      'e\u0301',
      '    ',
      '~~~',
      '&amp;',
    );
    const project = fc.string({ unit: alphabet, minLength: 1, maxLength: 60 }).chain((text) => {
      const n = [...text].length;
      return fc.tuple(
        fc.constant(text),
        fc.array(fc.tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }), fc.constantFrom('A', 'B')), {
          maxLength: 5,
        }),
      );
    });
    fc.assert(
      fc.property(project, ([text, sels]) => {
        // An offset between the CR and LF of a line break moves after the LF: the export
        // stores LF line breaks, where such an offset cannot be told from the one before the CR.
        const chars0 = [...text];
        const off = (o: number): number => (o > 0 && chars0[o - 1] === '\r' && chars0[o] === '\n' ? o + 1 : o);
        const selections = sels.map(([x, y, code]) => ({
          start: off(Math.min(x, y)),
          end: off(Math.max(x, y)),
          codes: [code],
        }));
        const result = importRefiQda(qdpx(['A', 'B'], [{ name: 'src', text, selections }]));
        const dir = path.join(tempDir(), 'study');
        writeStudyFiles(dir, result.files);
        const study = load(dir);
        const t = study.index.documents('transcript')[0].transcript;
        assert.ok(t);
        assert.equal(t.plain.text, text, 'the text reads back exactly');
        const chars = [...text];
        for (const s of selections) {
          const code = s.codes[0].toLowerCase();
          const units = t.units.filter((u) => u.codes.includes(code));
          if (s.start === s.end) {
            assert.ok(
              units.some((u) => u.plainStart === s.start && u.plainEnd === s.start),
              'an empty selection stays',
            );
            continue;
          }
          for (let k = s.start; k < s.end; k++) {
            if (/^\s$/.test(chars[k])) continue;
            assert.ok(
              units.some((u) => u.plainStart <= k && k < u.plainEnd),
              `character ${k} keeps its code ${code}`,
            );
          }
        }
        // Stable from then on: export, import, export gives the same project.
        const one = buildRefiProject(exportInput(study), { name: 'p' });
        const dir2 = path.join(tempDir(), 'study');
        writeStudyFiles(dir2, importRefiQda(packQdpx(one)).files);
        assert.equal(buildRefiProject(exportInput(load(dir2)), { name: 'p' }).qde, one.qde);
        cleanTemps();
      }),
      { numRuns: 150 },
    );
  });
});
