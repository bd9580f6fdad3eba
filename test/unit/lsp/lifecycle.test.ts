/**
 * LSP level: initialize, the initial scan, and text document sync (the open text wins
 * over the disk, incremental changes with ranges, close reverts to the disk).
 */
import * as assert from 'node:assert/strict';
import type { DocumentUnitsResult, ThemeTreeResult } from '../../../common/protocol';
import { startSession, type TestSession } from './harness';
import { makeStudy, OpenDocument, P, R, T1, T2, untilCodes, type TempStudy } from './fixture';

describe('LSP: initialize and the initial scan', () => {
  let study: TempStudy;
  let session: TestSession;
  before(async () => {
    study = makeStudy();
    session = await startSession(study);
  });
  after(() => {
    session.dispose();
    study.cleanup();
  });

  it('announces every capability, with the semantic token legend and completion triggers', () => {
    const r = session.initializeResult;
    assert.deepEqual(r.capabilities, {
      textDocumentSync: { openClose: true, change: 2, save: false },
      completionProvider: { triggerCharacters: ['.', '{', '>'], resolveProvider: false },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      documentHighlightProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
      codeLensProvider: { resolveProvider: false },
      semanticTokensProvider: {
        legend: {
          tokenTypes: ['condenseUnit', 'condenseCode', 'condenseBracket', 'condenseAttribute', 'condenseHeading'],
          tokenModifiers: ['unknown', 'nested', 'declaration'],
        },
        full: { delta: true },
        range: true,
      },
      workspace: { workspaceFolders: { supported: true, changeNotifications: false } },
    });
    assert.equal(r.serverInfo?.name, 'condense-language-server');
    assert.equal(typeof r.serverInfo?.version, 'string');
  });

  it('logs the study and "Indexed N files" after the background scan', () => {
    assert.equal(session.logs[0], `Studies: ${study.root}`);
    const indexed = session.logs.filter((l) => l.startsWith('Indexed '));
    assert.equal(indexed.length, 1);
    assert.match(indexed[0], /^Indexed 3 files in \d+ ms\.$/);
  });

  it('publishes the diagnostics of the scan once, for the files that have some', async () => {
    await session.until(() => session.diagnostics.size === 2);
    assert.deepEqual([...session.diagnostics.keys()].sort(), [
      study.uri('codebook.md'),
      study.uri('transcripts/t1.md'),
    ]);
  });
});

describe('LSP: text document sync', () => {
  let study: TempStudy;
  let session: TestSession;
  const units = async (uri: string): Promise<DocumentUnitsResult | null> =>
    session.client.sendRequest('condense/documentUnits', { uri });
  const codes = (r: DocumentUnitsResult | null): string[][] => (r?.units ?? []).map((u) => u.codes);
  const counts = async (): Promise<Record<string, number>> => {
    const tree: ThemeTreeResult = await session.client.sendRequest('condense/themeTree', {});
    const out: Record<string, number> = {};
    const walk = (ns: ThemeTreeResult['studies'][0]['themes']): void => {
      for (const n of ns) {
        out[n.id] = n.units;
        walk(n.children);
      }
    };
    walk(tree.studies[0].themes);
    return out;
  };
  beforeEach(async () => {
    study = makeStudy();
    session = await startSession(study);
  });
  afterEach(() => {
    session.dispose();
    study.cleanup();
  });

  it('indexes the text of didOpen instead of the disk, with its version', async () => {
    const t1 = study.uri('transcripts/t1.md');
    assert.deepEqual(codes(await units(t1)), [['facilitate'], ['shift'], ['benefits'], ['valued'], [], ['benfits']]);
    const doc = new OpenDocument(
      session,
      t1,
      T1.replace('{#mu-1 .facilitate}', '{#mu-1 .valued}').replace('{.benfits}', '{.benefits}'),
    );
    doc.version = 7;
    await doc.open();
    const r = await units(t1);
    assert.equal(r?.version, 7);
    assert.deepEqual(codes(r), [['valued'], ['shift'], ['benefits'], ['valued'], [], ['benefits']]);
    assert.deepEqual(await counts(), { shift: 5, facilitate: 1, benefits: 4, valued: 2, unused: 0 });
    // The disk is untouched; the diagnostics follow the open text.
    assert.equal(study.read('transcripts/t1.md'), T1);
    await untilCodes(session, t1, ['uncoded-unit']);
  });

  it('applies incremental changes with ranges, several per notification, in order', async () => {
    const t1 = study.uri('transcripts/t1.md');
    await session.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: t1, languageId: 'markdown', version: 1, text: T1 },
    });
    await session.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: t1, version: 2 },
      contentChanges: [
        // Line 4: `.facilitate` → `.shift` (characters 43..54).
        { range: R(4, 43, 4, 54), text: '.shift' },
        // Then, on the text after the first change, delete line 6's nested markup.
        { range: R(6, 34, 6, 46), text: '' },
        { range: R(6, 20, 6, 21), text: '' },
        // And insert a new unit before "before hiring" (line 4 is now shorter).
        { range: R(4, 50, 4, 50), text: ' [new]{.valued}' },
      ],
    });
    const r = await units(t1);
    assert.equal(r?.version, 2);
    assert.deepEqual(codes(r), [['shift'], ['valued'], ['shift'], ['valued'], [], ['benfits']]);
    // `**P1:** Well, [we worked for a year]{#mu-1 .shift} [new]{.valued} before hiring.`
    assert.deepEqual(r?.units[1].range, R(4, 51, 4, 65));
    // `**P2:** [They bring new knowledge to the team]{.shift}.`
    assert.deepEqual(r?.units[2].range, R(6, 8, 6, 54));
    // The server's text is what the client expects: the symbols name the units' texts.
    const symbols: { name: string; children?: { name: string }[] }[] = await session.client.sendRequest(
      'textDocument/documentSymbol',
      {
        textDocument: { uri: t1 },
      },
    );
    assert.deepEqual(
      symbols.map((s) => s.children?.map((c) => c.name)),
      [
        ['we worked for a year', 'new'],
        ['They bring new knowledge to the team'],
        ['P1: I feel valued 😀 here. Really.'],
        ['Not sorted yet', 'a typo'],
      ],
    );
  });

  it('counts characters in UTF-16 after an emoji, and keeps CR LF lines', async () => {
    const t2 = study.uri('transcripts/t2.md');
    const doc = await new OpenDocument(session, t2, T2).open();
    // `**P1:** 😀 [` — the emoji is two UTF-16 code units, so the bracket is at 11.
    await session.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: t2, version: 2 },
      contentChanges: [{ range: R(0, 12, 0, 17), text: 'Smiley' }],
    });
    doc.text = T2.replace('Emoji first', 'Smiley first');
    doc.version = 2;
    const r = await units(t2);
    assert.deepEqual(
      r?.units.map((u) => u.contentRange),
      [R(0, 12, 0, 24), R(2, 9, 3, 9)],
    );
    const hover: { contents: { value: string } } = await session.client.sendRequest('textDocument/hover', {
      textDocument: { uri: t2 },
      position: P(3, 3),
    });
    assert.equal(
      hover.contents.value.split('\n')[0],
      '**Meaning unit** · Facilitate (`facilitate`), Benefits (`benefits`)',
    );
    // A change that joins the CR LF lines 2 and 3 makes the unit one line.
    await doc.replace(doc.text.indexOf('[Across') + 7, doc.text.indexOf('two lines'), ' ');
    const r2 = await units(t2);
    assert.deepEqual(r2?.units[1].range, R(2, 8, 2, 49));
    assert.equal(r2?.version, 3);
  });

  it("reverts to the disk on didClose, and re-publishes the disk's diagnostics", async () => {
    const t1 = study.uri('transcripts/t1.md');
    const doc = await new OpenDocument(session, t1, T1).open();
    await doc.edit('{.benfits}', '{.benefits}');
    await untilCodes(session, t1, ['uncoded-unit']);
    // Saving elsewhere does not matter: the disk changes, but the open text wins.
    study.write('transcripts/t1.md', T1.replace('[Not sorted yet]{}', 'Not sorted yet'));
    assert.deepEqual(codes(await units(t1)), [['facilitate'], ['shift'], ['benefits'], ['valued'], [], ['benefits']]);
    await doc.close();
    // The very next request already sees the disk's text.
    const r = await units(t1);
    assert.equal(r?.version, null);
    assert.deepEqual(codes(r), [['facilitate'], ['shift'], ['benefits'], ['valued'], ['benfits']]);
    await untilCodes(session, t1, ['unknown-code']);
  });

  it('ignores a document outside every study', async () => {
    const outside = makeStudy({ 'notes.md': '[x]{.y}\n' }, 'condense-outside-');
    try {
      const uri = outside.uri('notes.md');
      await session.client.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'markdown', version: 1, text: '[x]{.y}\n' },
      });
      assert.equal(await session.client.sendRequest('condense/documentUnits', { uri }), null);
      assert.equal(
        await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: P(0, 1) }),
        null,
      );
    } finally {
      outside.cleanup();
    }
  });
});

describe('LSP: URIs with spaces, non-ASCII letters and #', () => {
  let study: TempStudy;
  let session: TestSession;
  before(async () => {
    study = makeStudy(
      { 'codebook.md': '# Shift {#shift}\n', 'transcripts/ü 1.md': '**P1:** [coded]{.shift} and [typo]{.shfit}\n' },
      'condense lsp é#',
    );
    session = await startSession(study);
  });
  after(() => {
    session.dispose();
    study.cleanup();
  });

  it('accepts another encoding of the same file URI, and answers with its own', async () => {
    const canonical = study.uri('transcripts/ü 1.md');
    assert.ok(canonical.includes('%C3%A9%23') && canonical.endsWith('/transcripts/%C3%BC%201.md'), canonical);
    // As another client might write it: é unencoded, lower-case hex.
    const other = `file://${study.root.replace(/ /g, '%20').replace(/#/g, '%23')}/transcripts/%c3%bc%201.md`;
    assert.notEqual(other, canonical);
    await session.until(() => session.diagnostics.has(canonical));
    assert.deepEqual(
      session.diagnostics.get(canonical)?.map((d) => d.code),
      ['unknown-code'],
    );
    const doc = await new OpenDocument(session, other, '**P1:** [coded]{.shift} and [typo]{.shift}\n').open();
    doc.version = 4;
    await doc.edit('and', 'and also');
    const units: DocumentUnitsResult | null = await session.client.sendRequest('condense/documentUnits', {
      uri: other,
    });
    assert.equal(units?.version, 5);
    assert.deepEqual(
      units?.units.map((u) => u.codes),
      [['shift'], ['shift']],
    );
    await untilCodes(session, canonical, []);
    const edit: { documentChanges: { textDocument: { uri: string; version: number | null } }[] } =
      await session.client.sendRequest('textDocument/rename', {
        textDocument: { uri: other },
        position: P(0, 19),
        newName: 'moved',
      });
    assert.deepEqual(
      edit.documentChanges.map((c) => c.textDocument),
      [
        { uri: study.uri('codebook.md'), version: null },
        { uri: canonical, version: 5 },
      ],
    );
    await doc.close();
    await untilCodes(session, canonical, ['unknown-code']);
  });
});
