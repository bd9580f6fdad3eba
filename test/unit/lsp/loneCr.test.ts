/**
 * A lone CR line break and incremental edits: the server's text must stay the editor's.
 * vscode-languageserver-textdocument 1.0.12 miscounts lines when an edit makes a lone CR
 * and an LF adjacent, and places the next edit wrongly (see server/src/lsp/textDocument.ts).
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { textDocuments } from '../../../server/src/lsp/textDocument';
import { OpenDocument, startFixture, type FixtureSession } from './fixture';

describe('LSP: lone CR line breaks and incremental edits', () => {
  it('the library alone goes wrong (the reason for the fix), the server’s documents do not', () => {
    const edits = [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\nb' },
      { range: { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } }, text: 'X' },
    ];
    let plain = TextDocument.create('file:///a.md', 'markdown', 1, 'a\r');
    let fixed = textDocuments.create('file:///a.md', 'markdown', 1, 'a\r');
    for (const [k, e] of edits.entries()) {
      plain = TextDocument.update(plain, [e], k + 2);
      fixed = textDocuments.update(fixed, [e], k + 2);
    }
    // "a\r\nb" is two lines: line 1 character 1 is after the b.
    assert.equal(fixed.getText(), 'a\r\nbX');
    assert.notEqual(plain.getText(), 'a\r\nbX', 'vscode-languageserver-textdocument got this right: the fix may go');
  });

  it('keeps a transcript with lone CRs equal to the editor’s text through edits', async () => {
    const fixture: FixtureSession = await startFixture();
    try {
      const uri = fixture.study.uri('transcripts/t3.md');
      const doc = await new OpenDocument(fixture.session, uri, '**P1:** [one]{.shift}\r**P2:** two\r').open();
      await doc.replace(doc.text.length, doc.text.length, '\n[three]{.valued}');
      await doc.edit('three]', 'three more]');
      const units = (await fixture.session.client.sendRequest('condense/documentUnits', { uri })) as {
        units: { codes: string[] }[];
      };
      assert.deepEqual(
        units.units.map((u) => u.codes),
        [['shift'], ['valued']],
      );
      assert.equal(doc.text, '**P1:** [one]{.shift}\r**P2:** two\r\n[three more]{.valued}');
    } finally {
      fixture.dispose();
    }
  });
});
