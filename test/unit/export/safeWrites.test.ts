/**
 * Safe writes: `export --out` never overwrites a file of the study, overwrites another
 * file only with --force, warns when the export lands inside the study's globs, and a
 * write that fails (a file-size limit, a read-only folder) leaves the previous file byte
 * for byte, and no partial study after an import.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { writeFileAtomic } from '../../../common/atomicWrite';
import { defaultExportPath } from '../../../server/src/node/exportTarget';
import { openToAll, runChildCli } from '../support/childCli';
import { cleanTemps, load, SAMPLE, tempDir } from './support';

function cli(...argv: string[]): { code: number; out: string[]; err: string[] } {
  const { code, out, err } = runCli(...argv);
  return { code, out, err };
}

/** A copy of the sample study in a temporary folder. */
function sampleCopy(): string {
  const dir = tempDir('condense-safe-');
  fs.cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

/** The folder's entries other than `keep` (temporary files left behind would show here). */
function others(dir: string, ...keep: string[]): string[] {
  return fs.readdirSync(dir).filter((n) => !keep.includes(n));
}

describe('safe writes', () => {
  after(cleanTemps);

  it('refuses to overwrite a file of the study, even with --force, and leaves it as it was', () => {
    const study = sampleCopy();
    for (const rel of ['codebook.md', 'condense.json', 'transcripts/fg1.md']) {
      const before = fs.readFileSync(path.join(study, rel));
      for (const force of [[], ['--force']]) {
        const r = cli('export', '--format', 'results', ...force, '--out', path.join(study, rel), study);
        assert.equal(r.code, 2, rel);
        assert.deepEqual(r.err, [
          `condense: ${path.join(study, rel)} is a file of the study; export to a file outside its transcripts and codebook`,
        ]);
        assert.deepEqual(fs.readFileSync(path.join(study, rel)), before, rel);
      }
    }
  });

  it('refuses a study file reached through a symbolic link', () => {
    const study = sampleCopy();
    const elsewhere = tempDir();
    fs.symlinkSync(path.join(study, 'codebook.md'), path.join(elsewhere, 'link.md'));
    const r = cli('export', '--format', 'results', '--force', '--out', path.join(elsewhere, 'link.md'), study);
    assert.equal(r.code, 2);
    assert.match(r.err[0], /is a file of the study/);
  });

  it('overwrites another existing file only with --force', () => {
    const study = sampleCopy();
    const out = path.join(tempDir(), 'units.csv');
    fs.writeFileSync(out, 'precious');
    const refused = cli('export', '--format', 'csv', '--out', out, study);
    assert.equal(refused.code, 2);
    assert.deepEqual(refused.err, [`condense: ${out} exists; add --force to overwrite it`]);
    assert.equal(fs.readFileSync(out, 'utf8'), 'precious');
    const forced = cli('export', '--format', 'csv', '--force', '--out', out, study);
    assert.equal(forced.code, 0, forced.err.join('\n'));
    assert.match(fs.readFileSync(out, 'utf8'), /^unit_id,transcript,line,speaker,/);
    assert.deepEqual(others(path.dirname(out), 'units.csv'), []);
  });

  it('refuses a folder as --out, and --force without --out', () => {
    const dir = tempDir();
    assert.match(cli('export', '--format', 'csv', '--out', dir, SAMPLE).err[0], /is a folder: give a file name/);
    assert.match(cli('export', '--format', 'csv', '--force', SAMPLE).err[0], /--force goes with --out/);
    assert.match(cli('export', '--format', 'results', '--raw', SAMPLE).err[0], /--raw goes with --format csv only/);
  });

  it('warns when the export lands inside the transcript globs, and the check then counts it', () => {
    const study = sampleCopy();
    const out = path.join(study, 'transcripts', 'results.md');
    const r = cli('export', '--format', 'results', '--out', out, study);
    assert.equal(r.code, 0);
    assert.deepEqual(r.err, [
      `condense: warning: ${out} lies inside the study and matches its transcript globs: Condense will read the export as a transcript of the study`,
    ]);
    assert.match(
      cli('check', study).err[0],
      / in 5 transcripts,/,
      'the export is now a fifth transcript, as the warning said',
    );
    // Outside the globs (condense.json reads transcripts/**/*.md only): no warning.
    const outside = cli('export', '--format', 'results', '--out', path.join(study, 'results.md'), study);
    assert.deepEqual([outside.code, outside.err], [0, []]);
  });

  it('keeps the previous file byte for byte when the write hits a file-size limit (ulimit -f)', () => {
    const study = sampleCopy();
    const dir = tempDir();
    const out = path.join(dir, 'study.qdpx');
    const previous = Buffer.from(Array.from({ length: 1500 }, (_, k) => k % 251));
    fs.writeFileSync(out, previous);
    // 2 blocks of 1024 bytes: the sample's project is far larger.
    const r = runChildCli(['export', '--format', 'qdpx', '--force', '--out', out, study], { fileSizeBlocks: 2 });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `condense: ${out}: cannot write (EFBIG)\n`);
    assert.deepEqual(fs.readFileSync(out), previous);
    assert.deepEqual(others(dir, 'study.qdpx'), [], 'no temporary file is left');
    // A new file: nothing at all, rather than a truncated one.
    const fresh = path.join(dir, 'new.md');
    assert.equal(runChildCli(['export', '--format', 'results', '--out', fresh, study], { fileSizeBlocks: 2 }).code, 2);
    assert.equal(fs.existsSync(fresh), false);
    assert.deepEqual(others(dir, 'study.qdpx'), []);
    // The same export without the limit works.
    assert.equal(runChildCli(['export', '--format', 'results', '--out', fresh, study]).code, 0);
    assert.ok(fs.statSync(fresh).size > 2048);
  });

  it('keeps the previous file when its folder is read-only', () => {
    const study = sampleCopy();
    const dir = tempDir();
    const out = path.join(dir, 'results.md');
    fs.writeFileSync(out, 'the previous results\n');
    openToAll(study, dir);
    fs.chmodSync(dir, 0o555);
    try {
      const r = runChildCli(['export', '--format', 'results', '--force', '--out', out, study], { unprivileged: true });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, `condense: ${out}: cannot write (EACCES)\n`);
      assert.equal(fs.readFileSync(out, 'utf8'), 'the previous results\n');
      assert.deepEqual(others(dir, 'results.md'), []);
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  });

  it('leaves an empty import folder empty, and no other folder, when the write fails', () => {
    const dir = tempDir();
    const qdpx = path.join(dir, 'study.qdpx');
    assert.equal(cli('export', '--format', 'qdpx', '--out', qdpx, SAMPLE).code, 0);
    const target = path.join(dir, 'imported');
    fs.mkdirSync(target);
    const r = runChildCli(['import', qdpx, '--out', target], { fileSizeBlocks: 4 });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `condense: ${target}: cannot write the study (EFBIG)\n`);
    assert.deepEqual(fs.readdirSync(target), []);
    assert.deepEqual(others(dir, 'study.qdpx', 'imported'), []);
    // Without the limit the same import fills the empty folder.
    assert.equal(runChildCli(['import', qdpx, '--out', target]).code, 0);
    assert.deepEqual(fs.readdirSync(target).sort(), ['codebook.md', 'condense.json', 'transcripts']);
  });

  it('does not open a FIFO given to import', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'project.qdpx');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const r = cli('import', fifo, '--out', path.join(dir, 'study'));
    assert.deepEqual([r.code, r.err], [2, [`condense: ${fifo}: not a regular file`]]);
  });

  it('proposes a default export location outside the study globs (the VS Code save dialog)', () => {
    const loose = tempDir('condense-loose-');
    fs.writeFileSync(path.join(loose, 'codebook.md'), '# A {#a}\n');
    const study = load(loose);
    // No condense.json: every .md is a transcript, so a Results .md goes beside the study.
    assert.equal(defaultExportPath(study, 'x-results.md'), path.join(path.dirname(loose), 'x-results.md'));
    assert.equal(defaultExportPath(study, 'x-csv.csv'), path.join(loose, 'x-csv.csv'));
    // The sample reads transcripts/**/*.md only: its own folder is fine.
    assert.equal(
      defaultExportPath(load(SAMPLE), 'sample-results.md'),
      path.join(load(SAMPLE).root, 'sample-results.md'),
    );
  });

  it('writeFileAtomic keeps the permission bits of the file it replaces', () => {
    const file = path.join(tempDir(), 'x.csv');
    fs.writeFileSync(file, 'a');
    fs.chmodSync(file, 0o640);
    writeFileAtomic(file, 'b');
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.equal(fs.readFileSync(file, 'utf8'), 'b');
  });
});
