/**
 * The entry bin/condense.js runs for `condense merge-file`, bundled on its own
 * (dist/mergeDriver.js): git starts a merge driver once per file, and this bundle is
 * about a quarter of the whole CLI, so a start costs about half as much (see
 * docs/collaboration.md). Same arguments, output and exit codes as through main.ts.
 */
import { runMergeFile } from './mergeFileCommand';

/** Runs `condense merge-file` with the process's arguments (after the command name). */
export function main(): void {
  try {
    process.exitCode = runMergeFile(process.argv.slice(3), (s) => process.stderr.write(`${s}\n`));
  } catch (e) {
    // Exit 2 leaves git's own conflict in place.
    process.stderr.write(`condense: internal error: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
