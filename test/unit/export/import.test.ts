/**
 * `condense import`: the qc sample export keeps every selection with its codes, the
 * sample study survives export → import → export, crossing and multi-paragraph
 * selections are split and reported, Markdown-significant text reads back exactly, and
 * sources that are not plain text are skipped with a message.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { buildRefiProject } from '../../../server/src/core/export/refiQda';
import { packQdpx } from '../../../server/src/core/export/qdpxArchive';
import { sliceCodePoints } from '../../../server/src/core/export/plainSource';
import { importRefiQda, type ImportResult } from '../../../server/src/core/import/importProject';
import { writeStudyFiles } from '../../../server/src/node/exchange';
import type { LoadedStudy } from '../../../server/src/node/loadStudy';
import { g, qdpx, type TestSource } from './qdpxBuilder';
import { all, cleanTemps, exportInput, load, SAMPLE, SHARED, tempDir, xmlRoot } from './support';

/** Writes an import into a temporary folder and loads it as a study. */
function loadImported(result: ImportResult): LoadedStudy {
  const dir = path.join(tempDir(), 'study');
  writeStudyFiles(dir, result.files);
  return load(dir);
}

/** Units of one transcript as "start-end:text:codes" (code titles, sorted). */
function unitsOf(study: LoadedStudy, file: string): { start: number; end: number; text: string; codes: string[] }[] {
  const doc = study.index.documents('transcript').find((d) => study.relPath(d.uri) === file);
  assert.ok(doc, `${file} was imported`);
  return (doc.transcript?.units ?? []).map((u) => ({
    start: u.plainStart,
    end: u.plainEnd,
    text: u.text,
    codes: u.codes.map((c) => study.index.getCode(c)?.title ?? `?${c}`).sort(),
  }));
}

describe('import: REFI-QDA', () => {
  after(cleanTemps);

  it('keeps all 158 selections of the qc sample with their codes', () => {
    const bytes = fs.readFileSync(path.join(SHARED, 'samples/qc_demo.qdpx'));
    const result = importRefiQda(bytes, { fileName: 'qc_demo.qdpx' });
    assert.deepEqual(result.splits, []);
    const study = loadImported(result);
    // The original, read independently.
    const files = unzipSync(bytes);
    const root = xmlRoot(new TextDecoder().decode(files['project.qde']));
    const codeName = new Map(all(root, 'Code').map((c) => [c.getAttribute('guid'), c.getAttribute('name') ?? '']));
    assert.equal(codeName.size, 262);
    assert.equal(study.index.codes().length, 262);
    let selections = 0;
    for (const src of all(root, 'TextSource')) {
      const p = src.getAttribute('plainTextPath') ?? '';
      const text = new TextDecoder().decode(files[`sources/${p}`]);
      const units = unitsOf(study, `transcripts/${p.replace(/\.txt$/, '')}.md`);
      const sels = all(src, 'PlainTextSelection');
      assert.equal(units.length, sels.length);
      for (const sel of sels) {
        const start = Number(sel.getAttribute('startPosition'));
        const end = Number(sel.getAttribute('endPosition'));
        const names = all(sel, 'CodeRef')
          .map((r) => codeName.get(r.getAttribute('targetGUID')) ?? '')
          .sort();
        const unit = units.find((u) => u.start === start && u.end === end);
        assert.ok(unit, `a unit at ${start}-${end}`);
        assert.equal(unit.text, sliceCodePoints(text, start, end));
        assert.deepEqual(unit.codes, names);
        selections++;
      }
    }
    assert.equal(selections, 158);
    assert.equal(
      study.index.documents('transcript').reduce((n, d) => n + (d.transcript?.units.length ?? 0), 0),
      158,
    );
  });

  it('round-trips the sample study: export, import and export again give the same project', () => {
    const first = load(SAMPLE);
    const one = buildRefiProject(exportInput(first), { name: 'sample' });
    const imported = loadImported(importRefiQda(packQdpx(one), { fileName: 'sample.qdpx' }));
    const two = buildRefiProject(exportInput(imported), { name: 'sample' });
    // Same codes (titles, hierarchy, colours), units, texts and codings: and in fact the same bytes.
    const titles = (s: LoadedStudy): string[] =>
      s.index.codes().map(
        (c) =>
          `${s.index
            .path(c.id)
            .map((id) => s.index.getCode(id)?.title)
            .join(' > ')} ${c.color?.toLowerCase() ?? ''}`,
      );
    assert.deepEqual(titles(imported), titles(first));
    const units = (s: LoadedStudy): string[] =>
      s.index
        .documents('transcript')
        .flatMap((d) =>
          (d.transcript?.units ?? []).map(
            (u) =>
              `${path.basename(s.relPath(d.uri))} ${u.plainStart}-${u.plainEnd} ${u.codes.map((c) => s.index.getCode(c)?.title).join('|')} ${u.id ?? ''} ${u.text}`,
          ),
        );
    assert.deepEqual(units(imported), units(first));
    assert.equal(two.qde, one.qde);
    assert.deepEqual(two.sources, one.sources);
  });

  it('splits crossing selections where they cross, and reports it', () => {
    const text = 'Alpha beta gamma delta.';
    const src: TestSource = {
      name: 'cross',
      text,
      selections: [
        { start: 0, end: 10, codes: ['A'], name: 'first' },
        { start: 6, end: 16, codes: ['B'], name: 'second' },
      ],
    };
    const result = importRefiQda(qdpx(['A', 'B'], [src]));
    assert.deepEqual(result.splits, [
      {
        file: 'transcripts/cross.md',
        selection: 'second',
        reason: 'crossing',
        pieces: [
          [6, 10],
          [10, 16],
        ],
      },
    ]);
    assert.ok(result.messages.some((m) => m.includes('"second" was split into 2 units')));
    assert.ok(
      result.files.get('transcripts/cross.md')?.endsWith('[Alpha [beta]{#second .b}]{#first .a}[ gamma]{.b} delta.'),
    );
    const units = unitsOf(loadImported(result), 'transcripts/cross.md');
    assert.deepEqual(
      units.map((u) => [u.start, u.end, u.text, u.codes.join()]),
      [
        [0, 10, 'Alpha beta', 'A'],
        [6, 10, 'beta', 'B'],
        [10, 16, ' gamma', 'B'],
      ],
    );
  });

  it('writes a selection over whole paragraphs as a fenced div, and splits one that starts mid-paragraph', () => {
    const text = 'Q: First.\n\nA: One two.\n\nThree four.\nFive.\n\nSix seven.\n';
    const src: TestSource = {
      name: 'paras',
      text,
      selections: [
        { start: 11, end: 35, codes: ['Whole'] },
        { start: 14, end: 17, codes: ['Part'] },
        { start: 38, end: 46, codes: ['Part'] },
      ],
    };
    const result = importRefiQda(qdpx(['Whole', 'Part'], [src]));
    const md = result.files.get('transcripts/paras.md') ?? '';
    assert.match(
      md,
      /\n::: \{\.whole\}\nA: \[One\]\{\.part\} two\.\n\nThree four\.\n:::\nFi\[ve\.\]\{\.part\}\n\n\[Six\]\{\.part\} seven\.\n$/,
    );
    assert.deepEqual(
      result.splits.map((s) => [s.reason, s.pieces]),
      [
        [
          'paragraphs',
          [
            [38, 41],
            [43, 46],
          ],
        ],
      ],
    );
    const units = unitsOf(loadImported(result), 'transcripts/paras.md');
    assert.deepEqual(
      units.map((u) => [u.start, u.end, u.codes.join()]),
      [
        [11, 35, 'Whole'],
        [14, 17, 'Part'],
        [38, 41, 'Part'],
        [43, 46, 'Part'],
      ],
    );
  });

  it('escapes Markdown so that every text reads back exactly', () => {
    const lines = [
      '# Not a heading [x]{.y} *a* _b_ `c` \\d <e> <!-- f -->',
      '> not a quote',
      '- not a list',
      '+ nor this',
      '12. nor this',
      '7) nor this',
      '::: {.not-a-div}',
      '**Speaker:** not bold, snake_case stays, __init__ and ![img](x) [^1] &amp; &#65;',
      '~~~',
      '```',
      '',
      '    indented, not code: [z]',
      '\tand a tab',
      'end\\',
      'line ---',
      '---',
      '',
    ];
    const text = lines.join('\n');
    const n = [...text].length;
    const selections = [
      { start: 0, end: 30, codes: ['X'] },
      { start: 2, end: 20, codes: ['Y'] },
      { start: text.indexOf('img'), end: text.indexOf('img') + 3, codes: ['X'] },
      { start: text.indexOf('indented'), end: text.indexOf('[z]') + 3, codes: ['Y'] },
      { start: n - 5, end: n, codes: ['X'] },
    ];
    const result = importRefiQda(qdpx(['X', 'Y'], [{ name: 'marks', text, selections }]));
    const study = loadImported(result);
    const doc = study.index.documents('transcript')[0];
    assert.equal(doc.transcript?.plain.text, text);
    assert.equal(doc.transcript?.diagnostics.filter((d) => d.severity === 'error').length, 0);
    const units = unitsOf(study, 'transcripts/marks.md');
    for (const s of selections)
      assert.ok(
        units.some((u) => u.start === s.start && u.end === s.end && u.text === sliceCodePoints(text, s.start, s.end)),
        `unit ${s.start}-${s.end}`,
      );
  });

  it('skips sources that are not plain text, and reads a DOCX source through its plain text', () => {
    const extra =
      `<PDFSource guid="${g('pdf')}" name="Paper" path="internal://${g('pdf')}.pdf"/>` +
      `<AudioSource guid="${g('audio')}" name="Recording" path="internal://${g('audio')}.mp3"/>` +
      `<TextSource guid="${g('docx')}" name="Interview" richTextPath="internal://${g('docx')}.docx" plainTextPath="internal://${g('docxtxt')}.txt"/>` +
      `<TextSource guid="${g('rich')}" name="Rich only" richTextPath="internal://${g('rich')}.docx"/>`;
    const result = importRefiQda(qdpx(['A'], [], extra, { [`sources/${g('docxtxt')}.txt`]: 'From the docx.\n' }));
    assert.equal(result.files.get('transcripts/Interview.md')?.split('---\n')[2], 'From the docx.\n');
    assert.ok(
      result.messages.some((m) => /Skipped 3 source\(s\).*"Paper" \(pdf\).*"Recording" \(audio\).*"Rich only"/.test(m)),
      result.messages.join('\n'),
    );
    assert.equal(result.counts.transcripts, 1);
  });

  it('makes unique code ids that are valid Pandoc identifiers', () => {
    const result = importRefiQda(qdpx(['Ça va?', 'ça va', '2nd round', 'mark', '!!!', '中文'], []));
    const ids = [...(result.files.get('codebook.md') ?? '').matchAll(/\{#([^ }]+)/g)].map((m) => m[1]);
    assert.deepEqual(ids, ['ca-va', 'ca-va-2', 'code-2nd-round', 'mark-code', 'code', '中文']);
  });
});
