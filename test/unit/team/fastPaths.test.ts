/**
 * The shortcuts the team commands take for speed give exactly the results of the
 * straightforward way: the alignment (run on code points after the common start) is the
 * `diff` library's `diffChars` on the whole texts; the comparison one transcript pair at
 * a time is the comparison of the two versions parsed whole; a text merge answered
 * without git (one side is the base) is git merge-file's answer.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diffChars } from 'diff';
import { computeAgreement } from '../../../server/src/core/team/agreement';
import { parseSnapshot, type StudySnapshot } from '../../../server/src/core/team/snapshot';
import { agreeSnapshots, diffSnapshots } from '../../../server/src/core/team/snapshotPairs';
import { diffJson, diffStudies } from '../../../server/src/core/team/studyDiff';
import { alignTexts, type AlignmentBlock } from '../../../server/src/core/team/textAlignment';
import { gitMergeText } from '../../../server/src/node/mergeFile';
import { prng } from './generatedStudies';

/** The alignment as documented: diffChars on the whole texts, its runs measured and merged. */
function reference(a: string, b: string, utf16: boolean): AlignmentBlock[] {
  const measure = (s: string): number => (utf16 ? s.length : Array.from(s).length);
  const blocks: AlignmentBlock[] = [];
  let ai = 0;
  let bi = 0;
  for (const ch of diffChars(a, b, { maxEditLength: 4000 }) ?? []) {
    const n = measure(ch.value);
    const equal = !ch.added && !ch.removed;
    const last = blocks[blocks.length - 1];
    if (!equal && last && !last.equal) {
      if (ch.removed) last.aEnd += n;
      else last.bEnd += n;
    } else if (equal) blocks.push({ equal: true, aStart: ai, aEnd: ai + n, bStart: bi, bEnd: bi + n });
    else
      blocks.push({
        equal: false,
        aStart: ai,
        aEnd: ch.removed ? ai + n : ai,
        bStart: bi,
        bEnd: ch.added ? bi + n : bi,
      });
    if (equal || ch.removed) ai += n;
    if (equal || ch.added) bi += n;
  }
  return blocks;
}

// Pieces that make ties for Myers (repeats) and surrogates, lone ones included.
const PIECES = ['a', 'b', 'ab', ' ', '\n', '\r\n', 'é', 'e\u0301', '😀', '😁', '\ud83d', '\ude00', '👩‍⚕️', 'xyz'];

function randomText(rnd: () => number, n: number): string {
  let s = '';
  for (let k = 0; k < n; k++) s += PIECES[Math.floor(rnd() * PIECES.length)];
  return s;
}

/** B: A with a few random pieces replaced, inserted or deleted. */
function edited(rnd: () => number, a: string): string {
  let b = a;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (b.length + 1));
    const del = Math.floor(rnd() * 3);
    b = b.slice(0, at) + (rnd() < 0.7 ? randomText(rnd, 1 + Math.floor(rnd() * 2)) : '') + b.slice(at + del);
  }
  return b;
}

describe('team fast paths', () => {
  it('aligns exactly as diffChars on the whole texts, in code points and in UTF-16', () => {
    const rnd = prng(8);
    for (let k = 0; k < 3000; k++) {
      const a = randomText(rnd, Math.floor(rnd() * 30));
      const b = rnd() < 0.2 ? randomText(rnd, Math.floor(rnd() * 30)) : edited(rnd, a);
      if (a === b) continue;
      for (const utf16 of [false, true]) {
        assert.deepEqual(alignTexts(a, b, utf16).blocks, reference(a, b, utf16), JSON.stringify({ a, b, utf16 }));
      }
    }
  });

  it('compares two snapshots pair by pair exactly as when both are parsed whole', () => {
    const rnd = prng(3);
    const codebook = '# Theme {#t}\n\n## X {#x}\n\n## Y {#y}\n';
    const unit = (w: string): string =>
      rnd() < 0.3 ? `[${w}]{.${rnd() < 0.5 ? 'x' : 'y'}${rnd() < 0.2 ? ' .t' : ''}}` : w;
    const transcript = (): string => {
      const words: string[] = [];
      for (let k = 0; k < 40; k++) words.push(unit(['peer', 'café', '😀', 'e\u0301te\u0301', 'plan'][k % 5]));
      return `**P1:** ${words.join(' ')}\n`;
    };
    const a: StudySnapshot = { label: 'A', files: new Map([['codebook.md', codebook]]) };
    const b: StudySnapshot = { label: 'B', files: new Map([['codebook.md', codebook.replace('X {#x}', 'Ex {#x}')]]) };
    for (let f = 0; f < 12; f++) {
      const t = transcript();
      // Same text in both, recoded, a typo, present in one version only.
      if (f % 4 !== 3) a.files.set(`t${f}.md`, t);
      if (f % 4 === 0) b.files.set(`t${f}.md`, t);
      else if (f % 4 === 1) b.files.set(`t${f}.md`, transcript());
      else b.files.set(`t${f}.md`, t.replace('plan', 'plans').replace('\n', '\r\n'));
    }
    const pa = parseSnapshot(a);
    const pb = parseSnapshot(b);
    const whole = diffJson(diffStudies(pa, pb));
    assert.deepEqual(diffJson(diffSnapshots(a, b)), whole);
    assert.ok((whole as { units: unknown[] }).units.length > 10);
    for (const threshold of [0.8, 0.3]) {
      assert.deepEqual(agreeSnapshots(a, b, threshold), computeAgreement(pa, pb, threshold));
    }
  });

  it('answers without git where one side is the base, exactly as git merge-file does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-fastmerge-'));
    try {
      const rnd = prng(12);
      const lines = ['a\n', 'b\n', '\n', 'c\r\n', 'x', 'é\n', '😀\n', ' \n', 'a'];
      const text = (): string => {
        let s = '';
        for (let k = Math.floor(rnd() * 8); k > 0; k--) s += lines[Math.floor(rnd() * lines.length)];
        return s;
      };
      const git = (ours: string, base: string, theirs: string): string => {
        const files = ['o', 'b', 't'].map((n) => path.join(dir, n));
        [ours, base, theirs].forEach((t, k) => fs.writeFileSync(files[k], t));
        const r = spawnSync('git', ['merge-file', '-p', ...files], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        return r.stdout;
      };
      for (let k = 0; k < 60; k++) {
        const base = text();
        const other = rnd() < 0.5 ? text() : base.replace('a', 'z') + text();
        for (const [o, b, t] of [
          [base, base, other],
          [other, base, base],
          [other, base, other],
        ]) {
          const m = gitMergeText(b, o, t, path.join(dir, 'f.md'));
          assert.deepEqual(m, { text: git(o, b, t), conflicts: 0 }, JSON.stringify({ o, b, t }));
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
