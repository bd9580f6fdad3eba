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
import { gitFileStatus } from '../node/git';
import { loadIdentifiers, trackedDiagnostic } from '../node/identifiers';
import { decodeText, listFiles, pathToUri } from '../node/loadStudy';

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
  configDiagnostics: Diagnostic[] = [];
  index: WorkspaceIndex = new WorkspaceIndex();
  /** Files that were skipped (too large, binary), with the reason, by URI. */
  readonly skipped = new Map<string, Diagnostic>();
  private classify = createClassifier(this.config);
  readonly rootUri: string;
  /** The identifiers file (absolute path), if condense.json names one. */
  identifiersFile: string | null = null;
  private configText = '';
  private ownConfigDiagnostics: Diagnostic[] = [];
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
    this.updateConfigDiagnostics();
  }

  /** Asks git whether the identifiers file is tracked or not ignored; true when the warning changed. */
  async checkIdentifiersTracked(): Promise<boolean> {
    const file = this.identifiersFile;
    let warning: Diagnostic | null = null;
    if (file !== null && fs.existsSync(file)) warning = trackedDiagnostic(this.root, this.config, this.configText, file, await gitFileStatus(file));
    if (file !== this.identifiersFile) return false;
    const changed = JSON.stringify(warning) !== JSON.stringify(this.trackedWarning);
    this.trackedWarning = warning;
    this.updateConfigDiagnostics();
    return changed;
  }

  private updateConfigDiagnostics(): void {
    this.configDiagnostics = [...this.ownConfigDiagnostics, ...this.identifierDiagnostics, ...(this.trackedWarning ? [this.trackedWarning] : [])];
  }

  /** The URI of condense.json. */
  get configUri(): string {
    return pathToUri(path.join(this.root, CONFIG_FILE));
  }

  /** Re-reads condense.json and starts a fresh, empty index with its settings. */
  reloadConfig(): void {
    this.config = defaultConfig();
    this.configDiagnostics = [];
    this.ownConfigDiagnostics = [];
    this.configText = '';
    this.trackedWarning = null;
    const file = path.join(this.root, CONFIG_FILE);
    let text: string | null = null;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = null;
    }
    if (text !== null) {
      const parsed = parseConfig(text);
      this.config = parsed.config;
      this.configText = text;
      this.ownConfigDiagnostics = parsed.diagnostics;
    }
    this.classify = createClassifier(this.config);
    this.index = new WorkspaceIndex({ speakerPattern: this.config.speakerPattern, sections: this.config.sections });
    this.skipped.clear();
    this.reloadIdentifiers();
  }

  /** The study's files on disk, as URIs with their kind. */
  listDocuments(): { uri: string; kind: DocumentKind }[] {
    const out: { uri: string; kind: DocumentKind }[] = [];
    for (const rel of listFiles(this.root)) {
      const uri = pathToUri(path.join(this.root, rel));
      const kind = this.kindOf(uri);
      if (kind) out.push({ uri, kind });
    }
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
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(p);
    } catch {
      this.remove(uri);
      return;
    }
    this.loadBytes(uri, kind, bytes);
  }

  /**
   * {@link loadFromDisk} at once, for didClose: the next message (a request about the
   * closed document) must already see the disk's text, not the editor's.
   */
  loadFromDiskSync(uri: string, kind: DocumentKind): void {
    const p = uriToPath(uri);
    if (!p) return;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(p);
    } catch {
      this.remove(uri);
      return;
    }
    this.loadBytes(uri, kind, bytes);
  }

  private loadBytes(uri: string, kind: DocumentKind, bytes: Buffer): void {
    const decoded = decodeText(bytes, this.config.maxFileSize);
    if ('problem' in decoded) {
      this.index.removeDocument(uri);
      this.skipped.set(uri, decoded.problem);
      return;
    }
    this.setText(uri, decoded.text, kind, null);
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
