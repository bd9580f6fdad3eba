/**
 * `npm run bench`: parser throughput beside markdown-it, cold index time, incremental
 * update time and peak RSS, on a deterministic synthetic study of about 5 million words;
 * then the densely coded study (dense.ts): whole-process check and the server's first
 * answer, each against markdown-it in the same run.
 * A benchmark, not a test: it prints figures and the targets they are held to.
 */
import MarkdownIt from 'markdown-it';
import { parseTranscript } from '../../server/src/core/transcript';
import { StudyIndex } from '../../server/src/core/studyIndex';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { benchPrivacy } from './privacy';
import { benchAnalysis } from './analysis';
import { benchGrowth } from './growth';
import { benchServer } from './server';
import { benchDense } from './denseBench';
import { benchDenseServer } from './denseServer';
import { benchTeam } from './team';
import { benchKeystroke } from './keystroke';
import { percentile, row } from './report';
import { syntheticCodebook, syntheticTranscript } from './synthetic';

const TRANSCRIPTS = Number(process.env.BENCH_TRANSCRIPTS ?? 1000);
const WORDS = Number(process.env.BENCH_WORDS ?? 5000);

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function main(): void {
  const t0 = process.hrtime.bigint();
  const texts: string[] = [];
  for (let k = 0; k < TRANSCRIPTS; k++) texts.push(syntheticTranscript(k + 1, WORDS));
  const codebook = syntheticCodebook();
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const words = texts.reduce((n, t) => n + t.split(/\s+/).length, 0);
  console.log(
    `Synthetic study: ${TRANSCRIPTS} transcripts, ${(words / 1e6).toFixed(2)} M words, ${(bytes / 1048576).toFixed(1)} MB, 60 codes (generated in ${ms(t0).toFixed(0)} ms)\n`,
  );

  // Warm up both parsers on a slice so the JIT has compiled them.
  const md = new MarkdownIt();
  for (let k = 0; k < 30; k++) {
    parseTranscript(texts[k]);
    md.parse(texts[k], {});
  }
  const runs = 3;
  let ours = Infinity;
  let theirs = Infinity;
  let units = 0;
  for (let r = 0; r < runs; r++) {
    let t = process.hrtime.bigint();
    units = 0;
    // The parse itself: units are counted from its table, not made (features make them on demand).
    for (const text of texts) {
      const t = parseTranscript(text);
      units += t.table?.count ?? t.units.length;
    }
    ours = Math.min(ours, ms(t));
    t = process.hrtime.bigint();
    for (const text of texts) md.parse(text, {});
    theirs = Math.min(theirs, ms(t));
  }
  const mb = bytes / 1048576;
  const ratio = theirs / ours;
  row('parser throughput (parseTranscript)', `${(mb / (ours / 1000)).toFixed(1)} MB/s`, '', null);
  row('markdown-it parse, same text', `${(mb / (theirs / 1000)).toFixed(1)} MB/s`, '', null);
  row('ratio', `${ratio.toFixed(1)}x`, '>= 5x', ratio >= 5);
  console.log(`(${units} units parsed per pass; best of ${runs} passes)\n`);

  global.gc?.();
  let t = process.hrtime.bigint();
  const index = new StudyIndex();
  index.setDocument('file:///study/codebook.md', codebook, 'codebook');
  texts.forEach((text, k) => index.setDocument(`file:///study/t${k}.md`, text, 'transcript'));
  index.allCounts();
  const cold = ms(t);
  row('cold index of the whole study (+ counts)', `${cold.toFixed(0)} ms`, '<= 2000 ms', cold <= 2000);

  // Incremental: one-character edits in a 20,000-word transcript.
  const big = syntheticTranscript(424242, 20000);
  const uri = 'file:///study/big.md';
  index.setDocument(uri, big, 'transcript', 1);
  const times: number[] = [];
  let text = big;
  for (let k = 0; k < 200; k++) {
    const at = Math.floor((big.length * ((k * 7919) % 1000)) / 1000);
    text = k % 2 === 0 ? `${text.slice(0, at)}x${text.slice(at)}` : big;
    t = process.hrtime.bigint();
    index.setDocument(uri, text, 'transcript', k + 2);
    times.push(ms(t));
  }
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  row('incremental update, 1-char edit, 20k words, p50', `${p50.toFixed(2)} ms`, '<= 2 ms', p50 <= 2);
  row('incremental update, p95', `${p95.toFixed(2)} ms`, '', null);
  const rss = process.resourceUsage().maxRSS / 1024;
  row('peak RSS', `${rss.toFixed(0)} MB`, '<= 500 MB', rss <= 500);
}

// The complexity checks run in a child process of their own (this same bundle, with
// CONDENSE_BENCH_GROWTH=1): on a fresh heap, so that the 5-million-word study leaves no
// collection to fall into one of their runs, and so that their hostile inputs leave the
// parser's type feedback and heap as they found them for the throughput figure, which
// they lowered by about a quarter when both ran in one process. The child's verdict is
// its exit code, set by process.exit (the bundle also holds the CLI, whose entry sets an
// exit code of its own when it is the main module). The child runs with --single-threaded:
// the figures are the process's CPU time, and V8's background threads (concurrent marking
// and sweeping after the full collection before each run, compilation) otherwise add a
// lump of 10-30 ms to some runs and not to others, which made fast linear patterns show a
// growth of 4x from 3 ms to 40 ms; on one thread the same runs repeat within 1 %.
if (process.env.CONDENSE_BENCH_GROWTH === '1') {
  process.exit(benchGrowth() ? 0 : 1);
} else {
  const growth = spawnSync(process.execPath, [...process.execArgv, '--single-threaded', __filename], {
    stdio: 'inherit',
    env: { ...process.env, CONDENSE_BENCH_GROWTH: '1' },
  });
  const growthFailed = growth.status !== 0;
  console.log('');
  main();
  console.log('');
  rest();
  if (growthFailed) {
    console.log('The growth checks failed (see their rows above).');
    process.on('exit', () => (process.exitCode = 1));
  }
}

/** Everything after the synthetic study: the dense study, privacy, team, the servers, analysis. */
function rest(): void {
  // The densely coded study (issue 11): whole-process check against markdown-it, memory, GC.
  benchDense(path.resolve('dist/cli.js'));
  benchPrivacy(path.resolve('dist/cli.js'));
  void benchTeam()
    .catch((e: Error) => {
      console.error(`team benchmark failed: ${e.stack ?? e.message}`);
      process.exitCode = 1;
    })
    .then(() => {
      console.log('');
      return benchServer(path.resolve('dist/server.js'));
    })
    .catch((e: Error) => {
      console.error(`server benchmark failed: ${e.stack ?? e.message}`);
      process.exitCode = 1;
    })
    .then(() => benchDenseServer(path.resolve('dist/server.js')))
    .catch((e: Error) => {
      console.error(`dense server benchmark failed: ${e.stack ?? e.message}`);
      process.exitCode = 1;
    })
    .then(benchAnalysis)
    // Keystroke latency on every hostile pattern at 500 KB, in an in-process server (issue 9).
    .then(() => {
      console.log('');
      return benchKeystroke();
    })
    .catch((e: Error) => {
      console.error(`keystroke benchmark failed: ${e.stack ?? e.message}`);
      process.exitCode = 1;
    });
}
