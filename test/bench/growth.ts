/**
 * The complexity part of `npm run bench`: every hostile pattern of complexity.ts at
 * 128, 256 and 512 KB, with the growth per doubling (linear is about 2x, quadratic 4x)
 * and the time at 512 KB. A pattern that runs so fast that timer and collector noise
 * would decide its growth (under 40 ms at the largest size) is measured again at twice
 * the sizes, up to 4 MB. A growth above 2.5x, or a 512 KB input that takes 2 s or more,
 * fails the run; a pattern that fails is measured once more before it counts, so that a
 * burst of other work on the machine does not fail the bench.
 */
import { growthPerDoubling, PATTERNS, timesAt, type Pattern } from './complexity';
import { row } from './report';

const KB = 1024;
const MAX_GROWTH = 2.5;
const MAX_MS_AT_512K = 2000;
const MIN_MS = 40;

interface Measured {
  sizes: number[];
  times: number[];
  growth: number;
  at512: number;
}

function measure(p: Pattern, tries: number): Measured {
  let sizes = [128 * KB, 256 * KB, 512 * KB];
  let times = timesAt(p, sizes, tries);
  const at512 = times[2];
  while (times[2] < MIN_MS && sizes[2] < 4096 * KB) {
    sizes = sizes.map((s) => 2 * s);
    times = timesAt(p, sizes, tries);
  }
  return { sizes, times, growth: growthPerDoubling(times[0], times[2]), at512 };
}

function ok(m: Measured): boolean {
  return m.growth <= MAX_GROWTH && m.at512 < MAX_MS_AT_512K;
}

/** Runs the complexity checks; returns false when one fails. */
export function benchGrowth(): boolean {
  console.log(
    'Growth per doubling on hostile inputs (CPU ms at three sizes, the first 128 KB unless the pattern is fast):',
  );
  let allOk = true;
  let worst = 0;
  let slowest = 0;
  for (const p of PATTERNS) {
    let m = measure(p, 3);
    if (!ok(m)) m = measure(p, 5);
    worst = Math.max(worst, m.growth);
    slowest = Math.max(slowest, m.at512);
    allOk &&= ok(m);
    row(p.name.slice(0, 46), `${m.growth.toFixed(2)}x`, `<= ${MAX_GROWTH}x, < 2 s`, ok(m));
    const figures = m.sizes.map((s, k) => `${m.times[k].toFixed(0)} ms at ${s / KB} KB`).join(', ');
    console.log(`  ${figures}; ${m.at512.toFixed(0)} ms at 512 KB`);
  }
  row('worst growth per doubling', `${worst.toFixed(2)}x`, `<= ${MAX_GROWTH}x`, worst <= MAX_GROWTH);
  row('slowest pattern at 512 KB', `${slowest.toFixed(0)} ms`, '< 2000 ms', slowest < MAX_MS_AT_512K);
  return allOk;
}
