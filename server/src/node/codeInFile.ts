/**
 * Does a file that the index skipped (too large, binary, undecodable) still name a code?
 * A rename must not change the indexed files and leave such a file behind with the old
 * id, so the rename asks this first. The file is streamed, never read whole, and only a
 * regular file is opened (a FIFO would block the reader for good).
 */
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** How much of the previous chunk is kept, so that a name split between two chunks is found. */
const OVERLAP = 1024;

/**
 * True when the file at `file` holds `.code` or `#code` as an attribute token (followed by
 * white space, `}` or the end), the way units and codebook headings name a code. Unreadable
 * files, and anything but a regular file, answer false.
 */
export async function fileNamesCode(file: string, code: string): Promise<boolean> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    return false;
  }
  if (!stat.isFile()) return false;
  const name = `[.#]${code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
  // Inside the stream a match must be followed by its end mark; at the end of the file, not.
  const within = new RegExp(`${name}(?=[\\s}])`);
  const atEnd = new RegExp(`${name}(?=[\\s}]|$)`);
  const decoder = new StringDecoder('utf8');
  let tail = '';
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
      const text = tail + decoder.write(chunk as Buffer);
      if (within.test(text)) return true;
      tail = text.slice(-OVERLAP);
    }
    return atEnd.test(tail + decoder.end());
  } catch {
    return false;
  }
}
