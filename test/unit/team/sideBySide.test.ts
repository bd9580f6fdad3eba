/**
 * `condense diff` and `agree` as the command line runs them (runAsync: the two revisions
 * read from git side by side) against the same commands run in turn (run, as the
 * language server and the other tests call them): the same exit code, output and error
 * line for every case, failures included (a blob over maxFileSize among them), on temporary git repositories.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliAsync, commit, git, initRepo, removeTemps, snapshotTree, tempDir, writeFiles } from './gitRepo';

const CODEBOOK = '# Theme {#t}\n\n## X {#x}\n\n## Y {#y}\n';
const CONFIG = '{"codebook": "codebook.md", "transcripts": ["transcripts/*.md"]}\n';

describe('diff and agree reading two revisions side by side', () => {
  after(removeTemps);

  it('answer exactly as when the revisions are read in turn, failures included', async () => {
    const repo = initRepo();
    // Emoji, a combining mark and CRLF, so that any slip in cutting git's output shows.
    const a = '**P1:** [one 😀 two]{.x} three [four]{.y} cafe\u0301\r\n\r\n**P2:** [six]{.x}\r\n';
    const b = '**P1:** [one 😀 two]{.y} three [four cafe\u0301]{.y}\r\n\r\n**P2:** six\r\n';
    commit(repo, { 'condense.json': CONFIG, 'codebook.md': CODEBOOK, 'transcripts/a.md': a, 'transcripts/b.md': a });
    git(repo, 'branch', 'first');
    commit(repo, { 'transcripts/a.md': b, 'transcripts/c.md': b });
    git(repo, 'branch', 'second');
    commit(repo, { 'transcripts/bin.md': Buffer.from([0x50, 0x31, 0x00, 0xff]) });
    git(repo, 'branch', 'binary');
    git(repo, 'checkout', '-q', '-b', 'large', 'first');
    commit(repo, {
      'condense.json': '{"codebook": "codebook.md", "transcripts": ["transcripts/*.md"], "maxFileSize": 200}\n',
      'transcripts/big.md': `**P1:** ${'[word]{.x} '.repeat(40)}\n`,
    });
    git(repo, 'checkout', '-q', 'binary');
    git(repo, 'rm', '-q', '-r', 'transcripts', 'codebook.md', 'condense.json');
    git(repo, 'commit', '-q', '-m', 'no study');
    git(repo, 'branch', 'empty');
    git(repo, 'checkout', '-q', 'second');
    const folder = tempDir();
    writeFiles(folder, { 'condense.json': CONFIG, 'codebook.md': CODEBOOK, 'transcripts/a.md': b });
    const notGit = tempDir();
    const before = snapshotTree(repo);
    const cases = [
      ['agree', 'first', 'second', repo, '--json'],
      ['agree', 'first', 'second', repo],
      ['diff', 'first', 'second', repo, '--json'],
      ['diff', 'first', 'second', repo, '--format', 'markdown'],
      ['diff', 'first', repo, '--json'],
      ['agree', folder, 'first', repo, '--json'],
      ['agree', 'first', folder, repo],
      ['agree', 'no-such-revision', 'second', repo],
      ['agree', 'first', 'no-such-revision', repo],
      ['agree', 'no-such-revision', 'also-none', repo],
      ['diff', 'first', 'binary', repo],
      ['diff', 'binary', 'empty', repo],
      ['diff', 'empty', 'first', repo],
      ['agree', 'first', 'second', notGit],
      ['agree', 'first', repo],
      ['diff', 'first', 'large', repo],
      ['agree', 'large', 'first', repo],
    ];
    for (const argv of cases) {
      const expected = cli(...argv);
      assert.deepEqual(await cliAsync(...argv), expected, argv.join(' '));
    }
    // The cases cover answers and one-line failures alike.
    const codes = cases.map((argv) => cli(...argv).code);
    assert.ok(codes.includes(0) && codes.includes(2), codes.join(','));
    // A blob over the study's maxFileSize is refused by its size, in one line.
    assert.deepEqual(cli('diff', 'first', 'large', repo).err, [
      "condense: large: transcripts/big.md is larger than the study's maxFileSize; it cannot be compared",
    ]);
    assert.deepEqual(snapshotTree(repo), before);
    assert.equal(fs.readdirSync(notGit).length, 0);
    assert.ok(fs.existsSync(path.join(repo, '.git')));
  });

  it('answer exactly as in turn when git cannot give a blob of one revision (both revisions are read by one git)', async () => {
    const repo = initRepo();
    const files = (v: number): Record<string, string> => {
      const out: Record<string, string> = { 'condense.json': CONFIG, 'codebook.md': CODEBOOK };
      for (let k = 0; k < 12; k++) out[`transcripts/t${k}.md`] = `**P1:** [word ${k} ${k % 3 ? v : 0}]{.x}\n`;
      return out;
    };
    commit(repo, files(1));
    git(repo, 'branch', 'first');
    commit(repo, files(2));
    git(repo, 'branch', 'second');
    commit(repo, files(3));
    // A blob that only `second` holds, taken out of the object store (a damaged repository).
    const oid = git(repo, 'rev-parse', 'second:transcripts/t4.md').trim();
    fs.rmSync(path.join(repo, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
    for (const argv of [
      ['diff', 'first', 'second', repo],
      ['diff', 'second', 'first', repo],
      ['agree', 'second', 'HEAD', repo, '--json'],
      ['agree', 'first', 'HEAD', repo, '--json'],
    ]) {
      const expected = cli(...argv);
      assert.deepEqual(await cliAsync(...argv), expected, argv.join(' '));
    }
    assert.deepEqual(cli('diff', 'first', 'second', repo).err, [
      `condense: second: cannot read object ${oid} (${oid} missing)`,
    ]);
    assert.equal(cli('agree', 'first', 'HEAD', repo, '--json').code, 0);
  });

  it('answer exactly as in turn when many transcripts, some larger than git writes at once, come and go', async () => {
    const repo = initRepo();
    // The codebook sorts after the transcripts, so pairs are compared before it is read.
    const config = '{"codebook": "zz/codebook.md", "transcripts": ["t/**/*.md"]}\n';
    const transcript = (k: number, v: number): string => {
      const line = `**P${k % 3}:** [word ${k} 😀]{.${(k + v) % 2 ? 'x' : 'y'}} cafe\u0301 ${'text '.repeat(k % 7)}\r\n\r\n`;
      return line.repeat(k % 10 === 0 ? 4000 : 1 + (k % 5));
    };
    const files = (v: number): Record<string, string> => {
      const out: Record<string, string> = { 'condense.json': config, 'zz/codebook.md': CODEBOOK };
      for (let k = 0; k < 60; k++) {
        // Version 1 lacks every 7th transcript, version 2 every 11th; every 4th is the same in both.
        if ((v === 1 && k % 7 === 3) || (v === 2 && k % 11 === 5)) continue;
        out[`t/${k % 4}/n${k}.md`] = transcript(k, k % 4 === 0 ? 0 : v);
      }
      return out;
    };
    writeFiles(repo, files(1));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'one');
    git(repo, 'rm', '-q', '-r', 't');
    commit(repo, files(2));
    for (const argv of [
      ['diff', 'HEAD~1', 'HEAD', repo, '--json'],
      ['agree', 'HEAD~1', 'HEAD', repo, '--json'],
      ['agree', 'HEAD', 'HEAD~1', repo],
    ]) {
      const expected = cli(...argv);
      assert.equal(expected.code, 0, expected.err.join('\n'));
      assert.deepEqual(await cliAsync(...argv), expected, argv.join(' '));
    }
  });
});
