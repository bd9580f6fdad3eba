/**
 * The cost of the privacy guard: `condense check` (the built CLI, as a process) on the
 * synthetic 5-million-word study with an identifiers file of 200 entries, against the
 * same study with no identifiers file. The entries are built to make the scan work:
 * most start with words of the text (so the trie is entered at every such word) and
 * one matches about once per 3,600 word pairs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { row } from './report';
import { writeSyntheticStudy } from './synthetic';

const TRANSCRIPTS = Number(process.env.BENCH_TRANSCRIPTS ?? 1000);
const WORDS = Number(process.env.BENCH_WORDS ?? 5000);
const STARTS = [
  'we',
  'the',
  'peer',
  'workers',
  'managers',
  'service',
  'users',
  'trust',
  'team',
  'nurses',
  'board',
  'local',
  'café',
  'ønske',
];
const SURNAMES = [
  'Hansen',
  'Johansen',
  'Olsen',
  'Larsen',
  'Andersen',
  'Pedersen',
  'Nilsen',
  'Kristiansen',
  'Jensen',
  'Karlsen',
  'Johnsen',
  'Pettersen',
  'Eriksen',
  'Berg',
];

/** 200 identifiers-file lines: 199 names that start like the text's words, and one word pair of the text. */
export function benchIdentifiers(): string {
  const lines = ['# 200 entries for the benchmark', 'ønske café => [Pair 1]'];
  for (let k = 0; lines.length < 201; k++)
    lines.push(
      `${STARTS[k % STARTS.length]} ${SURNAMES[Math.floor(k / STARTS.length) % SURNAMES.length]}${k} => [Person ${k}]`,
    );
  return `${lines.join('\n')}\n`;
}

function timeCheck(cliJs: string, dir: string): { ms: number; errors: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cliJs, 'check', dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const summary = /(\d+) errors/.exec(r.stderr ?? '');
  return { ms, errors: summary ? Number(summary[1]) : -1 };
}

/** Prints the figures; `cliJs` is the built CLI bundle. */
export function benchPrivacy(cliJs: string): void {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-bench-privacy-'));
  try {
    const dir = path.join(base, 'study');
    writeSyntheticStudy(dir, TRANSCRIPTS, WORDS);
    fs.writeFileSync(path.join(base, 'names.txt'), benchIdentifiers());
    const plain = fs.readFileSync(path.join(dir, 'condense.json'), 'utf8');
    const guarded = JSON.stringify({ ...(JSON.parse(plain) as object), identifiers: '../names.txt' });
    const runs = 3;
    let none = Infinity;
    let with200 = Infinity;
    let matches = 0;
    // Alternate the two, so that a busy machine slows both alike; best of three each.
    for (let k = 0; k < runs; k++) {
      fs.writeFileSync(path.join(dir, 'condense.json'), plain);
      none = Math.min(none, timeCheck(cliJs, dir).ms);
      fs.writeFileSync(path.join(dir, 'condense.json'), guarded);
      const g = timeCheck(cliJs, dir);
      with200 = Math.min(with200, g.ms);
      matches = g.errors;
    }
    const ratio = with200 / none;
    row('condense check, no identifiers file', `${none.toFixed(0)} ms`, '', null);
    row('condense check, 200 identifiers', `${with200.toFixed(0)} ms`, '', null);
    row('identifiers cost', `+${((ratio - 1) * 100).toFixed(1)} %`, '<= +20 %', ratio <= 1.2);
    console.log(`(${matches} identifying-text errors reported; best of ${runs} runs each)\n`);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
