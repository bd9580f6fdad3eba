/**
 * Catches a parser path that turns quadratic: every hostile pattern of the bench
 * (test/bench/complexity.ts) at n and 8n characters. Linear work grows about 8x, quadratic
 * 64x; the bound of 20x leaves room for timer noise and a busy machine, and a pattern over
 * it is measured again with more runs before it fails. The timing runs in a fresh process
 * (test/bench/growthChild.ts), away from what the rest of the suite left on the heap. The
 * exact growth per doubling is reported by `npm run bench`.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { PATTERNS } from '../bench/complexity';
import { MAX_UNIT_DEPTH } from '../../server/src/core/limits';
import { parseTranscript } from '../../server/src/core/transcript';

const N = 8 * 1024;
const BOUND = 20;
/** Times below this many ms count as this much: the timer cannot resolve less. */
const FLOOR = 1;
const ROOT = path.resolve(__dirname, '../..');

function ratio(times: number[]): number {
  return Math.max(times[1], FLOOR) / Math.max(times[0], FLOOR);
}

/** Times of the named patterns (all when none are named) at n and 8n, from a child process. */
function measure(tries: number, names: string[] = []): Map<string, number[]> {
  const args = ['-r', 'tsx/cjs', path.join('test', 'bench', 'growthChild.ts'), String(tries), String(N), String(8 * N)];
  if (names.length) args.push('--', ...names);
  const out = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  return new Map(JSON.parse(out) as [string, number[]][]);
}

describe('complexity: no parser path grows faster than linear', function () {
  this.timeout(300000);
  let times = new Map<string, number[]>();

  before(() => {
    times = measure(3);
    // A busy machine (other processes on both cores) can slow one size of one run: measure
    // what looks slow again, with more runs, twice, before it counts.
    for (const tries of [7, 15]) {
      const slow = [...times].filter(([, t]) => ratio(t) >= BOUND).map(([name]) => name);
      if (slow.length) for (const [name, t] of measure(tries, slow)) times.set(name, t);
    }
  });

  for (const p of PATTERNS) {
    it(p.name, () => {
      const t = times.get(p.name);
      assert.ok(t, 'measured');
      assert.ok(
        ratio(t) < BOUND,
        `${p.name}: ${t[0].toFixed(1)} ms at ${N} characters, ${t[1].toFixed(1)} ms at ${8 * N} (${ratio(t).toFixed(1)}x)`,
      );
    });
  }

  it('the patterns really are hostile: nested spans nest as deep as their size allows', () => {
    const nested = PATTERNS.find((p) => p.name === 'nested spans') as (typeof PATTERNS)[number];
    const t = parseTranscript(nested.make(N));
    assert.equal(t.units.length, MAX_UNIT_DEPTH);
    assert.equal(t.diagnostics.filter((d) => d.code === 'too-deep').length, 1);
  });
});
