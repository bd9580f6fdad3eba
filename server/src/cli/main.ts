/**
 * The entry of the `condense` bundle (dist/cli.js): runs the command line (run.ts) on
 * the process's arguments. Kept apart from run.ts so that what imports the commands (the
 * tests, the benchmarks) does not also run them on its own arguments.
 */
import { runAsync } from './run';

/** Runs the CLI on the process's arguments and sets its exit code. */
export function main(): void {
  // A reader that goes away (`condense diff ... | head`) ends the command quietly, with
  // the status of a command stopped by SIGPIPE, as command-line tools do: not with a
  // stack trace for the write that found the pipe closed.
  // Any other failure to write the output ends it with one line, not a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(141);
    process.stderr.write(`condense: cannot write the output: ${e.message}\n`);
    process.exit(2);
  });
  const failed = (e: unknown): number => {
    process.stderr.write(`condense: internal error: ${(e as Error).message}\n`);
    return 2;
  };
  let code: Promise<number>;
  try {
    code = runAsync(
      process.argv.slice(2),
      (s) => process.stdout.write(`${s}\n`),
      (s) => process.stderr.write(`${s}\n`),
      (s) => process.stdout.write(s),
    ).catch(failed);
  } catch (e) {
    code = Promise.resolve(failed(e));
  }
  void code.then((c) => {
    process.exitCode = c;
    // Once every byte is written, exit at once: letting Node wind down frees the heap first,
    // which costs a `check` of a large study about 10 ms for nothing. Output still queued (a
    // pipe that Node writes asynchronously, as on macOS) is left to drain as usual.
    if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(c);
  });
}

if (require.main === module) main();
