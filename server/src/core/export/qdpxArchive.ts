/**
 * The .qdpx container: a zip holding project.qde and the sources/ folder. Writing is
 * byte-for-byte reproducible (fixed entry order and timestamps); reading refuses what a
 * damaged or hostile archive could do (paths leaving the folder, zip bombs, too many
 * entries) before anything is decompressed.
 */
import type * as Fflate from 'fflate';
import type { Zippable } from 'fflate';

/** fflate, loaded on first use: only the REFI-QDA export and import zip and unzip. */
function fflate(): typeof Fflate {
  // require, not import: an import would load it at every start-up (see docs/performance.md).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('fflate') as typeof Fflate;
}
import type { RefiProject } from './refiQda';

/** Raised for an archive that cannot be read safely: the message is one line for the user. */
export class ArchiveError extends Error {}

/** Limits applied when reading an archive. */
export interface ArchiveLimits {
  /** Total uncompressed size of the entries read, in bytes (default 500 MB). */
  maxTotalSize: number;
  /** Number of entries in the archive (default 10,000). */
  maxEntries: number;
  /** Uncompressed size of any one entry read, in bytes (default: no limit but the total). */
  maxEntrySize?: number;
}

/** The default limits. */
export const DEFAULT_LIMITS: ArchiveLimits = { maxTotalSize: 500 * 1024 * 1024, maxEntries: 10000 };

/** A fixed timestamp for every entry (zip's DOS time cannot go before 1980). */
const FIXED_TIME = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

/** Zips a Project export: project.qde first, then the sources in path order. */
export function packQdpx(project: RefiProject): Uint8Array {
  const enc = new TextEncoder();
  const files: Zippable = {};
  files['project.qde'] = [enc.encode(project.qde), { mtime: FIXED_TIME, level: 6 }];
  for (const s of [...project.sources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    files[s.path] = [enc.encode(s.text), { mtime: FIXED_TIME, level: 6 }];
  }
  // fflate's conditional exports resolve to no types in typescript-eslint's project service (tsc sees Uint8Array).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-return
  return fflate().zipSync(files, { mtime: FIXED_TIME });
}

/** True when `name` is a safe relative path inside the archive. */
export function isSafeEntryName(name: string): boolean {
  if (name === '' || name.includes('\\') || name.includes('\u0000')) return false;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return false;
  return !name.split('/').some((seg) => seg === '..');
}

/** A size in MB for messages. */
function megabytes(n: number): string {
  return (n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0);
}

/**
 * Reads the entries of a .qdpx that `want` selects (by name), after checking every
 * entry's name, the entry count and the declared sizes. Throws ArchiveError.
 */
export function unpackQdpx(
  bytes: Uint8Array,
  want: (name: string) => boolean,
  limits: ArchiveLimits = DEFAULT_LIMITS,
): Map<string, Uint8Array> {
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    throw new ArchiveError('not a .qdpx file: it is not a zip archive');
  let count = 0;
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = fflate().unzipSync(bytes, {
      filter(f) {
        count++;
        if (count > limits.maxEntries) throw new ArchiveError(`the archive has more than ${limits.maxEntries} entries`);
        if (!isSafeEntryName(f.name))
          throw new ArchiveError(
            `the archive holds an entry with an unsafe path (${JSON.stringify(f.name.slice(0, 80))})`,
          );
        if (f.name.endsWith('/') || !want(f.name)) return false;
        if (limits.maxEntrySize !== undefined && f.originalSize > limits.maxEntrySize) {
          throw new ArchiveError(
            `the archive entry ${JSON.stringify(f.name.slice(0, 80))} is ${megabytes(f.originalSize)} MB uncompressed, more than the ${megabytes(limits.maxEntrySize)} MB Condense imports from one file`,
          );
        }
        total += f.originalSize;
        if (f.originalSize > limits.maxTotalSize || total > limits.maxTotalSize) {
          throw new ArchiveError(
            `the archive declares more than ${Math.round(limits.maxTotalSize / 1048576)} MB of uncompressed data`,
          );
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    throw new ArchiveError(`not a readable .qdpx file: the zip archive is damaged (${(e as Error).message})`);
  }
  return new Map(Object.entries(files));
}
