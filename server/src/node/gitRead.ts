/**
 * Reading from the system `git` for the team commands: spawned with an argument array (never a shell
 * string), output read as bytes, failures turned into a {@link GitError} with git's own
 * first line of complaint. Condense never reimplements git.
 */
import { spawn, spawnSync } from 'node:child_process';

/** git could not be run, or answered with an error. */
export class GitError extends Error {}

/** git's environment: never a password prompt, messages in English (their first line is shown). */
const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };

/** The most output a git call may give (a whole revision of a large study is well below it). */
const MAX_OUTPUT = 1024 * 1024 * 1024;

/** A GitError for git that could not be run (or gave more than {@link MAX_OUTPUT}). */
function spawnFailure(error: Error): GitError {
  const code = (error as NodeJS.ErrnoException).code;
  return new GitError(
    code === 'ENOENT' ? 'git is not installed or not on the PATH' : `git failed (${code ?? error.message})`,
  );
}

/** A GitError for git that exited with an error: git's own first line of complaint. */
function statusFailure(stderr: Buffer, args: string[]): GitError {
  const msg = stderr.toString('utf8').trim().split('\n')[0] ?? '';
  return new GitError(msg.replace(/^(fatal|error): /, '') || `git ${args[0]} failed`);
}

/** Runs `git -C cwd ...args` and returns its exit status and output, whatever the status. */
export function gitRun(
  cwd: string,
  args: string[],
  input?: Buffer | string,
  maxBuffer = MAX_OUTPUT,
): { status: number | null; stdout: Buffer; stderr: Buffer } {
  const r = spawnSync('git', ['-C', cwd, ...args], { input, maxBuffer, env: GIT_ENV, windowsHide: true });
  if (r.error) throw spawnFailure(r.error);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `git -C cwd ...args` and returns its standard output as bytes; a non-zero exit is a GitError. */
export function gitBytes(cwd: string, args: string[], input?: Buffer | string, maxBuffer = MAX_OUTPUT): Buffer {
  const r = gitRun(cwd, args, input, maxBuffer);
  if (r.status !== 0) throw statusFailure(r.stderr, args);
  return r.stdout;
}

/**
 * {@link gitBytes} without blocking the thread, so that two reads (the two revisions of
 * `diff` and `agree`) run side by side: git's inflating of one overlaps the other's.
 * `expected` is the size of the output when known: it is then read into one buffer of
 * that size, not into chunks copied together at the end (which held it twice).
 */
export function gitBytesAsync(cwd: string, args: string[], input: Buffer | string, expected = 0): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', cwd, ...args], { env: GIT_ENV, windowsHide: true });
    const err: Buffer[] = [];
    // One buffer of the expected size while the output fits it; chunks past it.
    let whole: Buffer | null = expected > 0 && expected <= MAX_OUTPUT ? Buffer.allocUnsafe(expected) : null;
    const out: Buffer[] = [];
    let size = 0;
    let failure: GitError | null = null;
    child.stdout.on('data', (d: Buffer) => {
      if (whole && size + d.length <= whole.length) d.copy(whole, size);
      else {
        if (whole) out.push(whole.subarray(0, size));
        whole = null;
        if (size + d.length <= MAX_OUTPUT) out.push(d);
        else if (!failure) {
          failure = spawnFailure(Object.assign(new Error('ENOBUFS'), { code: 'ENOBUFS' }));
          child.kill();
        }
      }
      size += d.length;
    });
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      failure ??= spawnFailure(e);
    });
    child.on('close', (status) => {
      if (failure) reject(failure);
      else if (status !== 0) reject(statusFailure(Buffer.concat(err), args));
      else resolve(whole ? whole.subarray(0, size) : Buffer.concat(out, size));
    });
    // git may stop reading its input before the end (an error): its exit status says why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
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
  return batchBlobs(gitBytes(top, ['cat-file', '--batch'], `${oids.join('\n')}\n`), oids);
}

/** {@link readBlobs} without blocking (see {@link gitBytesAsync}). */
export async function readBlobsAsync(top: string, oids: string[], sizes?: number[]): Promise<Buffer[]> {
  if (oids.length === 0) return [];
  // Each blob comes as `<oid> blob <size>\n<content>\n`.
  const expected = sizes
    ? oids.reduce((n, oid, k) => n + oid.length + 7 + String(sizes[k]).length + sizes[k] + 1, 0)
    : 0;
  return batchBlobs(await gitBytesAsync(top, ['cat-file', '--batch'], `${oids.join('\n')}\n`, expected), oids);
}

/** The blobs in the output of `git cat-file --batch` for `oids`: a header line, the content, a line break each. */
function batchBlobs(out: Buffer, oids: string[]): Buffer[] {
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
