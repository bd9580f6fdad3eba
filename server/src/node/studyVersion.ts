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
import { GitError, listTree, readBlobs, readBlobsAsync, repositoryOf, resolveCommit } from './gitRead';
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
  /** Their sizes, from `git ls-tree -l`. */
  sizes: number[];
}

/** Finds the study folder `studyDir` in git revision `revision`, and what to read of it. */
function planRevision(studyDir: string, revision: string): RevisionPlan {
  if (!isDirectory(studyDir)) throw new VersionError(`${studyDir}: no such folder`);
  const repo = repositoryOf(studyDir);
  if (!repo) throw new VersionError(`${revision}: no such folder, and ${studyDir} is not in a git repository`);
  if (revision.startsWith('-')) throw new VersionError(`${revision}: not a folder or a revision`);
  const commit = resolveCommit(repo.top, revision);
  if (!commit) throw new VersionError(`${revision}: no such folder or revision in the repository at ${repo.top}`);
  return asVersionError(revision, () => {
    const entries = listTree(repo.top, commit, repo.prefix).filter((e) => e.type === 'blob' && e.mode !== '120000');
    if (entries.length === 0)
      throw new VersionError(`${revision}: the study folder ${repo.prefix || '.'} is not in that revision`);
    const byRel = new Map<string, string>();
    const sizeOf = new Map<string, number>();
    for (const e of entries) {
      const rel = e.path.slice(repo.prefix.length);
      if (!skipped(rel)) byRel.set(rel, e.oid);
      sizeOf.set(e.oid, e.size);
    }
    const configOid = byRel.get(CONFIG_FILE);
    const configBytes = configOid ? readBlobs(repo.top, [configOid])[0] : undefined;
    const plan = planStudy(revision, [...byRel.keys()].sort(), configBytes);
    const oids = plan.wanted.map((r) => byRel.get(r) as string);
    const sizes = oids.map((o) => sizeOf.get(o) ?? 0);
    // git tells each blob's size: one over the study's limit is refused before it is read.
    const large = sizes.findIndex((n) => n > plan.maxFileSize);
    if (large >= 0) throw new VersionError(`${revision}: ${plan.wanted[large]} ${TOO_LARGE}; it cannot be compared`);
    return { top: repo.top, plan, oids, sizes };
  });
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

/**
 * {@link readVersion} of each of `args`, with the revisions' contents read from git side by
 * side (one `git cat-file --batch` each, at the same time). The answer, and the error of a
 * version that cannot be read, are those of readVersion called on each in turn: a
 * failure is kept until the versions before it have been read whole.
 */
export async function readVersions(args: (string | undefined)[], studyDir: string): Promise<StudySnapshot[]> {
  type Step = { done: StudySnapshot } | { revision: RevisionPlan } | { failed: unknown };
  const steps = args.map((arg): Step => {
    try {
      if (arg === undefined || isDirectory(arg)) return { done: readVersion(arg, studyDir) };
      return { revision: planRevision(studyDir, arg) };
    } catch (e) {
      return { failed: e };
    }
  });
  const read = await Promise.allSettled(
    steps.map((s) =>
      'revision' in s ? readBlobsAsync(s.revision.top, s.revision.oids, s.revision.sizes) : Promise.resolve(null),
    ),
  );
  return steps.map((s, k) => {
    if ('failed' in s) throw s.failed;
    if ('done' in s) return s.done;
    const { plan } = s.revision;
    const r = read[k];
    if (r.status === 'rejected') {
      const e: unknown = r.reason;
      throw e instanceof GitError ? new VersionError(`${plan.label}: ${e.message}`) : e;
    }
    return asVersionError(plan.label, () => snapshotOf(plan, r.value as Buffer[]));
  });
}
