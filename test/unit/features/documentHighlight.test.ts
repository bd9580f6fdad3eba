import * as assert from 'node:assert/strict';
import { DocumentHighlightKind } from 'vscode-languageserver-types';
import { provideDocumentHighlights } from '../../../server/src/features/documentHighlight';
import { BOOK, P, R, study, T } from './util';

const { Read, Text } = DocumentHighlightKind;

describe('document highlights', () => {
  const book = '# Shift {#shift}\n\n## Facilitate {#facilitate}\n';
  const text = [
    '[One]{.shift} and [two]{.facilitate .shift}', // 0
    '',
    '[three]{.facilitate} 😀 [four]{.other}', // 2
    '',
    'No unit here.', // 4
  ].join('\n');
  const index = study(book, { a: text, b: '[elsewhere]{.shift}\n' });

  it('on a code: every unit of the file with it, and every place it is written', () => {
    assert.deepEqual(provideDocumentHighlights(index, T('a'), P(0, 8)), [
      { range: R(0, 1, 0, 4), kind: Read },
      { range: R(0, 7, 0, 12), kind: Text },
      { range: R(0, 19, 0, 22), kind: Read },
      { range: R(0, 37, 0, 42), kind: Text },
    ]);
  });

  it('on a unit but not on a code: the same for each of its codes', () => {
    assert.deepEqual(provideDocumentHighlights(index, T('a'), P(0, 20)), [
      { range: R(0, 1, 0, 4), kind: Read },
      { range: R(0, 7, 0, 12), kind: Text },
      { range: R(0, 19, 0, 22), kind: Read },
      { range: R(0, 25, 0, 35), kind: Text },
      { range: R(0, 37, 0, 42), kind: Text },
      { range: R(2, 1, 2, 6), kind: Read },
      { range: R(2, 9, 2, 19), kind: Text },
    ]);
  });

  it('counts UTF-16 characters after an emoji', () => {
    // `[three]{.facilitate} 😀 [four]{.other}`: the emoji takes characters 21 and 22.
    assert.deepEqual(provideDocumentHighlights(index, T('a'), P(2, 33)), [
      { range: R(2, 25, 2, 29), kind: Read },
      { range: R(2, 32, 2, 37), kind: Text },
    ]);
  });

  it('on a code heading in the codebook: its id', () => {
    assert.deepEqual(provideDocumentHighlights(index, BOOK, P(2, 5)), [{ range: R(2, 16, 2, 26), kind: Text }]);
  });

  it('gives nothing elsewhere', () => {
    assert.deepEqual(provideDocumentHighlights(index, T('a'), P(4, 3)), []);
    assert.deepEqual(provideDocumentHighlights(index, BOOK, P(1, 0)), []);
    assert.deepEqual(provideDocumentHighlights(index, 'file:///nope.md', P(0, 0)), []);
  });
});
