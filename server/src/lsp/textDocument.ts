/**
 * The open documents' text, as vscode-languageserver-textdocument keeps it, with one
 * fix. Its incremental update keeps a line table that goes wrong when an edit makes a
 * lone CR and an LF adjacent (typing a line break after a line that ends in a lone CR:
 * "a\r" + "\nb" is two lines, the table says three); the next edit then lands at the
 * wrong offset and the server's text differs from the editor's (1.0.12; the test is
 * test/unit/lsp/loneCr.test.ts). A document whose text holds a CR is therefore made anew
 * from its text after each update: its line table is then built lazily from the text,
 * which is right. Documents without a CR keep the library's incremental update.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver';

/** The TextDocuments configuration of the server. */
export const textDocuments: TextDocumentsConfiguration<TextDocument> = {
  create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
  update: (document, changes, version) => {
    const updated = TextDocument.update(document, changes, version);
    const text = updated.getText();
    return text.includes('\r') ? TextDocument.create(updated.uri, updated.languageId, version, text) : updated;
  },
};
