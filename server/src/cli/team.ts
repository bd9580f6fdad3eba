/**
 * The team commands of the CLI: `diff` and `agree` between two versions of a study
 * (folders or git revisions), `merge-file` (git's merge-driver contract) and
 * `git-setup`. main.ts hands these commands over whole, with their own arguments.
 */
import { renderAgreementText, renderDiffMarkdown, renderDiffText } from '../core/team/render';
import { AgreementTally, type AgreementResult } from '../core/team/agreement';
import type { ParsedSnapshot, StudySnapshot } from '../core/team/snapshot';
import { agreeSnapshots, diffSnapshots, PairStream } from '../core/team/snapshotPairs';
import { DiffTally, diffJson, type StudyDiff } from '../core/team/studyDiff';
import type { TranscriptPair } from '../core/team/unitChanges';
import { readVersion, streamVersions, VersionError } from '../node/studyVersion';
import { runMergeFile } from './mergeFileCommand';
import { runGitDiffDriver, runGitSetup } from './teamMerge';

/** The commands this module runs. */
export const TEAM_COMMANDS = ['diff', 'agree', 'merge-file', 'git-setup', 'git-diff-driver'];

/** Team commands' usage lines, for condense --help. */
export const TEAM_USAGE = `  diff <A> [<B>] [dir] [--json | --format markdown]
                       coding changes from version A to B of the study in dir;
                       A and B are folders or git revisions, B defaults to
                       the working tree
  agree <A> <B> [dir] [--json] [--threshold 0.8]
                       intercoder agreement between two coders' versions
  merge-file <base> <ours> <theirs> [path]
                       git merge driver for codings (see git-setup)
  git-setup [dir]      set up git to merge and diff the study's codings`;

class TeamUsageError extends Error {}

interface TeamArgs {
  positional: string[];
  json: boolean;
  format?: string;
  threshold?: number;
}

function parseTeamArgs(argv: string[]): TeamArgs {
  const a: TeamArgs = { positional: [], json: false };
  for (let k = 0; k < argv.length; k++) {
    const x = argv[k];
    const valued = /^--(format|threshold)(?:=(.*))?$/.exec(x);
    if (valued) {
      const v = valued[2] ?? argv[++k];
      if (v === undefined || v === '') throw new TeamUsageError(`--${valued[1]} needs a value`);
      if (valued[1] === 'format') a.format = v;
      else {
        const t = Number(v);
        if (!/^\s*[0-9.eE+-]+\s*$/.test(v) || !(t > 0 && t <= 1))
          throw new TeamUsageError(`--threshold must be a number above 0 and at most 1 (not "${v}")`);
        a.threshold = t;
      }
    } else if (x === '--json') a.json = true;
    else if (x === '--') {
      a.positional.push(...argv.slice(k + 1));
      k = argv.length;
    } else if (x.startsWith('-') && x !== '-') throw new TeamUsageError(`unknown option ${x} (see condense --help)`);
    else a.positional.push(x);
  }
  return a;
}

/**
 * Runs a team command (argv without the command name); returns the exit code. With
 * `pending`, `diff` and `agree` read their two versions side by side and hand the rest
 * of their work to it (the exit code is then its result); without, they read in turn.
 */
export function runTeam(
  command: string,
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  pending?: (work: Promise<number>) => void,
): number {
  const failed = (e: unknown): number => {
    if (e instanceof TeamUsageError || e instanceof VersionError) {
      err(`condense: ${e.message}`);
      return 2;
    }
    throw e;
  };
  try {
    if (command === 'merge-file') return runMergeFile(argv, err);
    if (command === 'git-setup') return runGitSetup(argv, out, err);
    if (command === 'git-diff-driver') return runGitDiffDriver(argv, out, err);
    const args = parseTeamArgs(argv);
    const job = command === 'diff' ? diffJob(args, out) : agreeJob(args, out);
    if (!pending) return job.finish(readVersion(job.versions[0], job.dir), readVersion(job.versions[1], job.dir));
    // Each pair is compared as soon as both versions have given it (PairStream).
    const tally = job.tally();
    const stream = new PairStream(job.skipSame, (p) => tally.add(p));
    pending(
      streamVersions(job.versions, job.dir, stream)
        .then(() => tally.done(...stream.versions()))
        .catch(failed),
    );
    return 0;
  } catch (e) {
    return failed(e);
  }
}

/** A version's label and codebooks, all the tallies' results need. */
type VersionInfo = Pick<ParsedSnapshot, 'label' | 'index'>;

/**
 * A `diff` or `agree` with its arguments checked: the two versions to read, and what to
 * do with them: `finish` with both read whole, or a tally fed one transcript pair at a
 * time (the pairs of identical texts left out when `skipSame`), then done.
 */
interface TeamJob {
  versions: [string | undefined, string | undefined];
  dir: string;
  finish: (a: StudySnapshot, b: StudySnapshot) => number;
  skipSame: boolean;
  tally: () => { add: (p: TranscriptPair) => void; done: (a: VersionInfo, b: VersionInfo) => number };
}

function diffJob(args: TeamArgs, out: (s: string) => void): TeamJob {
  const p = args.positional;
  if (p.length < 1 || p.length > 3)
    throw new TeamUsageError('usage: condense diff <A> [<B>] [dir] [--json | --format markdown]');
  if (args.threshold !== undefined) throw new TeamUsageError('--threshold goes with agree only');
  if (args.format !== undefined && args.format !== 'markdown' && args.format !== 'text' && args.format !== 'json')
    throw new TeamUsageError(`diff --format is text, markdown or json (not "${args.format}")`);
  const print = (d: StudyDiff): number => {
    if (args.json || args.format === 'json') out(JSON.stringify(diffJson(d), null, 2));
    else if (args.format === 'markdown') out(renderDiffMarkdown(d));
    else out(renderDiffText(d));
    return 0;
  };
  return {
    versions: [p[0], p[1]],
    dir: p[2] ?? '.',
    finish: (a, b) => print(diffSnapshots(a, b)),
    skipSame: true,
    tally: () => {
      const t = new DiffTally();
      return { add: (pair) => t.add(pair), done: (a, b) => print(t.result(a, b)) };
    },
  };
}

function agreeJob(args: TeamArgs, out: (s: string) => void): TeamJob {
  const p = args.positional;
  if (p.length < 2 || p.length > 3)
    throw new TeamUsageError('usage: condense agree <A> <B> [dir] [--json] [--threshold 0.8]');
  if (args.format !== undefined) throw new TeamUsageError('agree takes --json, not --format');
  const threshold = args.threshold ?? 0.8;
  const print = (r: AgreementResult): number => {
    out(args.json ? JSON.stringify(r, null, 2) : renderAgreementText(r));
    return 0;
  };
  return {
    versions: [p[0], p[1]],
    dir: p[2] ?? '.',
    finish: (a, b) => print(agreeSnapshots(a, b, threshold)),
    skipSame: false,
    tally: () => {
      const t = new AgreementTally(threshold);
      return { add: (pair) => t.add(pair), done: (a, b) => print(t.result(a, b)) };
    },
  };
}
