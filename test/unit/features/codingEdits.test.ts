/**
 * The edits of the coding commands (condense/codingEdit), computed by the server from
 * the indexed text and checked byte for byte after applying them: Code Selection, Mark
 * Meaning Unit, Add / Remove Code, recoding by drag and drop, New Theme / Subtheme.
 */
import * as assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver-types';
import type { CodingEditParams } from '../../../common/protocol';
import { codingEdit, type CodingEditOutcome } from '../../../server/src/features/codingEdits';
import { slugify } from '../../../server/src/features/unitEdits';
import { applyEdits, BOOK, P, R, study, T } from './util';

const CODEBOOK = '# A {#a}\n\nText.\n\n## A1 {#a1}\n\n# B {#b}\n';

/** Applies the outcome's edits to `texts` (by URI) and returns the changed texts. */
function applied(outcome: CodingEditOutcome, texts: Record<string, string>): Record<string, string> {
  assert.ok(!('error' in outcome), 'error' in outcome ? outcome.error : '');
  const out: Record<string, string> = {};
  for (const [uri, edits] of Object.entries(outcome.edits))
    out[uri] = applyEdits(texts[uri] ?? '', edits as TextEdit[]);
  return out;
}

function run(transcript: string, params: CodingEditParams, codebook: string | null = CODEBOOK): Record<string, string> {
  const index = study(codebook, { t: transcript });
  const texts: Record<string, string> = { [T('t')]: transcript };
  if (codebook !== null) texts[BOOK] = codebook;
  return applied(codingEdit(index, params, 'file:///s/new-codebook.md'), texts);
}

describe('coding edits (the server side of the coding commands)', () => {
  const text = 'P1: x [a b]{#u .a .a1 k="v w"} y and more words\n';

  it('codes a selection, trimming the spaces around it, and marks one without a code', () => {
    assert.deepEqual(
      run('P1: we met every week.\n', { action: 'codeSelection', uri: T('t'), range: R(0, 3, 0, 17), code: 'a' }),
      {
        [T('t')]: 'P1: [we met every]{.a} week.\n',
      },
    );
    assert.deepEqual(run('P1: we met every week.\n', { action: 'codeSelection', uri: T('t'), range: R(0, 4, 0, 10) }), {
      [T('t')]: 'P1: [we met]{} every week.\n',
    });
  });

  it('refuses a selection that crosses a unit or a paragraph, with a one-line reason', () => {
    const index = study(CODEBOOK, { t: text });
    const crossing = codingEdit(
      index,
      { action: 'codeSelection', uri: T('t'), range: R(0, 2, 0, 8), code: 'b' },
      undefined,
    );
    assert.ok('error' in crossing && /crosses the edge/.test(crossing.error));
    const two = study(CODEBOOK, { t: 'one\n\ntwo\n' });
    const paragraphs = codingEdit(
      two,
      { action: 'codeSelection', uri: T('t'), range: R(0, 0, 2, 3), code: 'b' },
      undefined,
    );
    assert.ok('error' in paragraphs && /cannot cross paragraphs/.test(paragraphs.error));
  });

  it('adds and removes codes of the unit at the cursor, leaving valid attributes', () => {
    assert.equal(
      run(text, { action: 'addCode', uri: T('t'), position: P(0, 8), code: 'b' })[T('t')],
      'P1: x [a b]{#u .a .a1 k="v w" .b} y and more words\n',
    );
    assert.equal(
      run(text, { action: 'removeCode', uri: T('t'), position: P(0, 8), code: 'a' })[T('t')],
      'P1: x [a b]{#u .a1 k="v w"} y and more words\n',
    );
    assert.equal(
      run('[a]{.a}\n', { action: 'removeCode', uri: T('t'), position: P(0, 1), code: 'a' })[T('t')],
      '[a]{}\n',
    );
    assert.equal(run('[a]{}\n', { action: 'addCode', uri: T('t'), position: P(0, 1), code: 'b' })[T('t')], '[a]{.b}\n');
    const index = study(CODEBOOK, { t: text });
    const again = codingEdit(index, { action: 'addCode', uri: T('t'), position: P(0, 8), code: 'a' }, undefined);
    assert.ok('error' in again && /already/.test(again.error));
    const outside = codingEdit(index, { action: 'addCode', uri: T('t'), position: P(0, 40), code: 'b' }, undefined);
    assert.ok('error' in outside && /inside a meaning unit/.test(outside.error));
  });

  it('recodes dragged units: renames the class, or drops it when the unit has the target, or adds it to an uncoded unit', () => {
    const t = 'P1: [one]{.a} and [two]{.a .b} and [three]{}\n';
    const units = (ranges: [number, number][]) => ranges.map(([s, e]) => ({ uri: T('t'), range: R(0, s, 0, e) }));
    assert.equal(
      run(t, {
        action: 'recode',
        units: units([
          [4, 13],
          [18, 30],
        ]),
        from: 'a',
        to: 'b',
      })[T('t')],
      'P1: [one]{.b} and [two]{.b} and [three]{}\n',
    );
    assert.equal(
      run(t, { action: 'recode', units: units([[35, 44]]), from: '', to: 'a1' })[T('t')],
      'P1: [one]{.a} and [two]{.a .b} and [three]{.a1}\n',
    );
  });

  it('creates a new code with the unit: a subtheme at the end of its parent, a theme at the end, in the same edit', () => {
    const out = run('P1: we met every week.\n', {
      action: 'codeSelection',
      uri: T('t'),
      range: R(0, 4, 0, 10),
      newCode: { title: 'Meeting often', parent: 'a' },
    });
    assert.equal(out[T('t')], 'P1: [we met]{.meeting-often} every week.\n');
    assert.equal(out[BOOK], '# A {#a}\n\nText.\n\n## A1 {#a1}\n\n## Meeting often {#meeting-often}\n\n# B {#b}\n');
    const theme = run('x\n', { action: 'newCode', uri: T('t'), newCode: { title: 'Café' } });
    assert.equal(theme[BOOK], `${CODEBOOK}\n# Café {#cafe}\n\n`);
  });

  it('keeps the codebook line ends, and creates the codebook when the study has none', () => {
    const crlf = '# A {#a}\r\n\r\n# B {#b}\r\n';
    assert.equal(
      run('x\n', { action: 'newCode', uri: T('t'), newCode: { title: 'S', parent: 'a' } }, crlf)[BOOK],
      '# A {#a}\r\n\r\n## S {#s}\r\n\r\n# B {#b}\r\n',
    );
    const index = study(null, { t: 'x\n' });
    const r = codingEdit(
      index,
      { action: 'newCode', uri: T('t'), newCode: { title: 'First' } },
      'file:///s/codebook.md',
    );
    assert.ok(!('error' in r));
    assert.equal(r.createFile, 'file:///s/codebook.md');
    assert.deepEqual(
      r.edits['file:///s/codebook.md'].map((e) => e.newText),
      ['# First {#first}\n'],
    );
  });

  it('makes unique, valid ids from titles, also unique against codes used but not defined', () => {
    assert.equal(
      slugify('Peer workers’ contextual knowledge is vital', new Set()),
      'peer-workers-contextual-knowledge',
    );
    assert.equal(slugify('Café', new Set(['cafe'])), 'cafe-2');
    assert.equal(slugify('2 things', new Set()), 'code-2-things');
    assert.equal(slugify('!!!', new Set()), 'code');
    const out = run('[x]{.new-one}\n', { action: 'newCode', uri: T('t'), newCode: { title: 'New one' } });
    assert.ok(out[BOOK].includes('{#new-one-2}'));
  });
});
