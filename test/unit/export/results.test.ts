/**
 * The Results export: Table 1 as a pipe table, a section per theme and subtheme with
 * the synthesis and attributed golden quotes, and a docx that Debian's pandoc makes of it.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { renderResults } from '../../../server/src/core/export/results';
import { FIXTURE } from './fixture';
import { cleanTemps, exportInput, load, requireTool, SAMPLE, tempDir, tempStudy } from './support';

describe('export: results', () => {
  after(cleanTemps);

  it('drafts the Results of the fixture exactly', () => {
    const md = renderResults(exportInput(load(tempStudy(FIXTURE))));
    assert.equal(
      md,
      [
        '# Results',
        '',
        '| Themes | Subthemes |',
        '| --- | --- |',
        '| Feelings 😊 | Joy |',
        '| Bad colour |  |',
        '',
        'Table: Table 1. Themes and subthemes.',
        '',
        '## Feelings 😊',
        '',
        '### Joy',
        '',
        'Participants described joy in small things.',
        '',
        '> the cafe\u0301 au lait',
        '>',
        '> — P1, a, line 7',
        '',
        '## Bad colour',
        '',
        '<!-- No synthesis yet: write one under "### Synthesis" of bad in the codebook. -->',
        '',
      ].join('\n'),
    );
  });

  it('lists every theme with its subthemes on their own rows, the theme on the first only', () => {
    const md = renderResults(exportInput(load(SAMPLE)));
    const rows = md
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Themes') && !l.startsWith('| ---'));
    assert.equal(rows.length, 6);
    assert.match(
      rows[0],
      /^\| Peer workers boost the shift toward increased service user involvement \| Managers facilitate/,
    );
    assert.match(rows[1], /^\| {2}\| Benefits to the organization/);
    assert.equal((md.match(/^## /gm) ?? []).length, 3);
    assert.equal((md.match(/^### /gm) ?? []).length, 6);
    assert.match(md, /> — P1, fg1, line 27\n/);
  });

  it('becomes a docx with pandoc', function () {
    if (!requireTool(this, 'pandoc', 'pandoc')) return;
    const dir = tempDir();
    const md = path.join(dir, 'results.md');
    const docx = path.join(dir, 'results.docx');
    fs.writeFileSync(md, renderResults(exportInput(load(SAMPLE))));
    const r = spawnSync('pandoc', [md, '-o', docx], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = unzipSync(fs.readFileSync(docx));
    const xml = new TextDecoder().decode(files['word/document.xml']);
    assert.ok(
      xml.includes('Peer workers are highly valued in the service transformation process'),
      'a theme title is in the docx',
    );
    assert.ok(xml.includes('P1, fg1, line 27'), 'an attribution is in the docx');
  });
});
