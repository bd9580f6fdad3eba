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
import { GitError, listTree, readBlobs, repositoryOf, resolveCommit } from './gitRead';
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

function decodeOrFail(label: string, rel: string, bytes: Uint8Array, maxSize: number): string {
  const d = decodeText(bytes, maxSize);
  if ('problem' in d) {
    const why =
      d.problem.code === 'file-too-large'
        ? "is larger than the study's maxFileSize"
        : 'is a binary file or not UTF-8 text';
    throw new VersionError(`${label}: ${rel} ${why}; it cannot be compared`);
  }
  return d.text;
}

function studyFiles(
  label: string,
  paths: string[],
  read: (rels: string[]) => Uint8Array[],
  configBytes: Uint8Array | undefined,
): StudySnapshot {
  const configText =
    configBytes === undefined ? undefined : decodeOrFail(label, CONFIG_FILE, configBytes, defaultConfig().maxFileSize);
  const config = configOf(configText);
  const classify = classifierOf(config);
  const wanted = paths.filter((p) => classify(p) !== null);
  if (wanted.length === 0) throw new VersionError(`${label}: no study there (no codebook or transcript)`);
  const files = new Map<string, string>();
  if (configText !== undefined) files.set(CONFIG_FILE, configText);
  const contents = read(wanted);
  wanted.forEach((rel, k) => files.set(rel, decodeOrFail(label, rel, contents[k], config.maxFileSize)));
  return { label, files };
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

/** Reads the study folder `studyDir` as it is in git revision `revision`. */
export function readRevisionVersion(studyDir: string, revision: string): StudySnapshot {
  if (!isDirectory(studyDir)) throw new VersionError(`${studyDir}: no such folder`);
  const repo = repositoryOf(studyDir);
  if (!repo) throw new VersionError(`${revision}: no such folder, and ${studyDir} is not in a git repository`);
  if (revision.startsWith('-')) throw new VersionError(`${revision}: not a folder or a revision`);
  const commit = resolveCommit(repo.top, revision);
  if (!commit) throw new VersionError(`${revision}: no such folder or revision in the repository at ${repo.top}`);
  try {
    const entries = listTree(repo.top, commit, repo.prefix).filter((e) => e.type === 'blob' && e.mode !== '120000');
    if (entries.length === 0)
      throw new VersionError(`${revision}: the study folder ${repo.prefix || '.'} is not in that revision`);
    const byRel = new Map<string, string>();
    for (const e of entries) {
      const rel = e.path.slice(repo.prefix.length);
      if (!skipped(rel)) byRel.set(rel, e.oid);
    }
    const configOid = byRel.get(CONFIG_FILE);
    const configBytes = configOid ? readBlobs(repo.top, [configOid])[0] : undefined;
    return studyFiles(
      revision,
      [...byRel.keys()].sort(),
      (rels) =>
        readBlobs(
          repo.top,
          rels.map((r) => byRel.get(r) as string),
        ),
      configBytes,
    );
  } catch (e) {
    if (e instanceof GitError) throw new VersionError(`${revision}: ${e.message}`);
    throw e;
  }
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
