/**
 * How work that goes through the files of a study is paced: the language server passes a
 * walk that pauses between files, so that a cancellation can arrive, and stops by
 * throwing; the CLI and the tests walk at once.
 */

/** Visits `items` (files, or what belongs to one file) in order. May throw to stop. */
export type FileWalk = <T>(items: readonly T[], visit: (item: T) => void) => Promise<void>;

/** Visits every item without pausing. */
export const walkAtOnce: FileWalk = (items, visit) => {
  for (const item of items) visit(item);
  return Promise.resolve();
};
