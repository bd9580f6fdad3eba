/**
 * Where an export may be written. A file of the study (a transcript, a codebook,
 * condense.json) is never overwritten; any other existing file only when the user says so
 * (`--force`, or the save dialog's own question); and a new file that the study's globs
 * would read as a transcript or codebook gets a warning, since the next check would count
 * the export as part of the study.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from '../core/config';
import type { LoadedStudy } from './loadStudy';

/** The verdict on an export target. */
export interface TargetCheck {
  /** Why the file must not be written, as one line; absent when it may be. */
  refuse?: string;
  /** A reason to tell the user, when it may be written. */
  warning?: string;
}

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    // A new file: its folder's real path, so that a path through a symlinked folder compares equal.
    try {
      return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
    } catch {
      return path.resolve(p);
    }
  }
}

/** True when `target` (a path) is a file of the study: condense.json or a codebook or transcript found on disk. */
export function isStudyFile(study: Pick<LoadedStudy, 'root' | 'realPaths'>, target: string): boolean {
  const real = realOrResolved(target);
  return study.realPaths.has(real) || real === realOrResolved(path.join(study.root, CONFIG_FILE));
}

/**
 * Checks an export target. `shown` is the path as the user wrote it, for messages;
 * `force` allows overwriting an existing file that is not the study's.
 */
export function checkExportTarget(
  study: Pick<LoadedStudy, 'root' | 'realPaths' | 'kindOf'>,
  target: string,
  force: boolean,
  shown = target,
): TargetCheck {
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(target);
  } catch {
    st = null;
  }
  if (st?.isDirectory()) return { refuse: `${shown} is a folder: give a file name` };
  if (st && !st.isFile()) return { refuse: `${shown} is not a regular file` };
  if (isStudyFile(study, target))
    return { refuse: `${shown} is a file of the study; export to a file outside its transcripts and codebook` };
  if (st && !force) return { refuse: `${shown} exists; add --force to overwrite it` };
  if (st) {
    // The atomic write would replace a read-only file (only its folder's permission
    // counts for a rename); an editor would refuse to, and so does the export.
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch {
      return { refuse: `${shown} is read-only` };
    }
  }
  const rootReal = realOrResolved(study.root);
  const rel = path.relative(rootReal, realOrResolved(target));
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    const kind = study.kindOf(rel.split(path.sep).join('/'));
    if (kind)
      return {
        warning: `${shown} lies inside the study and matches its ${kind} globs: Condense will read the export as a ${kind} of the study`,
      };
  }
  return {};
}

/**
 * Where the save dialog proposes to write an export named `fileName`: the study's folder
 * when the study would not read a file of that name there (a .csv, a .qdpx), else the
 * folder that holds the study, so that a Results .md does not become a transcript.
 */
export function defaultExportPath(study: Pick<LoadedStudy, 'root' | 'kindOf'>, fileName: string): string {
  return study.kindOf(fileName) === null
    ? path.join(study.root, fileName)
    : path.join(path.dirname(study.root), fileName);
}
