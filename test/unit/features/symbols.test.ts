import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { provideDocumentSymbols, provideWorkspaceSymbols } from '../../../server/src/features/symbols';
import { loadStudy } from '../../../server/src/node/loadStudy';
import { document, Gen, prng } from '../support/grammar';
import { BOOK, R, study, T } from './util';

const CODEBOOK = [
  'Intro.', // 0
  '',
  '# Shift {#shift}', // 2
  '',
  'About.',
  '',
  '## Facilitate {#facilitate}', // 6
  '',
  '### Condensate', // 8
  '',
  'We did.', // 10
  '',
  '### Deeper {#deeper}', // 12
  '',
  '# Other heading', // 14
  '',
  'Text.',
  '',
  '# Valued {#valued}', // 18
  '',
].join('\n');

const TRANSCRIPT = [
  '[Before]{.shift}', // 0
  '',
  '**P1:** Yes, we [did it]{.facilitate .deeper} and', // 2
  '[then [more]{.x}]{}.',
  '',
  '::: {.valued}', // 5
  '**P2:** Div text.',
  ':::',
  '',
].join('\n');

function sym(
  name: string,
  detail: string | undefined,
  kind: SymbolKind,
  range: Range,
  selectionRange: Range,
  children?: DocumentSymbol[],
): DocumentSymbol {
  const s: DocumentSymbol = { name, kind, range, selectionRange };
  if (detail !== undefined) s.detail = detail;
  if (children) s.children = children;
  return s;
}

describe('document symbols', () => {
  const index = study(CODEBOOK, { a: TRANSCRIPT });

  it('outlines a codebook as its code tree with sections', () => {
    assert.deepEqual(provideDocumentSymbols(index, BOOK), [
      sym('Shift', '#shift · 2 units', SymbolKind.Class, R(2, 0, 12, 20), R(2, 0, 2, 16), [
        sym('Facilitate', '#facilitate · 1 unit', SymbolKind.Interface, R(6, 0, 12, 20), R(6, 0, 6, 27), [
          sym('Condensate', undefined, SymbolKind.String, R(8, 0, 10, 7), R(8, 0, 8, 14)),
          // Ends before `# Other heading`, a heading without an id of a lower level.
          sym('Deeper', '#deeper · 1 unit', SymbolKind.Interface, R(12, 0, 12, 20), R(12, 0, 12, 20), []),
        ]),
      ]),
      sym('Valued', '#valued · 1 unit', SymbolKind.Class, R(18, 0, 18, 18), R(18, 0, 18, 18), []),
    ]);
  });

  it('outlines a transcript as turns holding their units', () => {
    assert.deepEqual(provideDocumentSymbols(index, T('a')), [
      sym('Before', 'shift', SymbolKind.String, R(0, 0, 0, 16), R(0, 1, 0, 7), []),
      sym('P1', 'Yes, we did it and then more.', SymbolKind.Event, R(2, 0, 3, 20), R(2, 0, 2, 7), [
        sym('did it', 'facilitate, deeper', SymbolKind.String, R(2, 16, 2, 45), R(2, 17, 2, 23), []),
        sym('then more', 'uncoded', SymbolKind.String, R(3, 0, 3, 19), R(3, 1, 3, 16), [
          sym('more', 'x', SymbolKind.String, R(3, 6, 3, 16), R(3, 7, 3, 11), []),
        ]),
      ]),
      // The div's fence comes before the label: the turn's range grows to hold the unit.
      sym('P2', 'Div text.', SymbolKind.Event, R(5, 0, 7, 3), R(6, 0, 6, 7), [
        sym('P2: Div text.', 'valued', SymbolKind.String, R(5, 0, 7, 3), R(6, 0, 6, 17), []),
      ]),
    ]);
  });

  it('gives nothing for an unknown document', () => {
    assert.deepEqual(provideDocumentSymbols(index, 'file:///nope.md'), []);
  });

  /** Checks that names are set and ranges nest; returns how many symbols there are. */
  function checkSymbols(list: DocumentSymbol[], label: string): number {
    const le = (a: Range['start'], b: Range['start']): boolean =>
      a.line < b.line || (a.line === b.line && a.character <= b.character);
    const inside = (inner: Range, outer: Range): boolean => le(outer.start, inner.start) && le(inner.end, outer.end);
    let n = 0;
    const check = (s: DocumentSymbol, parent?: DocumentSymbol): void => {
      n++;
      assert.ok(s.name.trim() !== '', `${label}: a symbol without a name`);
      assert.ok(inside(s.selectionRange, s.range), `${label}: ${s.name}: selectionRange outside range`);
      if (parent) assert.ok(inside(s.range, parent.range), `${label}: ${s.name} outside ${parent.name}`);
      for (const c of s.children ?? []) check(c, s);
    };
    for (const s of list) check(s);
    return n;
  }

  it('keeps every selectionRange inside its range and every child inside its parent on the sample', () => {
    const loaded = loadStudy(path.join(__dirname, '../../../sample'));
    let n = 0;
    for (const doc of loaded.index.documents())
      n += checkSymbols(provideDocumentSymbols(loaded.index, doc.uri), doc.uri);
    assert.ok(n > 100);
  });

  it('does so on generated transcripts too', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const text = document(new Gen(prng(seed)), { crlf: seed % 4 === 0 });
      const generated = study(CODEBOOK, { g: text });
      checkSymbols(provideDocumentSymbols(generated, T('g')), `seed ${seed}: ${JSON.stringify(text)}`);
    }
  });
});

describe('workspace symbols', () => {
  const index = study(CODEBOOK);

  it('finds codes by id or title, in any case', () => {
    assert.deepEqual(provideWorkspaceSymbols(index, 'FAC'), [
      {
        name: 'Facilitate (facilitate)',
        kind: SymbolKind.Class,
        location: { uri: BOOK, range: R(6, 0, 6, 27) },
        containerName: 'Shift',
      },
    ]);
    assert.deepEqual(
      provideWorkspaceSymbols(index, 'deeper').map((s) => [s.name, s.containerName]),
      [['Deeper (deeper)', 'Facilitate']],
    );
    assert.deepEqual(provideWorkspaceSymbols(index, 'zzz'), []);
  });

  it('lists every code for an empty query, themes without a container', () => {
    const all = provideWorkspaceSymbols(index, '');
    assert.deepEqual(
      all.map((s) => s.name),
      ['Shift (shift)', 'Facilitate (facilitate)', 'Deeper (deeper)', 'Valued (valued)'],
    );
    assert.equal('containerName' in all[0], false);
  });
});
