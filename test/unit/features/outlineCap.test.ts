/**
 * The cap on a transcript's outline: the first symbols in document order (a symbol before
 * its children), then one symbol that counts the rest; an outline within the cap is unchanged.
 */
import * as assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { plainSlice } from '../../../server/src/core/plainText';
import type { StudyIndex } from '../../../server/src/core/studyIndex';
import { excerpt } from '../../../server/src/features/codeInfo';
import { document, Gen, prng } from '../support/grammar';
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

/** The outline as first defined: every symbol made from unit objects, then sorted (the reference). */
function referenceOutline(index: StudyIndex, uri: string): DocumentSymbol[] {
  const doc = index.getDocument(uri);
  const t = doc?.transcript;
  if (!doc || !t) return [];
  const lines = doc.lines;
  const before = (x: Range['start'], y: Range['start']): boolean =>
    x.line < y.line || (x.line === y.line && x.character < y.character);
  const unitSymbols = t.units.map((u): DocumentSymbol => ({
    name: excerpt(u.text, 40) || '(empty)',
    detail: u.codes.length ? u.codes.join(', ') : 'uncoded',
    kind: SymbolKind.String,
    range: u.range,
    selectionRange: u.contentRange,
    children: [],
  }));
  const turnOf = new Map<number, number>();
  t.turns.forEach((turn, k) => turn.units.forEach((u) => turnOf.set(u, k)));
  const turnSymbols = t.turns.map((turn): DocumentSymbol => ({
    name: turn.speaker,
    detail: excerpt(plainSlice(doc.text, t.plain, lines.offsetAt(turn.labelRange.end), turn.endOffset), 40),
    kind: SymbolKind.Event,
    range: turn.range,
    selectionRange: turn.labelRange,
    children: [],
  }));
  const top: DocumentSymbol[] = [...turnSymbols];
  t.units.forEach((u, k) => {
    const turn = turnOf.get(k);
    if (u.parent !== undefined && turnOf.get(u.parent) === turn) unitSymbols[u.parent].children?.push(unitSymbols[k]);
    else if (turn !== undefined) turnSymbols[turn].children?.push(unitSymbols[k]);
    else top.push(unitSymbols[k]);
  });
  for (const s of turnSymbols) {
    for (const c of s.children ?? []) {
      s.range = {
        start: before(c.range.start, s.range.start) ? c.range.start : s.range.start,
        end: before(s.range.end, c.range.end) ? c.range.end : s.range.end,
      };
    }
  }
  return top.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
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

  it('equals the reference outline, cut by capOutline, on generated transcripts and at every cap', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const text = document(new Gen(prng(seed)), { crlf: seed % 4 === 0 });
      const generated = study(CODEBOOK, { g: text });
      const reference = referenceOutline(generated, T('g'));
      for (const max of [0, 1, 2, 3, 5, 8, 13, 1000]) {
        assert.deepEqual(
          provideDocumentSymbols(generated, T('g'), max),
          capOutline(reference, max),
          `seed ${seed}, max ${max}: ${JSON.stringify(text)}`,
        );
      }
    }
  });

  it(`cuts a transcript of 64,000 units at ${MAX_OUTLINE_SYMBOLS} symbols`, () => {
    const big = study(CODEBOOK, { b: '[a]{.x} '.repeat(64000) });
    const cut = provideDocumentSymbols(big, T('b'));
    assert.equal(cut.length, MAX_OUTLINE_SYMBOLS + 1);
    assert.equal(cut[MAX_OUTLINE_SYMBOLS].name, `${64000 - MAX_OUTLINE_SYMBOLS} more not shown`);
    assert.deepEqual(cut[MAX_OUTLINE_SYMBOLS].range, R(0, 8 * MAX_OUTLINE_SYMBOLS, 0, 8 * MAX_OUTLINE_SYMBOLS + 7));
  });
});
