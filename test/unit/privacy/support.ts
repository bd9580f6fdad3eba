/** The CLI run in-process, for the privacy tests. */
import { run } from '../../../server/src/cli/main';

/** What a run printed and returned. */
export interface Result {
  code: number;
  out: string[];
  err: string[];
  raw: string;
}

/** Runs `condense` with these arguments in-process. */
export function cli(...argv: string[]): Result {
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
