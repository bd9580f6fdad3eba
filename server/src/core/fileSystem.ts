/**
 * The file system a study is read from, as a small interface (in the manner of
 * vscode-markdown-languageservice's IWorkspace): the real disk for the server and the CLI
 * (node/diskFileSystem.ts), memory for tests (core/memoryFileSystem.ts). The one study
 * loader (node/study.ts) sees the files only through it. Paths are absolute.
 */
import type { Diagnostic } from './model';
import type { DocumentKind } from './studyIndex';

/** What a path is, following symbolic links. */
export interface FileStat {
  type: 'file' | 'folder' | 'other';
  /** The size in bytes (0 for a folder). */
  size: number;
}

/** A file of a study (path relative to the root, with `/`) and what it is. */
export interface StudyFile {
  rel: string;
  kind: DocumentKind;
}

/** A file or folder that cannot be used, with why (rel '' is the root). */
export interface StudyFileProblem {
  rel: string;
  diagnostic: Diagnostic;
}

/** What {@link StudyFileSystem.scan} found. */
export interface StudyScan {
  files: StudyFile[];
  problems: StudyFileProblem[];
  /** The real path of every file of the study that was found, readable or not. */
  realPaths: Set<string>;
}

/** The outcome of reading one file's bytes. */
export type ReadBytes = { bytes: Uint8Array } | { problem: Diagnostic } | { missing: true };

/** The file system of the studies. */
export interface StudyFileSystem {
  /** What `path` is, or null when there is nothing there (or it cannot be stat'ed). */
  stat(path: string): FileStat | null;
  /** The names of the folders directly inside `dir` (empty when it cannot be listed). */
  subfolders(dir: string): string[];
  /**
   * Walks the study under `root` and lists the files `classify` wants, with a problem for
   * each file (or folder that may hold one, by `globs`) that cannot be used. Dot folders,
   * node_modules and .git are not entered; files come sorted by relative path.
   */
  scan(root: string, classify: (rel: string) => DocumentKind | null, globs: string[]): StudyScan;
  /**
   * Reads the bytes of `file`, a file of the study at `root`, when it is a regular file
   * inside the study of at most `maxSize` bytes; never blocks on a FIFO.
   */
  readFile(root: string, file: string, maxSize: number): Promise<ReadBytes>;
  /** {@link readFile} at once, for the CLI and for didClose. */
  readFileSync(root: string, file: string, maxSize: number): ReadBytes;
  /**
   * The bytes of a regular file in chunks, for a search through a file too large to index;
   * null when it is missing, not a regular file or unreadable.
   */
  chunks(file: string): AsyncIterable<Uint8Array> | null;
}
