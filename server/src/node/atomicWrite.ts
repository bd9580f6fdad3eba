/**
 * Writes several files all or nothing: every new text goes to a temporary file in its
 * target's folder first, and only when all are written are they renamed over their
 * targets. A failure while writing removes the temporary files and leaves every target
 * as it was; a failure while renaming puts back the files already renamed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One file to write: its path and new text, and the text it must still hold on disk. */
export interface PlannedWrite {
  file: string;
  text: string;
  /** When given, the write is refused if the file no longer holds exactly this (edited meanwhile). */
  expected?: string;
}

/** A write that failed; nothing was changed. */
export class AtomicWriteError extends Error {}

let serial = 0;

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
      throw new AtomicWriteError(`${w.file}: changed on disk while it was being read; no file was changed, run the command again`);
    }
    const temp = path.join(path.dirname(target), `.condense-${process.pid}-${++serial}.tmp`);
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
        const temp = path.join(path.dirname(s.target), `.condense-${process.pid}-${++serial}.tmp`);
        fs.writeFileSync(temp, s.original, { flag: 'wx', mode: s.mode ?? 0o666 });
        fs.renameSync(temp, s.target);
      }
    } catch {
      lost.push(s.target);
    }
  }
  return lost;
}
