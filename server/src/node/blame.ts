/**
 * Who last changed each line of a file, from `git blame --porcelain` (on the text as the
 * editor holds it, through `--contents -`, so unsaved lines show as not committed yet).
 * Results are cached per file and text: a hover asks again only after an edit.
 */
import * as path from 'node:path';
import { gitRun, repositoryOf } from './gitRead';

/** The last change of one line. */
export interface BlameLine {
  /** The commit, or null for a line not committed yet. */
  commit: string | null;
  author: string;
  /** Seconds since 1970 (author time). */
  time: number;
  summary: string;
}

const cache = new Map<string, { text: string; lines: BlameLine[] | null }>();
const MAX_CACHED = 64;

/** Parses `git blame --porcelain` output into one entry per line of the file. */
export function parsePorcelain(out: string): BlameLine[] {
  const lines: BlameLine[] = [];
  const commits = new Map<string, BlameLine>();
  let current: { sha: string; final: number } | null = null;
  let info: Partial<BlameLine> = {};
  for (const line of out.split('\n')) {
    const head = /^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$/.exec(line);
    if (head) {
      current = { sha: head[1], final: Number(head[2]) };
      info = {};
      continue;
    }
    if (!current) continue;
    if (line.startsWith('\t')) {
      let c = commits.get(current.sha);
      if (!c) {
        const uncommitted = /^0+$/.test(current.sha);
        c = {
          commit: uncommitted ? null : current.sha,
          author: info.author ?? '',
          time: info.time ?? 0,
          summary: info.summary ?? '',
        };
        commits.set(current.sha, c);
      }
      lines[current.final - 1] = c;
      current = null;
    } else if (line.startsWith('author ')) info.author = line.slice(7);
    else if (line.startsWith('author-time ')) info.time = Number(line.slice(12));
    else if (line.startsWith('summary ')) info.summary = line.slice(8);
  }
  return lines;
}

/** The blame of every line of `file` holding `text`, or null outside git (or when git cannot tell). */
export function blameFile(file: string, text: string): BlameLine[] | null {
  const hit = cache.get(file);
  if (hit && hit.text === text) return hit.lines;
  let lines: BlameLine[] | null = null;
  const dir = path.dirname(file);
  if (repositoryOf(dir)) {
    try {
      const r = gitRun(dir, ['blame', '--porcelain', '--contents', '-', '--', path.basename(file)], text);
      if (r.status === 0) lines = parsePorcelain(r.stdout.toString('utf8'));
    } catch {
      lines = null;
    }
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(file, { text, lines });
  return lines;
}

/** The most recent change among lines `from`..`to` (0-based, inclusive). */
export function latestChange(lines: BlameLine[], from: number, to: number): BlameLine | undefined {
  let best: BlameLine | undefined;
  for (let k = from; k <= to && k < lines.length; k++) {
    const l = lines[k];
    if (!l) continue;
    if (l.commit === null) return l;
    if (!best || l.time > best.time) best = l;
  }
  return best;
}
