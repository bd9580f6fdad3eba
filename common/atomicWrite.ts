/**
 * Atomic file writes for exports, imports and pseudonymisation: the bytes go to a
 * temporary file in the target's own folder, which is flushed and then renamed over the
 * target. A failure at any point (a full disk, a file-size limit, a read-only folder)
 * leaves the previous file as it was, or no file, never a partial one; the temporary file
 * is removed. Several files are written all or nothing ({@link writeFilesAtomically}).
 *
 * Plain Node, shared by the server (exports, imports, pseudonymisation) and the VS Code
 * client (the Report view saving a chart or a table).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeCrypto } from './lazyNode';

/** A temporary name beside `target`: a dot file, so that study scans skip it. */
export function tempNameFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${nodeCrypto().randomBytes(6).toString('hex')}.tmp`,
  );
}

/**
 * Writes `data` to `target` atomically. An existing target keeps its permission bits.
 * Throws the file system's error (with its `code`) when it cannot.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let mode = 0o666;
  try {
    const st = fs.statSync(target);
    if (st.isFile()) mode = st.mode & 0o7777;
  } catch {
    // No target yet: the default mode, less the umask.
  }
  const temp = tempNameFor(target);
  let fd: number | null = fs.openSync(temp, 'wx', mode);
  try {
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    // The data must be on disk before the rename makes it the file: otherwise a crash
    // just after the rename could leave an empty file where the old one was.
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, target);
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
}

/**
 * Makes the folder `target` atomically from files (relative paths with `/`): they are
 * written into a temporary folder beside it, which is then renamed to `target`. `target`
 * must not exist or be an empty folder (rename(2) replaces an empty folder). On failure
 * the temporary folder is removed and `target` is left as it was.
 */
export function writeFolderAtomic(target: string, files: Map<string, string | Uint8Array>): void {
  const root = path.resolve(target);
  const temp = tempNameFor(root);
  fs.mkdirSync(temp);
  try {
    for (const [rel, data] of files) {
      const file = path.resolve(temp, rel);
      if (!file.startsWith(temp + path.sep)) throw new Error(`refusing to write ${rel} outside the folder`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fd = fs.openSync(file, 'wx');
      try {
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        let off = 0;
        while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    fs.renameSync(temp, root);
  } catch (e) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}

/** One file to write: its path and new text, and the text it must still hold on disk. */
export interface PlannedWrite {
  file: string;
  text: string;
  /** When given, the write is refused if the file no longer holds exactly this (edited meanwhile). */
  expected?: string;
}

/** A write that failed; nothing was changed. */
export class AtomicWriteError extends Error {}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** Writes every file or none; throws AtomicWriteError with a one-line message naming the file. */
export function writeFilesAtomically(writes: readonly PlannedWrite[]): void {
  const staged: { target: string; temp: string; original: Buffer | null; mode: number | undefined }[] = [];
  const cleanUp = (): void => {
    for (const s of staged) fs.rmSync(s.temp, { force: true });
  };
  for (const w of writes) {
    let target = w.file;
    let original: Buffer | null = null;
    let mode: number | undefined;
    try {
      // A symlinked transcript stays a symlink: write where it points.
      target = fs.realpathSync(w.file);
      original = fs.readFileSync(target);
      mode = fs.statSync(target).mode & 0o7777;
    } catch (e) {
      if (errorCode(e) !== 'ENOENT') {
        cleanUp();
        throw new AtomicWriteError(`${w.file}: cannot be read (${errorCode(e)}); no file was changed`);
      }
    }
    if (w.expected !== undefined && (original === null || original.toString('utf8') !== w.expected)) {
      cleanUp();
      throw new AtomicWriteError(
        `${w.file}: changed on disk while it was being read; no file was changed, run the command again`,
      );
    }
    const temp = tempNameFor(target);
    try {
      fs.writeFileSync(temp, w.text, { flag: 'wx', mode: mode ?? 0o666 });
      if (mode !== undefined) fs.chmodSync(temp, mode);
    } catch (e) {
      fs.rmSync(temp, { force: true });
      cleanUp();
      throw new AtomicWriteError(`${w.file}: cannot be written (${errorCode(e)}); no file was changed`);
    }
    staged.push({ target, temp, original, mode });
  }
  for (let k = 0; k < staged.length; k++) {
    try {
      fs.renameSync(staged[k].temp, staged[k].target);
    } catch (e) {
      const failed = writes[k].file;
      for (let j = k; j < staged.length; j++) fs.rmSync(staged[j].temp, { force: true });
      const lost = restore(staged.slice(0, k));
      throw new AtomicWriteError(
        lost.length === 0
          ? `${failed}: cannot be replaced (${errorCode(e)}); no file was changed`
          : `${failed}: cannot be replaced (${errorCode(e)}), and ${lost.join(', ')} could not be put back`,
      );
    }
  }
}

/** Puts back the original bytes of files already renamed; returns those it could not. */
function restore(done: { target: string; original: Buffer | null; mode: number | undefined }[]): string[] {
  const lost: string[] = [];
  for (const s of done) {
    try {
      if (s.original === null) fs.rmSync(s.target, { force: true });
      else {
        const temp = tempNameFor(s.target);
        fs.writeFileSync(temp, s.original, { flag: 'wx', mode: s.mode ?? 0o666 });
        fs.renameSync(temp, s.target);
      }
    } catch {
      lost.push(s.target);
    }
  }
  return lost;
}
