/**
 * Benchmarks of the team commands on two versions of the synthetic study: `condense
 * diff` and `condense agree` between two folders and between two git commits, and the
 * merge of every file of three versions (what the merge driver does, file by file),
 * each held to at most twice the time of `condense check` on one version.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAsync } from '../../server/src/cli/run';
import { mergeStudyFile } from '../../server/src/node/mergeFile';
import { row } from './report';
import { codeIds, prng, writeSyntheticStudy } from './synthetic';

const TRANSCRIPTS = Number(process.env.BENCH_TRANSCRIPTS ?? 1000);
const WORDS = Number(process.env.BENCH_WORDS ?? 5000);

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Another coder's version of a transcript: about `recode` of the units get another
 * first code, some single words become new units, and with `typo` one word is changed.
 */
function variant(text: string, seed: number, recode: number, typo: boolean): string {
  const rnd = prng(seed);
  const ids = codeIds();
  let out = text.replace(/\]\{\.([A-Za-z0-9]+)/g, (m, code: string) =>
    rnd() < recode ? `]{.${ids[Math.floor(rnd() * ids.length)]}` : m === '' ? m : `]{.${code}`,
  );
  out = out.replace(/ services /g, (m) => (rnd() < 0.2 ? ` [services]{.${ids[Math.floor(rnd() * ids.length)]}} ` : m));
  if (typo) out = out.replace(' organization ', ' organisation ');
  return out;
}

function copyStudy(from: string, to: string, seed: number, recode: number): void {
  fs.mkdirSync(path.join(to, 'transcripts'), { recursive: true });
  for (const f of ['codebook.md', 'condense.json']) fs.copyFileSync(path.join(from, f), path.join(to, f));
  const files = fs.readdirSync(path.join(from, 'transcripts')).sort();
  files.forEach((f, k) => {
    const text = fs.readFileSync(path.join(from, 'transcripts', f), 'utf8');
    fs.writeFileSync(path.join(to, 'transcripts', f), variant(text, seed + k, recode, seed % 2 === 1 && k % 20 === 0));
  });
}

/** Best of `runs` timings of `f`. */
async function best(runs: number, f: () => unknown): Promise<number> {
  let t = Infinity;
  for (let k = 0; k < runs; k++) {
    global.gc?.();
    const t0 = process.hrtime.bigint();
    await f();
    t = Math.min(t, ms(t0));
  }
  return t;
}

/** A command as `condense` runs it (runAsync: diff and agree read their two revisions side by side). */
async function cli(...argv: string[]): Promise<void> {
  const code = await runAsync(
    argv,
    () => undefined,
    () => undefined,
  );
  if (code > 1) throw new Error(`condense ${argv.join(' ')} failed with exit ${code}`);
}

/** Runs the team benchmarks and prints one row per figure. */
export async function benchTeam(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-bench-team-'));
  try {
    const a = path.join(root, 'a');
    const b = path.join(root, 'b');
    const c = path.join(root, 'c');
    writeSyntheticStudy(a, TRANSCRIPTS, WORDS);
    copyStudy(a, b, 1, 0.1);
    copyStudy(a, c, 2, 0.1);
    console.log(
      `Team commands: versions B and C of the study, 10% of units recoded, new units, a word changed in 1 transcript of 20 (B)`,
    );
    const check = await best(3, () => cli('check', a));
    row('condense check, one version', `${check.toFixed(0)} ms`, '', null);
    const diff = await best(3, () => cli('diff', a, b, '--json'));
    row(
      'condense diff A B (folders) --json',
      `${diff.toFixed(0)} ms`,
      `<= ${(2 * check).toFixed(0)} ms (2x)`,
      diff <= 2 * check,
    );
    const agree = await best(3, () => cli('agree', a, b, '--json'));
    row(
      'condense agree A B (folders) --json',
      `${agree.toFixed(0)} ms`,
      `<= ${(2 * check).toFixed(0)} ms (2x)`,
      agree <= 2 * check,
    );

    // The same two versions as commits of one repository.
    const repo = path.join(root, 'repo');
    fs.cpSync(a, repo, { recursive: true });
    const g = (...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', ...args], {
        cwd: repo,
        stdio: 'ignore',
      });
    };
    g('init', '-q');
    g('add', '-A');
    g('commit', '-q', '-m', 'A');
    fs.cpSync(path.join(b, 'transcripts'), path.join(repo, 'transcripts'), { recursive: true });
    g('commit', '-q', '-a', '-m', 'B');
    const gitDiff = await best(3, () => cli('diff', 'HEAD~1', 'HEAD', repo, '--json'));
    row(
      'condense diff HEAD~1 HEAD --json',
      `${gitDiff.toFixed(0)} ms`,
      `<= ${(2 * check).toFixed(0)} ms (2x)`,
      gitDiff <= 2 * check,
    );
    const gitAgree = await best(3, () => cli('agree', 'HEAD~1', 'HEAD', repo, '--json'));
    row(
      'condense agree HEAD~1 HEAD --json',
      `${gitAgree.toFixed(0)} ms`,
      `<= ${(2 * check).toFixed(0)} ms (2x)`,
      gitAgree <= 2 * check,
    );

    // Merge: base A, ours B, theirs C, every transcript and the codebook.
    const files = ['codebook.md', ...fs.readdirSync(path.join(a, 'transcripts')).map((f) => `transcripts/${f}`)];
    const texts = files.map((f) => [a, b, c].map((d) => fs.readFileSync(path.join(d, f), 'utf8')));
    let conflicts = 0;
    const merge = await best(3, () => {
      conflicts = 0;
      files.forEach((f, k) => {
        const [base, ours, theirs] = texts[k];
        conflicts += mergeStudyFile(base, ours, theirs, path.join(b, f), path.join(b, f)).conflicts;
      });
    });
    row(
      'merge of every file, base A, ours B, theirs C',
      `${merge.toFixed(0)} ms`,
      `<= ${(2 * check).toFixed(0)} ms (2x)`,
      merge <= 2 * check,
    );
    console.log(`(${files.length} files merged, ${conflicts} conflicts)`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
