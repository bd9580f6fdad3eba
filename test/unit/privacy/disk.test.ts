/**
 * The node-side parts of the privacy guard on a real disk and a real git: writing all
 * files or none, and the `identifiers-tracked` warning from what git says.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AtomicWriteError, writeFilesAtomically } from '../../../common/atomicWrite';
import { gitFileStatus, gitFileStatusSync } from '../../../server/src/node/git';
import { cli } from './support';

const temps: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-disk-'));
  temps.push(d);
  return d;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@e',
    },
  });
}

describe('privacy: writing all files or none', function () {
  after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('writes every file, keeps modes and symlinks, and leaves no temporary file', function () {
    const d = tempDir();
    fs.writeFileSync(path.join(d, 'a.md'), 'old a');
    fs.writeFileSync(path.join(d, 'real.md'), 'old b');
    fs.chmodSync(path.join(d, 'a.md'), 0o640);
    fs.symlinkSync('real.md', path.join(d, 'link.md'));
    writeFilesAtomically([
      { file: path.join(d, 'a.md'), text: 'new a', expected: 'old a' },
      { file: path.join(d, 'link.md'), text: 'new b', expected: 'old b' },
    ]);
    assert.equal(fs.readFileSync(path.join(d, 'a.md'), 'utf8'), 'new a');
    assert.equal(fs.statSync(path.join(d, 'a.md')).mode & 0o777, 0o640);
    assert.ok(fs.lstatSync(path.join(d, 'link.md')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(d, 'real.md'), 'utf8'), 'new b');
    assert.deepEqual(fs.readdirSync(d).sort(), ['a.md', 'link.md', 'real.md']);
  });

  it('a file that cannot be written leaves every other file as it was', function () {
    const d = tempDir();
    fs.writeFileSync(path.join(d, 'a.md'), 'old a');
    fs.writeFileSync(path.join(d, 'c.md'), 'old c');
    assert.throws(
      () =>
        writeFilesAtomically([
          { file: path.join(d, 'a.md'), text: 'new a' },
          { file: path.join(d, 'gone', 'b.md'), text: 'new b' },
          { file: path.join(d, 'c.md'), text: 'new c' },
        ]),
      (e: Error) =>
        e instanceof AtomicWriteError &&
        /gone\/b\.md: cannot be written \(ENOENT\); no file was changed$/.test(e.message),
    );
    assert.equal(fs.readFileSync(path.join(d, 'a.md'), 'utf8'), 'old a');
    assert.equal(fs.readFileSync(path.join(d, 'c.md'), 'utf8'), 'old c');
    assert.deepEqual(fs.readdirSync(d).sort(), ['a.md', 'c.md']);
  });

  it('refuses, changing nothing, when a file changed on disk since it was read', function () {
    const d = tempDir();
    fs.writeFileSync(path.join(d, 'a.md'), 'old a');
    fs.writeFileSync(path.join(d, 'b.md'), 'edited meanwhile');
    assert.throws(
      () =>
        writeFilesAtomically([
          { file: path.join(d, 'a.md'), text: 'new a', expected: 'old a' },
          { file: path.join(d, 'b.md'), text: 'new b', expected: 'old b' },
        ]),
      /b\.md: changed on disk while it was being read; no file was changed/,
    );
    assert.equal(fs.readFileSync(path.join(d, 'a.md'), 'utf8'), 'old a');
    assert.deepEqual(fs.readdirSync(d).sort(), ['a.md', 'b.md']);
  });
});

describe('privacy: is the identifiers file kept out of git?', function () {
  after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  const tracked = (root: string): string[] =>
    (JSON.parse(cli('check', root, '--json').out.join('\n')) as { code: string; message: string }[])
      .filter((d) => d.code === 'identifiers-tracked')
      .map((d) => d.message);

  it('warns when the file is inside the study and not ignored, or tracked; not when ignored or outside', async function () {
    const base = tempDir();
    const root = path.join(base, 'study');
    fs.mkdirSync(root);
    git(root, 'init', '-q');
    fs.writeFileSync(path.join(root, 'codebook.md'), '# A {#a}\n');
    fs.writeFileSync(path.join(root, 'names.txt'), 'Kari\n');
    fs.writeFileSync(path.join(base, 'outside.txt'), 'Kari\n');
    const config = (p: string): void =>
      fs.writeFileSync(path.join(root, 'condense.json'), JSON.stringify({ identifiers: p }));

    config('../outside.txt');
    assert.deepEqual(tracked(root), []);
    assert.deepEqual(gitFileStatusSync(path.join(base, 'outside.txt')), { tracked: null, ignored: null });

    config('names.txt');
    assert.deepEqual(gitFileStatusSync(path.join(root, 'names.txt')), { tracked: false, ignored: false });
    assert.deepEqual(tracked(root), [
      'The identifiers file names.txt lies inside the study and is not git-ignored: one `git add .` would commit every real name. Move it outside the study or add it to .gitignore.',
    ]);

    fs.writeFileSync(path.join(root, '.gitignore'), 'names.txt\n');
    assert.deepEqual(await gitFileStatus(path.join(root, 'names.txt')), { tracked: false, ignored: true });
    assert.deepEqual(tracked(root), []);

    git(root, 'add', '-f', 'names.txt');
    assert.deepEqual(await gitFileStatus(path.join(root, 'names.txt')), { tracked: true, ignored: false });
    assert.match(
      tracked(root)[0],
      /^The identifiers file names\.txt is tracked by git: its names are in the repository\./,
    );

    // A study that is no git repository at all: inside the study is still a risk.
    const plain = tempDir();
    fs.writeFileSync(path.join(plain, 'names.txt'), 'Kari\n');
    fs.writeFileSync(path.join(plain, 'condense.json'), '{"identifiers": "names.txt"}');
    assert.equal(tracked(plain).length, 1);
    // The identifiers file is never read as a transcript, even with a Markdown name.
    fs.renameSync(path.join(plain, 'names.txt'), path.join(plain, 'names.md'));
    fs.writeFileSync(path.join(plain, 'condense.json'), '{"identifiers": "names.md"}');
    const index = JSON.parse(cli('index', plain, '--json').out.join('\n')) as { diagnostics: { file: string }[] };
    assert.ok(index.diagnostics.every((d) => d.file !== 'names.md'));
  });
});
