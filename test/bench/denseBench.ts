/**
 * The densely coded study (dense.ts) measured whole-process: `condense check` (the built
 * CLI) against a Node process that reads the same files and parses them with markdown-it,
 * spawned in turn (best of 3, interleaved, so a busy machine slows both alike). Each child
 * loads a small preload that records, at exit, its peak RSS (resourceUsage().maxRSS, the
 * whole process with any worker threads) and its CPU time (user + system); GC share = the
 * garbage-collection pauses of every thread (summed from --trace-gc, incremental marking
 * steps included) / that CPU time.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { row } from './report';
import { writeDenseStudy } from './dense';

const PRELOAD = `
if (require('node:worker_threads').isMainThread)
  process.on('exit', () => {
    const u = process.resourceUsage();
    require('node:fs').writeFileSync(process.env.CONDENSE_BENCH_STATS, JSON.stringify({
      cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS,
    }));
  });
`;

const MARKDOWN_IT = (mdPath: string): string => `
const fs = require('node:fs');
const path = require('node:path');
const md = new (require(${JSON.stringify(mdPath)}))();
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) {
  const p = path.join(d, e.name);
  if (e.isDirectory()) walk(p); else if (e.name.endsWith('.md')) md.parse(fs.readFileSync(p, 'utf8'), {});
} };
walk(process.argv[2]);
`;

/** One child's figures. */
export interface ChildRun {
  ms: number;
  rssMb: number;
  gcShare: number;
  stderr: string;
}

/** Runs `node args` with the preload; wall time as the parent sees it, the rest from the child. */
export function timeChild(args: string[], work: string, env: NodeJS.ProcessEnv = {}): ChildRun {
  const stats = path.join(work, 'stats.json');
  const preload = path.join(work, 'preload.js');
  if (!fs.existsSync(preload)) fs.writeFileSync(preload, PRELOAD);
  fs.rmSync(stats, { force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--trace-gc', '--require', preload, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, ...env, CONDENSE_BENCH_STATS: stats },
  });
  const ms = performance.now() - t0;
  const s = JSON.parse(fs.readFileSync(stats, 'utf8')) as { cpuMs: number; maxRssKb: number };
  let gcMs = 0;
  for (const m of (r.stdout ?? '').matchAll(/MB, ([\d.]+) \/ [\d.]+ ms(?: +\(\+ ([\d.]+) ms in)?/g))
    gcMs += Number(m[1]) + Number(m[2] ?? 0);
  return { ms, rssMb: s.maxRssKb / 1024, gcShare: gcMs / s.cpuMs, stderr: r.stderr ?? '' };
}

function best(runs: ChildRun[]): ChildRun {
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

/** Prints the dense study's rows; `cliJs` is the built CLI bundle. */
export function benchDense(cliJs: string): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-bench-dense-'));
  try {
    const dir = path.join(work, 'study');
    const files = writeDenseStudy(dir);
    const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    const mdScript = path.join(work, 'markdown-it.js');
    fs.writeFileSync(mdScript, MARKDOWN_IT(path.resolve('node_modules/markdown-it')));
    const ours: ChildRun[] = [];
    const serial: ChildRun[] = [];
    const theirs: ChildRun[] = [];
    for (let k = 0; k < 3; k++) {
      theirs.push(timeChild([mdScript, dir], work));
      ours.push(timeChild([cliJs, 'check', dir], work));
      serial.push(timeChild([cliJs, 'check', dir], work, { CONDENSE_WORKERS: '0' }));
    }
    const o = best(ours);
    const s = best(serial);
    const m = best(theirs);
    const units = Number(/^(\d+) units/m.exec(o.stderr)?.[1] ?? NaN);
    console.log(
      `Dense study: ${files.length} transcripts, ${(bytes / 1e6).toFixed(1)} MB, ${units} units (one per ${(bytes / units).toFixed(0)} bytes)`,
    );
    const ratio = o.ms / m.ms;
    row('dense: markdown-it, whole process', `${m.ms.toFixed(0)} ms`, '', null);
    row('dense: condense check, whole process', `${o.ms.toFixed(0)} ms`, '', null);
    row('dense: check / markdown-it', `${ratio.toFixed(2)}x`, '<= 0.5x', ratio <= 0.5);
    row('dense: check, one thread (CONDENSE_WORKERS=0)', `${s.ms.toFixed(0)} ms`, '', null);
    row('dense: units per second (check)', `${((units / o.ms) * 1000).toFixed(0)}`, '', null);
    row('dense: check peak RSS', `${o.rssMb.toFixed(0)} MB`, '<= 200 MB', o.rssMb <= 200);
    row(
      'dense: check RSS / corpus size',
      `${(o.rssMb / (bytes / 1048576)).toFixed(1)}x`,
      '<= 10x',
      o.rssMb <= 10 * (bytes / 1048576),
    );
    row('dense: check GC share of CPU time', `${(o.gcShare * 100).toFixed(1)} %`, '', null);
    row('dense: markdown-it peak RSS', `${m.rssMb.toFixed(0)} MB`, '', null);
    row('dense: markdown-it GC share', `${(m.gcShare * 100).toFixed(1)} %`, '', null);
    console.log('(best of 3 runs each, interleaved)\n');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
