/**
 * The TextMate injection grammar (syntaxes/), tested offline with vscode-tmgrammar-test
 * against a copy of VS Code's Markdown grammar (the tm-grammars package): the syntax
 * test files in test/grammar/ assert the scope of each meaning-unit part.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

describe('TextMate injection grammar', () => {
  it('scopes units, codes, attributes and div fences, and nothing in code', function () {
    this.timeout(60000);
    const root = path.resolve(__dirname, '../..');
    const cli = require.resolve('vscode-tmgrammar-test/dist/unit.js');
    const markdown = require.resolve('tm-grammars/grammars/markdown.json');
    const r = spawnSync(process.execPath, [cli, '--config', 'package.json', '-g', markdown, 'test/grammar/*.test.md'], {
      cwd: root,
      encoding: 'utf8',
    });
    // Grammars embedded by Markdown (python, rust, ...) are not needed here; drop that noise.
    const out = `${r.stdout}${r.stderr}`
      .split('\n')
      .filter((l) => !l.startsWith('grammar not found'))
      .join('\n');
    assert.equal(r.status, 0, out);
    assert.match(out, /units\.test\.md run successfuly/);
  });
});
