/**
 * The cap on a transcript's outline: the first symbols in document order (a symbol before
 * its children), then one symbol that counts the rest; an outline within the cap is unchanged.
 */
import * as assert from 'node:assert/strict';
import { SymbolKind } from 'vscode-languageserver-types';
import { capOutline, MAX_OUTLINE_SYMBOLS, provideDocumentSymbols } from '../../../server/src/features/symbols';
import { R, study, T } from './util';

const CODEBOOK = '# X {#x}\n';
const TEXT = [
  '**P1:** [a [b]{.x}]{.x} [c]{.x}', // 0: turn P1 > a > b, c
  '',
  '**P2:** [d]{.x}', // 2: turn P2 > d
  '',
].join('\n');

/** Names in document order, with their depth. */
function names(list: { name: string; children?: unknown[] }[], depth = 0): string[] {
  return list.flatMap((s) => [
    `${depth}:${s.name}`,
    ...names((s.children ?? []) as { name: string; children?: unknown[] }[], depth + 1),
  ]);
}

describe('outline cap', () => {
  const index = study(CODEBOOK, { a: TEXT });
  const full = provideDocumentSymbols(index, T('a'));

  it('leaves an outline within the cap as it is', () => {
    assert.deepEqual(names(full), ['0:P1', '1:a b', '2:b', '1:c', '0:P2', '1:d']);
    assert.equal(capOutline(full, 6), full);
    assert.deepEqual(provideDocumentSymbols(index, T('a'), 6), full);
  });

  it('keeps the first symbols in document order and counts the rest at the first one left out', () => {
    const cut = provideDocumentSymbols(index, T('a'), 3);
    assert.deepEqual(names(cut), ['0:P1', '1:a b', '2:b', '0:3 more not shown']);
    const note = cut[cut.length - 1];
    assert.equal(note.detail, 'the outline lists at most 3 turns and units');
    assert.equal(note.kind, SymbolKind.Null);
    // At `c`, the first symbol left out.
    assert.deepEqual(note.range, R(0, 24, 0, 31));
    assert.deepEqual(note.selectionRange, R(0, 25, 0, 26));
    // The full outline is not changed by cutting it.
    assert.deepEqual(names(full), ['0:P1', '1:a b', '2:b', '1:c', '0:P2', '1:d']);
  });

  it(`cuts a transcript of 64,000 units at ${MAX_OUTLINE_SYMBOLS} symbols`, () => {
    const big = study(CODEBOOK, { b: '[a]{.x} '.repeat(64000) });
    const cut = provideDocumentSymbols(big, T('b'));
    assert.equal(cut.length, MAX_OUTLINE_SYMBOLS + 1);
    assert.equal(cut[MAX_OUTLINE_SYMBOLS].name, `${64000 - MAX_OUTLINE_SYMBOLS} more not shown`);
    assert.deepEqual(cut[MAX_OUTLINE_SYMBOLS].range, R(0, 8 * MAX_OUTLINE_SYMBOLS, 0, 8 * MAX_OUTLINE_SYMBOLS + 7));
  });
});
