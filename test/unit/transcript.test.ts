/**
 * parseTranscript: meaning units (spans and divs), what is not a unit, and the problems
 * it reports. Positions are exact: LSP ranges ({line, character} in UTF-16 units) and
 * plain-text offsets in code points. Speakers, front matter and encodings are in
 * transcriptText.test.ts.
 */
import * as assert from 'node:assert/strict';
import type { Unit } from '../../server/src/core/model';
import { parseTranscript } from '../../server/src/core/transcript';
import { brief, R } from './support/helpers';

function only(text: string): Unit {
  const t = parseTranscript(text);
  assert.equal(t.units.length, 1, `one unit in ${JSON.stringify(text)}`);
  return t.units[0];
}

describe('parseTranscript: spans', function () {
  it('reads a span with one code, with every position', function () {
    const text = 'We [had a year]{.facilitate} off.';
    const t = parseTranscript(text);
    assert.deepEqual(t.units, [
      {
        kind: 'span',
        codes: ['facilitate'],
        codeRefs: [{ id: 'facilitate', range: R(0, 17, 0, 27), startOffset: 17, endOffset: 27 }],
        attributes: [],
        range: R(0, 3, 0, 28),
        contentRange: R(0, 4, 0, 14),
        attrRange: R(0, 15, 0, 28),
        startOffset: 3,
        endOffset: 28,
        contentStartOffset: 4,
        contentEndOffset: 14,
        text: 'had a year',
        plainStart: 3,
        plainEnd: 13,
        depth: 0,
      },
    ]);
    assert.equal(t.plain.text, 'We had a year off.');
    assert.deepEqual(Array.from(t.plain.segments), [0, 0, 3, 4, 3, 10, 28, 13, 5]);
    assert.deepEqual(t.diagnostics, []);
    assert.deepEqual(t.turns, []);
    assert.equal(t.lineCount, 1);
  });

  it('reads several codes, an id, a note with escaped quotes and other pairs', function () {
    const u = only('[a b]{#mu-1 .x .y-z note="she said \\"no\\"" who=P1}');
    assert.deepEqual(u.codes, ['x', 'y-z']);
    assert.deepEqual(u.codeRefs, [
      { id: 'x', range: R(0, 13, 0, 14), startOffset: 13, endOffset: 14 },
      { id: 'y-z', range: R(0, 16, 0, 19), startOffset: 16, endOffset: 19 },
    ]);
    assert.equal(u.id, 'mu-1');
    assert.equal(u.note, 'she said "no"');
    assert.deepEqual(u.attributes, [['who', 'P1']]);
    assert.deepEqual(u.range, R(0, 0, 0, 50));
    assert.deepEqual(u.contentRange, R(0, 1, 0, 4));
    assert.deepEqual(u.attrRange, R(0, 5, 0, 50));
    assert.equal(u.text, 'a b');
  });

  it('reads unquoted, single-quoted and empty values', function () {
    const u = only('[a]{.x note=\'it\\\'s\' k=v k2="two words" empty="" path=a\\}b}');
    assert.equal(u.note, "it's");
    assert.deepEqual(u.attributes, [
      ['k', 'v'],
      ['k2', 'two words'],
      ['empty', ''],
      ['path', 'a}b'],
    ]);
  });

  it('keeps a backslash that escapes nothing in a value, as pandoc does', function () {
    assert.deepEqual(only('[a]{.x k="a\\b" j="a\\\\b"}').attributes, [
      ['k', 'a\\b'],
      ['j', 'a\\b'],
    ]);
  });

  it('takes the first note when there are two, keeping neither among the attributes', function () {
    const u = only('[a]{.x note="one" note="two" k=v}');
    assert.equal(u.note, 'one');
    assert.deepEqual(u.attributes, [['k', 'v']]);
  });

  it('makes `[text]{}` an uncoded unit with a hint on its content', function () {
    const t = parseTranscript('Say [text]{} now');
    assert.equal(t.units.length, 1);
    assert.deepEqual(t.units[0].codes, []);
    assert.equal(t.units[0].text, 'text');
    assert.deepEqual(brief(t.diagnostics), [{ code: 'uncoded-unit', severity: 'hint', range: R(0, 5, 0, 9) }]);
  });

  it('treats a span with only pandoc classes as formatting, not a unit', function () {
    const t = parseTranscript('[a]{.smallcaps} and [b]{.underline .mark} and [c]{-}');
    assert.deepEqual(t.units, []);
    assert.deepEqual(t.diagnostics, []);
    assert.equal(t.plain.text, 'a and b and c');
  });

  it('drops pandoc classes from the codes of a unit that has others', function () {
    const u = only('[a]{.smallcaps .x}');
    assert.deepEqual(u.codes, ['x']);
    assert.deepEqual(u.codeRefs, [{ id: 'x', range: R(0, 16, 0, 17), startOffset: 16, endOffset: 17 }]);
    const withId = parseTranscript('[a]{.smallcaps #i}');
    assert.equal(withId.units.length, 1);
    assert.equal(withId.units[0].id, 'i');
    assert.deepEqual(withId.units[0].codes, []);
  });

  it('nests units: depth, parent, text and plain offsets', function () {
    const t = parseTranscript('[a [b [c]{.z}]{.y} d]{.x}');
    assert.deepEqual(
      t.units.map((u) => [u.codes[0], u.range, u.text, u.plainStart, u.plainEnd, u.depth, u.parent]),
      [
        ['x', R(0, 0, 0, 25), 'a b c d', 0, 7, 0, undefined],
        ['y', R(0, 3, 0, 18), 'b c', 2, 5, 1, 0],
        ['z', R(0, 6, 0, 13), 'c', 4, 5, 2, 1],
      ],
    );
    const siblings = parseTranscript('[[a]{.y} [b]{.z}]{.x}');
    assert.deepEqual(
      siblings.units.map((u) => [u.codes[0], u.depth, u.parent]),
      [
        ['x', 0, undefined],
        ['y', 1, 0],
        ['z', 1, 0],
      ],
    );
  });

  it('reads adjacent units as two', function () {
    const t = parseTranscript('[a]{.x}[b]{.y}');
    assert.deepEqual(
      t.units.map((u) => [u.codes, u.range, u.text, u.depth]),
      [
        [['x'], R(0, 0, 0, 7), 'a', 0],
        [['y'], R(0, 7, 0, 14), 'b', 0],
      ],
    );
  });

  it('wraps a span over lines (and an attribute block too)', function () {
    const u = only('one [two\nthree]{.x} four');
    assert.deepEqual(u.range, R(0, 4, 1, 10));
    assert.deepEqual(u.contentRange, R(0, 5, 1, 5));
    assert.deepEqual(u.attrRange, R(1, 6, 1, 10));
    assert.equal(u.text, 'two\nthree');
    assert.equal(u.plainStart, 4);
    assert.equal(u.plainEnd, 13);
    const v = only('[a]{.x\n.y}');
    assert.deepEqual(
      v.codeRefs.map((c) => [c.id, c.range]),
      [
        ['x', R(0, 5, 0, 6)],
        ['y', R(1, 1, 1, 2)],
      ],
    );
  });

  it('leaves inline markup out of the unit text', function () {
    const u = only('[*so* **much** `code` [link](http://x.org) \\[sic\\] <!-- memo --> ![alt](i.png)]{.x}');
    assert.equal(u.text, 'so much code link [sic]  alt');
  });
});

describe('parseTranscript: fenced divs', function () {
  it('reads a div over several paragraphs', function () {
    const t = parseTranscript('::: {.x}\npara one\n\npara two\n:::');
    assert.equal(t.units.length, 1);
    const u = t.units[0];
    assert.equal(u.kind, 'div');
    assert.deepEqual(u.codes, ['x']);
    assert.deepEqual(u.codeRefs, [{ id: 'x', range: R(0, 6, 0, 7), startOffset: 6, endOffset: 7 }]);
    assert.deepEqual(u.range, R(0, 0, 4, 3));
    assert.deepEqual(u.contentRange, R(1, 0, 3, 8));
    assert.deepEqual(u.attrRange, R(0, 4, 0, 8));
    assert.equal(u.text, 'para one\n\npara two');
    assert.equal(u.plainStart, 0);
    assert.equal(u.plainEnd, 18);
    assert.deepEqual(t.diagnostics, []);
  });

  it('nests divs with longer fences', function () {
    const t = parseTranscript(':::: {#outer .x}\na\n\n::: {.y}\nb [c]{.z}\n:::\n::::');
    assert.deepEqual(
      t.units.map((u) => [u.kind, u.codes, u.id, u.range, u.depth, u.parent]),
      [
        ['div', ['x'], 'outer', R(0, 0, 6, 4), 0, undefined],
        ['div', ['y'], undefined, R(3, 0, 5, 3), 1, 0],
        ['span', ['z'], undefined, R(4, 2, 4, 9), 2, 1],
      ],
    );
    assert.equal(t.units[1].text, 'b c');
  });

  it('reads a bare class word, a longer closer and trailing colons', function () {
    const bare = only('::: x\na\n:::');
    assert.deepEqual(bare.codes, ['x']);
    assert.deepEqual(bare.attrRange, R(0, 4, 0, 5));
    assert.deepEqual(only('::: a:b\na\n:::').codes, ['a:b']);
    assert.deepEqual(only('::: {.x}\na\n::::::').range, R(0, 0, 2, 6));
    const trailing = only('::: {.x} :::\na\n:::');
    assert.deepEqual(trailing.attrRange, R(0, 4, 0, 8));
    assert.equal(trailing.text, 'a');
  });

  it('needs a blank line (or a block start) before the opening fence', function () {
    assert.deepEqual(parseTranscript('p\n::: {.x}\na\n:::').units, []);
    assert.equal(parseTranscript('p\n\n::: {.x}\na\n:::').units.length, 1);
    assert.deepEqual(parseTranscript('  ::: {.x}\na\n:::').units, [], 'the fence must start at column 0');
  });

  it('treats a div with only pandoc classes as formatting', function () {
    const t = parseTranscript('::: {.smallcaps}\na [b]{.x}\n:::');
    assert.deepEqual(
      t.units.map((u) => [u.codes, u.depth]),
      [[['x'], 0]],
    );
  });
});

describe('parseTranscript: what is not a unit', function () {
  it('ignores links, references, footnotes, images and code spans', function () {
    const t = parseTranscript('[a](b) [a][b] [a] [^1] ![i](j) `[a]{.x}` ``[b]{.y}``');
    assert.deepEqual(t.units, []);
    assert.deepEqual(t.diagnostics, []);
    assert.equal(t.plain.text, 'a [a][b] [a] [^1] i [a]{.x} [b]{.y}');
  });

  it('ignores span syntax in fenced code, indented code and HTML comments', function () {
    const text = [
      '```',
      '[a]{.x}',
      '```',
      '',
      '~~~',
      '[b]{.x}',
      '~~~',
      '',
      '    [c]{.x}',
      '',
      '<!-- [d]{.x} -->',
      '',
      '<!--',
      '[e]{.x}',
      '-->',
      '',
      'q <!-- [f]{.x} --> r [g]{.y}',
    ].join('\n');
    const t = parseTranscript(text);
    assert.deepEqual(
      t.units.map((u) => [u.codes, u.range]),
      [[['y'], R(16, 21, 16, 28)]],
    );
    assert.deepEqual(t.diagnostics, []);
  });

  it('reads the text after a one-line comment block as a paragraph', function () {
    const t = parseTranscript('<!-- memo --> P1: [a]{.x}');
    assert.deepEqual(
      t.units.map((u) => [u.range, u.text]),
      [[R(0, 18, 0, 25), 'a']],
    );
    assert.deepEqual(
      t.turns.map((x) => [x.speaker, x.labelRange]),
      [['P1', R(0, 14, 0, 17)]],
    );
  });

  it('does not open a unit at an escaped bracket', function () {
    const escapedBoth = parseTranscript('\\[a\\]{.x}');
    assert.deepEqual(escapedBoth.units, []);
    assert.deepEqual(escapedBoth.diagnostics, []);
    assert.equal(escapedBoth.plain.text, '[a]{.x}');
    // With only the opening bracket escaped, the `]{.x}` closes nothing: an error.
    const escapedOpen = parseTranscript('\\[a]{.x}');
    assert.deepEqual(escapedOpen.units, []);
    assert.deepEqual(brief(escapedOpen.diagnostics), [
      { code: 'unclosed-unit', severity: 'error', range: R(0, 3, 0, 8) },
    ]);
  });

  it('reads a fence that is never closed as text, so later units still count', function () {
    const t = parseTranscript('```\na\n\n[b]{.x}');
    assert.deepEqual(
      t.units.map((u) => u.codes),
      [['x']],
    );
  });
});

describe('parseTranscript: problems', function () {
  const cases: [string, string, string, string, ReturnType<typeof R>][] = [
    ['unclosed [', '[abc', 'unclosed-unit', 'warning', R(0, 0, 0, 1)],
    ['stray ]{.x}', 'x ]{.x}', 'unclosed-unit', 'error', R(0, 2, 0, 7)],
    ['unclosed div', '::: {.x}\nabc', 'unclosed-div', 'error', R(0, 0, 0, 8)],
    ['unclosed attribute block', '[a]{.x', 'bad-attributes', 'error', R(0, 3, 0, 6)],
    ['unclosed attribute block before CR LF', '[a]{.x k="abc\r\nd', 'bad-attributes', 'error', R(0, 3, 0, 13)],
    ['class starting with a digit', '[a]{.1x}', 'bad-attributes', 'error', R(0, 4, 0, 5)],
    ['class with a combining mark', '[a]{.cafe\u0301}', 'bad-attributes', 'error', R(0, 9, 0, 10)],
    ['bad div attributes', '::: {.x\na', 'bad-attributes', 'error', R(0, 4, 0, 7)],
    ['empty unit', '[]{.x}', 'empty-unit', 'warning', R(0, 0, 0, 6)],
    ['blank unit', '[  ]{.x}', 'empty-unit', 'warning', R(0, 0, 0, 8)],
  ];
  for (const [what, text, code, severity, range] of cases) {
    it(`reports ${what} as ${severity} ${code}`, function () {
      assert.deepEqual(brief(parseTranscript(text).diagnostics), [{ code, severity, range }]);
    });
  }

  it('makes no unit of a broken span but still finds the others', function () {
    const t = parseTranscript('[a]{.1x} [b]{.y}');
    assert.deepEqual(
      t.units.map((u) => u.codes),
      [['y']],
    );
  });

  it('keeps an empty unit in the list, with empty text', function () {
    const u = only('x []{.x} y');
    assert.equal(u.text, '');
    assert.equal(u.plainStart, 2);
    assert.equal(u.plainEnd, 2);
  });

  it('does not let a unit cross a blank line', function () {
    const t = parseTranscript('[a\n\nb]{.x}');
    assert.deepEqual(t.units, []);
    assert.deepEqual(brief(t.diagnostics), [
      { code: 'unclosed-unit', severity: 'warning', range: R(0, 0, 0, 1) },
      { code: 'unclosed-unit', severity: 'error', range: R(2, 1, 2, 6) },
    ]);
  });

  it('sorts diagnostics by position', function () {
    const t = parseTranscript('[a]{} x ]{.y}\n\n[\n\n[]{.z}');
    assert.deepEqual(
      t.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [
        ['uncoded-unit', 0, 1],
        ['unclosed-unit', 0, 8],
        ['unclosed-unit', 2, 0],
        ['empty-unit', 4, 0],
      ],
    );
  });
});
