/**
 * A parse's result objects share their hidden classes (V8's maps) from one text to the
 * next, with fast properties. A getter made per object (a closure over its text) gave
 * every plain text a map of its own; V8 keeps maps out of the young generation, and the
 * map's getter kept the text alive through every young collection, so each parsed text was
 * copied into the old generation (docs/performance.md, "Parses that outlived their use").
 * Transcripts and codebooks, whose getters were redefined over data properties, were
 * dictionaries of properties. Checked in a child process with V8's own `%HaveSameMap` and
 * `%HasFastProperties` (--allow-natives-syntax).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

describe('parse results share their hidden classes', function () {
  it('transcripts, their plain texts and codebooks, before and after their lazy parts are read', function () {
    this.timeout(30000);
    const script = `
      const { parseTranscript } = require('./server/src/core/transcript');
      const same = new Function('a', 'b', 'return %HaveSameMap(a, b) && %HasFastProperties(a)');
      const a = parseTranscript('**P1:** [one]{.x} two *three*\\n\\n**P2:** [four]{.y}\\n');
      const b = parseTranscript('**P3:** [five]{.z}\\n');
      const out = { transcripts: same(a, b), plains: same(a.plain, b.plain) };
      void a.plain.text; void b.plain.text;
      out.plainsRead = same(a.plain, b.plain);
      void a.units; void b.units; void a.diagnostics; void b.diagnostics;
      out.transcriptsRead = same(a, b);
      const { parseCodebook } = require('./server/src/core/codebook');
      const c = parseCodebook('# A {#a}\\n\\n## B {#b}\\n'), d = parseCodebook('# C {#c}\\n');
      out.codebooks = same(c, d);
      void c.diagnostics; void d.diagnostics;
      out.codebooksRead = same(c, d);
      process.stdout.write(JSON.stringify(out));
    `;
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--require', 'tsx/cjs', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.deepEqual(JSON.parse(out), {
      transcripts: true,
      plains: true,
      plainsRead: true,
      transcriptsRead: true,
      codebooks: true,
      codebooksRead: true,
    });
  });
});
