import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { PATTERNS } from './bench/complexity';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-'));
fs.writeFileSync(path.join(dir, 'codebook.md'), '# Codes\n\n## X {#x}\n\nAbout x.\n\n### Quotes\n\n> a b c (P1)\n');
fs.mkdirSync(path.join(dir, 'transcripts'));
const only = process.argv[2];
for (const p of PATTERNS) {
  if (only && !p.name.includes(only)) continue;
  const file = path.join(dir, 'transcripts', 't.md');
  fs.writeFileSync(file, p.make(500 * 1024));
  const t0 = Date.now();
  let rss = 0;
  try {
    execFileSync('/usr/bin/time', ['-f', '%M', process.execPath, path.resolve('bin/condense.js'), 'check', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (e) {
    const err = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    rss = Number(err.trim().split('\n').pop());
  }
  console.log(p.name.padEnd(48), `${Date.now() - t0} ms`, rss ? `${(rss / 1024).toFixed(0)} MB` : '');
}
fs.rmSync(dir, { recursive: true });
