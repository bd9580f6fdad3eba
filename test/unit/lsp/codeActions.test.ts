/**
 * LSP level: code actions on a selection, on a unit, and the quick fixes for unknown
 * codes and golden quotes no unit holds; each edit applied to the fixture text and
 * compared byte for byte, then sent back to the server to see the problem go away.
 */
import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-protocol';
import type { TestSession } from './harness';
import {
  applyWorkspaceEdit,
  CODEBOOK,
  OpenDocument,
  R,
  T1,
  T2,
  untilCodes,
  startFixture,
  type FixtureSession,
} from './fixture';

describe('LSP: code actions', () => {
  let session: TestSession;
  let t1: string;
  let t2: string;
  let cb: string;
  let fixture: FixtureSession;
  before(async () => {
    fixture = await startFixture();
    ({ session, t1, t2, cb } = fixture);
    await untilCodes(session, t1, ['uncoded-unit', 'unknown-code']);
    await untilCodes(session, cb, ['quote-not-found', 'unused-code']);
  });
  after(() => fixture.dispose());

  const actions = (uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[]> =>
    session.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  const titles = (list: CodeAction[]): string[] => list.map((a) => a.title);
  /** The texts after applying the action titled `title`. */
  const apply = (list: CodeAction[], title: string, texts: Record<string, string>): Record<string, string> => {
    const action = list.find((a) => a.title === title);
    assert.ok(action?.edit, `no action "${title}" with an edit in ${JSON.stringify(titles(list))}`);
    return applyWorkspaceEdit(action.edit, texts);
  };

  it('on a selection: code it as one of the most used codes, or mark it as a unit', async () => {
    const list = await actions(t1, R(4, 55, 4, 69)); // ` before hiring` (the space is left out)
    assert.deepEqual(titles(list), [
      'Code selection as Benefits (benefits)',
      'Code selection as Facilitate (facilitate)',
      'Code selection as Shift (shift)',
      'Code selection as Valued (valued)',
      'Code selection as Unused (unused)',
      'Mark as meaning unit',
    ]);
    assert.ok(list.every((a) => a.kind === 'refactor.rewrite' && a.disabled === undefined));
    assert.deepEqual(apply(list, 'Code selection as Benefits (benefits)', { [t1]: T1 }), {
      [t1]: T1.replace('before hiring.', '[before hiring]{.benefits}.'),
    });
    assert.deepEqual(apply(list, 'Mark as meaning unit', { [t1]: T1 }), {
      [t1]: T1.replace('before hiring.', '[before hiring]{}.'),
    });
  });

  it('on a selection over a CR LF line break, after an emoji, and inside a unit (nesting)', async () => {
    const list = await actions(t2, R(2, 9, 3, 3)); // `Across\r\ntwo` inside the unit
    assert.deepEqual(apply(list, 'Code selection as Shift (shift)', { [t2]: T2 }), {
      [t2]: T2.replace('[Across\r\ntwo lines]', '[[Across\r\ntwo]{.shift} lines]'),
    });
    const emoji = await actions(t2, R(0, 8, 0, 10));
    assert.deepEqual(apply(emoji, 'Mark as meaning unit', { [t2]: T2 }), { [t2]: T2.replace('😀 [', '[😀]{} [') });
  });

  it("refuses a selection that crosses a unit's edge or a paragraph, with the reason", async () => {
    assert.deepEqual(await actions(t1, R(4, 10, 4, 20)), [
      {
        title: 'Mark as meaning unit',
        kind: 'refactor.rewrite',
        disabled: {
          reason:
            'The selection crosses the edge of a meaning unit, and crossing units cannot be written in Markdown: select the whole unit or text inside it.',
        },
      },
    ]);
    const paragraphs = await actions(t1, R(4, 60, 6, 3));
    assert.deepEqual(
      paragraphs.map((a) => a.disabled?.reason),
      [
        'A span cannot cross paragraphs: select text within one paragraph, or use a fenced div (`::: {.code}`) for several.',
      ],
    );
  });

  it('on a unit: add a code, remove a code, remove the markup', async () => {
    const list = await actions(t1, R(4, 20, 4, 20));
    assert.deepEqual(titles(list), [
      'Add code Benefits',
      'Add code Shift',
      'Add code Valued',
      'Add code Unused',
      'Remove code facilitate',
      'Remove unit markup',
    ]);
    assert.deepEqual(apply(list, 'Add code Benefits', { [t1]: T1 }), {
      [t1]: T1.replace('{#mu-1 .facilitate}', '{#mu-1 .facilitate .benefits}'),
    });
    assert.deepEqual(apply(list, 'Remove code facilitate', { [t1]: T1 }), {
      [t1]: T1.replace('{#mu-1 .facilitate}', '{#mu-1}'),
    });
    assert.deepEqual(apply(list, 'Remove unit markup', { [t1]: T1 }), {
      [t1]: T1.replace('[we worked for a year]{#mu-1 .facilitate}', 'we worked for a year'),
    });
    // Selecting a whole unit exactly acts on it, and offers no wrapping.
    assert.deepEqual(titles(await actions(t1, R(6, 20, 6, 46))), [
      'Add code Facilitate',
      'Add code Shift',
      'Add code Valued',
      'Add code Unused',
      'Remove code benefits',
      'Remove unit markup',
    ]);
    // A unit with two codes (CR LF).
    const two = await actions(t2, R(3, 2, 3, 2));
    assert.deepEqual(apply(two, 'Remove code facilitate', { [t2]: T2 }), {
      [t2]: T2.replace('{.facilitate .benefits}', '{.benefits}'),
    });
    assert.deepEqual(apply(two, 'Remove code benefits', { [t2]: T2 }), {
      [t2]: T2.replace('{.facilitate .benefits}', '{.facilitate}'),
    });
    assert.deepEqual(apply(two, 'Remove unit markup', { [t2]: T2 }), {
      [t2]: T2.replace('[Across\r\ntwo lines]{.facilitate .benefits}', 'Across\r\ntwo lines'),
    });
  });

  it('on a fenced div: add and remove codes in the fence, remove both fences', async () => {
    const list = await actions(t1, R(11, 2, 11, 2));
    assert.deepEqual(titles(list), [
      'Add code Benefits',
      'Add code Facilitate',
      'Add code Shift',
      'Add code Unused',
      'Remove code valued',
      'Remove unit markup',
    ]);
    assert.deepEqual(apply(list, 'Add code Shift', { [t1]: T1 }), {
      [t1]: T1.replace('::: {.valued}', '::: {.valued .shift}'),
    });
    assert.deepEqual(apply(list, 'Remove code valued', { [t1]: T1 }), { [t1]: T1.replace('::: {.valued}', '::: {}') });
    assert.deepEqual(apply(list, 'Remove unit markup', { [t1]: T1 }), {
      [t1]: T1.replace('::: {.valued}\n', '').replace('Really.\n:::\n', 'Really.\n'),
    });
  });

  it('quick fixes for an unknown code: add it to the codebook, at the end or under a theme', async () => {
    const diagnostic = session.diagnostics.get(t1)?.find((d) => d.code === 'unknown-code');
    assert.ok(diagnostic);
    const list = await actions(t1, R(14, 44, 14, 44), [diagnostic]);
    const fixes = list.filter((a) => a.kind === 'quickfix');
    assert.deepEqual(
      fixes.map((a) => [a.title, a.isPreferred, a.diagnostics]),
      [
        ['Add `benfits` to the codebook', true, [diagnostic]],
        ['Add `benfits` to the codebook under Shift', undefined, [diagnostic]],
        ['Add `benfits` to the codebook under Valued', undefined, [diagnostic]],
      ],
    );
    assert.deepEqual(apply(fixes, 'Add `benfits` to the codebook', { [cb]: CODEBOOK }), {
      [cb]: `${CODEBOOK}\n# Benfits {#benfits}\n\n`,
    });
    const underShift = apply(fixes, 'Add `benfits` to the codebook under Shift', { [cb]: CODEBOOK });
    assert.deepEqual(underShift, { [cb]: CODEBOOK.replace('\n\n# Valued', '\n\n## Benfits {#benfits}\n\n# Valued') });
    assert.deepEqual(apply(fixes, 'Add `benfits` to the codebook under Valued', { [cb]: CODEBOOK }), {
      [cb]: `${CODEBOOK}\n## Benfits {#benfits}\n\n`,
    });
    // Applying it in the editor: the transcript's error goes away, and the new code is a subtheme of Shift.
    const doc = await new OpenDocument(session, cb, CODEBOOK).open();
    await doc.replace(0, doc.text.length, underShift[cb]);
    await untilCodes(session, t1, ['uncoded-unit']);
    assert.deepEqual(
      await session.client
        .sendRequest('condense/unitsOfCode', { uri: cb, code: 'shift', descendants: true })
        .then((u) => (u as unknown[]).length),
      6,
    );
    await doc.close();
    await untilCodes(session, t1, ['uncoded-unit', 'unknown-code']);
  });

  it("quick fix for a golden quote no unit holds: the closest unit's text, attribution kept", async () => {
    const diagnostic = session.diagnostics.get(cb)?.find((d) => d.code === 'quote-not-found');
    assert.ok(diagnostic);
    const list = await actions(cb, diagnostic.range, [diagnostic]);
    assert.deepEqual(titles(list), ['Replace with the closest unit text']);
    assert.equal(list[0].kind, 'quickfix');
    const fixed = apply(list, 'Replace with the closest unit text', { [cb]: CODEBOOK });
    assert.deepEqual(fixed, {
      [cb]: CODEBOOK.replace(
        '> We worked for two long years before hiring (T2, P2)',
        '> we worked for a year (T2, P2)',
      ),
    });
    const doc = await new OpenDocument(session, cb, CODEBOOK).open();
    await doc.replace(0, doc.text.length, fixed[cb]);
    await untilCodes(session, cb, ['unused-code']);
    await doc.close();
    await untilCodes(session, cb, ['quote-not-found', 'unused-code']);
  });

  it('offers nothing in a codebook without diagnostics, nor for a stale unknown code', async () => {
    assert.deepEqual(await actions(cb, R(2, 0, 2, 5)), []);
    const stale: Diagnostic = {
      range: R(4, 44, 4, 54),
      severity: 1,
      code: 'unknown-code',
      message: 'x',
      data: { id: 'facilitate' },
    };
    assert.deepEqual(
      (await actions(t1, R(4, 5, 4, 5), [stale])).filter((a) => a.kind === 'quickfix'),
      [],
      'facilitate is defined',
    );
  });
});
