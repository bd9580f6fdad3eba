/**
 * Reading from the system `git` for the team commands: spawned with an argument array (never a shell
 * string), output read as bytes, failures turned into a {@link GitError} with git's own
 * first line of complaint. Condense never reimplements git.
 */
import { nodeChildProcess } from '../../../common/lazyNode';

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
  const r = nodeChildProcess().spawnSync('git', ['-C', cwd, ...args], {
    input,
    maxBuffer,
    env: GIT_ENV,
    windowsHide: true,
  });
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
 * Runs `git -C cwd ...args` without blocking the thread and hands its standard output to
 * `onData` chunk by chunk, as it comes; resolves when git exits well, and rejects with a
 * {@link GitError} when it cannot run or exits with an error.
 */
export function gitStream(
  cwd: string,
  args: string[],
  input: Buffer | string,
  onData: (chunk: Buffer) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = nodeChildProcess().spawn('git', ['-C', cwd, ...args], { env: GIT_ENV, windowsHide: true });
    const err: Buffer[] = [];
    let failure: Error | null = null;
    child.stdout.on('data', (d: Buffer) => {
      if (failure) return;
      try {
        onData(d);
      } catch (e) {
        // What the reader refuses (too much output) ends git, and is the answer, never an
        // exception in the stream's event handler.
        failure = e instanceof Error ? e : new GitError(String(e));
        child.kill();
      }
    });
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      failure ??= spawnFailure(e);
    });
    child.on('close', (status) => {
      if (failure) reject(failure);
      else if (status !== 0) reject(statusFailure(Buffer.concat(err), args));
      else resolve();
    });
    // git may stop reading its input before the end (an error): its exit status says why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/**
 * {@link gitBytes} without blocking the thread (for short outputs: a tree listing, a
 * revision), so that the two revisions of `diff` and `agree` are read side by side.
 */
export async function gitBytesAsync(cwd: string, args: string[], input: Buffer | string): Promise<Buffer> {
  const out: Buffer[] = [];
  let size = 0;
  await gitStream(cwd, args, input, (d) => {
    size += d.length;
    if (size > MAX_OUTPUT) throw spawnFailure(Object.assign(new Error('ENOBUFS'), { code: 'ENOBUFS' }));
    out.push(d);
  });
  return Buffer.concat(out, size);
}

/** Runs git and returns its output as text without the final line break. */
export function git(cwd: string, args: string[], input?: string): string {
  return gitBytes(cwd, args, input).toString('utf8').replace(/\n$/, '');
}

/** The top folder of the repository that holds `dir`, and `dir`'s path inside it ('' or 'a/b/'). */
export function repositoryOf(dir: string): { top: string; prefix: string } | null {
  try {
    return repository(git(dir, REPOSITORY_ARGS));
  } catch {
    return null;
  }
}

const REPOSITORY_ARGS = ['rev-parse', '--show-toplevel', '--show-prefix'];

function repository(out: string): { top: string; prefix: string } {
  const [top, prefix] = out.split('\n');
  return { top, prefix: prefix ?? '' };
}

/** {@link git} without blocking the thread. */
export async function gitAsync(cwd: string, args: string[]): Promise<string> {
  return (await gitBytesAsync(cwd, args, '')).toString('utf8').replace(/\n$/, '');
}

/** {@link repositoryOf} without blocking the thread. */
export async function repositoryOfAsync(dir: string): Promise<{ top: string; prefix: string } | null> {
  try {
    return repository(await gitAsync(dir, REPOSITORY_ARGS));
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
  return treeEntries(gitBytes(top, listTreeArgs(commit, prefix)));
}

/** {@link listTree} without blocking the thread; `treeish` may be any revision of a commit (`HEAD~1^{commit}`). */
export async function listTreeAsync(top: string, treeish: string, prefix: string): Promise<TreeEntry[]> {
  return treeEntries(await gitBytesAsync(top, listTreeArgs(treeish, prefix), ''));
}

function listTreeArgs(treeish: string, prefix: string): string[] {
  const args = ['ls-tree', '-r', '-z', '-l', '--full-tree', treeish];
  // A folder name may hold pathspec magic ('[', '*'): take it literally.
  if (prefix) args.push('--', `:(literal)${prefix}`);
  return args;
}

function treeEntries(bytes: Buffer): TreeEntry[] {
  const out = bytes.toString('utf8');
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

/** {@link readBlobs} without blocking the thread (see {@link mapBlobsAsync}). */
export function readBlobsAsync(top: string, oids: string[]): Promise<Buffer[]> {
  return mapBlobsAsync(top, oids, (_, blob) => blob);
}

/**
 * The blobs `oids`, each handed to `each` (with its index) as soon as git has written it
 * whole, so that the caller's work on one blob (decoding it) is done while git reads the
 * next ones, not after git ends; git's output is never held whole, only the blob being
 * written. Resolves to `each`'s answers in the order asked; rejects with git's error, or
 * else with the first error of `each` (after which it is not called again).
 */
export async function mapBlobsAsync<T>(
  top: string,
  oids: string[],
  each: (k: number, blob: Buffer) => T,
): Promise<T[]> {
  if (oids.length === 0) return [];
  const reader = new BatchReader(oids, each);
  await gitStream(top, ['cat-file', '--batch'], `${oids.join('\n')}\n`, (chunk) => reader.push(chunk));
  reader.end();
  return reader.results;
}

/** A header line of `git cat-file --batch` is this long at most (`<oid> <type> <size>`); a longer one is not read. */
const MAX_HEADER = 256;

/**
 * Cuts the output of `git cat-file --batch` for `oids` into blobs (a header line, the
 * content, a line break each) as it comes in chunks, and hands each whole one to
 * `each`. A blob within one chunk is handed on as a view of it; one across chunks is
 * copied together once. Exported for the tests, which feed it output cut anywhere.
 */
export class BatchReader<T> {
  readonly results: T[] = [];
  /** The bytes come but not read yet, in order, and how many. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The size of the blob whose header has been read, or -1 while a header is awaited. */
  private blobSize = -1;
  /** Why reading stopped: a header that is not a blob's, or what `each` threw. */
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly oids: string[],
    private readonly each: (k: number, blob: Buffer) => T,
  ) {}

  /** Reads the next chunk of output. */
  push(chunk: Buffer): void {
    if (this.failure || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    try {
      this.drain();
    } catch (error) {
      // Not thrown into the stream's event handler: kept for the end.
      this.failure = { error };
    }
  }

  /** The output is all there: throws why a blob is missing, or what `each` threw. */
  end(): void {
    if (this.failure) throw this.failure.error;
    if (this.results.length < this.oids.length) {
      const rest = Buffer.concat(this.chunks, this.buffered);
      const nl = rest.indexOf(0x0a);
      throw missingObject(this.oids[this.results.length], nl < 0 ? rest : rest.subarray(0, nl));
    }
  }

  private drain(): void {
    const { oids, results } = this;
    while (results.length < oids.length) {
      if (this.blobSize < 0) {
        const nl = this.lineEnd();
        if (nl < 0) return;
        const header = this.take(nl + 1).subarray(0, nl);
        const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header.toString('utf8'));
        // Not a blob's header (`<oid> missing`): the error once the output is all there.
        if (!m) throw missingObject(oids[results.length], header);
        this.blobSize = Number(m[3]);
      }
      // The content and the line break after it.
      if (this.buffered < this.blobSize + 1) return;
      const blob = this.take(this.blobSize);
      this.take(1);
      this.blobSize = -1;
      results.push(this.each(results.length, blob));
    }
  }

  /** Where the first line break of the bytes not read is, or -1 (a header still coming). */
  private lineEnd(): number {
    let offset = 0;
    for (const c of this.chunks) {
      const nl = c.indexOf(0x0a);
      if (nl >= 0) return offset + nl;
      offset += c.length;
      if (offset > MAX_HEADER) throw missingObject(this.oids[this.results.length], c.subarray(0, MAX_HEADER));
    }
    return -1;
  }

  /** The next `n` bytes (there are as many), a view of one chunk when they lie in one. */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0];
    if (first && first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const c = this.chunks[0];
      const k = Math.min(c.length, n - at);
      c.copy(out, at, 0, k);
      at += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    return out;
  }
}

function missingObject(oid: string, header: Buffer): GitError {
  return new GitError(`cannot read object ${oid} (${header.toString('utf8')})`);
}

/** The blobs in the output of `git cat-file --batch` for `oids`. */
function batchBlobs(out: Buffer, oids: string[]): Buffer[] {
  const reader = new BatchReader(oids, (_, blob) => blob);
  reader.push(out);
  reader.end();
  return reader.results;
}
