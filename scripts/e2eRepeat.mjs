/**
 * Runs the end-to-end suite N times in a row (`npm run test:e2e:repeat -- N`, default 10)
 * to measure flakiness: the .vsix is packaged once, then each run starts a fresh
 * code-server and browser, as `npm run test:e2e` does. Prints one line per run and a
 * summary: runs green, runs green only thanks to a retry, runs failed. Exits 1 when a
 * run failed.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`usage: npm run test:e2e:repeat -- N   (N a whole number ≥ 1, not “${process.argv[2]}”)`);
  process.exit(2);
}

const pack = spawnSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
if (pack.status !== 0) process.exit(pack.status ?? 1);

const logDir = join(root, 'test', 'e2e', 'screenshots');
mkdirSync(logDir, { recursive: true });
const log = join(logDir, 'repeat.log');
writeFileSync(log, '');
const mocha = join(root, 'node_modules', '.bin', 'mocha');
let green = 0;
let retriedRuns = 0;
let failed = 0;
for (let k = 1; k <= runs; k++) {
  const started = Date.now();
  const r = spawnSync(mocha, ['--config', 'test/e2e/.mocharc.json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  appendFileSync(log, `\n===== run ${k} =====\n${out}`);
  const passing = Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
  const failing = Number(/(\d+) failing/.exec(out)?.[1] ?? 0);
  const retried = Number(/retried: (\d+)/.exec(out)?.[1] ?? 0);
  const ok = r.status === 0 && failing === 0 && passing > 0;
  if (!ok) failed++;
  else if (retried > 0) retriedRuns++;
  else green++;
  const titles = [...out.matchAll(/RETRY \(failed once, running again\): (.*)/g)].map((m) => m[1]);
  console.log(
    `run ${k}/${runs}: ${ok ? 'passed' : 'FAILED'}, ${passing} passing, ${failing} failing, ${retried} retried${titles.length ? ` (${titles.join('; ')})` : ''}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}
console.log(
  `\n${green} of ${runs} runs green without a retry, ${retriedRuns} green after a retry, ${failed} failed (full output: test/e2e/screenshots/repeat.log)`,
);
process.exit(failed ? 1 : 0);
