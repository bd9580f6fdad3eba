/**
 * No silent skips: every file or folder of a study that cannot be read gets a diagnostic
 * with a stable code, in the CLI's loader and in the server's, and only regular files
 * within the size limit are ever opened (a FIFO, a socket or a 1.5 GB file is not read).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { loadStudy } from '../../server/src/node/loadStudy';
import { readStudyFileSync } from '../../server/src/node/studyFiles';
import { diskFileSystem } from '../../server/src/node/diskFileSystem';
import { Study } from '../../server/src/node/study';
import { pathToUri } from '../../server/src/node/loadStudy';
import { cleanTemps, tempStudy } from './export/support';
import { openToAll, runChildCli } from './support/childCli';

const CODEBOOK = '# Joy {#joy}\n';
const TRANSCRIPT = '**P1:** [Glad]{.joy}\n';

/** The problems of the CLI's loader, as `file code` lines. */
function problems(dir: string): string[] {
  return loadStudy(dir)
    .fileDiagnostics.map((d) => `${d.file} ${d.diagnostic.code}`)
    .sort();
}

/** The server's study after its scan: indexed URIs and skipped `file code` lines. */
async function serverStudy(dir: string): Promise<{ study: Study; indexed: string[]; skipped: string[] }> {
  const study = new Study(dir, diskFileSystem);
  study.reloadConfig();
  for (const d of study.listDocuments()) await study.load(d.uri, d.kind);
  const rel = (u: string): string => study.relPath(u) ?? u;
  return {
    study,
    indexed: study.index
      .documents()
      .map((d) => `${rel(d.uri)} ${d.kind}`)
      .sort(),
    skipped: [...study.skipped].map(([u, d]) => `${rel(u)} ${d.code}`).sort(),
  };
}

function mkfifo(file: string): void {
  const r = spawnSync('mkfifo', [file]);
  assert.equal(r.status, 0, 'mkfifo works');
}

describe('study files: no silent skips', () => {
  after(cleanTemps);

  it('never opens a FIFO or a socket named like a transcript, in either loader', async () => {
    const dir = tempStudy({ 'codebook.md': CODEBOOK, 'transcripts/a.md': TRANSCRIPT });
    mkfifo(path.join(dir, 'transcripts/pipe.md'));
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'transcripts/sock.md'), resolve));
    try {
      assert.deepEqual(problems(dir), ['transcripts/pipe.md not-regular-file', 'transcripts/sock.md not-regular-file']);
      const s = await serverStudy(dir);
      assert.deepEqual(s.skipped, ['transcripts/pipe.md not-regular-file', 'transcripts/sock.md not-regular-file']);
      assert.deepEqual(s.indexed, ['codebook.md codebook', 'transcripts/a.md transcript']);
      // An editor that opens and closes the FIFO makes the server re-read it from disk.
      const fifo = pathToUri(path.join(dir, 'transcripts/pipe.md'));
      s.study.loadSync(fifo, 'transcript');
      assert.equal(s.study.skipped.get(fifo)?.code, 'not-regular-file');
      await s.study.load(fifo, 'transcript');
      assert.equal(s.study.skipped.get(fifo)?.message, 'Skipped: this is a FIFO (named pipe), not a regular file.');
    } finally {
      server.close();
    }
  });

  it('does not read a 1.5 GB or a 3 GB file: file-too-large from its size, with little memory', () => {
    const dir = tempStudy({ 'codebook.md': CODEBOOK });
    // Sparse files: their size is real to stat, their blocks are not on disk.
    fs.closeSync(fs.openSync(path.join(dir, 'huge.md'), 'w'));
    fs.truncateSync(path.join(dir, 'huge.md'), 1.5 * 1024 ** 3);
    fs.closeSync(fs.openSync(path.join(dir, 'bigger.md'), 'w'));
    fs.truncateSync(path.join(dir, 'bigger.md'), 3 * 1024 ** 3);
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const study = loadStudy(dir);
    const grew = process.memoryUsage().rss - rss;
    assert.ok(Date.now() - started < 2000, 'at once');
    assert.ok(grew < 100 * 1048576, `memory grew by ${(grew / 1048576).toFixed(0)} MB`);
    const skipped = study.fileDiagnostics.map((d) => [d.file, d.diagnostic.code, d.diagnostic.message]);
    assert.deepEqual(skipped, [
      [
        'bigger.md',
        'file-too-large',
        "Skipped: the file is 3072.0 MB, above the study's limit of 10.0 MB (maxFileSize in condense.json).",
      ],
      [
        'huge.md',
        'file-too-large',
        "Skipped: the file is 1536.0 MB, above the study's limit of 10.0 MB (maxFileSize in condense.json).",
      ],
    ]);
  });

  it('follows symbolic links inside the study, once per real file, the codebook first', async () => {
    const dir = tempStudy({
      'drafts/codebook-v2.md': CODEBOOK,
      'extra/b.md': TRANSCRIPT,
      'transcripts/a.md': TRANSCRIPT,
      'condense.json': '{"transcripts": ["transcripts/**/*.md", "drafts/*.md"]}',
    });
    fs.symlinkSync('drafts/codebook-v2.md', path.join(dir, 'codebook.md'));
    fs.symlinkSync('../extra', path.join(dir, 'transcripts/more'));
    fs.symlinkSync('a.md', path.join(dir, 'transcripts/same-as-a.md'));
    const cli = loadStudy(dir);
    assert.deepEqual(cli.fileDiagnostics, []);
    const docs = cli.index
      .documents()
      .map((d) => `${cli.relPath(d.uri)} ${d.kind}`)
      .sort();
    assert.deepEqual(docs, ['codebook.md codebook', 'transcripts/a.md transcript', 'transcripts/more/b.md transcript']);
    assert.equal(cli.index.counts('joy').units, 2);
    const s = await serverStudy(dir);
    assert.deepEqual(s.indexed, docs);
    assert.deepEqual(s.skipped, []);
  });

  it('reports dangling links, loops and links outside the study, and no-codebook', async () => {
    const outside = tempStudy({ 'codebook.md': CODEBOOK, 'secret.md': 'not for the study\n' });
    const dir = tempStudy({ 'transcripts/a.md': TRANSCRIPT, 'condense.json': '{}' });
    fs.symlinkSync(path.join(outside, 'codebook.md'), path.join(dir, 'codebook.md'));
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'transcripts/secret.md'));
    fs.symlinkSync('gone.md', path.join(dir, 'transcripts/dangling.md'));
    fs.symlinkSync('self.md', path.join(dir, 'transcripts/self.md'));
    fs.symlinkSync('..', path.join(dir, 'transcripts/up'));
    fs.symlinkSync('not-a-study-file', path.join(dir, 'transcripts/ignored.txt'));
    const expected = [
      'codebook.md symlink-outside-study',
      'condense.json no-codebook',
      'transcripts/dangling.md dangling-symlink',
      'transcripts/secret.md symlink-outside-study',
      'transcripts/self.md symlink-loop',
      'transcripts/up symlink-loop',
    ];
    assert.deepEqual(problems(dir), expected);
    const s = await serverStudy(dir);
    assert.deepEqual(
      s.skipped,
      expected.filter((e) => !e.startsWith('condense.json')),
    );
    assert.deepEqual(
      s.study.configDiagnostics.map((d) => d.code),
      ['no-codebook'],
    );
    assert.deepEqual(s.indexed, ['transcripts/a.md transcript']);
    const r = runChildCli(['check', dir]);
    assert.equal(r.code, 0, 'warnings only');
    assert.match(
      r.stdout,
      /^codebook\.md:1:1: warning symlink-outside-study: Skipped: this symbolic link points outside the study \(to .*codebook\.md\)/m,
    );
    assert.match(
      r.stdout,
      /^condense\.json:1:1: warning no-codebook: The study has no codebook: no readable file matches "codebook\.md"\./m,
    );
  });

  it('reports condense.json globs that point outside the study', () => {
    const dir = tempStudy({
      'codebook.md': CODEBOOK,
      'condense.json':
        '{\n  "codebook": "../shared/codebook.md",\n  "transcripts": ["/data/*.md", "transcripts/*.md", "~/t/*.md"]\n}\n',
    });
    const study = loadStudy(dir);
    const globs = study.fileDiagnostics.filter((d) => d.diagnostic.code === 'glob-outside-study');
    assert.deepEqual(
      globs.map((d) => [
        d.diagnostic.severity,
        d.diagnostic.range.start.line,
        d.diagnostic.range.start.character,
        d.diagnostic.range.end.character,
      ]),
      [
        ['error', 1, 14, 37],
        ['error', 2, 18, 30],
        ['error', 2, 52, 62],
      ],
    );
    assert.ok(study.fileDiagnostics.some((d) => d.diagnostic.code === 'no-codebook'));
    // codebook.md is not a transcript either: the transcripts globs say where they are.
    assert.equal(study.index.documents().length, 0);
    const r = runChildCli(['check', dir]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^condense\.json:2:15: error glob-outside-study: "codebook": "\.\.\/shared\/codebook\.md" points outside the study/m,
    );
  });

  it('reports unreadable folders and files (with permissions that apply)', () => {
    const dir = tempStudy({
      'codebook.md': CODEBOOK,
      'transcripts/a.md': TRANSCRIPT,
      'transcripts/locked.md': TRANSCRIPT,
      'private/b.md': TRANSCRIPT,
    });
    openToAll(dir);
    fs.chmodSync(path.join(dir, 'transcripts/locked.md'), 0o000);
    fs.chmodSync(path.join(dir, 'private'), 0o000);
    try {
      const r = runChildCli(['check', '--json', dir], { unprivileged: true });
      assert.equal(r.code, 1, r.stderr);
      const ds = (JSON.parse(r.stdout) as { file: string; code: string; severity: string }[]).map(
        (d) => `${d.file} ${d.severity} ${d.code}`,
      );
      assert.deepEqual(ds, ['private error unreadable-folder', 'transcripts/locked.md error unreadable-file']);
      // A study whose own folder cannot be listed is an error of the command: exit 2.
      fs.chmodSync(dir, 0o311);
      const root = runChildCli(['check', dir], { unprivileged: true });
      assert.deepEqual([root.code, root.stderr], [2, `condense: ${dir}: cannot be read (EACCES)\n`]);
    } finally {
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(path.join(dir, 'private'), 0o755);
      fs.chmodSync(path.join(dir, 'transcripts/locked.md'), 0o644);
    }
  });

  it('reads a file that grew past the limit after stat only up to the limit', () => {
    const dir = tempStudy({ 'a.md': 'x'.repeat(100) });
    assert.deepEqual(readStudyFileSync(dir, path.join(dir, 'a.md'), 99), {
      problem: {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'warning',
        code: 'file-too-large',
        message: "Skipped: the file is 0.0 MB, above the study's limit of 0.0 MB (maxFileSize in condense.json).",
      },
    });
    assert.deepEqual(readStudyFileSync(dir, path.join(dir, 'gone.md'), 99), { missing: true });
  });
});
