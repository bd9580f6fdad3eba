/**
 * Does a file that the index skipped (too large, binary, undecodable) still name a code?
 * A rename must not change the indexed files and leave such a file behind with the old
 * id, so the rename asks this first. The file is streamed, never read whole, and only a
 * regular file is opened (a FIFO would block the reader for good).
 */
import type { StudyFileSystem } from '../core/fileSystem';

/** How much of the previous chunk is kept, so that a name split between two chunks is found. */
const OVERLAP = 1024;

/**
 * True when the file at `file` holds `.code` or `#code` as an attribute token (followed by
 * white space, `}` or the end), the way units and codebook headings name a code. Unreadable
 * files, and anything but a regular file, answer false.
 */
export async function fileNamesCode(files: StudyFileSystem, file: string, code: string): Promise<boolean> {
  const chunks = files.chunks(file);
  if (!chunks) return false;
  const name = `[.#]${code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
  // Inside the stream a match must be followed by its end mark; at the end of the file, not.
  const within = new RegExp(`${name}(?=[\\s}])`);
  const atEnd = new RegExp(`${name}(?=[\\s}]|$)`);
  const decoder = new TextDecoder('utf-8');
  let tail = '';
  try {
    for await (const chunk of chunks) {
      const text = tail + decoder.decode(chunk, { stream: true });
      if (within.test(text)) return true;
      tail = text.slice(-OVERLAP);
    }
    return atEnd.test(tail + decoder.decode());
  } catch {
    return false;
  }
}
