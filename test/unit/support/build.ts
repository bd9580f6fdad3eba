/**
 * The built bundles for tests that run them: `npm test` builds first, and a bare `mocha`
 * on a checkout that was never built builds here.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs the build (esbuild.mjs) when `file` (absolute, or relative to the checkout) is missing. */
export function ensureBuilt(file: string): void {
  if (!fs.existsSync(path.resolve(ROOT, file)))
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
}
