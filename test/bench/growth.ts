/**
 * The complexity part of `npm run bench`: every hostile pattern of complexity.ts at
 * 128, 256 and 512 KB, with the growth per doubling (linear is about 2x, quadratic 4x)
 * and the time at 512 KB. A growth above 2.5x, or a 512 KB input that takes 2 s or more,
 * fails the run. A pattern that fails is measured once more before it counts, so that a
 * burst of other work on the machine does not fail the bench.
 */
import { growthPerDoubling, PATTERNS, timesAt, type Pattern } from './complexity';
import { row } from './report';

const SIZES = [128 * 1024, 256 * 1024, 512 * 1024];
const MAX_GROWTH = 2.5;
const MAX_MS_AT_512K = 2000;

function measure(p: Pattern, tries: number): { times: number[]; growth: number; ok: boolean } {
  const times = timesAt(p, SIZES, tries);
  const growth = growthPerDoubling(times[0], times[2]);
  return { times, growth, ok: growth <= MAX_GROWTH && times[2] < MAX_MS_AT_512K };
}

/** Runs the complexity checks; returns false when one fails. */
export function benchGrowth(): boolean {
  console.log('Growth per doubling on hostile inputs (CPU ms at 128 / 256 / 512 KB):');
  let allOk = true;
  let worst = 0;
  for (const p of PATTERNS) {
    let m = measure(p, 3);
    if (!m.ok) m = measure(p, 5);
    worst = Math.max(worst, m.growth);
    allOk &&= m.ok;
    const ms = m.times.map((t) => t.toFixed(0)).join(' / ');
    row(p.name.slice(0, 46), `${m.growth.toFixed(2)}x`, `<= ${MAX_GROWTH}x, < 2 s`, m.ok);
    console.log(`${''.padEnd(46)} ${ms.padStart(14)} ms`);
  }
  row('worst growth per doubling', `${worst.toFixed(2)}x`, `<= ${MAX_GROWTH}x`, worst <= MAX_GROWTH);
  return allOk;
}
