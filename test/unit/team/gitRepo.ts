/**
 * Temporary git repositories for the team tests, made with the system git: a study
 * written into a folder, committed on branches.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, runCliAsync, type CliRun } from '../support/cli';

const temps: string[] = [];

/** A new empty temporary folder, removed by {@link removeTemps}. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-team-'));
  temps.push(dir);
  return dir;
}

/** Removes every temporary folder made so far. */
export function removeTemps(): void {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Runs git in `cwd` with a fixed identity and no user or system configuration. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: os.devNull,
      GIT_AUTHOR_NAME: 'Coder',
      GIT_AUTHOR_EMAIL: 'coder@example.org',
      GIT_COMMITTER_NAME: 'Coder',
      GIT_COMMITTER_EMAIL: 'coder@example.org',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Writes files (relative path to text or bytes) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, body] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, body);
  }
}

/** A new repository on branch main. */
export function initRepo(): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

/** Writes files and commits everything. */
export function commit(dir: string, files: Record<string, string | Uint8Array>, message = 'change'): void {
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  out: string;
  err: string[];
}

/** Runs the CLI in-process, as the language server and most tests do (team commands read their versions in turn). */
export function cli(...argv: string[]): CliResult {
  return joined(runCli(...argv));
}

/** Runs the CLI in-process as the command line does (`diff` and `agree` read their revisions side by side). */
export async function cliAsync(...argv: string[]): Promise<CliResult> {
  return joined(await runCliAsync(...argv));
}

function joined(r: CliRun): CliResult {
  return { code: r.code, out: r.out.join('\n'), err: r.err };
}

/** Every file under `dir` except .git, with its contents: to check that nothing changed. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const p = path.join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p, r);
      else out[r] = fs.readFileSync(p).toString('base64');
    }
  };
  walk(dir, '');
  return out;
}
