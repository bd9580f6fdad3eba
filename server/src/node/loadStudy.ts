/**
 * Reads a study from disk: its condense.json, and every codebook and transcript file,
 * into a WorkspaceIndex. Used by the CLI and the VS Code export. Files that cannot be
 * used (too large, binary, not UTF-8, unreadable, not a regular file, a symbolic link
 * that leads nowhere or outside the study) are skipped with a diagnostic rather than
 * failing the whole study (the rules are in studyFiles.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, createClassifier, defaultConfig, parseConfig, type StudyConfig } from '../core/config';
import type { Diagnostic } from '../core/model';
import { globsOutsideStudy, noCodebook } from '../core/fileProblems';
import { WorkspaceIndex, type DocumentKind } from '../core/workspaceIndex';
import { gitFileStatusSync } from './git';
import { loadIdentifiers, trackedDiagnostic } from './identifiers';
import { readStudyFileSync, scanStudyFiles } from './studyFiles';

export { decodeText } from './studyFiles';

/** A study read from disk. */
export interface LoadedStudy {
  root: string;
  config: StudyConfig;
  index: WorkspaceIndex;
  /** Problems that belong to no indexed document (config, skipped files), by relative path. */
  fileDiagnostics: { file: string; diagnostic: Diagnostic }[];
  /** Relative path (with `/`) of each indexed URI, and back. */
  relPath(uri: string): string;
  uriOf(relPath: string): string;
  /** What a path relative to the root (with `/`) is to the study by its globs, or null. */
  kindOf(relPath: string): DocumentKind | null;
  /** The real path of every file of the study found on disk, readable or not. */
  realPaths: Set<string>;
}

/** Raised for a study that cannot be read at all (no such directory). */
export class StudyError extends Error {}

/** Loads the study at `root`. Throws StudyError when root is not a readable directory. */
export function loadStudy(root: string): LoadedStudy {
  const abs = path.resolve(root);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new StudyError(`${root}: no such directory`);
  }
  if (!stat.isDirectory()) throw new StudyError(`${root}: not a directory`);

  const fileDiagnostics: LoadedStudy['fileDiagnostics'] = [];
  const { config, diagnostics, text: configText } = readConfig(root, abs);
  for (const d of diagnostics) fileDiagnostics.push({ file: CONFIG_FILE, diagnostic: d });
  const index = new WorkspaceIndex({ speakerPattern: config.speakerPattern, sections: config.sections });
  const ids = loadIdentifiers(abs, config, configText);
  index.identifierGuard = ids.guard;
  for (const d of ids.diagnostics) fileDiagnostics.push({ file: CONFIG_FILE, diagnostic: d });
  if (ids.file && fs.existsSync(ids.file)) {
    const tracked = trackedDiagnostic(abs, config, configText, ids.file, gitFileStatusSync(ids.file));
    if (tracked) fileDiagnostics.push({ file: CONFIG_FILE, diagnostic: tracked });
  }
  const classify = createClassifier(config);
  const uriOf = (rel: string): string => pathToUri(path.join(abs, rel));
  const rels = new Map<string, string>();
  const scan = scanStudyFiles(abs, classify, studyGlobs(config));
  for (const p of scan.problems) {
    if (p.rel === '') throw new StudyError(`${root}: cannot be read (${reason(p.diagnostic)})`);
    fileDiagnostics.push({ file: p.rel, diagnostic: p.diagnostic });
  }
  for (const { rel, kind } of scan.files) {
    // The identifiers file is never read as a transcript, whatever its name.
    if (ids.file !== null && path.join(abs, rel) === ids.file) continue;
    const outcome = readStudyFileSync(abs, path.join(abs, rel), config.maxFileSize);
    if ('missing' in outcome) continue;
    if ('problem' in outcome) {
      fileDiagnostics.push({ file: rel, diagnostic: outcome.problem });
      continue;
    }
    const uri = uriOf(rel);
    rels.set(uri, rel);
    index.setDocument(uri, outcome.text, kind);
  }
  if (!index.documents('codebook').length) fileDiagnostics.push({ file: CONFIG_FILE, diagnostic: noCodebook(config.codebook) });
  return {
    root: abs,
    config,
    index,
    fileDiagnostics,
    relPath: (uri) => rels.get(uri) ?? uri,
    uriOf,
    kindOf: classify,
    realPaths: scan.realPaths,
  };
}

/** The most condense.json may hold: a config file is a few hundred bytes. */
const MAX_CONFIG_SIZE = 1048576;

/**
 * Reads condense.json (the defaults when there is none) with the checks of
 * readStudyFileSync, and adds glob-outside-study to its diagnostics.
 */
export function readConfig(shownRoot: string, abs: string): { config: StudyConfig; diagnostics: Diagnostic[]; text: string } {
  const outcome = readStudyFileSync(abs, path.join(abs, CONFIG_FILE), MAX_CONFIG_SIZE);
  if ('missing' in outcome) return { config: defaultConfig(), diagnostics: [], text: '' };
  if ('problem' in outcome) throw new StudyError(`${path.join(shownRoot, CONFIG_FILE)}: cannot be read (${reason(outcome.problem)})`);
  const parsed = parseConfig(outcome.text);
  return { config: parsed.config, diagnostics: [...parsed.diagnostics, ...configGlobProblems(outcome.text, parsed.config)], text: outcome.text };
}

/** EACCES and the like for an unreadable file, else the diagnostic's code (not-regular-file, ...). */
function reason(d: Diagnostic): string {
  const errno = d.data?.errno;
  return typeof errno === 'string' ? errno : d.code;
}

/** The glob-outside-study diagnostics of a parsed condense.json. */
export function configGlobProblems(text: string, config: StudyConfig): Diagnostic[] {
  return globsOutsideStudy(text, [
    { key: 'codebook', patterns: config.codebook },
    { key: 'transcripts', patterns: config.transcripts ?? [] },
  ]);
}

/** Every glob that decides which files belong to the study. */
export function studyGlobs(config: StudyConfig): string[] {
  return [...config.codebook, ...(config.transcripts ?? ['**/*.md'])];
}

/** A file: URI for an absolute path (percent-encoding what URIs require). */
export function pathToUri(p: string): string {
  const norm = p.replace(/\\/g, '/');
  const encoded = norm
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  return `file://${encoded.startsWith('/') ? '' : '/'}${encoded}`;
}
