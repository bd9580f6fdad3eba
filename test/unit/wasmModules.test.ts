/**
 * The WebAssembly modules (server/src/core/wasm): each committed module is what its .wat
 * source assembles to (scripts/buildWasm.mjs), so that no module is left stale after an
 * edit to its source.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const DIR = path.join(ROOT, 'server', 'src', 'core', 'wasm');

describe('WebAssembly modules', () => {
  const sources = fs.readdirSync(DIR).filter((f) => f.endsWith('.wat'));

  it('there are modules to check', () => {
    assert.deepEqual(sources.sort(), ['identifierWords.wat', 'unitColumns.wat', 'utf8.wat', 'wordSearch.wat']);
  });

  for (const file of sources) {
    it(`the committed module of ${file} is what it assembles to`, async () => {
      const { assemble, moduleText } = (await import(path.join(ROOT, 'scripts', 'buildWasm.mjs'))) as {
        assemble(source: string, name: string): Promise<Buffer>;
        moduleText(name: string, bytes: Buffer): string;
      };
      const name = file.slice(0, -4);
      const bytes = await assemble(fs.readFileSync(path.join(DIR, file), 'utf8'), file);
      const committed = fs.readFileSync(path.join(DIR, `${name}Wasm.ts`), 'utf8');
      assert.equal(moduleText(name, bytes), committed, 'run `npm run build:wasm`');
    });
  }
});
