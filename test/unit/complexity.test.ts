/**
 * Catches a parser path that turns quadratic: every hostile pattern of the bench
 * (test/bench/complexity.ts) at n and 8n characters. Linear work grows about 8x, quadratic
 * 64x; the bound of 20x leaves room for timer noise and a busy machine, and a pattern over
 * it is measured again with more runs before it fails. The exact growth per doubling is
 * reported by `npm run bench`.
 */
import * as assert from 'node:assert/strict';
import { PATTERNS, timesAt } from '../bench/complexity';
import { MAX_UNIT_DEPTH } from '../../server/src/core/limits';
import { parseTranscript } from '../../server/src/core/transcript';

const N = 8 * 1024;
const BOUND = 20;
/** Times below this many ms count as this much: the timer cannot resolve less. */
const FLOOR = 1;

function ratio(times: number[]): number {
  return Math.max(times[1], FLOOR) / Math.max(times[0], FLOOR);
}

describe('complexity: no parser path grows faster than linear', function () {
  this.timeout(60000);

  for (const p of PATTERNS) {
    it(p.name, () => {
      let times = timesAt(p, [N, 8 * N], 3);
      if (ratio(times) >= BOUND) times = timesAt(p, [N, 8 * N], 7);
      assert.ok(
        ratio(times) < BOUND,
        `${p.name}: ${times[0].toFixed(1)} ms at ${N} characters, ${times[1].toFixed(1)} ms at ${8 * N} (${ratio(times).toFixed(1)}x)`,
      );
    });
  }

  it('the patterns really are hostile: each makes the input it claims', () => {
    // Nested spans, the case behind the depth limit, nest as deep as their size allows.
    const nested = PATTERNS.find((p) => p.name === 'nested spans') as (typeof PATTERNS)[number];
    const t = parseTranscript(nested.make(N));
    assert.equal(t.units.length, MAX_UNIT_DEPTH);
    assert.equal(t.diagnostics.filter((d) => d.code === 'too-deep').length, 1);
  });
});
