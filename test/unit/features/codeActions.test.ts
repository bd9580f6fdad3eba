import * as assert from 'node:assert/strict';
import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver-types';
import type { Unit } from '../../../server/src/core/model';
import type { StudyIndex } from '../../../server/src/core/studyIndex';
import { provideCodeActions, type CodeActionOptions } from '../../../server/src/features/codeActions';
import { document, Gen, prng } from '../support/grammar';
import { applyAction, BOOK, R, study, T } from './util';

const CODEBOOK =
  '# Shift {#shift}\n\nAbout the shift.\n\n## Facilitate {#facilitate}\n\n# Valued {#valued}\n\nSome text.\n';
const EMPTY: Diagnostic[] = [];

function actions(
  index: StudyIndex,
  uri: string,
  range: Range,
  diagnostics = EMPTY,
  options: CodeActionOptions = {},
): CodeAction[] {
  return provideCodeActions(index, uri, range, diagnostics, options);
}

function titles(list: CodeAction[]): string[] {
  return list.map((a) => a.title);
}

function byTitle(list: CodeAction[], title: string): CodeAction | undefined {
  return list.find((a) => a.title === title);
}

/** The text of transcript `a` after the action titled `title` at `range`. */
function after(text: string, range: Range, title: string, book = CODEBOOK): string {
  const index = study(book, { a: text, used: '[x]{.facilitate} [y]{.facilitate} [z]{.valued}\n' });
  return applyAction(byTitle(actions(index, T('a'), range), title), T('a'), text);
}

describe('code actions: coding a selection', () => {
  const text = '**P1:** We worked hard on it.\n';
  const index = study(CODEBOOK, { a: text, used: '[x]{.facilitate} [y]{.facilitate} [z]{.valued}\n' });

  it('offers the most used codes first (ties in codebook order), then an uncoded unit', () => {
    const list = actions(index, T('a'), R(0, 11, 0, 22));
    assert.deepEqual(titles(list), [
      'Code selection as Facilitate (facilitate)',
      'Code selection as Valued (valued)',
      'Code selection as Shift (shift)',
      'Mark as meaning unit',
    ]);
    assert.ok(list.every((a) => a.kind === CodeActionKind.RefactorRewrite && a.disabled === undefined));
    assert.equal(applyAction(list[0], T('a'), text), '**P1:** We [worked hard]{.facilitate} on it.\n');
    assert.equal(applyAction(list[3], T('a'), text), '**P1:** We [worked hard]{} on it.\n');
  });

  it('offers at most maxCodes codes', () => {
    assert.deepEqual(titles(actions(index, T('a'), R(0, 11, 0, 22), EMPTY, { maxCodes: 1 })), [
      'Code selection as Facilitate (facilitate)',
      'Mark as meaning unit',
    ]);
  });

  it('leaves white space at the edges of the selection outside the unit', () => {
    assert.equal(
      after(text, R(0, 10, 0, 23), 'Code selection as Valued (valued)'),
      '**P1:** We [worked hard]{.valued} on it.\n',
    );
  });

  it('wraps a selection over two lines of a paragraph, with CR LF, and after an emoji', () => {
    const crlf = 'A 😀 first\r\nsecond line.\r\n';
    assert.equal(after(crlf, R(0, 5, 1, 6), 'Mark as meaning unit'), 'A 😀 [first\r\nsecond]{} line.\r\n');
  });

  it('nests a selection inside a unit, and offers the unit actions too', () => {
    const nested = 'Say [we worked hard]{.valued} now.\n';
    const index2 = study(CODEBOOK, { a: nested });
    const list = actions(index2, T('a'), R(0, 8, 0, 14));
    // Valued is used once in this study, the others never.
    assert.deepEqual(titles(list), [
      'Code selection as Valued (valued)',
      'Code selection as Shift (shift)',
      'Code selection as Facilitate (facilitate)',
      'Mark as meaning unit',
      'Add code Shift',
      'Add code Facilitate',
      'Remove code valued',
      'Remove unit markup',
    ]);
    assert.equal(applyAction(list[2], T('a'), nested), 'Say [we [worked]{.facilitate} hard]{.valued} now.\n');
  });

  it('offers no wrapping for a selection that is exactly a unit, only the unit actions', () => {
    const unit = 'Say [we worked hard]{.valued} now.\n';
    const index2 = study(CODEBOOK, { a: unit });
    const content = titles(actions(index2, T('a'), R(0, 5, 0, 19)));
    const whole = titles(actions(index2, T('a'), R(0, 4, 0, 29)));
    assert.deepEqual(content, ['Add code Shift', 'Add code Facilitate', 'Remove code valued', 'Remove unit markup']);
    assert.deepEqual(whole, content);
    // A whole unit that is all of another's content means the inner one.
    const inner = study(CODEBOOK, { a: '[[a]{.valued}]{.shift}\n' });
    assert.deepEqual(titles(actions(inner, T('a'), R(0, 1, 0, 13))), [
      'Add code Shift',
      'Add code Facilitate',
      'Remove code valued',
      'Remove unit markup',
    ]);
  });

  it('disables wrapping a selection that crosses a unit edge', () => {
    const crossing = 'Say [we worked hard]{.valued} now.\n';
    const index2 = study(CODEBOOK, { a: crossing });
    const list = actions(index2, T('a'), R(0, 0, 0, 10));
    assert.equal(list.length, 1);
    assert.equal(list[0].title, 'Mark as meaning unit');
    assert.equal(list[0].edit, undefined);
    assert.match(list[0].disabled?.reason ?? '', /crosses the edge of a meaning unit/);
    // Into the attribute block is crossing too.
    assert.ok(actions(index2, T('a'), R(0, 8, 0, 23))[0].disabled);
    // Holding the whole unit is fine.
    assert.equal(actions(index2, T('a'), R(0, 0, 0, 34))[0].disabled, undefined);
  });

  it('disables wrapping a selection over a blank line', () => {
    const paragraphs = 'One.\n\nTwo.\n';
    const list = actions(study(CODEBOOK, { a: paragraphs }), T('a'), R(0, 0, 2, 4));
    assert.equal(list.length, 1);
    assert.match(list[0].disabled?.reason ?? '', /cannot cross paragraphs/);
    const crlf = actions(study(CODEBOOK, { a: 'One.\r\n  \r\nTwo.\r\n' }), T('a'), R(0, 0, 2, 4));
    assert.match(crlf[0].disabled?.reason ?? '', /cannot cross paragraphs/);
  });

  it('offers nothing for an empty or blank selection outside units', () => {
    assert.deepEqual(actions(index, T('a'), R(0, 11, 0, 11)), []);
    assert.deepEqual(actions(index, T('a'), R(0, 10, 0, 11)), []);
  });

  it('offers only the uncoded unit when the study has no codes', () => {
    const bare = study(null, { a: text });
    assert.deepEqual(titles(actions(bare, T('a'), R(0, 11, 0, 22))), ['Mark as meaning unit']);
  });
});

describe('code actions: on a unit', () => {
  it('adds a code before the closing brace', () => {
    const text = 'Say [we worked]{#mu-1 .facilitate note="x y"} now.\n';
    assert.equal(
      after(text, R(0, 6, 0, 6), 'Add code Valued'),
      'Say [we worked]{#mu-1 .facilitate note="x y" .valued} now.\n',
    );
  });

  it('adds a code to an empty block without a space', () => {
    assert.equal(after('[a]{} b\n', R(0, 1, 0, 1), 'Add code Facilitate'), '[a]{.facilitate} b\n');
    assert.equal(after('[a]{ } b\n', R(0, 1, 0, 1), 'Add code Facilitate'), '[a]{ .facilitate} b\n');
  });

  it('offers only codes the unit does not have', () => {
    const index = study(CODEBOOK, { a: '[a]{.facilitate .shift}\n' });
    assert.deepEqual(titles(actions(index, T('a'), R(0, 1, 0, 1))), [
      'Add code Valued',
      'Remove code facilitate',
      'Remove code shift',
      'Remove unit markup',
    ]);
  });

  it('removes a code and the space next to it', () => {
    const text = 'Say [we]{#mu-1 .a .b note="x"} now.\n';
    const book = `${CODEBOOK}\n# A {#a}\n\n# B {#b}\n`;
    assert.equal(after(text, R(0, 5, 0, 5), 'Remove code a', book), 'Say [we]{#mu-1 .b note="x"} now.\n');
    assert.equal(after(text, R(0, 5, 0, 5), 'Remove code b', book), 'Say [we]{#mu-1 .a note="x"} now.\n');
    assert.equal(after('[we]{.a .b}\n', R(0, 1, 0, 1), 'Remove code b', book), '[we]{.a}\n');
    assert.equal(after('[we]{.a}\n', R(0, 1, 0, 1), 'Remove code a', book), '[we]{}\n');
    assert.equal(after('[we]{.a .a}\n', R(0, 1, 0, 1), 'Remove code a', book), '[we]{}\n');
    assert.equal(after('[we]{.a#id}\n', R(0, 1, 0, 1), 'Remove code a', book), '[we]{#id}\n');
    assert.equal(after('[we]{.a\r\n.b}\r\n', R(0, 1, 0, 1), 'Remove code a', book), '[we]{.b}\r\n');
  });

  it("removes a span's markup and keeps its content byte for byte", () => {
    const text = 'Say [we *worked*\r\nhard]{#x .valued} now.\r\n';
    assert.equal(after(text, R(1, 1, 1, 1), 'Remove unit markup'), 'Say we *worked*\r\nhard now.\r\n');
    // The innermost unit at the cursor.
    assert.equal(after('[a [b]{.valued} c]{.shift}\n', R(0, 4, 0, 4), 'Remove unit markup'), '[a b c]{.shift}\n');
  });

  it("edits a div's fence line", () => {
    const text = 'Intro.\n\n::: {.facilitate}\n**P1:** Text.\n:::\n';
    assert.equal(
      after(text, R(3, 2, 3, 2), 'Add code Valued'),
      'Intro.\n\n::: {.facilitate .valued}\n**P1:** Text.\n:::\n',
    );
    assert.equal(after(text, R(3, 2, 3, 2), 'Remove code facilitate'), 'Intro.\n\n::: {}\n**P1:** Text.\n:::\n');
    const bare = 'Intro.\n\n::: facilitate :::\nText.\n:::\n';
    assert.equal(
      after(bare, R(3, 2, 3, 2), 'Add code Valued'),
      'Intro.\n\n::: {.facilitate .valued} :::\nText.\n:::\n',
    );
    assert.equal(after(bare, R(3, 2, 3, 2), 'Remove code facilitate'), 'Intro.\n\n::: {} :::\nText.\n:::\n');
  });

  it("removes a div's fences, leaving a blank line before a paragraph that follows", () => {
    const atEnd = 'Intro.\n\n::: {.facilitate}\nOne.\n\nTwo.\n:::\n';
    assert.equal(after(atEnd, R(3, 0, 3, 0), 'Remove unit markup'), 'Intro.\n\nOne.\n\nTwo.\n');
    const followed = 'Intro.\r\n\r\n::: {.facilitate}\r\nOne.\r\n:::\r\nNext.\r\n';
    assert.equal(after(followed, R(3, 0, 3, 0), 'Remove unit markup'), 'Intro.\r\n\r\nOne.\r\n\r\nNext.\r\n');
    const noFinalBreak = '::: {.facilitate}\nOne.\n:::';
    assert.equal(after(noFinalBreak, R(1, 0, 1, 0), 'Remove unit markup'), 'One.');
  });
});

function unknown(range: Range, id?: string): Diagnostic {
  const d: Diagnostic = {
    range,
    severity: DiagnosticSeverity.Error,
    code: 'unknown-code',
    source: 'condense',
    message: 'Unknown code',
  };
  if (id !== undefined) d.data = { id };
  return d;
}

describe('code actions: adding an unknown code to the codebook', () => {
  const text = '[a]{.peer-support}\n';

  function fixes(
    book: string,
    options: CodeActionOptions = {},
    d = unknown(R(0, 5, 0, 17), 'peer-support'),
  ): CodeAction[] {
    const index = study(book, { a: text });
    return actions(index, T('a'), R(0, 5, 0, 5), [d], options).filter((a) => a.kind === CodeActionKind.QuickFix);
  }

  it('adds a theme at the end, or a subtheme under each theme', () => {
    const list = fixes(CODEBOOK);
    assert.deepEqual(titles(list), [
      'Add `peer-support` to the codebook',
      'Add `peer-support` to the codebook under Shift',
      'Add `peer-support` to the codebook under Valued',
    ]);
    assert.equal(list[0].isPreferred, true);
    assert.equal(list[0].diagnostics?.[0].code, 'unknown-code');
    assert.equal(applyAction(list[0], BOOK, CODEBOOK), `${CODEBOOK}\n# Peer support {#peer-support}\n\n`);
    assert.equal(
      applyAction(list[1], BOOK, CODEBOOK),
      '# Shift {#shift}\n\nAbout the shift.\n\n## Facilitate {#facilitate}\n\n## Peer support {#peer-support}\n\n# Valued {#valued}\n\nSome text.\n',
    );
    assert.equal(applyAction(list[2], BOOK, CODEBOOK), `${CODEBOOK}\n## Peer support {#peer-support}\n\n`);
  });

  it('keeps exactly one blank line before the new heading, whatever the file ends with', () => {
    const add = (book: string): string => applyAction(fixes(book)[0], BOOK, book);
    assert.equal(add('# A {#a}'), '# A {#a}\n\n# Peer support {#peer-support}\n\n');
    assert.equal(add('# A {#a}\n\n\n  \n'), '# A {#a}\n\n# Peer support {#peer-support}\n\n');
    assert.equal(add('# A {#a}\n\nText.  \n'), '# A {#a}\n\nText.  \n\n# Peer support {#peer-support}\n\n');
    assert.equal(
      add('# A {#a}\r\n\r\nText.\r\n'),
      '# A {#a}\r\n\r\nText.\r\n\r\n# Peer support {#peer-support}\r\n\r\n',
    );
    assert.equal(add(''), '# Peer support {#peer-support}\n\n');
  });

  it("inserts a subtheme before the next heading of the theme's level, skipping code blocks", () => {
    const book = '# A {#a}\n\n```\n# not a heading\n```\n\n\n# Other\n';
    const list = fixes(book);
    assert.equal(
      applyAction(list[1], BOOK, book),
      '# A {#a}\n\n```\n# not a heading\n```\n\n## Peer support {#peer-support}\n\n# Other\n',
    );
  });

  it('reads the id from the text when the diagnostic has no data, and offers each id once', () => {
    const list = fixes(CODEBOOK, {}, unknown(R(0, 5, 0, 17)));
    assert.equal(list.length, 3);
    const index = study(CODEBOOK, { a: text });
    const twice = actions(index, T('a'), R(0, 0, 0, 0), [
      unknown(R(0, 5, 0, 17), 'peer-support'),
      unknown(R(0, 5, 0, 17), 'peer-support'),
    ]);
    assert.equal(twice.filter((a) => a.kind === CodeActionKind.QuickFix).length, 3);
  });

  it('uses the codebook given in the options', () => {
    const index = study(CODEBOOK, { a: text });
    index.setDocument('file:///s/more.md', '# More {#more}\n', 'codebook');
    const list = actions(index, T('a'), R(0, 5, 0, 5), [unknown(R(0, 5, 0, 17), 'peer-support')], {
      codebookUri: 'file:///s/more.md',
    });
    const fix = list.filter((a) => a.kind === CodeActionKind.QuickFix);
    assert.deepEqual(titles(fix), [
      'Add `peer-support` to the codebook',
      'Add `peer-support` to the codebook under More',
    ]);
    assert.equal(
      applyAction(fix[0], 'file:///s/more.md', '# More {#more}\n'),
      '# More {#more}\n\n# Peer support {#peer-support}\n\n',
    );
  });

  it('offers nothing without a codebook or for a code defined since', () => {
    assert.deepEqual(
      actions(study(null, { a: text }), T('a'), R(0, 5, 0, 5), [unknown(R(0, 5, 0, 17), 'peer-support')]).filter(
        (a) => a.kind === CodeActionKind.QuickFix,
      ),
      [],
    );
    assert.deepEqual(fixes(CODEBOOK, {}, unknown(R(0, 5, 0, 17), 'shift')), []);
  });
});

describe('code actions: a golden quote not found', () => {
  const book = [
    '# Shift {#shift}', // 0
    '',
    '### Quotes', // 2
    '',
    '> We worked hard',
    '> on it, really (FG1, P1)', // 5
    '',
    '> Nothing like it',
    '',
  ].join('\n');
  const diag = (line: number, closest?: string): Diagnostic => ({
    range: R(line, 0, line + 1, 25),
    severity: DiagnosticSeverity.Warning,
    code: 'quote-not-found',
    message: 'not found',
    data: closest === undefined ? { id: 'shift' } : { id: 'shift', closest },
  });

  it("replaces the quote's words with the closest unit's text and keeps the attribution", () => {
    const index = study(book, { a: '[We worked\nhard on it]{.shift}\n' });
    const list = actions(index, BOOK, R(4, 0, 4, 0), [diag(4, 'We worked\nhard on it')]);
    assert.deepEqual(titles(list), ['Replace with the closest unit text']);
    assert.equal(list[0].kind, CodeActionKind.QuickFix);
    assert.equal(
      applyAction(list[0], BOOK, book),
      book.replace('> We worked hard\n> on it, really (FG1, P1)', '> We worked hard on it (FG1, P1)'),
    );
  });

  it('works on a quote without attribution and skips diagnostics without a closest unit', () => {
    const index = study(book, { a: '[Nothing like this]{.shift}\n' });
    const list = actions(index, BOOK, R(7, 0, 7, 0), [diag(7, 'Nothing like this'), diag(4)]);
    assert.equal(list.length, 1);
    assert.equal(applyAction(list[0], BOOK, book), book.replace('> Nothing like it', '> Nothing like this'));
  });

  it('uses what the index reports on the sample-like case', () => {
    const index = study(book, { a: '[We worked very hard on it, really]{.shift}\n' });
    const d = index.diagnostics(BOOK).find((x) => x.code === 'quote-not-found' && x.range.start.line === 4);
    assert.ok(d && typeof d.data?.closest === 'string');
    const lsp: Diagnostic = {
      range: d.range,
      severity: DiagnosticSeverity.Warning,
      code: d.code,
      message: d.message,
      data: d.data,
    };
    const list = actions(index, BOOK, d.range, [lsp]);
    const fixed = applyAction(list[0], BOOK, book);
    assert.ok(fixed.includes('> We worked very hard on it, really (FG1, P1)\n'));
    index.setDocument(BOOK, fixed, 'codebook');
    assert.equal(
      index.diagnostics(BOOK).filter((x) => x.code === 'quote-not-found' && x.range.start.line === 4).length,
      0,
    );
  });
});

describe('code actions: properties on generated transcripts', () => {
  const book = CODEBOOK + '\n# Others {#others}\n\n## Benefits {#benefits}\n\n## Bridges {#bridges}\n';
  const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

  it('edits exactly the unit asked for, and nothing else', () => {
    let checked = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const text = document(new Gen(prng(seed)), { crlf: seed % 5 === 0 });
      const index = study(book, { a: text });
      const units = index.unitsOf(T('a'));
      const plain = collapse(index.getDocument(T('a'))?.transcript?.plain.text ?? '');
      units.forEach((u, k) => {
        const list = actions(index, T('a'), u.range);
        const reparse = (title: string): Unit[] => {
          const out = applyAction(byTitle(list, title), T('a'), text);
          return study(book, { b: out }).unitsOf(T('b'));
        };
        const label = `seed ${seed}, unit ${k}: ${JSON.stringify(text)}`;
        const unwrapped = reparse('Remove unit markup');
        assert.equal(unwrapped.length, units.length - 1, label);
        const after = study(book, { b: applyAction(byTitle(list, 'Remove unit markup'), T('a'), text) });
        assert.equal(collapse(after.getDocument(T('b'))?.transcript?.plain.text ?? ''), plain, label);
        if (u.codes.length) {
          const removed = reparse(`Remove code ${u.codes[0]}`);
          assert.equal(removed.length, units.length, label);
          assert.deepEqual(
            removed[k].codes,
            u.codes.filter((c) => c !== u.codes[0]),
            label,
          );
        }
        const add = list.find((a) => a.title.startsWith('Add code '));
        if (add) {
          const id = index.codes().find((c) => `Add code ${c.title}` === add.title)?.id;
          const added = study(book, { b: applyAction(add, T('a'), text) }).unitsOf(T('b'));
          assert.equal(added.length, units.length, label);
          assert.deepEqual(added[k].codes, [...u.codes, id], label);
        }
        checked++;
      });
    }
    assert.ok(checked > 300, `only ${checked} units`);
  });
});
