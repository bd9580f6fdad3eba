/**
 * LSP level: hover, definition, references, prepareRename and rename, with exact ranges,
 * and the rename's WorkspaceEdit applied to the fixture texts byte for byte.
 */
import * as assert from 'node:assert/strict';
import {
  ResponseError,
  type Hover,
  type Location,
  type Position,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { startSession, type TestSession } from './harness';
import {
  applyWorkspaceEdit,
  CODEBOOK,
  editsByUri,
  eventually,
  makeStudy,
  OpenDocument,
  P,
  R,
  T1,
  T2,
  themeCounts,
  untilCodes,
  type TempStudy,
  startFixture,
  type FixtureSession,
} from './fixture';

describe('LSP: hover, definition, references', () => {
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

  const hover = (uri: string, position: Position): Promise<Hover | null> =>
    session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  const value = async (uri: string, position: Position): Promise<[string, unknown] | null> => {
    const h = await hover(uri, position);
    return h ? [(h.contents as { value: string }).value, h.range] : null;
  };
  const FACILITATE =
    '**Facilitate** `#facilitate`\n\n*Shift*\n\nHow managers prepare\\.\n\n2 units · 2 transcripts · 2 speakers\n\n**Condensate:** We prepared for a year\\.';

  it("hover on a class: the code's title, path, description, counts and condensate", async () => {
    assert.deepEqual(await value(t1, P(4, 47)), [FACILITATE, R(4, 44, 4, 54)]);
    assert.deepEqual(await hover(t1, P(4, 47)).then((h) => (h?.contents as { kind: string }).kind), 'markdown');
    // On the codebook heading, the same text, over the heading's id.
    assert.deepEqual(await value(cb, P(4, 3)), [FACILITATE, R(4, 16, 4, 26)]);
    assert.deepEqual(await value(t1, P(14, 43)), [
      '**Unknown code** `benfits`: no codebook heading defines it.',
      R(14, 41, 14, 48),
    ]);
    assert.deepEqual(await value(t2, P(3, 25)), [
      '**Benefits** `#benefits`\n\n*Shift*\n\nWhat peer workers bring\\.\n\n3 units · 2 transcripts · 3 speakers',
      R(3, 24, 3, 32),
    ]);
  });

  it('hover on a unit: its codes, speaker, id and memo; the innermost unit wins', async () => {
    assert.deepEqual(await value(t1, P(4, 20)), [
      '**Meaning unit** · Facilitate (`facilitate`)\n\nspeaker **P1** · id `mu-1`',
      R(4, 14, 4, 55),
    ]);
    assert.deepEqual(await value(t1, P(6, 25)), [
      '**Meaning unit** · Benefits (`benefits`)\n\nspeaker **P2**',
      R(6, 20, 6, 46),
    ]);
    assert.deepEqual(await value(t1, P(6, 50)), [
      '**Meaning unit** · Shift (`shift`)\n\nspeaker **P2**',
      R(6, 8, 6, 67),
    ]);
    assert.deepEqual(await value(t1, P(11, 2)), [
      '**Meaning unit** · Valued (`valued`)\n\nspeaker **P1**',
      R(8, 0, 12, 3),
    ]);
    assert.deepEqual(await value(t1, P(14, 12)), [
      '**Meaning unit** · *not yet sorted into a code*\n\nspeaker **P2**',
      R(14, 8, 14, 26),
    ]);
    assert.deepEqual(await value(t1, P(14, 33)), [
      '**Meaning unit** · unknown code (`benfits`)\n\nspeaker **P2**',
      R(14, 31, 14, 49),
    ]);
    assert.deepEqual(await value(t2, P(0, 15)), [
      '**Meaning unit** · Benefits (`benefits`)\n\nspeaker **P1**\n\n*Memo:* smile',
      R(0, 11, 0, 48),
    ]);
    assert.equal(await hover(t1, P(5, 0)), null);
    assert.equal(await hover(t1, P(4, 3)), null);
    assert.equal(await hover(cb, P(2, 3)), null);
  });

  it('hover on a golden quote: where it was found, with its paragraph (LF and CR LF)', async () => {
    assert.deepEqual(await value(cb, P(14, 5)), [
      '**Golden quote**\n\nFrom t1, line 5, P1:\n\n> \\*\\*P1:\\*\\* Well, **\\[we worked for a year\\]\\{\\#mu\\-1 \\.facilitate\\}** before hiring\\.',
      R(14, 0, 14, 31),
    ]);
    // The unit is the first paragraph of a CR LF file: the paragraph is whole, and ends at the blank line.
    assert.deepEqual(await value(cb, P(24, 5)), [
      '**Golden quote**\n\nFrom t2, line 1, P1:\n\n> \\*\\*P1:\\*\\* 😀 **\\[Emoji first\\]\\{\\.benefits note="smile"\\}**',
      R(24, 0, 24, 22),
    ]);
    assert.deepEqual(await value(cb, P(16, 5)), [
      '**Golden quote not found** in the units of `facilitate`.\n\nClosest unit (t1): "we worked for a year"',
      R(16, 0, 16, 53),
    ]);
  });

  it('definition: a class goes to its heading, a golden quote to the unit that holds it', async () => {
    const def = (uri: string, position: Position): Promise<Location[] | null> =>
      session.client.sendRequest('textDocument/definition', { textDocument: { uri }, position });
    assert.deepEqual(await def(t1, P(4, 47)), [{ uri: cb, range: R(4, 0, 4, 27) }]);
    assert.deepEqual(await def(t2, P(3, 28)), [{ uri: cb, range: R(18, 0, 18, 23) }]);
    assert.deepEqual(await def(t1, P(6, 62)), [{ uri: cb, range: R(0, 0, 0, 32) }]);
    assert.deepEqual(await def(cb, P(14, 3)), [{ uri: t1, range: R(4, 15, 4, 35) }]);
    assert.deepEqual(await def(cb, P(24, 3)), [{ uri: t2, range: R(0, 12, 0, 23) }]);
    assert.equal(await def(cb, P(16, 3)), null, 'a quote no unit holds');
    assert.equal(await def(t1, P(14, 43)), null, 'an unknown code');
    assert.equal(await def(t1, P(4, 20)), null, 'unit text');
  });

  it('references: the units coded directly, with or without the heading', async () => {
    const refs = (uri: string, position: Position, includeDeclaration: boolean): Promise<Location[] | null> =>
      session.client.sendRequest('textDocument/references', {
        textDocument: { uri },
        position,
        context: { includeDeclaration },
      });
    const units = [
      { uri: t1, range: R(4, 14, 4, 55) },
      { uri: t2, range: R(2, 8, 3, 33) },
    ];
    assert.deepEqual(await refs(t1, P(4, 47), true), [{ uri: cb, range: R(4, 0, 4, 27) }, ...units]);
    assert.deepEqual(await refs(t1, P(4, 47), false), units);
    assert.deepEqual(await refs(cb, P(18, 5), false), [
      { uri: t1, range: R(6, 20, 6, 46) },
      { uri: t2, range: R(0, 11, 0, 48) },
      { uri: t2, range: R(2, 8, 3, 33) },
    ]);
    // A theme's references are its own units, not its subthemes'.
    assert.deepEqual(await refs(cb, P(0, 3), true), [
      { uri: cb, range: R(0, 0, 0, 32) },
      { uri: t1, range: R(6, 8, 6, 67) },
    ]);
    assert.deepEqual(
      await refs(t1, P(14, 43), true),
      [{ uri: t1, range: R(14, 31, 14, 49) }],
      'an unknown code has no heading',
    );
    assert.deepEqual(await refs(cb, P(30, 5), true), [{ uri: cb, range: R(30, 0, 30, 19) }], 'an unused code');
    assert.equal(await refs(t1, P(4, 20), true), null);
  });
});

describe('LSP: rename', () => {
  let study: TempStudy;
  let session: TestSession;
  let t1: string;
  let t2: string;
  let cb: string;
  beforeEach(async () => {
    study = makeStudy();
    session = await startSession(study);
    [t1, t2, cb] = [study.uri('transcripts/t1.md'), study.uri('transcripts/t2.md'), study.uri('codebook.md')];
  });
  afterEach(() => {
    session.dispose();
    study.cleanup();
  });

  const rename = (uri: string, position: Position, newName: string): Promise<WorkspaceEdit | null> =>
    session.client.sendRequest('textDocument/rename', { textDocument: { uri }, position, newName });
  const refusal = async (p: Promise<unknown>): Promise<[number, string]> => {
    try {
      await p;
    } catch (e) {
      assert.ok(e instanceof ResponseError);
      return [e.code, e.message];
    }
    assert.fail('expected a ResponseError');
  };

  it('prepareRename: the range and id of the code; an error elsewhere', async () => {
    const prepare = (uri: string, position: Position): Promise<unknown> =>
      session.client.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position });
    assert.deepEqual(await prepare(t1, P(4, 47)), { range: R(4, 44, 4, 54), placeholder: 'facilitate' });
    assert.deepEqual(await prepare(t1, P(4, 44)), { range: R(4, 44, 4, 54), placeholder: 'facilitate' });
    assert.deepEqual(await prepare(t1, P(14, 48)), { range: R(14, 41, 14, 48), placeholder: 'benfits' });
    assert.deepEqual(await prepare(cb, P(18, 4)), { range: R(18, 14, 18, 22), placeholder: 'benefits' });
    const message =
      'Place the cursor on a code (a `.class` of a unit, or the `#id` of a codebook heading) to rename it.';
    assert.deepEqual(await refusal(prepare(t1, P(4, 20))), [-32803, message]);
    assert.deepEqual(await refusal(prepare(cb, P(2, 2))), [-32803, message]);
  });

  it('renames a code everywhere, versioned for open documents; the edit gives the exact texts', async () => {
    const doc = await new OpenDocument(session, t2, T2).open();
    await doc.edit('Emoji', 'Emoji');
    const edit = await rename(t1, P(4, 47), '.prepare');
    assert.ok(edit);
    const { versions } = editsByUri(edit);
    assert.deepEqual(
      [...versions],
      [
        [cb, null],
        [t1, null],
        [t2, 2],
      ],
    );
    assert.equal(edit.changes, undefined);
    const after = applyWorkspaceEdit(edit, { [cb]: CODEBOOK, [t1]: T1, [t2]: T2 });
    assert.deepEqual(after, {
      [cb]: CODEBOOK.replace('## Facilitate {#facilitate}', '## Facilitate {#prepare}'),
      [t1]: T1.replace('{#mu-1 .facilitate}', '{#mu-1 .prepare}'),
      [t2]: T2.replace('{.facilitate .benefits}', '{.prepare .benefits}'),
    });
    assert.ok(after[t2].split('\r\n').length === 5 && !/[^\r]\n/.test(after[t2]), 'CR LF kept');
    // Saving the edited files and telling the server: the code tree has the new id and the same counts.
    study.write('codebook.md', after[cb]);
    study.write('transcripts/t1.md', after[t1]);
    await doc.replace(0, doc.text.length, after[t2]);
    await session.client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: cb, type: 2 },
        { uri: t1, type: 2 },
      ],
    });
    const tree = await eventually(
      () => themeCounts(session),
      (ids) => ids.some(([id]) => id === 'prepare'),
    );
    assert.deepEqual(tree, [
      ['shift', 5],
      ['prepare', 2],
      ['benefits', 3],
      ['valued', 1],
      ['unused', 0],
    ]);
    await untilCodes(session, cb, ['quote-not-found', 'unused-code']);
    await untilCodes(session, t1, ['uncoded-unit', 'unknown-code']);
  });

  it('renames from the codebook heading, and an unknown code in its transcript only', async () => {
    const edit = await rename(cb, P(18, 20), 'gains');
    assert.deepEqual(applyWorkspaceEdit(edit as WorkspaceEdit, { [cb]: CODEBOOK, [t1]: T1, [t2]: T2 }), {
      [cb]: CODEBOOK.replace('{#benefits}', '{#gains}'),
      [t1]: T1.replace('{.benefits}', '{.gains}'),
      [t2]: T2.replace('{.benefits note', '{.gains note').replace('.facilitate .benefits}', '.facilitate .gains}'),
    });
    const typo = await rename(t1, P(14, 43), 'typo');
    assert.deepEqual(applyWorkspaceEdit(typo as WorkspaceEdit, { [t1]: T1 }), {
      [t1]: T1.replace('{.benfits}', '{.typo}'),
    });
    assert.deepEqual(await rename(t1, P(4, 47), 'facilitate'), { documentChanges: [] }, 'the same id: nothing to do');
  });

  it('refuses an invalid id, a Pandoc class, a clash, and a place with no code', async () => {
    assert.deepEqual(await refusal(rename(t1, P(4, 47), '1bad')), [
      -32803,
      '"1bad" is not a valid code id: start with a letter, then letters, digits, -, _, : or . (no spaces).',
    ]);
    assert.deepEqual(await refusal(rename(t1, P(4, 47), 'two words')), [
      -32803,
      '"two words" is not a valid code id: start with a letter, then letters, digits, -, _, : or . (no spaces).',
    ]);
    assert.deepEqual(await refusal(rename(t1, P(4, 47), 'smallcaps')), [
      -32803,
      '"smallcaps" is one of Pandoc\'s own classes and cannot be a code.',
    ]);
    assert.deepEqual(await refusal(rename(t1, P(4, 47), 'shift')), [
      -32803,
      'A code `shift` already exists ("Shift"). Choose another id, or recode the units instead.',
    ]);
    assert.deepEqual(await refusal(rename(t1, P(14, 43), 'benefits')), [
      -32803,
      'A code `benefits` already exists ("Benefits"). Choose another id, or recode the units instead.',
    ]);
    assert.deepEqual(await refusal(rename(t1, P(4, 20), 'x')), [-32803, 'There is no code here to rename.']);
  });

  it('answers with `changes` to a client without documentChanges', async () => {
    const plain = await startSession(study, { workspace: {} });
    try {
      const edit: WorkspaceEdit = await plain.client.sendRequest('textDocument/rename', {
        textDocument: { uri: t1 },
        position: P(6, 62),
        newName: 'move',
      });
      assert.equal(edit.documentChanges, undefined);
      assert.deepEqual(edit.changes, {
        [cb]: [{ range: R(0, 10, 0, 15), newText: 'move' }],
        [t1]: [{ range: R(6, 61, 6, 66), newText: 'move' }],
      });
    } finally {
      plain.dispose();
    }
  });
});
