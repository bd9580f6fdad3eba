/**
 * Cancellation of requests that walk the study: the walk pauses between files (every
 * {@link FILES_PER_PAUSE} files, or sooner after {@link MS_PER_PAUSE} of work), so that a
 * `$/cancelRequest` sent meanwhile is read, and then stops with RequestCancelled. Without
 * the pauses a cancellation could only be read once the walk was over.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { FileWalk } from '../core/fileWalk';

/** At most this many files between two pauses. */
export const FILES_PER_PAUSE = 16;
/** At most this much work (ms) between two pauses. */
export const MS_PER_PAUSE = 2;

/** The error a cancelled request answers with (-32800). */
export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Cancelled.');
}

/** A walk for one request, and a check for handlers that go through files by themselves. */
export interface RequestWalk extends FileWalk {
  /** Throws {@link cancelled} once the client has cancelled the request. */
  check(): void;
}

/**
 * A walk for one request: it pauses between files and throws {@link cancelled} once the
 * client has cancelled; `onCancel` hears how many files were visited before the stop.
 */
export function cancellableWalk(
  token: CancellationToken | undefined,
  onCancel: (visited: number) => void = () => undefined,
): RequestWalk {
  let visited = 0;
  let sincePause = 0;
  let pausedAt = Date.now();
  const check = (): void => {
    if (!token?.isCancellationRequested) return;
    onCancel(visited);
    throw cancelled();
  };
  const walk: FileWalk = async (items, visit) => {
    check();
    for (const item of items) {
      if (token && (sincePause >= FILES_PER_PAUSE || Date.now() - pausedAt >= MS_PER_PAUSE)) {
        await new Promise((resolve) => setImmediate(resolve));
        sincePause = 0;
        pausedAt = Date.now();
        check();
      }
      visit(item);
      visited++;
      sincePause++;
    }
  };
  return Object.assign(walk, { check });
}
