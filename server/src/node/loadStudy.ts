/**
 * Reads a study from disk: its condense.json, and every codebook and transcript file,
 * into a WorkspaceIndex. Used by the CLI (and the server's initial scan). Files that
 * cannot be used (too large, binary, not UTF-8, unreadable) are skipped with a
 * diagnostic rather than failing the whole study.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, createClassifier, defaultConfig, parseConfig, type StudyConfig } from '../core/config';
import type { Diagnostic } from '../core/model';
import { WorkspaceIndex, type DocumentKind } from '../core/workspaceIndex';
import { gitFileStatusSync } from './git';
import { loadIdentifiers, trackedDiagnostic } from './identifiers';

/** A study read from disk. */
export interface LoadedStudy {
  root: string;
  config: StudyConfig;
  /** Absolute path of the identifiers file, if condense.json names one. */
  identifiersFile: string | null;
  index: WorkspaceIndex;
  /** Problems that belong to no indexed document (config, skipped files), by relative path. */
  fileDiagnostics: { file: string; diagnostic: Diagnostic }[];
  /** Relative path (with `/`) of each indexed URI, and back. */
  relPath(uri: string): string;
  uriOf(relPath: string): string;
}

/** Raised for a study that cannot be read at all (no such directory). */
export class StudyError extends Error {}

const SKIP_DIRS = new Set(['node_modules', '.git']);
const ZERO: Diagnostic['range'] = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Lists files under root (relative paths with `/`), skipping node_modules, .git and dot folders. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
        walk(path.join(dir, e.name), rel ? `${rel}/${e.name}` : e.name);
      } else if (e.isFile()) out.push(rel ? `${rel}/${e.name}` : e.name);
    }
  };
  walk(root, '');
  return out.sort();
}

/** Decodes file bytes as UTF-8 text, or explains why they are not usable text. */
export function decodeText(bytes: Uint8Array, maxSize: number): { text: string } | { problem: Diagnostic } {
  if (bytes.length > maxSize) {
    return {
      problem: {
        range: ZERO,
        severity: 'warning',
        code: 'file-too-large',
        message: `Skipped: the file is ${(bytes.length / 1048576).toFixed(1)} MB, above the study's limit of ${(maxSize / 1048576).toFixed(1)} MB (maxFileSize in condense.json).`,
      },
    };
  }
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    return {
      problem: { range: ZERO, severity: 'warning', code: 'binary-file', message: 'Skipped: this looks like a binary file, not a Markdown transcript.' },
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return {
      problem: { range: ZERO, severity: 'warning', code: 'binary-file', message: 'Skipped: the file is not valid UTF-8 text. Save it as UTF-8 to code it.' },
    };
  }
}

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
  let config = defaultConfig();
  let configText = '';
  const configPath = path.join(abs, CONFIG_FILE);
  if (fs.existsSync(configPath)) {
    let text: string;
    try {
      text = fs.readFileSync(configPath, 'utf8');
    } catch (e) {
      throw new StudyError(`${path.join(root, CONFIG_FILE)}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const parsed = parseConfig(text);
    configText = text;
    config = parsed.config;
    for (const d of parsed.diagnostics) fileDiagnostics.push({ file: CONFIG_FILE, diagnostic: d });
  }
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
  for (const rel of listFiles(abs)) {
    const kind: DocumentKind | null = classify(rel);
    // The identifiers file is never read as a transcript, whatever its name.
    if (!kind || (ids.file !== null && path.join(abs, rel) === ids.file)) continue;
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(path.join(abs, rel));
    } catch (e) {
      fileDiagnostics.push({
        file: rel,
        diagnostic: { range: ZERO, severity: 'error', code: 'bad-config', message: `Cannot read this file (${(e as NodeJS.ErrnoException).code ?? 'error'}).` },
      });
      continue;
    }
    const decoded = decodeText(bytes, config.maxFileSize);
    if ('problem' in decoded) {
      fileDiagnostics.push({ file: rel, diagnostic: decoded.problem });
      continue;
    }
    const uri = uriOf(rel);
    rels.set(uri, rel);
    index.setDocument(uri, decoded.text, kind);
  }
  return {
    root: abs,
    config,
    identifiersFile: ids.file,
    index,
    fileDiagnostics,
    relPath: (uri) => rels.get(uri) ?? uri,
    uriOf,
  };
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
