/**
 * LSP level: document and workspace symbols, semantic tokens (full, range and delta,
 * decoded with the announced legend), code lenses and document highlights.
 */
import * as assert from 'node:assert/strict';
import type {
  CodeLens,
  DocumentHighlight,
  DocumentSymbol,
  Position,
  SemanticTokens,
  SemanticTokensDelta,
  SymbolInformation,
} from 'vscode-languageserver-protocol';
import { startSession, type TestSession } from './harness';
import {
  applyTokenEdits,
  CODEBOOK,
  decodeTokens,
  makeStudy,
  OpenDocument,
  P,
  R,
  T1,
  type DecodedToken,
  type TempStudy,
  startFixture,
  type FixtureSession,
} from './fixture';

/** A symbol reduced to name, detail, kind, ranges and children. */
type Sym = [string, string | undefined, number, ReturnType<typeof R>, ReturnType<typeof R>, Sym[]];
const sym = (s: DocumentSymbol): Sym => [
  s.name,
  s.detail,
  s.kind,
  s.range,
  s.selectionRange,
  (s.children ?? []).map(sym),
];

describe('LSP: symbols, semantic tokens, code lenses, highlights', () => {
  let session: TestSession;
  let t1: string;
  let t2: string;
  let cb: string;
  let fixture: FixtureSession;
  before(async () => {
    fixture = await startFixture();
    ({ session, t1, t2, cb } = fixture);
  });
  after(() => fixture.dispose());
  const symbols = async (uri: string): Promise<Sym[]> =>
    (
      (await session.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[]
    ).map(sym);

  it('documentSymbol of the codebook: the code tree with counts and sections', async () => {
    assert.deepEqual(await symbols(cb), [
      [
        'Shift',
        '#shift · 5 units',
        5,
        R(0, 0, 24, 22),
        R(0, 0, 0, 32),
        [
          [
            'Facilitate',
            '#facilitate · 2 units',
            11,
            R(4, 0, 16, 53),
            R(4, 0, 4, 27),
            [
              ['Condensate', undefined, 15, R(8, 0, 10, 23), R(8, 0, 8, 14), []],
              ['Quotes', undefined, 15, R(12, 0, 16, 53), R(12, 0, 12, 10), []],
            ],
          ],
          [
            'Benefits',
            '#benefits · 3 units',
            11,
            R(18, 0, 24, 22),
            R(18, 0, 18, 23),
            [['Quotes', undefined, 15, R(22, 0, 24, 22), R(22, 0, 22, 10), []]],
          ],
        ],
      ],
      [
        'Valued',
        '#valued · 1 unit',
        5,
        R(26, 0, 32, 18),
        R(26, 0, 26, 34),
        [['Unused', '#unused · 0 units', 11, R(30, 0, 32, 18), R(30, 0, 30, 19), []]],
      ],
    ]);
  });

  it('documentSymbol of transcripts: turns holding their units, nested units under theirs', async () => {
    assert.deepEqual(await symbols(t1), [
      [
        'P1',
        'Well, we worked for a year before…',
        24,
        R(4, 0, 4, 70),
        R(4, 0, 4, 7),
        [['we worked for a year', 'facilitate', 15, R(4, 14, 4, 55), R(4, 15, 4, 35), []]],
      ],
      [
        'P2',
        'They bring new knowledge to the team.',
        24,
        R(6, 0, 6, 68),
        R(6, 0, 6, 7),
        [
          [
            'They bring new knowledge to the team',
            'shift',
            15,
            R(6, 8, 6, 67),
            R(6, 9, 6, 58),
            [['new knowledge', 'benefits', 15, R(6, 20, 6, 46), R(6, 21, 6, 34), []]],
          ],
        ],
      ],
      // The div's fence is above the turn's label: the turn's range grows to hold it.
      [
        'P1',
        'I feel valued 😀 here. Really.',
        24,
        R(8, 0, 12, 3),
        R(9, 0, 9, 7),
        [['P1: I feel valued 😀 here. Really.', 'valued', 15, R(8, 0, 12, 3), R(9, 0, 11, 7), []]],
      ],
      [
        'P2',
        'Not sorted yet and a typo.',
        24,
        R(14, 0, 14, 50),
        R(14, 0, 14, 7),
        [
          ['Not sorted yet', 'uncoded', 15, R(14, 8, 14, 26), R(14, 9, 14, 23), []],
          ['a typo', 'benfits', 15, R(14, 31, 14, 49), R(14, 32, 14, 38), []],
        ],
      ],
    ]);
    assert.deepEqual(await symbols(t2), [
      [
        'P1',
        '😀 Emoji first',
        24,
        R(0, 0, 0, 48),
        R(0, 0, 0, 7),
        [['Emoji first', 'benefits', 15, R(0, 11, 0, 48), R(0, 12, 0, 23), []]],
      ],
      [
        'P3',
        'Across two lines',
        24,
        R(2, 0, 3, 33),
        R(2, 0, 2, 7),
        [['Across two lines', 'facilitate, benefits', 15, R(2, 8, 3, 33), R(2, 9, 3, 9), []]],
      ],
    ]);
  });

  it('workspace/symbol: the codes whose id or title holds the query', async () => {
    const find = (query: unknown): Promise<SymbolInformation[]> =>
      session.client.sendRequest('workspace/symbol', { query });
    assert.deepEqual(await find('ft'), [
      { name: 'Shift (shift)', kind: 5, location: { uri: cb, range: R(0, 0, 0, 32) } },
    ]);
    assert.deepEqual(await find('BEN'), [
      { name: 'Benefits (benefits)', kind: 5, location: { uri: cb, range: R(18, 0, 18, 23) }, containerName: 'Shift' },
    ]);
    assert.deepEqual(
      (await find('')).map((s) => [s.name, s.containerName]),
      [
        ['Shift (shift)', undefined],
        ['Facilitate (facilitate)', 'Shift'],
        ['Benefits (benefits)', 'Shift'],
        ['Valued (valued)', undefined],
        ['Unused (unused)', 'Valued'],
      ],
    );
    assert.deepEqual(await find('nothing like it'), []);
    assert.equal((await find(null)).length, 5, 'a missing query lists every code');
  });

  const legend = (): { tokenTypes: string[]; tokenModifiers: string[] } =>
    (
      session.initializeResult.capabilities.semanticTokensProvider as {
        legend: { tokenTypes: string[]; tokenModifiers: string[] };
      }
    ).legend;
  const tok = (
    line: number,
    character: number,
    length: number,
    type: string,
    ...modifiers: string[]
  ): DecodedToken => ({
    line,
    character,
    length,
    type: `condense${type}`,
    modifiers,
  });
  const full = (uri: string): Promise<SemanticTokens> =>
    session.client.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });

  it('semantic tokens, full: brackets, unit texts, attributes and codes of a transcript', async () => {
    const tokens = decodeTokens((await full(t1)).data, legend());
    const on = (line: number): DecodedToken[] => tokens.filter((t) => t.line === line);
    assert.deepEqual(on(4), [
      tok(4, 14, 1, 'Bracket'),
      tok(4, 15, 20, 'Unit'),
      tok(4, 35, 1, 'Bracket'),
      tok(4, 36, 6, 'Attribute'), // {#mu-1
      tok(4, 43, 1, 'Attribute'), // .
      tok(4, 44, 10, 'Code'), // facilitate
      tok(4, 54, 1, 'Attribute'), // }
    ]);
    assert.deepEqual(
      on(6).filter((t) => t.type === 'condenseUnit'),
      [tok(6, 9, 10, 'Unit'), tok(6, 21, 13, 'Unit', 'nested'), tok(6, 47, 11, 'Unit')],
    );
    assert.deepEqual(
      [...on(8), ...on(9), ...on(10), ...on(11), ...on(12)],
      [
        tok(8, 0, 3, 'Bracket'),
        tok(8, 4, 2, 'Attribute'),
        tok(8, 6, 6, 'Code'),
        tok(8, 12, 1, 'Attribute'),
        tok(9, 0, 30, 'Unit'), // the emoji counts two
        tok(11, 0, 7, 'Unit'),
        tok(12, 0, 3, 'Bracket'),
      ],
    );
    assert.deepEqual(
      on(14).find((t) => t.type === 'condenseCode'),
      tok(14, 41, 7, 'Code', 'unknown'),
    );
    // CR LF and an emoji before the unit.
    const t2Tokens = decodeTokens((await full(t2)).data, legend());
    assert.deepEqual(
      t2Tokens.filter((t) => t.line === 0),
      [
        tok(0, 11, 1, 'Bracket'),
        tok(0, 12, 11, 'Unit'),
        tok(0, 23, 1, 'Bracket'),
        tok(0, 24, 2, 'Attribute'),
        tok(0, 26, 8, 'Code'),
        tok(0, 35, 13, 'Attribute'),
      ],
    );
    assert.deepEqual(
      t2Tokens.filter((t) => t.line === 2 || t.line === 3).map((t) => [t.line, t.character, t.length]),
      [
        [2, 8, 1],
        [2, 9, 6],
        [3, 0, 9],
        [3, 9, 1],
        [3, 10, 2],
        [3, 12, 10],
        [3, 23, 1],
        [3, 24, 8],
        [3, 32, 1],
      ],
    );
  });

  it('semantic tokens, full: the code headings of the codebook', async () => {
    const tokens = decodeTokens((await full(cb)).data, legend());
    assert.deepEqual(tokens.slice(0, 4), [
      tok(0, 2, 5, 'Heading', 'declaration'),
      tok(0, 8, 1, 'Attribute'),
      tok(0, 9, 6, 'Code', 'declaration'),
      tok(0, 16, 16, 'Attribute'),
    ]);
    assert.deepEqual([...new Set(tokens.map((t) => t.line))], [0, 4, 18, 26, 30]);
  });

  it('semantic tokens, range: the tokens that touch the range', async () => {
    const r: SemanticTokens = await session.client.sendRequest('textDocument/semanticTokens/range', {
      textDocument: { uri: t1 },
      range: R(6, 30, 6, 40),
    });
    assert.deepEqual(decodeTokens(r.data, legend()), [
      tok(6, 21, 13, 'Unit', 'nested'),
      tok(6, 34, 1, 'Bracket'),
      tok(6, 35, 2, 'Attribute'),
      tok(6, 37, 8, 'Code'),
    ]);
    const all = decodeTokens((await full(t1)).data, legend());
    const lines6to8: SemanticTokens = await session.client.sendRequest('textDocument/semanticTokens/range', {
      textDocument: { uri: t1 },
      range: R(6, 0, 9, 0),
    });
    assert.deepEqual(
      decodeTokens(lines6to8.data, legend()),
      all.filter((t) => t.line >= 6 && t.line <= 8),
    );
  });

  it('semantic tokens, delta: the edits turn the previous data into a fresh full result', async () => {
    const doc = await new OpenDocument(session, t1, T1).open();
    const first = await full(t1);
    assert.ok(first.resultId);
    const delta = (previousResultId: string): Promise<SemanticTokensDelta | SemanticTokens> =>
      session.client.sendRequest('textDocument/semanticTokens/full/delta', {
        textDocument: { uri: t1 },
        previousResultId,
      });
    // Nothing changed: no edits.
    const same = (await delta(first.resultId)) as SemanticTokensDelta;
    assert.deepEqual(same.edits, []);
    let previous = first.data;
    let previousId = same.resultId as string;
    const steps: [string, string][] = [
      ['{.benfits}', '{.benefits .valued}'],
      ['[Not sorted yet]{}', 'Not sorted yet'],
      ['Well, ', 'Well, [so]{.shift} '],
      ['::: {.valued}', '::: {.valued #d1}'],
    ];
    for (const [find, replace] of steps) {
      await doc.edit(find, replace);
      const d = (await delta(previousId)) as SemanticTokensDelta;
      assert.ok(Array.isArray(d.edits), `edits after ${replace}`);
      const patched = applyTokenEdits(previous, d.edits);
      const fresh = await full(t1);
      assert.deepEqual(patched, fresh.data, `after ${replace}`);
      previous = fresh.data;
      previousId = fresh.resultId as string;
      assert.notEqual(d.resultId, previousId);
    }
    // An unknown previous result: the whole data, as a full result.
    const stale = (await delta('no-such-id')) as SemanticTokens;
    assert.deepEqual(stale.data, previous);
    await doc.close();
  });

  it('code lenses: above each code heading, its counts, running the units command', async () => {
    const lenses: CodeLens[] = await session.client.sendRequest('textDocument/codeLens', { textDocument: { uri: cb } });
    assert.deepEqual(lenses, [
      {
        range: R(0, 0, 0, 32),
        command: {
          title: '5 units · 2 transcripts · 4 speakers',
          command: 'condense.showUnitsOfCode',
          arguments: ['shift'],
        },
      },
      {
        range: R(4, 0, 4, 27),
        command: {
          title: '2 units · 2 transcripts · 2 speakers',
          command: 'condense.showUnitsOfCode',
          arguments: ['facilitate'],
        },
      },
      {
        range: R(18, 0, 18, 23),
        command: {
          title: '3 units · 2 transcripts · 3 speakers',
          command: 'condense.showUnitsOfCode',
          arguments: ['benefits'],
        },
      },
      {
        range: R(26, 0, 26, 34),
        command: {
          title: '1 unit · 1 transcript · 1 speaker',
          command: 'condense.showUnitsOfCode',
          arguments: ['valued'],
        },
      },
      {
        range: R(30, 0, 30, 19),
        command: {
          title: '0 units · 0 transcripts · 0 speakers',
          command: 'condense.showUnitsOfCode',
          arguments: ['unused'],
        },
      },
    ]);
    assert.deepEqual(await session.client.sendRequest('textDocument/codeLens', { textDocument: { uri: t1 } }), []);
  });

  it('document highlights: the units of the code at the cursor and where it is written', async () => {
    const highlights = (uri: string, position: Position): Promise<DocumentHighlight[] | null> =>
      session.client.sendRequest('textDocument/documentHighlight', { textDocument: { uri }, position });
    const benefits = [
      { range: R(6, 21, 6, 34), kind: 2 },
      { range: R(6, 37, 6, 45), kind: 1 },
    ];
    assert.deepEqual(await highlights(t1, P(6, 40)), benefits, 'on the class');
    assert.deepEqual(await highlights(t1, P(6, 25)), benefits, 'in the unit');
    assert.deepEqual(await highlights(t1, P(11, 2)), [
      { range: R(8, 6, 8, 12), kind: 1 },
      { range: R(9, 0, 11, 7), kind: 2 },
    ]);
    assert.deepEqual(await highlights(t2, P(3, 3)), [
      { range: R(0, 12, 0, 23), kind: 2 },
      { range: R(0, 26, 0, 34), kind: 1 },
      { range: R(2, 9, 3, 9), kind: 2 },
      { range: R(3, 12, 3, 22), kind: 1 },
      { range: R(3, 24, 3, 32), kind: 1 },
    ]);
    assert.deepEqual(await highlights(cb, P(18, 3)), [{ range: R(18, 14, 18, 22), kind: 1 }]);
    assert.deepEqual(await highlights(cb, P(2, 3)), []);
    assert.deepEqual(await highlights(t1, P(14, 12)), [], 'an uncoded unit');
  });
});

describe('LSP: refresh requests for code lenses and semantic tokens', () => {
  let study: TempStudy;
  let session: TestSession;
  const seen: string[] = [];
  before(async () => {
    study = makeStudy();
    session = await startSession(study, {
      workspace: {
        workspaceEdit: { documentChanges: true },
        codeLens: { refreshSupport: true },
        semanticTokens: { refreshSupport: true },
      },
    });
    session.client.onRequest('workspace/codeLens/refresh', () => void seen.push('codeLens'));
    session.client.onRequest('workspace/semanticTokens/refresh', () => void seen.push('semanticTokens'));
    // None after the scan: requests sent during the scan waited for it, so nothing shown is stale.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(seen, []);
  });
  after(() => {
    session.dispose();
    study.cleanup();
  });

  it('asks for code lenses again after any change, for tokens after a codebook change, once per burst', async () => {
    const doc = await new OpenDocument(session, study.uri('transcripts/t1.md'), T1).open();
    await doc.edit('before hiring', 'before hiring a');
    await doc.edit('hiring a', 'hiring b');
    await doc.edit('hiring b', 'hiring c');
    await session.until(() => seen.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    // Debounced: fewer requests than edits (one, unless the machine stalls), never tokens.
    assert.ok(seen.length < 3 && seen.every((x) => x === 'codeLens'), seen.join());
    seen.length = 0;
    const book = await new OpenDocument(session, study.uri('codebook.md'), CODEBOOK).open();
    await book.edit('## Unused {#unused}', '## Typo {#benfits}');
    await session.until(() => seen.length >= 2);
    assert.deepEqual(seen, ['codeLens', 'semanticTokens']);
    // The transcript's tokens, asked again, no longer mark `benfits` unknown.
    const tokens: SemanticTokens = await session.client.sendRequest('textDocument/semanticTokens/full', {
      textDocument: { uri: doc.uri },
    });
    const legend = (
      session.initializeResult.capabilities.semanticTokensProvider as {
        legend: { tokenTypes: string[]; tokenModifiers: string[] };
      }
    ).legend;
    assert.deepEqual(
      decodeTokens(tokens.data, legend).filter((t) => t.modifiers.includes('unknown')),
      [],
    );
    await book.close();
    await doc.close();
  });

  it('sends none to a client without refresh support', async () => {
    const plain = await startSession(study);
    try {
      const doc = await new OpenDocument(plain, study.uri('codebook.md'), CODEBOOK).open();
      await doc.edit('# Valued', '# Valued!');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(plain.logs.filter((l) => l.startsWith('Refresh request failed')).length, 0);
    } finally {
      plain.dispose();
    }
  });
});
