/**
 * The unknown-code quick fix only for ids a heading can define: a bare div class may be
 * any run of non-space characters (`::: x}{#y`), and a heading made from it would define
 * another code (`y`) and leave this one unknown.
 */
import * as assert from 'node:assert/strict';
import { CodeActionKind, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { parseCodebook } from '../../../server/src/core/codebook';
import { provideCodeActions } from '../../../server/src/features/codeActions';
import { applyAction, BOOK, R, study, T } from './util';

const CODEBOOK = '# Shift {#shift}\n';

function quickFixes(text: string, id: string): ReturnType<typeof provideCodeActions> {
  const index = study(CODEBOOK, { a: text });
  const d: Diagnostic = {
    range: R(0, 4, 0, 4 + id.length),
    severity: DiagnosticSeverity.Error,
    code: 'unknown-code',
    source: 'condense',
    message: 'Unknown code',
    data: { id },
  };
  return provideCodeActions(index, T('a'), R(0, 4, 0, 4), [d]).filter((a) => a.kind === CodeActionKind.QuickFix);
}

describe('code actions: unknown codes that no heading can define', () => {
  it('offers no heading for `::: x}{#y` (it would define `y`)', () => {
    const text = '::: x}{#y\nSome words.\n:::\n';
    const index = study(CODEBOOK, { a: text });
    const unit = index.getDocument(T('a'))?.transcript?.units[0];
    assert.deepEqual(unit?.codes, ['x}{#y']);
    assert.deepEqual(quickFixes(text, 'x}{#y'), []);
  });

  it('still offers headings for a bare class that is an identifier, and they define it', () => {
    const text = '::: peer-support\nSome words.\n:::\n';
    const list = quickFixes(text, 'peer-support');
    assert.equal(list.length, 2);
    const book = applyAction(list[0], BOOK, CODEBOOK);
    assert.deepEqual(
      parseCodebook(book).codes.map((c) => c.id),
      ['shift', 'peer-support'],
    );
  });
});
