/**
 * A {@link StudyFileSystem} held in memory: the language server's tests start the real
 * server on one, write and remove files in it as a user would on disk, and need no
 * temporary folder. Only regular files and the folders that hold them exist here; the
 * rules that need a real disk (symbolic links, FIFOs, permissions) are tested on the disk.
 * Paths are absolute, with `/`.
 */
import { fileTooLarge } from './fileProblems';
import type { FileStat, ReadBytes, StudyFile, StudyFileSystem, StudyScan } from './fileSystem';
import type { DocumentKind } from './studyIndex';

const SKIP_DIRS = new Set(['node_modules', '.git']);

/** Files in memory, by absolute path. */
export class MemoryFileSystem implements StudyFileSystem {
  private readonly files = new Map<string, Uint8Array>();

  /** Starts with `files` (absolute path → content). */
  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, content] of Object.entries(files)) this.write(p, content);
  }

  /** Writes a file (text as UTF-8), creating its folders. */
  write(path: string, content: string | Uint8Array): void {
    this.files.set(clean(path), typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  /** The text of a file (UTF-8), or undefined when there is none. */
  read(path: string): string | undefined {
    const bytes = this.files.get(clean(path));
    return bytes && new TextDecoder().decode(bytes);
  }

  /** Removes a file, or a folder with everything in it. */
  remove(path: string): void {
    const p = clean(path);
    for (const f of [...this.files.keys()]) if (f === p || f.startsWith(`${p}/`)) this.files.delete(f);
  }

  stat(path: string): FileStat | null {
    const p = clean(path);
    const bytes = this.files.get(p);
    if (bytes) return { type: 'file', size: bytes.length };
    for (const f of this.files.keys()) if (f.startsWith(p === '/' ? '/' : `${p}/`)) return { type: 'folder', size: 0 };
    return null;
  }

  subfolders(dir: string): string[] {
    const prefix = withSlash(clean(dir));
    const out = new Set<string>();
    for (const f of this.files.keys()) {
      if (!f.startsWith(prefix)) continue;
      const rest = f.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash > 0) out.add(rest.slice(0, slash));
    }
    return [...out].sort();
  }

  scan(root: string, classify: (rel: string) => DocumentKind | null): StudyScan {
    const prefix = withSlash(clean(root));
    const files: StudyFile[] = [];
    const realPaths = new Set<string>();
    for (const f of this.files.keys()) {
      if (!f.startsWith(prefix)) continue;
      const rel = f.slice(prefix.length);
      const parts = rel.split('/');
      const folders = parts.slice(0, -1);
      // As on disk: no dot folder, node_modules or .git is entered.
      if (folders.some((d) => d.startsWith('.') || SKIP_DIRS.has(d))) continue;
      const kind = classify(rel);
      if (!kind) continue;
      files.push({ rel, kind });
      realPaths.add(f);
    }
    files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
    return { files, problems: [], realPaths };
  }

  readFile(root: string, file: string, maxSize: number): Promise<ReadBytes> {
    return Promise.resolve(this.readFileSync(root, file, maxSize));
  }

  readFileSync(_root: string, file: string, maxSize: number): ReadBytes {
    const bytes = this.files.get(clean(file));
    if (!bytes) return { missing: true };
    if (bytes.length > maxSize) return { problem: fileTooLarge(bytes.length, maxSize) };
    return { bytes };
  }

  chunks(file: string): AsyncIterable<Uint8Array> | null {
    const bytes = this.files.get(clean(file));
    if (!bytes) return null;
    // In pieces, so that a search across chunk boundaries is exercised as on disk.
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 1 << 16) pieces.push(bytes.subarray(at, at + (1 << 16)));
    return {
      [Symbol.asyncIterator]: () => {
        let k = 0;
        return {
          next: () =>
            Promise.resolve(k < pieces.length ? { value: pieces[k++], done: false } : { value: undefined, done: true }),
        };
      },
    };
  }
}

/** The path without a trailing `/` and with `/` separators. */
function clean(path: string): string {
  const p = path.replace(/\\/g, '/').replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}
