/**
 * One study of the workspace: its root folder, its configuration and its index, and
 * the reading of its files from disk. Knows nothing of the connection.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE, createClassifier, defaultConfig, parseConfig, type StudyConfig } from '../core/config';
import type { Diagnostic } from '../core/model';
import { WorkspaceIndex, type DocumentKind } from '../core/workspaceIndex';
import { noCodebook } from '../core/fileProblems';
import { configGlobProblems, pathToUri, studyGlobs } from '../node/loadStudy';
import { gitFileStatus } from '../node/git';
import { loadIdentifiers, trackedDiagnostic } from '../node/identifiers';
import { readStudyFile, readStudyFileSync, scanStudyFiles, type ReadOutcome } from '../node/studyFiles';

/** Turns any file URI a client sends into the one form the index uses. */
export function normalizeUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToUri(fileURLToPath(uri));
  } catch {
    return uri;
  }
}

/** The file system path of a file URI, or null for other schemes. */
export function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/** A study: a root folder with an optional condense.json and an index of its files. */
export class Study {
  config: StudyConfig = defaultConfig();
  private parsedConfigDiagnostics: Diagnostic[] = [];
  index: WorkspaceIndex = new WorkspaceIndex();
  /**
   * Files and folders of the study that are not in the index, with the reason, by URI:
   * too large, binary, unreadable, not a regular file, a symbolic link that leads nowhere
   * or outside the study, an unreadable folder. A rename must not claim to be complete
   * while a skipped file may hold the code.
   */
  readonly skipped = new Map<string, Diagnostic>();
  /** The codebook files found by the last {@link listDocuments}, or null before it. */
  private codebookFiles: Set<string> | null = null;
  private classify = createClassifier(this.config);
  readonly rootUri: string;
  /** The identifiers file (absolute path), if condense.json names one. */
  identifiersFile: string | null = null;
  private configText = '';
  private identifierDiagnostics: Diagnostic[] = [];
  private trackedWarning: Diagnostic | null = null;

  constructor(readonly root: string) {
    this.rootUri = pathToUri(root);
  }

  /** The path of a URI relative to the root, with `/`, or null if it lies outside. */
  relPath(uri: string): string | null {
    const p = uriToPath(uri);
    if (!p) return null;
    const rel = path.relative(this.root, p);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return null;
    return rel.split(path.sep).join('/');
  }

  /** What the file is to this study, or null. */
  kindOf(uri: string): DocumentKind | null {
    const rel = this.relPath(uri);
    // The identifiers file is never read as a transcript, whatever its name.
    if (rel === null || (this.identifiersFile !== null && uriToPath(uri) === this.identifiersFile)) return null;
    return this.classify(rel);
  }

  /** The URI of the identifiers file, or null. */
  get identifiersUri(): string | null {
    return this.identifiersFile === null ? null : pathToUri(this.identifiersFile);
  }

  /**
   * Reads the identifiers file again and gives the index the new names (the index's
   * documents stay; their identifying text is found anew).
   */
  reloadIdentifiers(): void {
    const ids = loadIdentifiers(this.root, this.config, this.configText);
    this.identifiersFile = ids.file;
    this.identifierDiagnostics = ids.diagnostics;
    this.index.identifierGuard = ids.guard;
  }

  /** Asks git whether the identifiers file is tracked or not ignored; true when the warning changed. */
  async checkIdentifiersTracked(): Promise<boolean> {
    const file = this.identifiersFile;
    let warning: Diagnostic | null = null;
    if (file !== null && fs.existsSync(file)) warning = trackedDiagnostic(this.root, this.config, this.configText, file, await gitFileStatus(file));
    if (file !== this.identifiersFile) return false;
    const changed = JSON.stringify(warning) !== JSON.stringify(this.trackedWarning);
    this.trackedWarning = warning;
    return changed;
  }

  /** The URI of condense.json. */
  get configUri(): string {
    return pathToUri(path.join(this.root, CONFIG_FILE));
  }

  /**
   * The diagnostics of condense.json: its own, globs that point outside the study, and
   * no-codebook once every codebook file found is known to be unreadable (or none was found).
   */
  get configDiagnostics(): Diagnostic[] {
    const out = [...this.parsedConfigDiagnostics, ...this.identifierDiagnostics, ...(this.trackedWarning ? [this.trackedWarning] : [])];
    const codebooks = this.codebookFiles;
    if (!codebooks || this.index.documents('codebook').length) return out;
    return [...codebooks].every((u) => this.skipped.has(u)) ? [...out, noCodebook(this.config.codebook)] : out;
  }

  /** Re-reads condense.json and starts a fresh, empty index with its settings. */
  reloadConfig(): void {
    this.config = defaultConfig();
    this.parsedConfigDiagnostics = [];
    this.configText = '';
    this.trackedWarning = null;
    // Read as any file of the study: a FIFO or a huge condense.json must not hang the server.
    const outcome = readStudyFileSync(this.root, path.join(this.root, CONFIG_FILE), 1048576);
    if ('text' in outcome) {
      const parsed = parseConfig(outcome.text);
      this.config = parsed.config;
      this.configText = outcome.text;
      this.parsedConfigDiagnostics = [...parsed.diagnostics, ...configGlobProblems(outcome.text, parsed.config)];
    } else if ('problem' in outcome) {
      this.parsedConfigDiagnostics = [{ ...outcome.problem, message: `${outcome.problem.message} Using the default settings.` }];
    }
    this.classify = createClassifier(this.config);
    this.index = new WorkspaceIndex({ speakerPattern: this.config.speakerPattern, sections: this.config.sections });
    this.skipped.clear();
    this.codebookFiles = null;
    this.reloadIdentifiers();
  }

  /**
   * The study's files on disk, as URIs with their kind. Folders and files that cannot be
   * used (unreadable, broken or outside symbolic links, FIFOs) go into {@link skipped}.
   */
  listDocuments(): { uri: string; kind: DocumentKind }[] {
    const scan = scanStudyFiles(this.root, this.classify, studyGlobs(this.config));
    for (const p of scan.problems) this.skipped.set(p.rel ? pathToUri(path.join(this.root, p.rel)) : this.rootUri, p.diagnostic);
    const out = scan.files.map((f) => ({ uri: pathToUri(path.join(this.root, f.rel)), kind: f.kind })).filter((d) => this.kindOf(d.uri) !== null);
    this.codebookFiles = new Set(out.filter((d) => d.kind === 'codebook').map((d) => d.uri));
    return out;
  }

  /**
   * Indexes `text` as the document `uri` (or records why it is skipped). Returns false
   * when the text is too large to index.
   */
  setText(uri: string, text: string, kind: DocumentKind, version: number | null): boolean {
    if (text.length > this.config.maxFileSize) {
      this.index.removeDocument(uri);
      this.skipped.set(uri, {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'warning',
        code: 'file-too-large',
        message: `Condense skips this file: at ${(text.length / 1048576).toFixed(1)} MB it is above the study's limit of ${(this.config.maxFileSize / 1048576).toFixed(1)} MB (maxFileSize in condense.json).`,
      });
      return false;
    }
    this.skipped.delete(uri);
    this.index.setDocument(uri, text, kind, version);
    return true;
  }

  /** Reads one file from disk into the index; a missing file is removed. */
  async loadFromDisk(uri: string, kind: DocumentKind): Promise<void> {
    const p = uriToPath(uri);
    if (!p) return;
    this.apply(uri, kind, await readStudyFile(this.root, p, this.config.maxFileSize));
  }

  /**
   * {@link loadFromDisk} at once, for didClose: the next message (a request about the
   * closed document) must already see the disk's text, not the editor's.
   */
  loadFromDiskSync(uri: string, kind: DocumentKind): void {
    const p = uriToPath(uri);
    if (!p) return;
    this.apply(uri, kind, readStudyFileSync(this.root, p, this.config.maxFileSize));
  }

  /** Indexes a file's text, records why it was skipped, or forgets a file that is gone. */
  private apply(uri: string, kind: DocumentKind, outcome: ReadOutcome): void {
    if ('missing' in outcome) this.remove(uri);
    else if ('problem' in outcome) {
      this.index.removeDocument(uri);
      this.skipped.set(uri, outcome.problem);
    } else this.setText(uri, outcome.text, kind, null);
  }

  /** The indexed or skipped documents inside the folder `uri` (for a deleted folder). */
  urisUnder(uri: string): string[] {
    const prefix = `${uri.replace(/\/+$/, '')}/`;
    const all = [...this.index.documents().map((d) => d.uri), ...this.skipped.keys()];
    return all.filter((u) => u.startsWith(prefix));
  }

  /** Forgets a document. */
  remove(uri: string): void {
    this.index.removeDocument(uri);
    this.skipped.delete(uri);
  }
}

/** Finds the study roots under a workspace folder: the folder itself if it has condense.json or codebook.md, and nested folders with condense.json (three levels deep). */
export function findStudyRoots(folder: string): string[] {
  const roots: string[] = [];
  const isStudy = (dir: string): boolean => fs.existsSync(path.join(dir, CONFIG_FILE)) || fs.existsSync(path.join(dir, 'codebook.md'));
  if (isStudy(folder)) roots.push(folder);
  const walk = (dir: string, depth: number): void => {
    if (depth > 3) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules') continue;
      const sub = path.join(dir, e.name);
      if (fs.existsSync(path.join(sub, CONFIG_FILE))) roots.push(sub);
      walk(sub, depth + 1);
    }
  };
  walk(folder, 1);
  return roots;
}
