/**
 * Safe exports: the CSV defuses spreadsheet formulas (the OWASP rule) unless --raw, and
 * the Results Markdown keeps every text of the study literal through Debian's pandoc:
 * `<inaudible>` survives into HTML, plain text and docx, and no markup from the codebook
 * becomes live HTML.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { guardFormula } from '../../../common/csv';
import { renderUnitsCsv } from '../../../server/src/core/export/csv';
import { renderResults } from '../../../server/src/core/export/results';
import { escapeStudyMarkdown } from '../../../server/src/core/export/safeMarkdown';
import { cleanTemps, exportInput, load, requireTool, tempDir, tempStudy } from './support';

const HOSTILE_CSV = {
  'codebook.md': '# Formulas {#f}\n',
  'transcripts/a.md': [
    '---',
    'participants:',
    '  "=P1": {age: "-2+3+cmd"}',
    '---',
    '',
    '**=P1:** [=HYPERLINK("http://x.example","click")]{.f}',
    '',
    "[+cmd|' /C calc'!A0]{.f} [-2+3+cmd]{.f} [@SUM(1+1)*cmd]{.f} [plain - text = fine]{.f}",
    '',
  ].join('\n'),
};

describe('safe exports', () => {
  after(cleanTemps);

  it('guardFormula puts a quote before =, +, -, @, tab and CR, and nothing else', () => {
    const cases: [string, string][] = [
      ['=1+1', "'=1+1"],
      ['+cmd', "'+cmd"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\tx', "'\tx"],
      ['\rx', "'\rx"],
      ['a=1', 'a=1'],
      [' =1', ' =1'],
      ["'=1", "'=1"],
      ['', ''],
    ];
    for (const [input, expected] of cases) assert.equal(guardFormula(input), expected, JSON.stringify(input));
  });

  it('defuses formula cells in the CSV, and --raw keeps them', () => {
    const input = exportInput(load(tempStudy(HOSTILE_CSV)));
    const safe = renderUnitsCsv(input).split('\r\n');
    assert.deepEqual(safe.slice(0, 6), [
      'unit_id,transcript,line,speaker,participant_age,code,code_path,text',
      `,transcripts/a.md,6,'=P1,'-2+3+cmd,f,Formulas,"'=HYPERLINK(""http://x.example"",""click"")"`,
      ",transcripts/a.md,8,'=P1,'-2+3+cmd,f,Formulas,'+cmd|' /C calc'!A0",
      ",transcripts/a.md,8,'=P1,'-2+3+cmd,f,Formulas,'-2+3+cmd",
      ",transcripts/a.md,8,'=P1,'-2+3+cmd,f,Formulas,'@SUM(1+1)*cmd",
      ",transcripts/a.md,8,'=P1,'-2+3+cmd,f,Formulas,plain - text = fine",
    ]);
    const raw = renderUnitsCsv(input, { raw: true }).split('\r\n');
    assert.equal(raw[1], ',transcripts/a.md,6,=P1,-2+3+cmd,f,Formulas,"=HYPERLINK(""http://x.example"",""click"")"');
    assert.equal(raw[3], ',transcripts/a.md,8,=P1,-2+3+cmd,f,Formulas,-2+3+cmd');
  });

  it('escapes <, >, &, braces and link targets, and respects backslashes already there', () => {
    assert.equal(escapeStudyMarkdown('I was <inaudible> & left'), 'I was \\<inaudible\\> \\& left');
    assert.equal(
      escapeStudyMarkdown('[a](javascript:x) [b]: y [c][d] [e]{.f}'),
      '[a\\](javascript:x) [b\\]: y [c\\][d] [e]\\{.f\\}',
    );
    assert.equal(escapeStudyMarkdown('\\<kept\\> and \\\\<b>'), '\\<kept\\> and \\\\\\<b\\>');
    assert.equal(escapeStudyMarkdown('*emphasis* and [@malterud2012]'), '*emphasis* and [@malterud2012]');
  });

  it('keeps <inaudible> and every other text literal through pandoc, with no live HTML', function () {
    if (!requireTool(this, 'pandoc', 'pandoc')) return;
    const study = tempStudy({
      'codebook.md': [
        '# Theme <b>bold</b> & co {#t}',
        '',
        '## Sub <i>x</i> {#s}',
        '',
        '### Quotes',
        '',
        '> I was <inaudible> then & left (FG1, <u>P1</u>)',
        '',
        '### Synthesis',
        '',
        'Text with <script>alert(1)</script> and <img src=x onerror="alert(2)"> and `<b>raw</b>`{=html},',
        '[click](javascript:alert(3)), [span]{onclick="alert(4)"}, &lt;b&gt; and \\<kept\\>, *emphasis* stays.',
        '',
        '```{=html}',
        '<script>alert(5)</script>',
        '```',
        '',
        '<div onmouseover="alert(6)">x</div>',
        '',
        '[ref]: javascript:alert(7)',
        '',
        'See [ref] and ![pic](x.png){onerror="alert(8)"}.',
        '',
      ].join('\n'),
      'transcripts/a.md': '**P1:** [I was <inaudible> then & left]{.s}\n',
    });
    const md = renderResults(exportInput(load(study)));
    const dir = tempDir();
    const file = path.join(dir, 'results.md');
    fs.writeFileSync(file, md);
    const pandoc = (...args: string[]): string => {
      const r = spawnSync('pandoc', [file, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    const html = pandoc('-f', 'markdown', '-t', 'html');
    for (const live of [
      /<script/i,
      /<img/i,
      /<b>/i,
      /<i>/i,
      /<u>/i,
      /<div/i,
      /<[^>]*\son\w+=/i,
      /href="javascript/i,
      /src="x\.png"/,
    ]) {
      assert.doesNotMatch(html, live, `no live ${live} in:\n${html}`);
    }
    assert.match(html, /I was &lt;inaudible&gt; then &amp; left/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /&amp;lt;b&amp;gt; and &lt;kept&gt;/);
    assert.match(html, /<em>emphasis<\/em> stays/);
    assert.match(html, /Theme &lt;b&gt;bold&lt;\/b&gt; &amp; co/);
    const plain = pandoc('-f', 'markdown', '-t', 'plain', '--wrap=none');
    assert.match(plain, /I was <inaudible> then & left/);
    assert.match(plain, /— P1, a, line 1/);
    const docx = path.join(dir, 'results.docx');
    pandoc('-f', 'markdown', '-o', docx);
    const xml = new TextDecoder().decode(unzipSync(fs.readFileSync(docx))['word/document.xml']);
    assert.match(xml, /I was &lt;inaudible&gt; then &amp; left/);
  });
});
