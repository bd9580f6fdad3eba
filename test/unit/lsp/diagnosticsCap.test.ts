/**
 * The cap on published diagnostics: at most 1000 per file, the most severe first, and a
 * final `more-diagnostics` that counts the rest; `condense check` (the index) keeps all.
 */
import * as assert from 'node:assert/strict';
import type { Diagnostic } from '../../../server/src/core/model';
import { capDiagnostics, MAX_PUBLISHED_PER_FILE } from '../../../server/src/core/diagnosticCap';
import { startSession } from './harness';
import { CONFIG, makeStudy } from './fixture';

function diag(line: number, severity: Diagnostic['severity']): Diagnostic {
  const range = { start: { line, character: 0 }, end: { line, character: 1 } };
  return { range, severity, code: 'unclosed-unit', message: `at ${line}` };
}

describe('LSP: the cap on published diagnostics', () => {
  it('leaves a list of at most the cap as it is (the same array)', () => {
    const ds = [diag(0, 'hint'), diag(1, 'error')];
    assert.equal(capDiagnostics(ds, 2), ds);
  });

  it('keeps the most severe, by position within a severity, in position order, and counts the rest', () => {
    const ds = [
      diag(0, 'hint'),
      diag(1, 'warning'),
      diag(2, 'error'),
      diag(3, 'warning'),
      diag(4, 'information'),
      diag(5, 'warning'),
      diag(6, 'error'),
    ];
    const out = capDiagnostics(ds, 3);
    assert.deepEqual(
      out.map((d) => [d.range.start.line, d.severity, d.code]),
      [
        [1, 'warning', 'unclosed-unit'],
        [2, 'error', 'unclosed-unit'],
        [6, 'error', 'unclosed-unit'],
        // At the first diagnostic left out, in position order (the hint on line 0).
        [0, 'information', 'more-diagnostics'],
      ],
    );
    assert.equal(
      out[3].message,
      '4 more problems in this file are not shown (at most 3 per file are sent to the editor); `condense check` lists them all.',
    );
    assert.deepEqual(out[3].data, { more: 4 });
  });

  it('publishes 1000 diagnostics and a count of the rest for a file with 2,500 problems, errors first', async () => {
    // 2,500 unclosed brackets (warnings), then two unknown codes (errors) at the very end.
    const transcript = `${'[a '.repeat(2500).split(' ').join('\n\n')}\n\n[x]{.nope} [y]{.nope2}\n`;
    const study = makeStudy({
      'condense.json': CONFIG,
      'codebook.md': '# A {#a}\n',
      'transcripts/t.md': transcript,
    });
    const session = await startSession(study);
    try {
      const uri = study.uri('transcripts/t.md');
      await session.until(() => (session.diagnostics.get(uri)?.length ?? 0) > 0);
      const ds = session.diagnostics.get(uri) ?? [];
      assert.equal(ds.length, MAX_PUBLISHED_PER_FILE + 1);
      const codes = ds.map((d) => d.code);
      assert.equal(codes.filter((c) => c === 'unknown-code').length, 2);
      assert.equal(codes.filter((c) => c === 'unclosed-unit').length, MAX_PUBLISHED_PER_FILE - 2);
      const last = ds[ds.length - 1];
      assert.equal(last.code, 'more-diagnostics');
      assert.equal(last.severity, 3);
      assert.deepEqual(last.data, { more: 2500 + 2 - MAX_PUBLISHED_PER_FILE });
      // The first warning left out: the 999th unclosed bracket, on line 2 × 998.
      assert.deepEqual(last.range.start, { line: 2 * (MAX_PUBLISHED_PER_FILE - 2), character: 0 });
    } finally {
      session.dispose();
    }
  });
});
