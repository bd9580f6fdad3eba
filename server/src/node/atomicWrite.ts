/**
 * Atomic file writes for exports and imports: the bytes go to a temporary file in the
 * target's own folder, which is flushed and then renamed over the target. A failure at
 * any point (a full disk, a file-size limit, a read-only folder) leaves the previous file
 * as it was, or no file, never a partial one; the temporary file is removed.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A temporary name beside `target`: a dot file, so that study scans skip it. */
export function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
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
