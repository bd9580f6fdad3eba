/**
 * The one study loader, for the language server and the CLI alike: a study's root folder,
 * its condense.json, its index, and the files it skipped with why. It reads files only
 * through a {@link StudyFileSystem} (the disk, or memory in tests) and knows nothing of
 * the connection.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE, createClassifier, defaultConfig, parseConfig, type StudyConfig } from '../core/config';
import { fileTooLarge, globsOutsideStudy, noCodebook } from '../core/fileProblems';
import type { ReadBytes, StudyFileSystem } from '../core/fileSystem';
import type { LineIndex } from '../core/lineIndex';
import type { FileQuoteResult } from '../core/quoteSearch';
import type { IdentifierGuard } from '../core/identifiers/guard';
import type { IdentifierMatch } from '../core/identifiers/matcher';
import type { Diagnostic, Transcript } from '../core/model';
import { decodeText, utf8Length } from '../core/textFile';
import { StudyIndex, type DocumentKind } from '../core/studyIndex';
import { gitFileStatus, gitFileStatusSync } from './git';
import { loadIdentifiers, trackedDiagnostic } from './identifiers';

/** The most condense.json may hold: a config file is a few hundred bytes. */
const MAX_CONFIG_SIZE = 1048576;

/** A file: URI for an absolute path (percent-encoding what URIs require). */
export function pathToUri(p: string): string {
  const norm = p.replace(/\\/g, '/');
  const encoded = norm
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  return `file://${encoded.startsWith('/') ? '' : '/'}${encoded}`;
}

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

/** Every glob that decides which files belong to the study. */
export function studyGlobs(config: StudyConfig): string[] {
  return [...config.codebook, ...(config.transcripts ?? ['**/*.md'])];
}

/** The glob-outside-study diagnostics of a parsed condense.json. */
export function configGlobProblems(text: string, config: StudyConfig): Diagnostic[] {
  return globsOutsideStudy(text, [
    { key: 'codebook', patterns: config.codebook },
    { key: 'transcripts', patterns: config.transcripts ?? [] },
  ]);
}

/**
 * A transcript's parse made elsewhere (a worker thread), with the line index it was read
 * with and, if looked for there, its golden-quote answers by code and its identifying
 * text (found with the names of `guard`).
 */
export type Parsed = {
  transcript: Transcript;
  lines: LineIndex;
  quotes?: Map<string, FileQuoteResult[]>;
  identifiers?: { guard: IdentifierGuard; matches: IdentifierMatch[] };
};

/** A file as read: its text, why it cannot be used, or gone. */
export type FileRead = { text: string } | { problem: Diagnostic } | { missing: true };

/** Parses many transcripts at once; null (for all, or for one) leaves the parse to the index. */
export type ParseMany = (texts: string[]) => (Parsed | null)[] | null;

/** A study: a root folder with an optional condense.json and an index of its files. */
export class Study {
  config: StudyConfig = defaultConfig();
  private parsedConfigDiagnostics: Diagnostic[] = [];
  /** Why condense.json could not be read (the defaults are used then), or null. */
  configProblem: Diagnostic | null = null;
  /** Why the root folder itself could not be listed, or null. */
  rootProblem: Diagnostic | null = null;
  index: StudyIndex = new StudyIndex();
  /**
   * Files and folders of the study that are not in the index, with the reason, by URI:
   * too large, binary, unreadable, not a regular file, a symbolic link that leads nowhere
   * or outside the study, an unreadable folder. A rename must not claim to be complete
   * while a skipped file may hold the code.
   */
  readonly skipped = new Map<string, Diagnostic>();
  /** The real path of every file of the study found by the last {@link listDocuments}. */
  realPaths = new Set<string>();
  private listed = false;
  private classify = createClassifier(this.config);
  readonly rootUri: string;
  /** The identifiers file (absolute path), if condense.json names one. */
  identifiersFile: string | null = null;
  private configText = '';
  private identifierDiagnostics: Diagnostic[] = [];
  private trackedWarning: Diagnostic | null = null;

  constructor(
    readonly root: string,
    readonly files: StudyFileSystem,
  ) {
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

  /** The URI of a path relative to the root (with `/`). */
  uriOf(rel: string): string {
    return pathToUri(path.join(this.root, rel));
  }

  /** What the file is to this study, or null. */
  kindOf(uri: string): DocumentKind | null {
    const rel = this.relPath(uri);
    return rel === null ? null : this.kindOfRel(rel);
  }

  /** What a path relative to the root (with `/`) is to the study by its globs, or null. */
  kindOfRel(rel: string): DocumentKind | null {
    // The identifiers file is never read as a transcript, whatever its name.
    if (this.identifiersFile !== null && path.join(this.root, rel) === this.identifiersFile) return null;
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
    if (file !== null && this.files.stat(file))
      warning = trackedDiagnostic(this.root, this.config, this.configText, file, await gitFileStatus(file));
    if (file !== this.identifiersFile) return false;
    const changed = JSON.stringify(warning) !== JSON.stringify(this.trackedWarning);
    this.trackedWarning = warning;
    return changed;
  }

  /** {@link checkIdentifiersTracked} at once, for the command line. */
  checkIdentifiersTrackedSync(): void {
    const file = this.identifiersFile;
    this.trackedWarning =
      file !== null && this.files.stat(file)
        ? trackedDiagnostic(this.root, this.config, this.configText, file, gitFileStatusSync(file))
        : null;
  }

  /** The URI of condense.json. */
  get configUri(): string {
    return pathToUri(path.join(this.root, CONFIG_FILE));
  }

  /**
   * The diagnostics of condense.json: its own, globs that point outside the study, and
   * no-codebook once the study's files are listed and no codebook is indexed (none was
   * found, or every one found was skipped).
   */
  get configDiagnostics(): Diagnostic[] {
    const out = [
      ...this.parsedConfigDiagnostics,
      ...this.identifierDiagnostics,
      ...(this.trackedWarning ? [this.trackedWarning] : []),
    ];
    if (!this.listed || this.index.documents('codebook').length) return out;
    return [...out, noCodebook(this.config.codebook)];
  }

  /** Re-reads condense.json and starts a fresh, empty index with its settings. */
  reloadConfig(): void {
    this.config = defaultConfig();
    this.parsedConfigDiagnostics = [];
    this.configProblem = null;
    this.configText = '';
    this.trackedWarning = null;
    // Read as any file of the study: a FIFO or a huge condense.json must not hang the server.
    const outcome = decoded(
      this.files.readFileSync(this.root, path.join(this.root, CONFIG_FILE), MAX_CONFIG_SIZE),
      MAX_CONFIG_SIZE,
    );
    if ('text' in outcome) {
      const parsed = parseConfig(outcome.text);
      this.config = parsed.config;
      this.configText = outcome.text;
      this.parsedConfigDiagnostics = [...parsed.diagnostics, ...configGlobProblems(outcome.text, parsed.config)];
    } else if ('problem' in outcome) {
      this.configProblem = outcome.problem;
      this.parsedConfigDiagnostics = [
        { ...outcome.problem, message: `${outcome.problem.message} Using the default settings.` },
      ];
    }
    this.classify = createClassifier(this.config);
    this.index = new StudyIndex({ speakerPattern: this.config.speakerPattern, sections: this.config.sections });
    this.skipped.clear();
    this.realPaths = new Set();
    this.rootProblem = null;
    this.listed = false;
    this.reloadIdentifiers();
  }

  /**
   * The study's files, as URIs with their kind. Folders and files that cannot be used
   * (unreadable, broken or outside symbolic links, FIFOs) go into {@link skipped}.
   */
  listDocuments(): { uri: string; kind: DocumentKind }[] {
    const scan = this.files.scan(this.root, this.classify, studyGlobs(this.config));
    for (const p of scan.problems) {
      if (p.rel === '') this.rootProblem = p.diagnostic;
      this.skipped.set(p.rel ? this.uriOf(p.rel) : this.rootUri, p.diagnostic);
    }
    this.realPaths = scan.realPaths;
    this.listed = true;
    return scan.files
      .filter((f) => this.kindOfRel(f.rel) !== null)
      .map((f) => ({ uri: this.uriOf(f.rel), kind: f.kind }));
  }

  /**
   * Indexes `text` as the document `uri` (or records why it is skipped). Returns false
   * when the text is too large to index: an editor's text is held to the limit of a file.
   */
  setText(uri: string, text: string, kind: DocumentKind, version: number | null, parsed?: Parsed): boolean {
    const max = this.config.maxFileSize;
    // At most 3 UTF-8 bytes per UTF-16 unit: most texts need no count.
    const size = text.length * 3 > max ? utf8Length(text) : 0;
    if (size > max) {
      this.index.removeDocument(uri);
      this.skipped.set(uri, fileTooLarge(size, max));
      return false;
    }
    this.skipped.delete(uri);
    this.index.setDocument(uri, text, kind, version, parsed);
    return true;
  }

  /** Reads one file into the index; a missing file is removed. */
  async load(uri: string, kind: DocumentKind): Promise<void> {
    const read = await this.read(uri);
    if (read) this.apply(uri, kind, read);
  }

  /**
   * {@link load} in two steps, so that a scan can read the next files while it indexes
   * one: the file's text (or why not), then {@link applyRead}. Null for a URI that is no file.
   */
  async read(uri: string): Promise<FileRead | null> {
    const p = uriToPath(uri);
    if (!p) return null;
    const max = this.config.maxFileSize;
    return decoded(await this.files.readFile(this.root, p, max), max);
  }

  /** Indexes what {@link read} found (`parsed`: its parse, made on a worker thread). */
  applyRead(uri: string, kind: DocumentKind, read: FileRead, parsed?: Parsed): void {
    this.apply(uri, kind, read, parsed);
  }

  /**
   * {@link load} at once, for the CLI and for didClose: the next message (a request about
   * the closed document) must already see the file's text, not the editor's.
   */
  loadSync(uri: string, kind: DocumentKind): void {
    const p = uriToPath(uri);
    if (!p) return;
    const max = this.config.maxFileSize;
    this.apply(uri, kind, decoded(this.files.readFileSync(this.root, p, max), max));
  }

  /**
   * {@link loadSync} for many files at once (the CLI's cold scan): every file is read
   * first and all but the transcripts indexed; then the transcripts' texts go to
   * `parseMany` (a pool of worker threads), which returns their parses, or null (for all
   * or one) to have them parsed here. `onTranscript` is given each transcript's text as
   * soon as it is read, with its number in the texts that `parseMany` gets.
   */
  loadAllSync(
    docs: { uri: string; kind: DocumentKind }[],
    parseMany: ParseMany,
    onTranscript?: (k: number, text: string, bytes: Uint8Array) => void,
  ): void {
    const max = this.config.maxFileSize;
    const texts: string[] = [];
    const slot: number[] = [];
    const reads = docs.map((d) => {
      const p = uriToPath(d.uri);
      const read = p === null ? null : this.files.readFileSync(this.root, p, max);
      const r = read === null ? null : decoded(read, max);
      const k = d.kind === 'transcript' && r && 'text' in r ? texts.push(r.text) - 1 : -1;
      slot.push(k);
      // The bytes too, which nothing here reads again once decoded: they may be moved.
      if (k >= 0 && r && 'text' in r && read && 'bytes' in read) onTranscript?.(k, r.text, read.bytes);
      return r;
    });
    // Everything but the transcripts' texts first: the codebook decides what to look for.
    docs.forEach((d, k) => {
      const r = reads[k];
      if (r && slot[k] < 0) this.apply(d.uri, d.kind, r);
    });
    const parsed = texts.length ? parseMany(texts) : null;
    docs.forEach((d, k) => {
      const r = reads[k];
      if (r && slot[k] >= 0) this.apply(d.uri, d.kind, r, parsed?.[slot[k]] ?? undefined);
    });
  }

  /** Indexes a file's text, records why it was skipped, or forgets a file that is gone. */
  private apply(uri: string, kind: DocumentKind, outcome: ReturnType<typeof decoded>, parsed?: Parsed): void {
    if ('missing' in outcome) this.remove(uri);
    else if ('problem' in outcome) {
      this.index.removeDocument(uri);
      this.skipped.set(uri, outcome.problem);
    } else this.setText(uri, outcome.text, kind, null, parsed);
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

function decoded(read: ReadBytes, maxSize: number): { text: string } | { problem: Diagnostic } | { missing: true } {
  return 'bytes' in read ? decodeText(read.bytes, maxSize) : read;
}

/**
 * Finds the study roots under a workspace folder: the folder itself if it has condense.json
 * or codebook.md, and nested folders with condense.json (three levels deep).
 */
export function findStudyRoots(folder: string, files: StudyFileSystem): string[] {
  const roots: string[] = [];
  const has = (dir: string, name: string): boolean => files.stat(path.join(dir, name)) !== null;
  if (has(folder, CONFIG_FILE) || has(folder, 'codebook.md')) roots.push(folder);
  const walk = (dir: string, depth: number): void => {
    if (depth > 3) return;
    for (const name of files.subfolders(dir)) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const sub = path.join(dir, name);
      if (has(sub, CONFIG_FILE)) roots.push(sub);
      walk(sub, depth + 1);
    }
  };
  walk(folder, 1);
  return roots;
}
