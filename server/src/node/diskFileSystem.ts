/**
 * The real disk as a {@link StudyFileSystem}, for the language server and the CLI. The
 * rules for what may be read (regular files only, symbolic links inside the study, size
 * limits checked before opening) are in studyFiles.ts.
 */
import * as fs from 'node:fs';
import type { FileStat, StudyFileSystem } from '../core/fileSystem';
import { readStudyBytesSync, scanStudyFiles } from './studyFiles';

function statOf(p: string): FileStat | null {
  try {
    const st = fs.statSync(p);
    return { type: st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other', size: st.isFile() ? st.size : 0 };
  } catch {
    return null;
  }
}

/** The disk. */
export const diskFileSystem: StudyFileSystem = {
  stat: statOf,
  subfolders(dir) {
    try {
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      return [];
    }
  },
  scan: scanStudyFiles,
  // A study file is read in one go on this thread, though the interface lets a reader
  // wait: a transcript is a few dozen KB, read from the page cache in well under a
  // millisecond, and the four thread-pool round trips of an asynchronous read (open, stat,
  // read, close) cost more than that. Measured on the dense study (300 files), the
  // language server's first answer came 30-60 ms sooner, and more evenly (docs/performance.md).
  // The scan still gives the event loop a turn every 25 files.
  readFile: (root, file, maxSize) => Promise.resolve(readStudyBytesSync(root, file, maxSize)),
  readFileSync: readStudyBytesSync,
  chunks(file) {
    // Only a regular file is opened: a FIFO would block the reader for good.
    if (statOf(file)?.type !== 'file') return null;
    return fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
  },
};
