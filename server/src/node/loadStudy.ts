/**
 * Reads a whole study at once, for the CLI and the VS Code export: the one loader of
 * study.ts, on the disk by default. Files that cannot be used (too large, binary, not
 * UTF-8, unreadable, not a regular file, a symbolic link that leads nowhere or outside the
 * study) are skipped with a diagnostic rather than failing the whole study (the rules are
 * in studyFiles.ts).
 */
import * as path from 'node:path';
import { CONFIG_FILE, type StudyConfig } from '../core/config';
import type { StudyFileSystem } from '../core/fileSystem';
import type { Diagnostic } from '../core/model';
import type { DocumentKind, StudyIndex } from '../core/studyIndex';
import { diskFileSystem } from './diskFileSystem';
import { NameScan } from './nameScan';
import { parseInPool, studyWork } from './parsePool';
import { Study } from './study';

export { decodeText } from '../core/textFile';
export { configGlobProblems, pathToUri, studyGlobs } from './study';

/** A study read whole. */
export interface LoadedStudy {
  root: string;
  config: StudyConfig;
  index: StudyIndex;
  /** Problems that belong to no indexed document (config, skipped files), by relative path. */
  fileDiagnostics: { file: string; diagnostic: Diagnostic }[];
  /** Relative path (with `/`) of each indexed URI, and back. */
  relPath: (uri: string) => string;
  uriOf: (relPath: string) => string;
  /** What a path relative to the root (with `/`) is to the study by its globs, or null. */
  kindOf: (relPath: string) => DocumentKind | null;
  /** The real path of every file of the study found, readable or not. */
  realPaths: Set<string>;
}

/** Raised for a study that cannot be read at all (no such directory). */
export class StudyError extends Error {}

/**
 * Loads the study at `root`. Throws StudyError when root is not a readable directory, or
 * when its condense.json exists but cannot be read (the CLI must not go on with defaults).
 */
export function loadStudy(root: string, files: StudyFileSystem = diskFileSystem): LoadedStudy {
  const abs = path.resolve(root);
  const stat = files.stat(abs);
  if (!stat) throw new StudyError(`${root}: no such directory`);
  if (stat.type !== 'folder') throw new StudyError(`${root}: not a directory`);
  const study = new Study(abs, files);
  study.reloadConfig();
  if (study.configProblem)
    throw new StudyError(`${path.join(root, CONFIG_FILE)}: cannot be read (${reason(study.configProblem)})`);
  study.checkIdentifiersTrackedSync();
  const docs = study.listDocuments();
  if (study.rootProblem) throw new StudyError(`${root}: cannot be read (${reason(study.rootProblem)})`);
  // Read every file, then parse the transcripts on all cores when the study is large
  // enough; the identifiers file's names are looked for on a worker from the first reads.
  const options = study.index.options;
  const guard = study.index.identifierGuard;
  const transcripts = docs.filter((d) => d.kind === 'transcript').length;
  const names = guard ? new NameScan(guard, options, transcripts) : null;
  study.loadAllSync(docs, (texts) => parseInPool(texts, options, { ...studyWork(study.index), names }), names?.offer);
  const skipped = [...study.skipped].map(([uri, diagnostic]) => ({ file: study.relPath(uri) ?? uri, diagnostic }));
  // condense.json's own problems first, then the skipped files, then a missing codebook.
  const config = study.configDiagnostics.map((diagnostic) => ({ file: CONFIG_FILE, diagnostic }));
  const last = config.filter((d) => d.diagnostic.code === 'no-codebook');
  return {
    root: abs,
    config: study.config,
    index: study.index,
    fileDiagnostics: [...config.filter((d) => !last.includes(d)), ...skipped, ...last],
    relPath: (uri) => study.relPath(uri) ?? uri,
    uriOf: (rel) => study.uriOf(rel),
    kindOf: (rel) => study.kindOfRel(rel),
    realPaths: study.realPaths,
  };
}

/** EACCES and the like for an unreadable file, else the diagnostic's code (not-regular-file, ...). */
function reason(d: Diagnostic): string {
  const errno = d.data?.errno;
  return typeof errno === 'string' ? errno : d.code;
}
