/** The CLI run in-process, for the tests: what a run printed, line by line, and its exit code. */
import { run, runAsync } from '../../../server/src/cli/run';

/** What a run printed and returned. */
export interface CliRun {
  code: number;
  /** The lines written to standard output. */
  out: string[];
  /** The lines written to standard error. */
  err: string[];
  /** An export written to standard output as it is. */
  raw: string;
}

/** Runs `condense` with these arguments in-process, as the language server does (team commands read their versions in turn). */
export function runCli(...argv: string[]): CliRun {
  const out: string[] = [];
  const err: string[] = [];
  let raw = '';
  const code = run(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
    (s) => (raw += s),
  );
  return { code, out, err, raw };
}

/** Runs `condense` in-process as the command line does (runAsync: `diff` and `agree` read their revisions side by side). */
export async function runCliAsync(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  let raw = '';
  const code = await runAsync(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
    (s) => (raw += s),
  );
  return { code, out, err, raw };
}
