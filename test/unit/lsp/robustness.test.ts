/**
 * LSP level: the server never crashes and keeps answering — malformed params, unknown
 * URIs, a file deleted under it, files too large, binary or not UTF-8. After each, a
 * normal hover still works.
 */
import * as assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver-protocol';
import { startSession, type TestSession } from './harness';
import { codesAt, eventually, makeStudy, OpenDocument, P, R, T1, T2, untilCodes, type TempStudy } from './fixture';

/** A hover on mu-1 of t1 answers as it should. */
async function hoverWorks(session: TestSession, t1: string): Promise<void> {
  const h: { contents: { value: string } } | null = await session.client.sendRequest('textDocument/hover', {
    textDocument: { uri: t1 },
    position: P(4, 20),
  });
  assert.equal(h?.contents.value, '**Meaning unit** · Facilitate (`facilitate`)\n\nspeaker **P1** · id `mu-1`');
}

/** The result of a request, or `error <code>` for a ResponseError. */
async function answer(session: TestSession, method: string, params: unknown): Promise<unknown> {
  try {
    return await session.client.sendRequest(method, params);
  } catch (e) {
    assert.ok(e instanceof ResponseError, `${method}: ${String(e)}`);
    return `error ${e.code}`;
  }
}

describe('LSP: robustness', () => {
  let study: TempStudy;
  let session: TestSession;
  let t1: string;
  let t2: string;
  before(async () => {
    study = makeStudy();
    session = await startSession(study);
    [t1, t2] = [study.uri('transcripts/t1.md'), study.uri('transcripts/t2.md')];
  });
  after(() => {
    session.dispose();
    study.cleanup();
  });

  it('answers malformed params of every request with an empty result', async () => {
    const doc = { uri: t1 };
    const badPositions = [
      undefined,
      null,
      {},
      { line: 'a', character: [] },
      { line: -5, character: -1 },
      { line: 1e9, character: 1e9 },
      { line: 1.5, character: 0.5 },
    ];
    const positional = [
      'textDocument/hover',
      'textDocument/completion',
      'textDocument/definition',
      'textDocument/references',
      'textDocument/documentHighlight',
      'textDocument/prepareRename',
      'textDocument/rename',
    ];
    for (const method of positional) {
      for (const params of [
        undefined,
        null,
        {},
        { textDocument: null },
        { textDocument: { uri: 42 }, position: P(4, 20) },
        ...badPositions.map((position) => ({ textDocument: doc, position })),
      ]) {
        const r = await answer(session, method, params);
        assert.ok(
          r === null || (Array.isArray(r) && r.length === 0) || (typeof r === 'string' && r.startsWith('error ')),
          `${method} ${JSON.stringify(params)} → ${JSON.stringify(r)}`,
        );
      }
    }
    const cases: [string, unknown, unknown][] = [
      ['textDocument/rename', { textDocument: doc, position: P(4, 47), newName: 42 }, 'error -32803'],
      ['textDocument/rename', { textDocument: doc, position: P(4, 47) }, 'error -32803'],
      [
        'textDocument/references',
        { textDocument: doc, position: P(4, 47) },
        [
          { uri: t1, range: R(4, 14, 4, 55) },
          { uri: t2, range: R(2, 8, 3, 33) },
        ],
      ],
      ['textDocument/documentSymbol', {}, []],
      ['textDocument/documentSymbol', { textDocument: { uri: null } }, []],
      ['textDocument/codeLens', { textDocument: 7 }, []],
      ['textDocument/codeAction', { textDocument: doc }, null],
      ['textDocument/codeAction', { textDocument: doc, range: null, context: null }, null],
      // Diagnostics that are not a list are read as no diagnostics: the unit's own 6 actions.
      ['textDocument/codeAction', { textDocument: doc, range: R(4, 20, 4, 20), context: { diagnostics: 'x' } }, 6],
      [
        'textDocument/codeAction',
        { textDocument: doc, range: R(99, 0, -1, 0), context: { diagnostics: [{ code: 'unknown-code', data: 5 }] } },
        null,
      ],
      [
        'textDocument/codeAction',
        {
          textDocument: doc,
          range: R(4, 5, 4, 5),
          context: { diagnostics: [{ code: 'quote-not-found', range: R(0, 0, 0, 0), data: { closest: 'x' } }] },
        },
        [],
      ],
      ['textDocument/semanticTokens/full', {}, { data: [] }],
      ['textDocument/semanticTokens/range', { textDocument: doc, range: null }, { data: [] }],
      ['textDocument/semanticTokens/full/delta', { textDocument: { uri: 'x' } }, { data: [] }],
      ['workspace/symbol', { query: 42 }, 5],
      ['workspace/symbol', null, 'error -32602'], // vscode-jsonrpc's own answer to null params of a by-name request
      ['condense/themeTree', null, 1],
      ['condense/themeTree', { uri: 5 }, { studies: [] }],
      ['condense/themeTree', { transcript: {} }, { studies: [] }],
      ['condense/unitsOfCode', null, []],
      ['condense/unitsOfCode', { uri: t1, code: 5 }, []],
      ['condense/unitsOfCode', { uri: t1, code: 'shift', transcript: 7 }, []],
      ['condense/condensateView', null, null],
      ['condense/condensateView', { uri: t1, position: 'x' }, null],
      ['condense/condensateView', { uri: t1, code: { id: 'shift' } }, null],
      ['condense/documentUnits', null, null],
      ['condense/documentUnits', { uri: [] }, null],
      ['condense/report', { uri: 12 }, null],
      ['condense/noSuchRequest', {}, 'error -32601'],
    ];
    for (const [method, params, expected] of cases) {
      const r = await answer(session, method, params);
      if (typeof expected === 'number') {
        // Only the size matters: the number of symbols, actions, or studies.
        const list = Array.isArray(r)
          ? r
          : ((r as { studies?: unknown[] } | null)?.studies ??
            assert.fail(`${method} ${JSON.stringify(params)} → ${JSON.stringify(r)}`));
        assert.equal(list.length, expected, `${method} ${JSON.stringify(params)}`);
      } else assert.deepEqual(r, expected, `${method} ${JSON.stringify(params)}`);
    }
    assert.ok(
      session.logs.some((l) => l.startsWith('hover failed: ')),
      'failures are logged',
    );
    await hoverWorks(session, t1);
  });

  it('survives malformed notifications', async () => {
    const send = (method: string, params: unknown): Promise<void> => session.client.sendNotification(method, params);
    await send('textDocument/didOpen', {});
    await send('textDocument/didOpen', { textDocument: { uri: t2, version: 1 } });
    await send('textDocument/didChange', {
      textDocument: { uri: study.uri('transcripts/never-opened.md'), version: 2 },
      contentChanges: [{ text: 'x' }],
    });
    await send('textDocument/didChange', { textDocument: { uri: t1, version: 2 }, contentChanges: null });
    await send('textDocument/didClose', { textDocument: { uri: 'file:///never/opened.md' } });
    await send('textDocument/didClose', {});
    await send('workspace/didChangeWatchedFiles', { changes: null });
    await send('workspace/didChangeWatchedFiles', { changes: [null] });
    await send('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: 5, type: 9 },
        { uri: 'untitled:x', type: 1 },
      ],
    });
    await send('$/cancelRequest', { id: 'nothing' });
    await send('condense/unknownNotification', { x: 1 });
    await hoverWorks(session, t1);
    // The didOpen without text above must not poison later work: reading the study
    // again (condense.json changed) still indexes every file.
    await send('workspace/didChangeWatchedFiles', { changes: [{ uri: study.uri('condense.json'), type: 2 }] });
    const units = async (): Promise<number[]> =>
      Promise.all(
        [t1, t2].map(
          async (uri) =>
            ((await session.client.sendRequest('condense/documentUnits', { uri })) as { units: unknown[] } | null)
              ?.units.length ?? -1,
        ),
      );
    assert.deepEqual(await eventually(units, (n) => n.join() === '6,2'), [6, 2]);
    // An edit with a range past the end of the document is clamped, not fatal.
    const doc = await new OpenDocument(session, t1, T1).open();
    await session.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: t1, version: 9 },
      contentChanges: [{ range: R(500, 0, 600, 0), text: 'Tail.\n' }],
    });
    const after: { version: number; units: unknown[] } = await session.client.sendRequest('condense/documentUnits', {
      uri: t1,
    });
    assert.deepEqual([after.version, after.units.length], [9, 6]);
    await doc.close();
    await hoverWorks(session, t1);
  });

  it('answers requests about unknown URIs with empty results', async () => {
    const bak = study.uri('codebook.md.bak');
    for (const uri of [
      'file:///nowhere/x.md',
      'untitled:Untitled-1',
      'https://example.com/a.md',
      'file://server/share/x.md',
      '',
      'not a uri',
      bak,
    ]) {
      assert.equal(
        await answer(session, 'textDocument/hover', { textDocument: { uri }, position: P(0, 0) }),
        null,
        uri,
      );
      assert.deepEqual(await answer(session, 'textDocument/documentSymbol', { textDocument: { uri } }), [], uri);
      assert.deepEqual(
        await answer(session, 'textDocument/completion', { textDocument: { uri }, position: P(0, 0) }),
        [],
        uri,
      );
      assert.deepEqual(
        await answer(session, 'textDocument/semanticTokens/full', { textDocument: { uri } }),
        { data: [] },
        uri,
      );
      assert.equal(await answer(session, 'condense/documentUnits', { uri }), null, uri);
      // Any file of the study's folder names the study, for the study-wide requests.
      const units = (await answer(session, 'condense/unitsOfCode', { uri, code: 'shift' })) as unknown[];
      assert.equal(units.length, uri === bak ? 1 : 0, uri);
    }
    await hoverWorks(session, t1);
  });

  it('keeps answering about a file deleted under it, and forgets it when told', async () => {
    study.remove('transcripts/t2.md');
    // Not told yet: the index still has it.
    const h: { range: unknown } | null = await session.client.sendRequest('textDocument/hover', {
      textDocument: { uri: t2 },
      position: P(0, 15),
    });
    assert.deepEqual(h?.range, R(0, 11, 0, 48));
    // Opened from an editor's buffer and closed: the disk has nothing, so it is gone.
    const doc = await new OpenDocument(session, t2, T2).open();
    assert.equal(
      ((await session.client.sendRequest('condense/documentUnits', { uri: t2 })) as { units: unknown[] }).units.length,
      2,
    );
    await doc.close();
    assert.equal(await session.client.sendRequest('condense/documentUnits', { uri: t2 }), null);
    assert.deepEqual(
      await session.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri: t2 } }),
      [],
    );
    assert.deepEqual(
      await session.client.sendRequest('textDocument/semanticTokens/full/delta', {
        textDocument: { uri: t2 },
        previousResultId: '1',
      }),
      {
        data: [],
      },
    );
    await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: t2, type: 3 }] });
    await hoverWorks(session, t1);
    study.write('transcripts/t2.md', T2);
    await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: t2, type: 1 }] });
    const back = await eventually(
      () => session.client.sendRequest('condense/documentUnits', { uri: t2 }),
      (r) => r !== null,
    );
    assert.equal((back as { units: unknown[] }).units.length, 2);
  });

  it('answers many requests sent at once while edits arrive', async () => {
    const doc = await new OpenDocument(session, t1, T1).open();
    const pending: Promise<unknown>[] = [];
    for (let k = 0; k < 50; k++) {
      pending.push(session.client.sendRequest('textDocument/hover', { textDocument: { uri: t1 }, position: P(4, 20) }));
      pending.push(session.client.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: t1 } }));
      pending.push(doc.replace(doc.text.length, doc.text.length, `[x${k}]{.shift}\n`));
    }
    const results = await Promise.all(pending);
    assert.equal(results.filter((r) => r !== undefined).length, 100);
    const units: { units: unknown[]; version: number } = await session.client.sendRequest('condense/documentUnits', {
      uri: t1,
    });
    assert.deepEqual([units.version, units.units.length], [51, 56]);
    await doc.close();
    await hoverWorks(session, t1);
  });
});

describe('LSP: files the server skips', () => {
  let study: TempStudy;
  let session: TestSession;
  let t1: string;
  const big = `${'**P1:** words [and more]{.shift} words.\n\n'.repeat(60)}`; // 2580 bytes
  before(async () => {
    const bytes = Buffer.from('**P1:** [coded]{.shift}\n\u0000\u0001\u0002 binary tail');
    const invalid = Buffer.concat([
      Buffer.from('**P1:** [coded]{.shift} '),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      Buffer.from('\n'),
    ]);
    study = makeStudy({
      'condense.json': '{"transcripts": "transcripts/**/*.md", "maxFileSize": 2000}\n',
      'codebook.md': '# Shift {#shift}\n\n## Facilitate {#facilitate}\n',
      'transcripts/t1.md': T1,
      'transcripts/big.md': big,
      'transcripts/binary.md': bytes,
      'transcripts/latin1.md': invalid,
    });
    session = await startSession(study);
    t1 = study.uri('transcripts/t1.md');
  });
  after(() => {
    session.dispose();
    study.cleanup();
  });

  it('skips a file above maxFileSize with a file-too-large warning', async () => {
    const uri = study.uri('transcripts/big.md');
    await untilCodes(session, uri, ['file-too-large']);
    assert.deepEqual(session.diagnostics.get(uri), [
      {
        range: R(0, 0, 0, 0),
        severity: 2,
        code: 'file-too-large',
        source: 'condense',
        message: "Skipped: the file is 0.0 MB, above the study's limit of 0.0 MB (maxFileSize in condense.json).",
      },
    ]);
    assert.equal(await session.client.sendRequest('condense/documentUnits', { uri }), null);
    assert.equal(
      await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: P(0, 18) }),
      null,
    );
    assert.ok(
      session.logs.some((l) => /^Indexed 2 files in \d+ ms\.$/.test(l)),
      session.logs.join('\n'),
    );
    // Opened in an editor it stays skipped; shortened below the limit it is indexed; closed, skipped again.
    const doc = await new OpenDocument(session, uri, big).open();
    assert.equal(await session.client.sendRequest('condense/documentUnits', { uri }), null);
    await doc.replace(500, doc.text.length, '');
    const units: { units: unknown[] } | null = await session.client.sendRequest('condense/documentUnits', { uri });
    assert.equal(units?.units.length, 12);
    await untilCodes(session, uri, []);
    await doc.close();
    await untilCodes(session, uri, ['file-too-large']);
    await hoverWorks(session, t1);
  });

  it('skips a binary file and one that is not UTF-8 with a binary-file warning', async () => {
    const binary = study.uri('transcripts/binary.md');
    const latin1 = study.uri('transcripts/latin1.md');
    await untilCodes(session, binary, ['binary-file']);
    await untilCodes(session, latin1, ['binary-file']);
    assert.equal(
      session.diagnostics.get(binary)?.[0].message,
      'Skipped: this looks like a binary file, not a Markdown transcript.',
    );
    assert.equal(
      session.diagnostics.get(latin1)?.[0].message,
      'Skipped: the file is not valid UTF-8 text. Save it as UTF-8 to code it.',
    );
    assert.equal(await session.client.sendRequest('condense/documentUnits', { uri: binary }), null);
    // Only t1 counts: its `facilitate` and `shift` units.
    const tree: { studies: { themes: { units: number }[] }[] } = await session.client.sendRequest(
      'condense/themeTree',
      {},
    );
    assert.equal(tree.studies[0].themes[0].units, 2);
    // Fixed on disk and reported: indexed, and the warning is cleared.
    study.write('transcripts/latin1.md', '**P1:** [coded]{.shift} fine\n');
    await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: latin1, type: 2 }] });
    await session.until(() => session.diagnostics.get(latin1)?.length === 0);
    assert.deepEqual(codesAt(session, latin1), []);
    await hoverWorks(session, t1);
  });

  it('skips a real file above the default 10 MB limit', async function () {
    this.timeout(20000);
    const huge = makeStudy({ 'codebook.md': '# Shift {#shift}\n', 'small.md': '[a]{.shift}\n' }, 'condense-huge-');
    const line = '**P1:** some words [and a unit]{.shift} and more words to fill the line.\n\n';
    huge.write('huge.md', line.repeat(Math.ceil((10.5 * 1048576) / line.length)));
    const s = await startSession(huge);
    try {
      const uri = huge.uri('huge.md');
      await untilCodes(s, uri, ['file-too-large']);
      assert.match(
        String(s.diagnostics.get(uri)?.[0].message),
        /^Skipped: the file is 10\.5 MB, above the study's limit of 10\.0 MB/,
      );
      const tree: { studies: { themes: { units: number }[] }[] } = await s.client.sendRequest('condense/themeTree', {});
      assert.equal(tree.studies[0].themes[0].units, 1);
    } finally {
      s.dispose();
      huge.cleanup();
    }
  });
});
