/**
 * Merging codings: the core merge of one transcript and of a codebook, and the merge
 * driver through a real `git merge` of two coders' branches after `condense git-setup`,
 * where plain git conflicts on the same branches.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeCodebook } from '../../../server/src/core/team/mergeCodebook';
import { mergeTranscript } from '../../../server/src/core/team/mergeTranscript';
import { parseSnapshot } from '../../../server/src/core/team/snapshot';
import { codebookFor, prng, randomUnits, render, words } from './generatedStudies';
import { cli, commit, git, initRepo, removeTemps, tempDir, writeFiles } from './gitRepo';

const BIN = path.resolve(__dirname, '../../../bin/condense.js');
const DIST = path.resolve(__dirname, '../../../dist/cli.js');

function merged(base: string, ours: string, theirs: string): { text: string; conflicts: number; messages: string[] } {
  const m = mergeTranscript(base, ours, theirs, 't.md');
  assert.equal(m.kind, 'merged');
  return m as { text: string; conflicts: number; messages: string[] };
}

const BASE = '**P1:** one two three four\n\n**P2:** five six\n';

describe('merging one transcript', () => {
  it('unites disjoint, nested and identical spans; the same span gets the union of codes', () => {
    const m = merged(
      BASE,
      '**P1:** [one two]{.a} three [four]{.b}\n\n**P2:** five six\n',
      '**P1:** [one two]{.c} [three four]{.d}\n\n**P2:** [five]{.e} six\n',
    );
    assert.equal(m.text, '**P1:** [one two]{.a .c} [three [four]{.b}]{.d}\n\n**P2:** [five]{.e} six\n');
    assert.equal(m.conflicts, 0);
    assert.deepEqual(m.messages, []);
  });

  it('keeps ids, notes and attributes; on a clash ours wins and it is reported', () => {
    const m = merged(
      BASE,
      '**P1:** [one two]{#u1 .a note="ours said" k=1} three four\n\n**P2:** five six\n',
      '**P1:** [one two]{#u2 .b note=theirs j=2} three four\n\n**P2:** five six\n',
    );
    assert.equal(m.text, '**P1:** [one two]{#u1 .a .b note="ours said" k=1 j=2} three four\n\n**P2:** five six\n');
    assert.equal(m.messages.length, 2);
    assert.match(m.messages[0], /^t\.md:1: both sides changed the id of the same unit; kept ours \("u1"\)/);
  });

  it('is three-way: a unit one side removed and the other left alone goes; one side recoding wins', () => {
    const base = '**P1:** [one two]{.a} three [four]{.b}\n';
    const m = merged(base, '**P1:** one two three [four]{.b}\n', '**P1:** [one two]{.a} three [four]{.c}\n');
    assert.equal(m.text, '**P1:** one two three [four]{.c}\n');
  });

  it('puts conflict markers on the paragraph of crossing spans only, and merges the rest', () => {
    const m = merged(
      BASE,
      '**P1:** [one two]{.a} three four\n\n**P2:** five six\n',
      '**P1:** one [two three]{.b} four\n\n**P2:** [five]{.e} six\n',
    );
    assert.equal(m.conflicts, 1);
    assert.equal(
      m.text,
      '<<<<<<< ours\n**P1:** [one two]{.a} three four\n=======\n**P1:** one [two three]{.b} four\n>>>>>>> theirs\n\n**P2:** [five]{.e} six\n',
    );
  });

  it('merges fenced divs, CRLF line ends, a BOM and emoji', () => {
    const base = '\ufeff**P1:** 😀 one\r\n\r\nmore 😀 text\r\n';
    const ours = '\ufeff::: {.a}\r\n**P1:** [😀]{.x} one\r\n\r\nmore 😀 text\r\n:::\r\n';
    const theirs = '\ufeff**P1:** 😀 [one]{.y}\r\n\r\nmore [😀 text]{.z}\r\n';
    const m = merged(base, ours, theirs);
    assert.equal(m.text, '\ufeff::: {.a}\r\n**P1:** [😀]{.x} [one]{.y}\r\n\r\nmore [😀 text]{.z}\r\n:::\r\n');
  });

  it('leaves texts that differ to the text merge', () => {
    assert.deepEqual(mergeTranscript(BASE, '**P1:** one two three\n', BASE, 't.md'), { kind: 'text-differs' });
  });

  it('gives exactly the union of units on generated transcripts', () => {
    const rnd = prng(99);
    const codes = ['a', 'b', 'c'];
    for (let round = 0; round < 40; round++) {
      const ws = words(rnd, 30);
      const plain = render(ws, []).markdown;
      // Two coders: one set of laminar units shared out, so that the union never crosses.
      const all = randomUnits(rnd, ws.length, 10, codes);
      const mine = all.filter(() => rnd() < 0.6);
      const yours = all
        .filter((u) => !mine.includes(u) || rnd() < 0.3)
        .map((u) => (rnd() < 0.5 ? { ...u, codes: [codes[Math.floor(rnd() * 3)]] } : u));
      const m = merged(plain, render(ws, mine).markdown, render(ws, yours).markdown);
      const snap = parseSnapshot({
        label: 'm',
        files: new Map([
          ['codebook.md', codebookFor(codes)],
          ['t.md', m.text],
        ]),
      });
      const got = snap.index
        .unitsOf('t.md')
        .map((u) => `${u.plainStart}-${u.plainEnd} ${[...u.codes].sort().join(',')}`)
        .sort();
      const expected = new Map<string, Set<string>>();
      for (const u of [...render(ws, mine).units, ...render(ws, yours).units]) {
        const k = `${u.start}-${u.end}`;
        const s = expected.get(k) ?? new Set<string>();
        for (const c of u.codes) s.add(c);
        expected.set(k, s);
      }
      assert.deepEqual(
        got,
        [...expected].map(([k, s]) => `${k} ${[...s].sort().join(',')}`).sort(),
        `round ${round}: ${m.text}`,
      );
      assert.equal(m.conflicts, 0);
    }
  });
});

describe('merging a codebook by sections', () => {
  const textMerge = (b: string, o: string, t: string) => ({
    text: `<<<<<<< ours\n${o}=======\n${t}>>>>>>> theirs\n`,
    conflicts: b === o || b === t ? 0 : 1,
  });

  it('takes each side’s changes to different codes, and adds codes from both', () => {
    const base = '# Codebook\n\n# T {#t}\n\n## A {#a}\n\nAbout A.\n\n## B {#b}\n\nAbout B.\n';
    const ours = base.replace('About A.', 'About A, revised.') + '\n## C {#c}\n\nNew from ours.\n';
    const theirs = base
      .replace('About B.', 'About B, revised.')
      .replace('## B {#b}\n\nAbout B, revised.\n', '## B {#b}\n\nAbout B, revised.\n\n## D {#d}\n\nNew from theirs.\n');
    const m = mergeCodebook(base, ours, theirs, textMerge);
    assert.equal(m.conflicts, 0);
    assert.equal(
      m.text,
      '# Codebook\n\n# T {#t}\n\n## A {#a}\n\nAbout A, revised.\n\n## B {#b}\n\nAbout B, revised.\n\n## D {#d}\n\nNew from theirs.\n\n## C {#c}\n\nNew from ours.\n',
    );
  });

  it('leaves a conflict inside the one section both sides changed', () => {
    const base = '# T {#t}\n\n## A {#a}\n\nAbout A.\n\n## B {#b}\n\nAbout B.\n';
    const m = mergeCodebook(base, base.replace('About A.', 'Ours.'), base.replace('About A.', 'Theirs.'), textMerge);
    assert.equal(m.conflicts, 1);
    assert.equal(
      m.text,
      '# T {#t}\n\n<<<<<<< ours\n## A {#a}\n\nOurs.\n=======\n## A {#a}\n\nTheirs.\n>>>>>>> theirs\n\n## B {#b}\n\nAbout B.\n',
    );
  });
});

describe('condense merge-file and git-setup with a real git merge', function () {
  this.timeout(60000);
  after(removeTemps);

  before(function () {
    if (!fs.existsSync(DIST)) throw new Error('dist/cli.js is missing: build first (node esbuild.mjs)');
  });

  function condense(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  const CODEBOOK = codebookFor(['a', 'b', 'c']);
  const T1 = '**P1:** one two three four five\n\n**P2:** six seven eight\n';
  const T2 = '**P1:** nine ten\n';

  function coders(repo: string): void {
    commit(repo, { 'study/codebook.md': CODEBOOK, 'study/t1.md': T1, 'study/t2.md': T2 }, 'uncoded transcripts');
    git(repo, 'checkout', '-q', '-b', 'coder-a');
    commit(repo, {
      'study/t1.md': '**P1:** [one two]{.a} three [four five]{.b}\n\n**P2:** six [seven]{.a} eight\n',
      'study/t2.md': '**P1:** [nine]{.a} ten\n',
    });
    git(repo, 'checkout', '-q', '-b', 'coder-b', 'main');
    commit(repo, {
      'study/t1.md': '**P1:** [one two]{.c} [three four five]{.a}\n\n**P2:** six seven [eight]{.b}\n',
      'study/t2.md': '**P1:** [nine ten]{.b}\n',
    });
  }

  it('plain git conflicts on two coders’ branches', () => {
    const repo = initRepo();
    coders(repo);
    const r = spawnSync(
      'git',
      ['-c', 'user.name=C', '-c', 'user.email=c@example.org', 'merge', '-q', 'coder-a', '-m', 'merge'],
      {
        cwd: repo,
        encoding: 'utf8',
      },
    );
    assert.notEqual(r.status, 0);
    assert.match(fs.readFileSync(path.join(repo, 'study/t1.md'), 'utf8'), /^<<<<<<< /m);
  });

  it('after condense git-setup, git merge ends cleanly with exactly the union of units', () => {
    const repo = initRepo();
    coders(repo);
    const study = path.join(repo, 'study');
    const first = condense(repo, 'git-setup', 'study');
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /added "codebook\.md merge=condense diff=condense"/);
    assert.match(first.stdout, /git config merge\.condense\.driver = .* merge-file %O %A %B %P/);
    // Idempotent: the second run changes nothing and says so.
    const attributes = fs.readFileSync(path.join(study, '.gitattributes'), 'utf8');
    const again = condense(repo, 'git-setup', 'study');
    assert.equal(again.status, 0);
    assert.match(again.stdout, /already set up/);
    assert.doesNotMatch(again.stdout, / = /);
    assert.equal(fs.readFileSync(path.join(study, '.gitattributes'), 'utf8'), attributes);
    // The driver command works without condense on the PATH: it names node and the script.
    const driver = git(repo, 'config', '--get', 'merge.condense.driver');
    assert.ok(driver.includes(BIN), driver);

    const env = { ...process.env, PATH: path.dirname(execFileSync('which', ['git'], { encoding: 'utf8' }).trim()) };
    const r = spawnSync(
      'git',
      ['-c', 'user.name=C', '-c', 'user.email=c@example.org', 'merge', 'coder-a', '-m', 'merge'],
      {
        cwd: repo,
        encoding: 'utf8',
        env,
      },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(git(repo, 'status', '--porcelain', '--untracked-files=no'), '');
    assert.equal(
      fs.readFileSync(path.join(study, 't1.md'), 'utf8'),
      '**P1:** [one two]{.c .a} [three [four five]{.b}]{.a}\n\n**P2:** six [seven]{.a} [eight]{.b}\n',
    );
    assert.equal(fs.readFileSync(path.join(study, 't2.md'), 'utf8'), '**P1:** [[nine]{.a} ten]{.b}\n');
    // git diff shows the coding changes through the diff driver.
    const d = spawnSync('git', ['diff', 'HEAD~1', 'HEAD', '--', 'study/t2.md'], { cwd: repo, encoding: 'utf8' });
    assert.match(d.stdout, /# {3}added +1 {2}a {2}"nine"/);
  });

  it('merges a codebook by sections and the study check stays clean', () => {
    const repo = initRepo();
    commit(repo, {
      'codebook.md': '# T {#t}\n\n## A {#a}\n\nAbout A.\n\n## B {#b}\n\nAbout B.\n',
      't.md': '**P1:** one\n',
    });
    assert.equal(condense(repo, 'git-setup').status, 0);
    git(repo, 'add', '.gitattributes');
    git(repo, 'commit', '-q', '-m', 'setup');
    git(repo, 'checkout', '-q', '-b', 'x');
    commit(repo, { 'codebook.md': '# T {#t}\n\n## A {#a}\n\nAbout A, by x.\n\n## B {#b}\n\nAbout B.\n' });
    git(repo, 'checkout', '-q', '-b', 'y', 'main');
    commit(repo, { 'codebook.md': '# T {#t}\n\n## A {#a}\n\nAbout A.\n\n## B {#b}\n\nAbout B, by y.\n' });
    const r = spawnSync('git', ['-c', 'user.name=C', '-c', 'user.email=c@example.org', 'merge', 'x', '-m', 'merge'], {
      cwd: repo,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(
      fs.readFileSync(path.join(repo, 'codebook.md'), 'utf8'),
      '# T {#t}\n\n## A {#a}\n\nAbout A, by x.\n\n## B {#b}\n\nAbout B, by y.\n',
    );
  });

  it('crossing spans: conflict markers on that paragraph, exit 1; binary input: exit 2 with one line', () => {
    const dir = tempDir();
    writeFiles(dir, {
      base: '**P1:** one two three\n\n**P2:** four\n',
      ours: '**P1:** [one two]{.a} three\n\n**P2:** four\n',
      theirs: '**P1:** one [two three]{.b}\n\n**P2:** [four]{.a}\n',
      bin: new Uint8Array([1, 0, 2]),
    });
    const r = condense(dir, 'merge-file', 'base', 'ours', 'theirs', 't.md');
    assert.equal(r.status, 1);
    assert.equal(
      fs.readFileSync(path.join(dir, 'ours'), 'utf8'),
      '<<<<<<< ours\n**P1:** [one two]{.a} three\n=======\n**P1:** one [two three]{.b}\n>>>>>>> theirs\n\n**P2:** [four]{.a}\n',
    );
    // A typo fixed on one side, units added on both: the text merges and the units are carried.
    writeFiles(dir, {
      base: '**P1:** one two thre four\n\nSome more.\n\n**P2:** five six\n',
      ours: '**P1:** [one two]{.a} three four\n\nSome more.\n\n**P2:** five six\n',
      theirs: '**P1:** one two thre [four]{.b}\n\nSome more.\n\n**P2:** [five]{.c} six\n',
    });
    const t = condense(dir, 'merge-file', 'base', 'ours', 'theirs', 't.md');
    assert.equal(t.status, 0, t.stderr);
    assert.equal(
      fs.readFileSync(path.join(dir, 'ours'), 'utf8'),
      '**P1:** [one two]{.a} three [four]{.b}\n\nSome more.\n\n**P2:** [five]{.c} six\n',
    );
    assert.match(t.stderr, /the text differs between the sides; merged the text and carried the units/);
    const b = cli('merge-file', path.join(dir, 'base'), path.join(dir, 'bin'), path.join(dir, 'theirs'), 't.md');
    assert.equal(b.code, 2);
    assert.equal(b.err.length, 1);
    assert.match(b.err[0], /^condense: merge-file: .*bin: binary file or not UTF-8 text; left to git$/);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['base', 'bin', 'ours', 'theirs']);
    assert.equal(cli('git-setup', dir).code, 2);
  });
});
