/**
 * The client is thin: it imports from the server nothing but what both sides share, in
 * common/ (the protocol, the attribute syntax, CSV fields, atomic writes). Every piece of
 * study logic lives in the server. This test reads every import of client/ and fails on
 * one that reaches into server/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Every module specifier of a file: import/export ... from, import(), require(). */
function specifiers(text: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...text.matchAll(re)].map((m) => m[1]);
}

describe('client: the import rule', () => {
  it('nothing in client/ imports from server/ (only common/ is shared)', () => {
    const files = tsFiles(path.join(ROOT, 'client'));
    assert.ok(files.length > 10, 'the client sources were found');
    const bad: string[] = [];
    for (const file of files) {
      for (const spec of specifiers(fs.readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = path
          .relative(ROOT, path.resolve(path.dirname(file), spec))
          .split(path.sep)
          .join('/');
        if (!target.startsWith('client/') && !target.startsWith('common/'))
          bad.push(`${path.relative(ROOT, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('the rule sees a violation when there is one', () => {
    assert.deepEqual(specifiers("import { x } from '../../server/src/core/a';\nconst y = require('./b');"), [
      '../../server/src/core/a',
      './b',
    ]);
  });
});

describe('client: bundle size', function () {
  this.timeout(60_000);
  it('the production client bundle is at most half of v0.1’s 865 KB', async () => {
    const esbuild = await import('esbuild');
    const r = await esbuild.build({
      entryPoints: [path.join(ROOT, 'client', 'src', 'extension.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      external: ['vscode'],
      write: false,
      logLevel: 'silent',
    });
    const bytes = r.outputFiles[0].contents.byteLength;
    assert.ok(bytes <= 865_000 / 2, `dist/client.js would be ${bytes} bytes`);
  });
});
