/**
 * Analysis benchmark: `condense matrix`, `saturation` and `memos` beside `condense check`
 * on the synthetic study written to disk (with front matter dates and unit memos added),
 * each run in process through the CLI's `run`, best of three. Each analysis reads the
 * study like check does, then makes one pass over the units: the target is at most 1.2×
 * the time of check.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../server/src/cli/run';
import { row } from './report';
import { syntheticCodebook, syntheticTranscript } from './synthetic';

const TRANSCRIPTS = Number(process.env.BENCH_TRANSCRIPTS ?? 1000);
const WORDS = Number(process.env.BENCH_WORDS ?? 5000);

function timeOf(argv: string[]): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    global.gc?.();
    const t = performance.now();
    run(
      argv,
      () => undefined,
      () => undefined,
    );
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Runs the analysis benchmark and prints one row per command. */
export function benchAnalysis(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-bench-analysis-'));
  try {
    fs.mkdirSync(path.join(dir, 'transcripts'));
    fs.writeFileSync(path.join(dir, 'codebook.md'), syntheticCodebook());
    fs.writeFileSync(
      path.join(dir, 'condense.json'),
      JSON.stringify({ codebook: 'codebook.md', transcripts: ['transcripts/*.md'] }),
    );
    for (let k = 0; k < TRANSCRIPTS; k++) {
      const day = new Date(Date.UTC(2020, 0, 1) + ((k * 7919) % TRANSCRIPTS) * 86400000).toISOString().slice(0, 10);
      const text = syntheticTranscript(k + 1, WORDS)
        .replace('---\n', `---\ndate: ${day}\n`)
        .replace(/\]\{\.t2s3/g, ']{note="why this matters" .t2s3');
      fs.writeFileSync(path.join(dir, 'transcripts', `t${String(k).padStart(4, '0')}.md`), text);
    }
    console.log('');
    const check = timeOf(['check', dir]);
    row('condense check (reads and indexes the study)', `${check.toFixed(0)} ms`, '', null);
    const cases: [string, string[]][] = [
      ['condense matrix --cols codes (co-occurrence)', ['matrix', dir, '--cols', 'codes', '--json']],
      ['condense matrix --cols role --rows themes', ['matrix', dir, '--cols', 'role', '--rows', 'themes', '--json']],
      ['condense matrix --cols speaker', ['matrix', dir, '--cols', 'speaker', '--csv']],
      ['condense saturation', ['saturation', dir, '--json']],
      ['condense memos', ['memos', dir, '--json']],
    ];
    for (const [name, argv] of cases) {
      const t = timeOf(argv);
      const ratio = t / check;
      row(name, `${t.toFixed(0)} ms (${ratio.toFixed(2)}x)`, '<= 1.2x check', ratio <= 1.2);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
