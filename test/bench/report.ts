/** Shared by the benchmarks: percentiles and one aligned line per figure with its target. */

/** The p-th percentile of `xs` (nearest rank). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Prints a figure, its target and whether it met it (`ok === null`: no target). */
export function row(name: string, value: string, target: string, ok: boolean | null): void {
  const mark = ok === null ? '' : ok ? 'ok' : 'MISSED';
  console.log(`${name.padEnd(46)} ${value.padStart(14)}   ${target.padEnd(18)} ${mark}`);
}
