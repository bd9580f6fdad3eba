/**
 * `condense export` and `condense import` on the command line: formats, --out, --bom,
 * standard output for text formats, and one-line usage errors with exit code 2.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { cleanTemps, SAMPLE, tempDir, unzipText } from './support';

const cli = runCli;

describe('cli: export and import', () => {
  after(cleanTemps);

  it('prints text formats on standard output, as they are', () => {
    const results = cli('export', '--format', 'results', SAMPLE);
    assert.equal(results.code, 0);
    assert.match(results.raw, /^# Results\n\n\| Themes \| Subthemes \|/);
    const csv = cli('export', '--format=csv', '--bom', SAMPLE);
    assert.equal(csv.code, 0);
    assert.ok(csv.raw.startsWith('\ufeffunit_id,transcript,line,speaker,') && csv.raw.endsWith('\r\n'));
    const qdc = cli('export', '--format', 'qdc', SAMPLE);
    assert.match(qdc.raw, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1\.0"/);
  });

  it('writes --out files, the same bytes every time, and imports them back', () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.qdpx');
    const b = path.join(dir, 'b.qdpx');
    assert.equal(cli('export', '--format', 'qdpx', '--out', a, SAMPLE).code, 0);
    assert.equal(cli('export', '--format', 'qdpx', '--out', b, SAMPLE).code, 0);
    assert.deepEqual(fs.readFileSync(a), fs.readFileSync(b));
    assert.equal(unzipText(fs.readFileSync(a)).size, 5);
    const imported = cli('import', a, '--out', path.join(dir, 'study'));
    assert.equal(imported.code, 0, imported.err.join('\n'));
    assert.deepEqual(imported.out, [
      `Imported 4 transcripts, 62 selections and 9 codes into ${path.join(dir, 'study')}.`,
    ]);
    assert.equal(cli('check', path.join(dir, 'study')).code, 0);
  });

  it('explains bad usage in one line, exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['export', SAMPLE], /export needs --format results\|csv\|qdpx\|qdc/],
      [['export', '--format', 'pdf', SAMPLE], /not "pdf"/],
      [['export', '--format', 'qdpx', SAMPLE], /give a file with --out/],
      [['export', '--format', 'results', '--bom', SAMPLE], /--bom goes with --format csv only/],
      [['export', '--format'], /--format needs a value/],
      [['report', '--out', 'x', SAMPLE], /go with export and import only/],
      [['import', '--out', 'x'], /usage: condense import/],
      [['export', '--format', 'csv', path.join(SAMPLE, 'nope')], /no such directory/],
    ];
    for (const [argv, message] of cases) {
      const r = cli(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.err.length, 1, argv.join(' '));
      assert.match(r.err[0], /^condense: /);
      assert.match(r.err[0], message);
    }
  });
});
