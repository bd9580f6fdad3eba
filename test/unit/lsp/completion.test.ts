/**
 * LSP level: completion of codes inside a unit's attributes (most used first, with the
 * exact range each item replaces), none elsewhere, and golden quotes in a codebook's
 * Quotes section.
 */
import * as assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, Position } from 'vscode-languageserver-protocol';
import { startSession, type TestSession } from './harness';
import { applyEdits, CODEBOOK, makeStudy, OpenDocument, P, R, T1, type TempStudy } from './fixture';

describe('LSP: completion', () => {
  let study: TempStudy;
  let session: TestSession;
  let t1: string;
  let cb: string;
  before(async () => {
    study = makeStudy();
    session = await startSession(study);
    t1 = study.uri('transcripts/t1.md');
    cb = study.uri('codebook.md');
  });
  after(() => {
    session.dispose();
    study.cleanup();
  });

  const complete = async (uri: string, position: Position, triggerCharacter?: string): Promise<CompletionItem[]> => {
    const context = triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 };
    const r: CompletionItem[] | CompletionList | null = await session.client.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position,
      context,
    });
    return Array.isArray(r) ? r : (r?.items ?? []);
  };
  /** label → the text edit's range and new text. */
  const edits = (items: CompletionItem[]): [string, string, unknown][] =>
    items.map((i) => [
      i.label,
      i.textEdit?.newText ?? '',
      i.textEdit && 'range' in i.textEdit ? i.textEdit.range : undefined,
    ]);
  const BY_USE = ['benefits', 'facilitate', 'shift', 'valued', 'unused'];

  it('after `{.` in a new attribute block: every code, most used first (ties in codebook order)', async () => {
    const doc = await new OpenDocument(session, t1, T1).open();
    // Line 4 becomes `**P1:** Well, [we worked for a year]{#mu-1 .facilitate} [before hiring]{.`
    await doc.edit('before hiring.', '[before hiring]{.');
    const items = await complete(t1, P(4, 73), '.');
    assert.deepEqual(
      edits(items),
      BY_USE.map((id) => [id, id, R(4, 73, 4, 73)]),
    );
    assert.deepEqual(
      items.map((i) => i.sortText),
      ['00000', '00001', '00002', '00003', '00004'],
    );
    assert.deepEqual(
      items.map((i) => [i.labelDetails?.description, i.detail, i.kind]),
      [
        ['Benefits', 'Shift', 20],
        ['Facilitate', 'Shift', 20],
        ['Shift', 'Theme', 7],
        ['Valued', 'Theme', 7],
        ['Unused', 'Valued', 20],
      ],
    );
    assert.deepEqual(items[2].documentation, {
      kind: 'markdown',
      value: '**Shift** `#shift`\n\nAbout the shift.\n\n5 units · 2 transcripts · 4 speakers (1 coded directly)',
    });
    // Accepting the first item gives the intended line.
    const line = applyEdits(doc.text, [items[0].textEdit as { range: ReturnType<typeof R>; newText: string }]).split(
      '\n',
    )[4];
    assert.equal(line, '**P1:** Well, [we worked for a year]{#mu-1 .facilitate} [before hiring]{.benefits');
    await doc.close();
  });

  it('after ` .` among other attributes, and replaces the whole identifier under the cursor', async () => {
    const doc = await new OpenDocument(session, t1, T1).open();
    await doc.edit('{#mu-1 .facilitate}', '{#mu-1 .facilitate .}');
    // `{#mu-1 .facilitate .}`: the new `.` is at 55, the cursor after it at 56. While a
    // bare `.` makes the block one Pandoc rejects, the unit does not count: `facilitate`
    // has 1 direct unit left and falls behind `shift` (same count, earlier in the codebook).
    const order = ['benefits', 'shift', 'facilitate', 'valued', 'unused'];
    assert.deepEqual(
      edits(await complete(t1, P(4, 56), '.')),
      order.map((id) => [id, id, R(4, 56, 4, 56)]),
    );
    await doc.edit('.facilitate .}', '.facilitate .benfits}');
    // The cursor after `.be`: the item replaces all of `benfits` (56..63).
    assert.deepEqual(edits(await complete(t1, P(4, 58)))[0], ['benefits', 'benefits', R(4, 56, 4, 63)]);
    // After `{` with no dot yet, items bring their own dot.
    assert.deepEqual(
      edits(await complete(t1, P(4, 37), '{')),
      BY_USE.map((id) => [id, `.${id}`, R(4, 37, 4, 37)]),
    );
    await doc.close();
  });

  it("in a div fence `::: {.`, and orders by the open text's counts", async () => {
    const doc = await new OpenDocument(session, t1, T1).open();
    // The cursor after `::: {.` of `::: {.valued}` replaces `valued` (6..12).
    assert.deepEqual(
      edits(await complete(t1, P(8, 6), '.')),
      BY_USE.map((id) => [id, id, R(8, 6, 8, 12)]),
    );
    // Three more `valued` units make it the most used code.
    await doc.edit('Really.', '[a]{.valued} [b]{.valued} [c]{.valued}');
    assert.deepEqual(
      (await complete(t1, P(8, 6), '.')).map((i) => i.label),
      ['valued', 'benefits', 'facilitate', 'shift', 'unused'],
    );
    await doc.close();
  });

  it('offers nothing outside attribute blocks', async () => {
    const doc = await new OpenDocument(session, t1, T1).open();
    await doc.edit('{.benfits}', '{.benfits note="a .}');
    const nothing: [string, Position][] = [
      ['plain text', P(4, 5)],
      ['after a sentence dot', P(4, 70)],
      ['front matter', P(1, 3)],
      ['unit text', P(4, 20)],
      ['after `{#` (an id)', P(4, 38)],
      ['after a closed block', P(4, 55)],
      ['inside a quoted value', P(14, 58)],
      ['a blank line', P(5, 0)],
      ['past the end of the text', P(99, 0)],
    ];
    for (const [what, at] of nothing) assert.deepEqual(await complete(t1, at, '.'), [], what);
    assert.deepEqual(await complete(cb, P(10, 5)), [], 'a condensate in the codebook');
    assert.deepEqual(await complete(cb, P(2, 0)), [], 'a description in the codebook');
    await doc.close();
  });

  it('in a Quotes section: the units of the code and its subcodes, as a blockquote with attribution', async () => {
    const items = await complete(cb, P(13, 0));
    assert.deepEqual(
      items.map((i) => [i.label, i.detail, i.filterText, i.textEdit?.newText]),
      [
        ['we worked for a year', 't1 · P1 · line 5', '> we worked for a year', '> we worked for a year (T1, P1)'],
        ['Across two lines', 't2 · P3 · line 3', '> Across two lines', '> Across two lines (T2, P3)'],
      ],
    );
    assert.deepEqual(
      items.map((i) => (i.textEdit && 'range' in i.textEdit ? i.textEdit.range : null)),
      [R(13, 0, 13, 0), R(13, 0, 13, 0)],
    );
    // Under Benefits, typing `> ` on its last blank line: the item replaces the whole line.
    const doc = await new OpenDocument(session, cb, CODEBOOK).open();
    await doc.replace(doc.text.indexOf('\n# Valued'), doc.text.indexOf('\n# Valued'), '\n> \n');
    const benefits = await complete(cb, P(26, 2), '>');
    assert.deepEqual(edits(benefits), [
      ['new knowledge', '> new knowledge (T1, P2)', R(26, 0, 26, 2)],
      ['Emoji first', '> Emoji first (T2, P1)', R(26, 0, 26, 2)],
      ['Across two lines', '> Across two lines (T2, P3)', R(26, 0, 26, 2)],
    ]);
    const after = applyEdits(doc.text, [benefits[1].textEdit as { range: ReturnType<typeof R>; newText: string }]);
    assert.equal(after, CODEBOOK.replace('\n\n# Valued', '\n\n> Emoji first (T2, P1)\n\n# Valued'));
    await doc.close();
  });

  it('never on the heading that ends a Quotes section', async () => {
    // Line 26 is `# Valued {...}`, where the Benefits section's body range ends.
    assert.deepEqual(await complete(cb, P(26, 0)), []);
    assert.deepEqual(await complete(cb, P(18, 0)), []);
  });
});
