/**
 * Asks the system `git` about one file, with argument arrays (never a shell string):
 * whether it is tracked, and whether it is ignored. `null` means git could not say
 * (git missing, or the file not in a repository).
 */
import * as path from 'node:path';
import { nodeChildProcess } from '../../../common/lazyNode';

/** What git says of a file. */
export interface GitFileStatus {
  /** The file is in git's index (committed or staged). */
  tracked: boolean | null;
  /** The file is matched by a .gitignore (or info/exclude) rule. */
  ignored: boolean | null;
}

// `ls-files --error-unmatch` and `check-ignore -q` exit 0 for yes, 1 for no, 128 outside a repository.
const TRACKED = (file: string): string[] => ['ls-files', '--error-unmatch', '--', path.basename(file)];
const IGNORED = (file: string): string[] => ['check-ignore', '-q', '--', path.basename(file)];

function answer(code: number | null): boolean | null {
  return code === 0 ? true : code === 1 ? false : null;
}

function spawnOptions(file: string): { cwd: string; env: NodeJS.ProcessEnv; timeout: number } {
  // GIT_OPTIONAL_LOCKS=0: a status question must not take the index lock from a running commit.
  return { cwd: path.dirname(file), env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, timeout: 10000 };
}

/** Whether `file` (an absolute path) is tracked or ignored, synchronously (for the CLI). */
export function gitFileStatusSync(file: string): GitFileStatus {
  const run = (args: string[]): boolean | null => {
    const r = nodeChildProcess().spawnSync('git', args, { ...spawnOptions(file), stdio: 'ignore' });
    return r.error ? null : answer(r.status);
  };
  const tracked = run(TRACKED(file));
  // No answer (no repository, no git) would be no answer again: spare `check` a second process.
  return { tracked, ignored: tracked === null ? null : run(IGNORED(file)) };
}

/** Whether `file` (an absolute path) is tracked or ignored (for the language server). */
export async function gitFileStatus(file: string): Promise<GitFileStatus> {
  const run = (args: string[]): Promise<boolean | null> =>
    new Promise((resolve) => {
      nodeChildProcess().execFile('git', args, spawnOptions(file), (error) => {
        if (!error) resolve(true);
        else resolve(typeof error.code === 'number' ? answer(error.code) : null);
      });
    });
  const [tracked, ignored] = await Promise.all([run(TRACKED(file)), run(IGNORED(file))]);
  return { tracked, ignored };
}
