/**
 * The README's pre-commit hook in a real git repository: with the built CLI, git refuses
 * a commit while identifying text remains, and accepts it after `condense pseudonymize`.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt } from '../support/build';
import { removePrivacyStudy, writePrivacyStudy } from './study';

const BIN = path.resolve(__dirname, '../../../bin/condense.js');
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.org',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.org',
};

describe('privacy: the pre-commit hook', function () {
  it('blocks a commit with identifying text, and lets the pseudonymised study through', function () {
    // The hook runs the built CLI: `npm test` builds it first, a bare `mocha` builds it here.
    this.timeout(60000);
    ensureBuilt('dist/cli.js');
    const s = writePrivacyStudy();
    try {
      const git = (...args: string[]): ReturnType<typeof spawnSync> =>
        spawnSync('git', args, { cwd: s.root, env: ENV, encoding: 'utf8' });
      git('init', '-q');
      // The README's hook, with `condense` spelled as this checkout's bin.
      const hook = path.join(s.root, '.git', 'hooks', 'pre-commit');
      fs.writeFileSync(
        hook,
        `#!/bin/sh\n# No commit while the study holds identifying text (or another error).\nexec "${process.execPath}" "${BIN}" check .\n`,
        { mode: 0o755 },
      );
      git('add', '-A');
      const refused = git('commit', '-q', '-m', 'with names');
      assert.notEqual(refused.status, 0);
      assert.match(
        String(refused.stdout) + String(refused.stderr),
        /transcripts\/fg1\.md:8:3: error identifying-text: /,
      );
      assert.equal(git('rev-parse', '--verify', '-q', 'HEAD').status, 1, 'nothing was committed');
      execFileSync(process.execPath, [BIN, 'pseudonymize', '.'], { cwd: s.root, stdio: 'ignore' });
      git('add', '-A');
      const accepted = git('commit', '-q', '-m', 'pseudonymised');
      assert.equal(accepted.status, 0, String(accepted.stdout) + String(accepted.stderr));
      const committed = String(git('show', 'HEAD:transcripts/fg1.md').stdout);
      assert.equal(committed, s.after['transcripts/fg1.md']);
    } finally {
      removePrivacyStudy(s);
    }
  });
});
