/**
 * Finding and reading a study's files on disk, with the same rules for the CLI and the
 * language server: only regular files are read, and only after `stat` says their size
 * and type are fine (a FIFO, a socket or a 3 GB file is never opened for a full read);
 * symbolic links are followed inside the study and not outside it; loops are detected;
 * and every file or folder that cannot be used gets a diagnostic (core/fileProblems.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  danglingSymlink,
  fileTooLarge,
  folderFilter,
  notRegularFile,
  symlinkLoop,
  symlinkOutside,
  unreadableFile,
  unreadableFolder,
} from '../core/fileProblems';
import type { ReadBytes, StudyFile, StudyFileProblem, StudyScan } from '../core/fileSystem';
import type { Diagnostic } from '../core/model';
import { decodeText } from '../core/textFile';
import type { DocumentKind } from '../core/studyIndex';

export { decodeText } from '../core/textFile';

/** The outcome of reading and decoding one file. */
export type ReadOutcome = { text: string } | { problem: Diagnostic } | { missing: true };

const SKIP_DIRS = new Set(['node_modules', '.git']);
const CHUNK = 1 << 16;

/**
 * How much to ask of the next read: the rest of the file as fstat sized it and one byte
 * more (so that one read finds the end of a file that did not grow), or a chunk past that;
 * never more than one byte past the limit.
 */
function readSize(size: number, total: number, maxSize: number): number {
  return Math.max(1, Math.min(total < size ? size - total + 1 : CHUNK, maxSize + 1 - total));
}
/** How often one folder may be walked through symbolic links. */
const MAX_LINK_WALKS = 8;

function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? 'error';
}

function inside(rootReal: string, real: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
}

function typeName(st: fs.Stats | fs.Dirent): string {
  if (st.isFIFO()) return 'FIFO (named pipe)';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  if (st.isDirectory()) return 'folder';
  return 'special file';
}

/**
 * Walks the study under `root` and lists the files `classify` wants, with a problem for
 * each one (or each folder that may hold one, by `globs`) that cannot be used. Dot
 * folders, node_modules and .git are not entered. A real file reached by two paths is
 * listed once: as the codebook if one path is a codebook, else under the first path.
 */
export function scanStudyFiles(
  root: string,
  classify: (rel: string) => DocumentKind | null,
  globs: string[],
): StudyScan {
  const problems: StudyFileProblem[] = [];
  const byReal = new Map<string, StudyFile>();
  let rootReal: string;
  try {
    rootReal = fs.realpathSync(root);
  } catch (e) {
    return { files: [], problems: [{ rel: '', diagnostic: unreadableFolder(errno(e)) }], realPaths: new Set() };
  }
  const mayHold = folderFilter(globs);
  const linkWalks = new Map<string, number>();
  const add = (rel: string, real: string, kind: DocumentKind): void => {
    const seen = byReal.get(real);
    if (!seen || (kind === 'codebook' && seen.kind !== 'codebook')) byReal.set(real, { rel, kind });
  };

  const walk = (dir: string, dirReal: string, rel: string, ancestors: Set<string>): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      if (mayHold(rel)) problems.push({ rel, diagnostic: unreadableFolder(errno(e)) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const child = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
        const real = path.join(dirReal, e.name);
        walk(child, real, childRel, new Set([...ancestors, real]));
      } else if (e.isFile()) {
        const kind = classify(childRel);
        if (kind) add(childRel, path.join(dirReal, e.name), kind);
      } else if (e.isSymbolicLink()) {
        if (SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
        link(child, childRel, ancestors);
      } else if (classify(childRel)) {
        problems.push({ rel: childRel, diagnostic: notRegularFile(typeName(e)) });
      }
    }
  };

  const link = (child: string, childRel: string, ancestors: Set<string>): void => {
    const kind = classify(childRel);
    let real: string;
    try {
      real = fs.realpathSync(child);
    } catch (e) {
      // Whether a broken link was meant as a file or a folder is unknown: it is reported
      // when its name is that of a study file.
      if (!kind) return;
      const code = errno(e);
      problems.push({
        rel: childRel,
        diagnostic: code === 'ENOENT' ? danglingSymlink() : code === 'ELOOP' ? symlinkLoop() : unreadableFile(code),
      });
      return;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(real);
    } catch (e) {
      if (kind) problems.push({ rel: childRel, diagnostic: unreadableFile(errno(e)) });
      return;
    }
    const wanted = st.isDirectory() ? mayHold(childRel) : kind !== null;
    if (!inside(rootReal, real)) {
      if (wanted) problems.push({ rel: childRel, diagnostic: symlinkOutside(real) });
      return;
    }
    if (st.isDirectory()) {
      if (ancestors.has(real) || real === rootReal) {
        if (wanted) problems.push({ rel: childRel, diagnostic: symlinkLoop() });
        return;
      }
      // Under another path the globs may want other files of the folder, so it is walked
      // again; a cap keeps links that fan out (a → b twice, b → c twice, ...) from
      // making the walk exponential. Files are listed once per real file either way.
      const walks = linkWalks.get(real) ?? 0;
      if (walks >= MAX_LINK_WALKS) return;
      linkWalks.set(real, walks + 1);
      walk(child, real, childRel, new Set([...ancestors, real]));
    } else if (kind) {
      if (st.isFile()) add(childRel, real, kind);
      else problems.push({ rel: childRel, diagnostic: notRegularFile(typeName(st)) });
    }
  };

  walk(root, rootReal, '', new Set([rootReal]));
  const files = [...byReal.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, problems, realPaths: new Set(byReal.keys()) };
}

const rootReals = new Map<string, string>();

function realRoot(root: string): string {
  let r = rootReals.get(root);
  if (r === undefined) {
    try {
      r = fs.realpathSync(root);
    } catch {
      r = path.resolve(root);
    }
    rootReals.set(root, r);
  }
  return r;
}

/**
 * The checks before a file is opened: it exists, its real path lies inside the study, and
 * `stat` says it is a regular file within the size limit. Returns the real path to open,
 * or the outcome without opening anything.
 */
function precheck(root: string, file: string, maxSize: number): { real: string } | ReadBytes {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (e) {
    const code = errno(e);
    if (code === 'ELOOP') return { problem: symlinkLoop() };
    if (code !== 'ENOENT') return { problem: unreadableFile(code) };
    try {
      return fs.lstatSync(file).isSymbolicLink() ? { problem: danglingSymlink() } : { missing: true };
    } catch {
      return { missing: true };
    }
  }
  if (!inside(realRoot(root), real)) return { problem: symlinkOutside(real) };
  let st: fs.Stats;
  try {
    st = fs.statSync(real);
  } catch (e) {
    return errno(e) === 'ENOENT' ? { missing: true } : { problem: unreadableFile(errno(e)) };
  }
  if (!st.isFile()) return { problem: notRegularFile(typeName(st)) };
  if (st.size > maxSize) return { problem: fileTooLarge(st.size, maxSize) };
  return { real };
}

// O_NONBLOCK: should the file become a FIFO between stat and open, open returns at once
// instead of waiting for a writer; fstat on the open file then refuses it.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** Reads and decodes a file of the study at `root` (absolute path), by the rules above. Never blocks on a FIFO. */
export function readStudyFileSync(root: string, file: string, maxSize: number): ReadOutcome {
  const read = readStudyBytesSync(root, file, maxSize);
  return 'bytes' in read ? decodeText(read.bytes, maxSize) : read;
}

/** Reads the bytes of a file of the study at `root` (absolute path), by the rules above. Never blocks on a FIFO. */
export function readStudyBytesSync(root: string, file: string, maxSize: number): ReadBytes {
  const pre = precheck(root, file, maxSize);
  if (!('real' in pre)) return pre;
  let fd: number;
  try {
    fd = fs.openSync(pre.real, OPEN_FLAGS);
  } catch (e) {
    return errno(e) === 'ENOENT' ? { missing: true } : { problem: unreadableFile(errno(e)) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { problem: notRegularFile(typeName(st)) };
    if (st.size > maxSize) return { problem: fileTooLarge(st.size, maxSize) };
    const chunks: Buffer[] = [];
    let total = 0;
    // Up to one byte past the limit: a file that grew since fstat is caught, not read whole.
    while (total <= maxSize) {
      const buf = Buffer.allocUnsafe(readSize(st.size, total, maxSize));
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      // Less than asked of a regular file is its end: no read of nothing to find it.
      if (n < buf.length) break;
    }
    return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) };
  } catch (e) {
    return { problem: unreadableFile(errno(e)) };
  } finally {
    fs.closeSync(fd);
  }
}
