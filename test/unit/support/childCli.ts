/**
 * Runs the real `condense` command line in a child process, under conditions a test
 * cannot make in its own process: a file-size limit (`ulimit -f` in bash), and a user
 * that file permissions apply to (root ignores them, so as root the child runs as
 * `nobody`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'server/src/cli/main.ts');
const NOBODY = 65534;

/** Options of {@link runChildCli}. */
export interface ChildOptions {
  /** `ulimit -f`: the largest file the child may write, in blocks of 1024 bytes. */
  fileSizeBlocks?: number;
  /** Run so that file permissions apply: as `nobody` when the tests run as root. */
  unprivileged?: boolean;
}

/** True when the tests run as root (and a child must drop to `nobody` to feel permissions). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Makes folders (and their files) readable by the unprivileged child. */
export function openToAll(...dirs: string[]): void {
  for (const dir of dirs) {
    fs.chmodSync(dir, 0o777);
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) openToAll(p);
      else if (e.isFile()) fs.chmodSync(p, 0o666);
    }
  }
}

/** Runs `condense ...args` in a child; returns its exit code and output. */
export function runChildCli(
  args: string[],
  options: ChildOptions = {},
): { code: number | null; stdout: string; stderr: string } {
  const node = [process.execPath, '-r', 'tsx/cjs', MAIN, ...args];
  const command =
    options.fileSizeBlocks !== undefined
      ? ['bash', '-c', `ulimit -f ${options.fileSizeBlocks}; exec "$0" "$@"`, ...node]
      : node;
  const drop = options.unprivileged && isRoot() ? { uid: NOBODY, gid: NOBODY } : {};
  const r = spawnSync(command[0], command.slice(1), { cwd: ROOT, encoding: 'utf8', timeout: 60000, ...drop });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
