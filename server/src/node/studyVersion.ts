/**
 * Reads one version of a study for `condense diff` and `condense agree`: a folder if one
 * exists by the name given, else a revision of the git repository that holds the study
 * folder (read with `git ls-tree` and `git cat-file --batch`, so the working tree is
 * never touched).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, defaultConfig } from '../core/config';
import { classifierOf, configOf, type StudySnapshot } from '../core/team/snapshot';
import {
  GitError,
  listTree,
  listTreeAsync,
  mapBlobsAsync,
  readBlobsAsync,
  readBlobs,
  repositoryOf,
  repositoryOfAsync,
  resolveCommit,
  type TreeEntry,
} from './gitRead';
import { decodeText, studyGlobs } from './loadStudy';
import { scanStudyFiles } from './studyFiles';

/** A version that cannot be read: printed as one line, exit 2. */
export class VersionError extends Error {}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Why a file over the study's maxFileSize cannot be compared. */
const TOO_LARGE = "is larger than the study's maxFileSize";

function decodeOrFail(label: string, rel: string, bytes: Uint8Array, maxSize: number): string {
  const d = decodeText(bytes, maxSize);
  if ('problem' in d) {
    const why = d.problem.code === 'file-too-large' ? TOO_LARGE : 'is a binary file or not UTF-8 text';
    throw new VersionError(`${label}: ${rel} ${why}; it cannot be compared`);
  }
  return d.text;
}

/** What a version holds of the study: its condense.json, and the paths of its codebooks and transcripts. */
interface StudyPlan {
  label: string;
  configText: string | undefined;
  maxFileSize: number;
  wanted: string[];
}

function planStudy(label: string, paths: string[], configBytes: Uint8Array | undefined): StudyPlan {
  const configText =
    configBytes === undefined ? undefined : decodeOrFail(label, CONFIG_FILE, configBytes, defaultConfig().maxFileSize);
  const config = configOf(configText);
  const classify = classifierOf(config);
  const wanted = paths.filter((p) => classify(p) !== null);
  if (wanted.length === 0) throw new VersionError(`${label}: no study there (no codebook or transcript)`);
  return { label, configText, maxFileSize: config.maxFileSize, wanted };
}

/** The snapshot of a plan from the contents of its wanted files, in order. */
function snapshotOf(plan: StudyPlan, contents: Uint8Array[]): StudySnapshot {
  const files = new Map<string, string>();
  if (plan.configText !== undefined) files.set(CONFIG_FILE, plan.configText);
  plan.wanted.forEach((rel, k) => files.set(rel, decodeOrFail(plan.label, rel, contents[k], plan.maxFileSize)));
  return { label: plan.label, files };
}

function studyFiles(
  label: string,
  paths: string[],
  read: (rels: string[]) => Uint8Array[],
  configBytes: Uint8Array | undefined,
): StudySnapshot {
  const plan = planStudy(label, paths, configBytes);
  return snapshotOf(plan, read(plan.wanted));
}

/** Reads the study in a folder (the files its condense.json names, walked as `condense check` walks them). */
export function readFolderVersion(dir: string, label = dir): StudySnapshot {
  if (!isDirectory(dir)) throw new VersionError(`${dir}: no such folder`);
  const configPath = path.join(dir, CONFIG_FILE);
  const configBytes = fs.existsSync(configPath) ? fs.readFileSync(configPath) : undefined;
  const config = configOf(
    configBytes === undefined ? undefined : decodeOrFail(label, CONFIG_FILE, configBytes, defaultConfig().maxFileSize),
  );
  const scan = scanStudyFiles(dir, classifierOf(config), studyGlobs(config));
  // A file that cannot be read would be missing from the comparison: refuse rather than miscount.
  const problem = scan.problems[0];
  if (problem) throw new VersionError(`${label}: ${problem.rel || '.'}: ${problem.diagnostic.message}`);
  const paths = scan.files.map((f) => f.rel).sort();
  return studyFiles(label, paths, (rels) => rels.map((r) => fs.readFileSync(path.join(dir, r))), configBytes);
}

/** Whether a path segment is left out, as listFiles leaves out node_modules and dot folders. */
function skipped(rel: string): boolean {
  const parts = rel.split('/');
  return parts.slice(0, -1).some((p) => p === 'node_modules' || p.startsWith('.'));
}

/** A revision's study, planned: the repository, what to read and by which blob ids. */
interface RevisionPlan {
  top: string;
  plan: StudyPlan;
  oids: string[];
}

/** Finds the study folder `studyDir` in git revision `revision`, and what to read of it. */
function planRevision(studyDir: string, revision: string): RevisionPlan {
  const repo = checkedRepository(studyDir, revision, repositoryOf(studyDir));
  const commit = resolveCommit(repo.top, revision);
  if (!commit) throw noRevision(revision, repo.top);
  return asVersionError(revision, () => {
    const tree = studyTree(revision, repo.prefix, listTree(repo.top, commit, repo.prefix));
    const configBytes = tree.configOid ? readBlobs(repo.top, [tree.configOid])[0] : undefined;
    return planOfTree(revision, repo.top, tree, configBytes);
  });
}

/**
 * {@link planRevision} without blocking the thread, so that two revisions are planned side
 * by side; the same plan, or the same error. The tree is listed by the revision itself
 * (`rev^{commit}`), one git call fewer than resolving it first; the revision is resolved
 * only when listing fails, to tell a revision that does not exist from another failure.
 */
async function planRevisionAsync(
  studyDir: string,
  revision: string,
  repoOf: Promise<{ top: string; prefix: string } | null>,
): Promise<RevisionPlan> {
  const repo = checkedRepository(studyDir, revision, await repoOf);
  let entries: TreeEntry[];
  try {
    entries = await listTreeAsync(repo.top, `${revision}^{commit}`, repo.prefix);
  } catch (e) {
    if (!resolveCommit(repo.top, revision)) throw noRevision(revision, repo.top);
    throw e instanceof GitError ? new VersionError(`${revision}: ${e.message}`) : e;
  }
  const tree = asVersionError(revision, () => studyTree(revision, repo.prefix, entries));
  let configBytes: Buffer | undefined;
  try {
    configBytes = tree.configOid ? (await readBlobsAsync(repo.top, [tree.configOid]))[0] : undefined;
  } catch (e) {
    throw e instanceof GitError ? new VersionError(`${revision}: ${e.message}`) : e;
  }
  return asVersionError(revision, () => planOfTree(revision, repo.top, tree, configBytes));
}

/** The repository of `studyDir` for reading `revision`, or the error that says why there is none. */
function checkedRepository(
  studyDir: string,
  revision: string,
  repo: { top: string; prefix: string } | null,
): { top: string; prefix: string } {
  if (!isDirectory(studyDir)) throw new VersionError(`${studyDir}: no such folder`);
  if (!repo) throw new VersionError(`${revision}: no such folder, and ${studyDir} is not in a git repository`);
  if (revision.startsWith('-')) throw new VersionError(`${revision}: not a folder or a revision`);
  return repo;
}

function noRevision(revision: string, top: string): VersionError {
  return new VersionError(`${revision}: no such folder or revision in the repository at ${top}`);
}

/** A revision's files under the study folder: blob ids by study path, sizes by blob id. */
interface StudyTree {
  byRel: Map<string, string>;
  sizeOf: Map<string, number>;
  configOid: string | undefined;
}

function studyTree(revision: string, prefix: string, listed: TreeEntry[]): StudyTree {
  const entries = listed.filter((e) => e.type === 'blob' && e.mode !== '120000');
  if (entries.length === 0)
    throw new VersionError(`${revision}: the study folder ${prefix || '.'} is not in that revision`);
  const byRel = new Map<string, string>();
  const sizeOf = new Map<string, number>();
  for (const e of entries) {
    const rel = e.path.slice(prefix.length);
    if (!skipped(rel)) byRel.set(rel, e.oid);
    sizeOf.set(e.oid, e.size);
  }
  return { byRel, sizeOf, configOid: byRel.get(CONFIG_FILE) };
}

function planOfTree(revision: string, top: string, tree: StudyTree, configBytes: Uint8Array | undefined): RevisionPlan {
  const plan = planStudy(revision, [...tree.byRel.keys()].sort(), configBytes);
  const oids = plan.wanted.map((r) => tree.byRel.get(r) as string);
  const sizes = oids.map((o) => tree.sizeOf.get(o) ?? 0);
  // git tells each blob's size: one over the study's limit is refused before it is read.
  const large = sizes.findIndex((n) => n > plan.maxFileSize);
  if (large >= 0) throw new VersionError(`${revision}: ${plan.wanted[large]} ${TOO_LARGE}; it cannot be compared`);
  return { top, plan, oids };
}

/** Runs `f`, turning git's errors into a VersionError that names the revision. */
function asVersionError<T>(revision: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof GitError) throw new VersionError(`${revision}: ${e.message}`);
    throw e;
  }
}

/** Reads the study folder `studyDir` as it is in git revision `revision`. */
export function readRevisionVersion(studyDir: string, revision: string): StudySnapshot {
  const r = planRevision(studyDir, revision);
  return asVersionError(r.plan.label, () => snapshotOf(r.plan, readBlobs(r.top, r.oids)));
}

/**
 * Reads version `arg` of the study in `studyDir`: the folder `arg` if it exists, else
 * revision `arg`; `undefined` means the working tree (the folder `studyDir` itself).
 */
export function readVersion(arg: string | undefined, studyDir: string): StudySnapshot {
  if (arg === undefined) return readFolderVersion(studyDir, 'working tree');
  if (isDirectory(arg)) return readFolderVersion(arg);
  return readRevisionVersion(studyDir, arg);
}

/** Where {@link streamVersions} hands what it reads (a {@link PairStream} does). */
export interface VersionSink {
  /** Version `side` holds these files (sorted) under this condense.json. */
  plan(side: 0 | 1, label: string, configText: string | undefined, paths: readonly string[]): void;
  /** One file of version `side`, in the order planned. */
  file(side: 0 | 1, rel: string, text: string): void;
}

/**
 * Reads versions A and B of the study in `studyDir` (each as {@link readVersion} reads
 * it) into `sink`, the revisions side by side: planned at the same time, then read by one
 * `git cat-file --batch` for both when both are revisions (see {@link readTogether}),
 * else one each, each file decoded and handed on as soon as git has written it, so that
 * the sink's work on it overlaps git's on the next ones. Resolves when both are read; the
 * error, when one cannot be read, is that of readVersion called on A, then on B (a
 * failure is kept until the version before it has been read whole).
 */
export async function streamVersions(
  args: [string | undefined, string | undefined],
  studyDir: string,
  sink: VersionSink,
): Promise<void> {
  let repo: Promise<{ top: string; prefix: string } | null> | undefined;
  const repoOf = (): Promise<{ top: string; prefix: string } | null> =>
    (repo ??= isDirectory(studyDir) ? repositoryOfAsync(studyDir) : Promise.resolve(null));
  if (args.every((arg) => arg !== undefined && !isDirectory(arg))) {
    const plans = await Promise.allSettled(args.map((arg) => planRevisionAsync(studyDir, arg as string, repoOf())));
    const [a, b] = plans;
    // A revision that cannot be planned is read (and fails) as below, with its error in turn.
    if (a.status === 'fulfilled' && b.status === 'fulfilled') return readTogether([a.value, b.value], sink);
  }
  const read = await Promise.allSettled(
    args.map(async (arg, k) => {
      const side = k as 0 | 1;
      if (arg === undefined || isDirectory(arg)) {
        const s = readVersion(arg, studyDir);
        const paths = [...s.files.keys()].filter((p) => p !== CONFIG_FILE);
        sink.plan(side, s.label, s.files.get(CONFIG_FILE), paths);
        for (const p of paths) sink.file(side, p, s.files.get(p) as string);
        return;
      }
      const r = await planRevisionAsync(studyDir, arg, repoOf());
      sink.plan(side, r.plan.label, r.plan.configText, r.plan.wanted);
      const reader = new SideReader(side, r, sink);
      await reader.readRest();
      reader.rethrow();
    }),
  );
  for (const r of read) if (r.status === 'rejected') throw r.reason;
}

/**
 * Reads two planned revisions into `sink` with one `git cat-file --batch`, their blobs in
 * path order (A's before B's on the same path), so that each transcript pair is whole as
 * soon as its second side is read. With a git for each revision, the two gits and this
 * thread shared the machine's two cores (`diff HEAD~1 HEAD` of the benchmark study took
 * about 3 % longer). A blob both revisions hold (a file that did not change) is read once:
 * `diff` and `agree` of a commit that recodes 50 of 1,000 transcripts take about a fifth
 * less time (docs/collaboration.md).
 * Should git fail, each revision without a failure of its own reads the rest of its files
 * alone, so that the error is the one that revision gives alone (A's before B's).
 */
async function readTogether(plans: [RevisionPlan, RevisionPlan], sink: VersionSink): Promise<void> {
  const [A, B] = plans;
  sink.plan(0, A.plan.label, A.plan.configText, A.plan.wanted);
  sink.plan(1, B.plan.label, B.plan.configText, B.plan.wanted);
  const sides = [new SideReader(0, A, sink), new SideReader(1, B, sink)] as const;
  // Each blob to read, with the file it is in A and in B (-1: not that side's).
  const oids: string[] = [];
  const inA: number[] = [];
  const inB: number[] = [];
  const a = A.plan.wanted;
  const b = B.plan.wanted;
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    if (i < a.length && j < b.length && a[i] === b[j] && A.oids[i] === B.oids[j]) {
      oids.push(A.oids[i]);
      inA.push(i++);
      inB.push(j++);
    } else if (j >= b.length || (i < a.length && a[i] <= b[j])) {
      oids.push(A.oids[i]);
      inA.push(i++);
      inB.push(-1);
    } else {
      oids.push(B.oids[j]);
      inA.push(-1);
      inB.push(j++);
    }
  }
  try {
    await mapBlobsAsync(A.top, oids, (n, blob) => {
      if (inA[n] >= 0) sides[0].hand(inA[n], blob);
      if (inB[n] >= 0) sides[1].hand(inB[n], blob);
    });
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    for (const side of sides) await side.readRest();
  }
  for (const side of sides) side.rethrow();
}

/** One revision's files handed to a sink in order, until one cannot be read. */
class SideReader {
  /** The next file to hand over. */
  private next = 0;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly side: 0 | 1,
    private readonly r: RevisionPlan,
    private readonly sink: VersionSink,
  ) {}

  /** Hands file `k` (the next one) to the sink, decoded; nothing more once one has failed. */
  hand(k: number, blob: Uint8Array): void {
    if (this.failure) return;
    this.next = k + 1;
    const { plan } = this.r;
    try {
      this.sink.file(this.side, plan.wanted[k], decodeOrFail(plan.label, plan.wanted[k], blob, plan.maxFileSize));
    } catch (error) {
      this.failure = { error };
    }
  }

  /** Reads the files not handed over yet, with a git of its own (unless one has failed). */
  async readRest(): Promise<void> {
    if (this.failure) return;
    const from = this.next;
    const { top, oids, plan } = this.r;
    try {
      await mapBlobsAsync(top, oids.slice(from), (i, blob) => this.hand(from + i, blob));
    } catch (e) {
      // git's own error comes before a file's, as mapBlobsAsync gives them.
      this.failure = { error: e instanceof GitError ? new VersionError(`${plan.label}: ${e.message}`) : e };
    }
  }

  /** Throws why a file could not be read, if one could not. */
  rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}
