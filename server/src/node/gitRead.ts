/**
 * Reading from the system `git` for the team commands: spawned with an argument array (never a shell
 * string), output read as bytes, failures turned into a {@link GitError} with git's own
 * first line of complaint. Condense never reimplements git.
 */
import { spawnSync } from 'node:child_process';

/** git could not be run, or answered with an error. */
export class GitError extends Error {}

/** Runs `git -C cwd ...args` and returns its exit status and output, whatever the status. */
export function gitRun(
  cwd: string,
  args: string[],
  input?: Buffer | string,
  maxBuffer = 1024 * 1024 * 1024,
): { status: number | null; stdout: Buffer; stderr: Buffer } {
  const r = spawnSync('git', ['-C', cwd, ...args], {
    input,
    maxBuffer,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    windowsHide: true,
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new GitError(
      code === 'ENOENT' ? 'git is not installed or not on the PATH' : `git failed (${code ?? r.error.message})`,
    );
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `git -C cwd ...args` and returns its standard output as bytes; a non-zero exit is a GitError. */
export function gitBytes(cwd: string, args: string[], input?: Buffer | string, maxBuffer = 1024 * 1024 * 1024): Buffer {
  const r = gitRun(cwd, args, input, maxBuffer);
  if (r.status !== 0) {
    const msg = r.stderr.toString('utf8').trim().split('\n')[0] ?? '';
    throw new GitError(msg.replace(/^(fatal|error): /, '') || `git ${args[0]} failed`);
  }
  return r.stdout;
}

/** Runs git and returns its output as text without the final line break. */
export function git(cwd: string, args: string[], input?: string): string {
  return gitBytes(cwd, args, input).toString('utf8').replace(/\n$/, '');
}

/** The top folder of the repository that holds `dir`, and `dir`'s path inside it ('' or 'a/b/'). */
export function repositoryOf(dir: string): { top: string; prefix: string } | null {
  try {
    const [top, prefix] = git(dir, ['rev-parse', '--show-toplevel', '--show-prefix']).split('\n');
    return { top, prefix: prefix ?? '' };
  } catch {
    return null;
  }
}

/** The commit a revision names, or null when it names none. */
export function resolveCommit(top: string, revision: string): string | null {
  try {
    return git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]) || null;
  } catch {
    return null;
  }
}

/** One file of a tree listing. */
export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  size: number;
  path: string;
}

/** The files of `commit` under `prefix` ('' for all), from `git ls-tree -r -z -l`. */
export function listTree(top: string, commit: string, prefix: string): TreeEntry[] {
  const args = ['ls-tree', '-r', '-z', '-l', '--full-tree', commit];
  // A folder name may hold pathspec magic ('[', '*'): take it literally.
  if (prefix) args.push('--', `:(literal)${prefix}`);
  const out = gitBytes(top, args).toString('utf8');
  const entries: TreeEntry[] = [];
  for (const rec of out.split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    const [mode, type, oid, size] = rec.slice(0, tab).split(/ +/);
    entries.push({ mode, type, oid, size: size === '-' ? 0 : Number(size), path: rec.slice(tab + 1) });
  }
  return entries;
}

/** The contents of blobs, read in one `git cat-file --batch`, in the order asked. */
export function readBlobs(top: string, oids: string[]): Buffer[] {
  if (oids.length === 0) return [];
  const out = gitBytes(top, ['cat-file', '--batch'], `${oids.join('\n')}\n`);
  const blobs: Buffer[] = [];
  let at = 0;
  for (const oid of oids) {
    const nl = out.indexOf(0x0a, at);
    const header = out.subarray(at, nl).toString('utf8');
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!m) throw new GitError(`cannot read object ${oid} (${header})`);
    const size = Number(m[3]);
    blobs.push(out.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return blobs;
}
