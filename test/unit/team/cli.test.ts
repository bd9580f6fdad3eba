/**
 * `condense diff` and `condense agree` on temporary git repositories and folders: exact
 * results, every output format, the working tree left alone, and bad input answered
 * with one line and exit 2.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { cli, commit, git, initRepo, removeTemps, snapshotTree, tempDir, writeFiles, type CliResult } from './gitRepo';

const CODEBOOK = '# Theme {#t}\n\n## X {#x}\n\n## Y {#y}\n';
const V1 = '**P1:** [one two]{.x} three [four]{.y} five\n';
const V2 = '**P1:** [one two]{.y} three [four five]{.y}\n\n**P2:** [six]{.x}\n';

function assertOneLine(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 2, r.out);
  assert.equal(r.err.length, 1, JSON.stringify(r.err));
  assert.doesNotMatch(r.err[0], /\n|\s+at\s+\S+\s*\(/);
  assert.match(r.err[0], pattern);
}

interface UnitJson {
  file: string;
  change: string;
  codesBefore: string[];
  codesAfter: string[];
  plainStart: number;
  plainEnd: number;
  range: unknown;
  text: string;
}

function unitTuples(json: string): string[] {
  const d = JSON.parse(json) as { units: UnitJson[] };
  for (const u of d.units)
    assert.deepEqual(Object.keys(u), [
      'file',
      'change',
      'codesBefore',
      'codesAfter',
      'plainStart',
      'plainEnd',
      'range',
      'text',
    ]);
  return d.units
    .map(
      (u) =>
        `${u.file} ${u.change} ${u.codesBefore.join(',')}>${u.codesAfter.join(',')} ${u.plainStart}-${u.plainEnd} ${u.text}`,
    )
    .sort();
}

const EXPECTED = [
  't.md recoded x>y 4-11 one two',
  't.md resized y>y 18-27 four five',
  't.md added >x 33-36 six',
].sort();

describe('condense diff', () => {
  after(removeTemps);

  it('compares HEAD~1 with HEAD in a study inside a repository', () => {
    const repo = initRepo();
    commit(repo, { 'study/codebook.md': CODEBOOK, 'study/t.md': V1, 'other.txt': 'x' });
    commit(repo, { 'study/t.md': V2 });
    const before = snapshotTree(repo);
    const status = git(repo, 'status', '--porcelain');
    const r = cli('diff', 'HEAD~1', 'HEAD', path.join(repo, 'study'), '--json');
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.deepEqual(unitTuples(r.out), EXPECTED);
    assert.deepEqual(snapshotTree(repo), before);
    assert.equal(git(repo, 'status', '--porcelain'), status);
  });

  it('reads a study folder whose name holds pathspec magic and emoji', () => {
    const repo = initRepo();
    commit(repo, { 'st[u]dy 😀/codebook.md': CODEBOOK, 'st[u]dy 😀/t.md': V1, 'study/t.md': 'decoy' });
    commit(repo, { 'st[u]dy 😀/t.md': V2 });
    const r = cli('diff', 'HEAD~1', 'HEAD', path.join(repo, 'st[u]dy 😀'), '--json');
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.deepEqual(unitTuples(r.out), EXPECTED);
  });

  it('compares two folders, and a revision with the working tree', () => {
    const a = tempDir();
    const b = tempDir();
    writeFiles(a, { 'codebook.md': CODEBOOK, 't.md': V1 });
    writeFiles(b, { 'codebook.md': CODEBOOK, 't.md': V2 });
    assert.deepEqual(unitTuples(cli('diff', a, b, '--json').out), EXPECTED);

    const repo = initRepo();
    commit(repo, { 'codebook.md': CODEBOOK, 't.md': V1 });
    writeFiles(repo, { 't.md': V2 });
    // B as the study folder itself is its working tree.
    const r = cli('diff', 'HEAD', repo, repo, '--json');
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.deepEqual(unitTuples(r.out), EXPECTED);
    const here = process.cwd();
    process.chdir(repo);
    try {
      assert.deepEqual(unitTuples(cli('diff', 'HEAD', '--json').out), EXPECTED);
    } finally {
      process.chdir(here);
    }
  });

  it('prints changes by transcript for a terminal and as Markdown for a pull request', () => {
    const repo = initRepo();
    commit(repo, { 'codebook.md': CODEBOOK, 't.md': V1 });
    commit(repo, { 't.md': V2, 'codebook.md': CODEBOOK.replace('## Y {#y}', '## Y {#y color="#123456"}') });
    const text = cli('diff', 'HEAD~1', 'HEAD', repo);
    assert.equal(text.code, 0);
    assert.match(
      text.out,
      /^Coding changes from HEAD~1 to HEAD: 1 recoded, 1 resized, 1 added, 1 codebook change, 1 text difference\./,
    );
    assert.match(
      text.out,
      /\nt\.md\n {2}text at 28: "" → "P2: six"\n {2}recoded +1 {2}x → y {2}"one two"\n {2}resized +1 {2}18–22 → 18–27, y {2}"four five"/,
    );
    assert.match(text.out, /recoloured y: \(none\) → #123456/);
    const md = cli('diff', 'HEAD~1', 'HEAD', repo, '--format', 'markdown');
    assert.match(md.out, /^### Coding changes: `HEAD~1` → `HEAD`/);
    assert.match(md.out, /\| recoded \| 1 \| x → y \| one two \|/);
  });

  it('answers bad input with one line and exit 2', () => {
    const repo = initRepo();
    commit(repo, { 'README.md': 'hello\n' });
    commit(repo, { 'study/codebook.md': CODEBOOK, 'study/t.md': V1 });
    const study = path.join(repo, 'study');
    assertOneLine(
      cli('diff', 'no-such-branch', 'HEAD', study),
      /^condense: no-such-branch: no such folder or revision/,
    );
    assertOneLine(
      cli('diff', 'HEAD~1', 'HEAD', study),
      /^condense: HEAD~1: the study folder study\/ is not in that revision/,
    );
    const plain = tempDir();
    writeFiles(plain, { 'codebook.md': CODEBOOK, 't.md': V1 });
    assertOneLine(
      cli('diff', 'HEAD', plain, plain),
      /^condense: HEAD: no such folder, and .* is not in a git repository/,
    );
    assertOneLine(cli('diff', 'HEAD', 'HEAD', plain), /is not in a git repository/);
    commit(repo, { 'study/binary.md': new Uint8Array([0x50, 0, 1, 2, 0xff]) });
    assertOneLine(
      cli('diff', 'HEAD~1', 'HEAD', study),
      /^condense: HEAD: binary\.md is a binary file or not UTF-8 text/,
    );
    assertOneLine(cli('diff', 'HEAD', study, '--format', 'html'), /diff --format is text, markdown or json/);
    assertOneLine(cli('diff'), /usage: condense diff/);
    const empty = tempDir();
    assertOneLine(cli('diff', empty, plain), /no study there/);
  });
});

describe('condense agree', () => {
  after(removeTemps);

  // plain: "P1: aaaa bbbb cccc dddd" (23 code points)
  const CODER_A = '**P1:** [aaaa bbbb]{.x} [cccc]{.y} dddd\n';
  const CODER_B = '**P1:** [aaaa]{.x} bbbb [cccc]{.y} [dddd]{.x}\n';

  function check(json: string): void {
    const r = JSON.parse(json) as {
      characters: number;
      codes: {
        id: string;
        both: number;
        aOnly: number;
        bOnly: number;
        neither: number;
        percentAgreement: number;
        kappa: number;
        alpha: number;
        segments: unknown;
      }[];
      pooled: { both: number; aOnly: number; bOnly: number; neither: number };
    };
    assert.equal(r.characters, 24);
    const x = r.codes.find((c) => c.id === 'x');
    assert.deepEqual(
      { id: x?.id, both: x?.both, aOnly: x?.aOnly, bOnly: x?.bOnly, neither: x?.neither, segments: x?.segments },
      { id: 'x', both: 4, aOnly: 5, bOnly: 4, neither: 11, segments: { matched: 0, aOnly: 1, bOnly: 2 } },
    );
    const close = (got: number | undefined, want: number): void =>
      assert.ok(got !== undefined && Math.abs(got - want) < 1e-12, `${got} vs ${want}`);
    close(x?.percentAgreement, 15 / 24);
    // p_A = 9/24, p_B = 8/24, p_e = (9·8 + 15·16)/576 = 312/576; κ = (15/24 − p_e)/(1 − p_e)
    close(x?.kappa, (15 / 24 - 312 / 576) / (1 - 312 / 576));
    // n = 48, n₁ = 2·4 + 9 = 17, n₀ = 2·11 + 9 = 31: α = 1 − 47·9/(31·17)
    close(x?.alpha, 1 - (47 * 9) / (31 * 17));
    assert.deepEqual(
      { both: r.pooled.both, aOnly: r.pooled.aOnly, bOnly: r.pooled.bOnly, neither: r.pooled.neither },
      { both: 8, aOnly: 5, bOnly: 4, neither: 31 },
    );
  }

  it('gives exact counts and figures between two branches and between two folders', () => {
    const repo = initRepo();
    commit(repo, { 'codebook.md': CODEBOOK, 't.md': '**P1:** aaaa bbbb cccc dddd\n' });
    git(repo, 'checkout', '-q', '-b', 'coder-a');
    commit(repo, { 't.md': CODER_A });
    git(repo, 'checkout', '-q', '-b', 'coder-b', 'main');
    commit(repo, { 't.md': CODER_B });
    const before = snapshotTree(repo);
    const r = cli('agree', 'coder-a', 'coder-b', repo, '--json');
    assert.equal(r.code, 0, r.err.join('\n'));
    check(r.out);
    assert.deepEqual(snapshotTree(repo), before);

    const a = tempDir();
    const b = tempDir();
    writeFiles(a, { 'codebook.md': CODEBOOK, 't.md': CODER_A });
    writeFiles(b, { 'codebook.md': CODEBOOK, 't.md': CODER_B });
    check(cli('agree', a, b, '--json').out);
    assert.equal(JSON.parse(cli('agree', a, b, '--json', '--threshold', '0.4').out).codes[0].segments.matched, 1);
  });

  it('prints a table sorted by kappa, lowest first', () => {
    const a = tempDir();
    const b = tempDir();
    writeFiles(a, { 'codebook.md': CODEBOOK, 't.md': CODER_A });
    writeFiles(b, { 'codebook.md': CODEBOOK, 't.md': CODER_B });
    const r = cli('agree', a, b);
    assert.equal(r.code, 0);
    const rows = r.out.split('\n').filter((l) => /^(x|y|\(pooled\)) /.test(l));
    assert.deepEqual(
      rows.map((l) => l.split(/\s+/)[0]),
      ['x', 'y', '(pooled)'],
    );
    assert.match(rows[1], /^y +1\.000 +1\.000 +100\.0 +4 +0 +0 +1\/0\/0$/);
  });

  it('answers bad input with one line and exit 2', () => {
    const a = tempDir();
    writeFiles(a, { 'codebook.md': CODEBOOK, 't.md': CODER_A });
    assertOneLine(cli('agree', a), /usage: condense agree/);
    assertOneLine(cli('agree', a, a, '--threshold', '0'), /--threshold must be a number above 0/);
    assertOneLine(cli('agree', a, a, '--threshold', 'abc'), /--threshold must be a number above 0/);
    assertOneLine(cli('agree', a, 'main', a), /not in a git repository/);
  });
});
