/**
 * parseTranscript: speakers, front matter, and positions in awkward text (CR LF, BOM,
 * tabs, surrogate pairs, combining characters, empty and very large files).
 */
import * as assert from 'node:assert/strict';
import { parseTranscript } from '../../server/src/core/transcript';
import { brief, R } from './support/helpers';

describe('parseTranscript: speakers', function () {
  it('opens turns at **P1:**, **P1**: and P1: labels, with exact ranges', function () {
    const text = '**P1:** hello [a b]{.x}\nmore\n\nP2: hi [c]{.y}\n\n**Moderator**: ok\n[d]{.z}';
    const t = parseTranscript(text);
    assert.deepEqual(t.turns, [
      { speaker: 'P1', labelRange: R(0, 0, 0, 7), range: R(0, 0, 1, 4), startOffset: 0, endOffset: 28, units: [0] },
      { speaker: 'P2', labelRange: R(3, 0, 3, 3), range: R(3, 0, 3, 14), startOffset: 30, endOffset: 44, units: [1] },
      {
        speaker: 'Moderator',
        labelRange: R(5, 0, 5, 14),
        range: R(5, 0, 6, 7),
        startOffset: 46,
        endOffset: 71,
        units: [2],
      },
    ]);
    assert.deepEqual(
      t.units.map((u) => u.speaker),
      ['P1', 'P2', 'Moderator'],
    );
    // The label stays in the plain text, without the emphasis markers.
    assert.equal(t.plain.text, 'P1: hello a b\nmore\n\nP2: hi c\n\nModerator: ok\nd');
  });

  it('continues a turn over paragraphs and divs without a label', function () {
    const t = parseTranscript('P1: a\n\nstill [b]{.x}\n\n::: {.y}\nmore\n:::\n\nP2: c');
    assert.deepEqual(
      t.turns.map((x) => [x.speaker, x.range, x.units]),
      [
        ['P1', R(0, 0, 5, 4), [0, 1]],
        ['P2', R(8, 0, 8, 5), []],
      ],
    );
    assert.deepEqual(
      t.units.map((u) => [u.kind, u.speaker]),
      [
        ['span', 'P1'],
        ['div', 'P1'],
      ],
    );
  });

  it('gives no speaker to units before the first turn', function () {
    const t = parseTranscript('[a]{.x}\n\nP1: b');
    assert.equal(t.units[0].speaker, undefined);
    assert.deepEqual(t.turns[0].units, []);
  });

  it('does not take other colons for speaker labels', function () {
    for (const text of [
      'A B C D E: five words',
      'Note:this',
      'See http://example.org',
      '- P1: in a list',
      '> P1: quoted',
      'Well, she said: no',
    ]) {
      assert.deepEqual(parseTranscript(text).turns, [], text);
    }
  });

  it('uses a custom speaker pattern, and the default when it does not compile', function () {
    const t = parseTranscript('Int.: [a]{.x}\n\nP1 - [b]{.y}', { speakerPattern: '^(\\w+) - ' });
    assert.deepEqual(
      t.turns.map((x) => [x.speaker, x.labelRange]),
      [['P1', R(2, 0, 2, 5)]],
    );
    assert.deepEqual(
      t.units.map((u) => u.speaker),
      [undefined, 'P1'],
    );
    const broken = parseTranscript('P1: [a]{.x}', { speakerPattern: '(' });
    assert.deepEqual(
      broken.turns.map((x) => x.speaker),
      ['P1'],
    );
  });
});

describe('parseTranscript: front matter', function () {
  it('reads front matter and participants, and leaves it out of the plain text', function () {
    const text = '---\ntitle: T\nparticipants:\n  P1: {role: manager}\n  P2: null\n  P3: nurse\n---\n\nP1: [a]{.x}';
    const t = parseTranscript(text);
    assert.deepEqual(t.frontMatter, { title: 'T', participants: { P1: { role: 'manager' }, P2: null, P3: 'nurse' } });
    assert.deepEqual(t.participants, { P1: { role: 'manager' }, P2: {}, P3: { description: 'nurse' } });
    assert.equal(t.plain.text, '\nP1: a');
    assert.deepEqual(t.units[0].range, R(8, 4, 8, 11));
    assert.equal(t.units[0].plainStart, 5);
    assert.equal(t.units[0].speaker, 'P1');
    assert.deepEqual(t.diagnostics, []);
  });

  it('reads participants written as a list', function () {
    const t = parseTranscript('---\nparticipants: [A, {label: B, role: r}]\n---\n');
    assert.deepEqual(t.participants, { A: {}, B: { label: 'B', role: 'r' } });
  });

  it('accepts `...` as the closing line', function () {
    const t = parseTranscript('---\ntitle: x\n...\n[a]{.x}');
    assert.deepEqual(t.frontMatter, { title: 'x' });
    assert.equal(t.units[0].plainStart, 0);
  });

  it('reports bad YAML as bad-front-matter without throwing, and goes on', function () {
    const t = parseTranscript('---\ntitle: [unclosed\n---\n\n[a]{.x}');
    assert.deepEqual(brief(t.diagnostics), [{ code: 'bad-front-matter', severity: 'warning', range: R(2, 0, 2, 3) }]);
    assert.match(t.diagnostics[0].message, /not valid YAML/);
    assert.deepEqual(t.frontMatter, {});
    assert.deepEqual(
      t.units.map((u) => [u.text, u.range]),
      [['a', R(4, 0, 4, 7)]],
    );
  });

  it('reports front matter that is not a mapping', function () {
    const t = parseTranscript('---\n- a\n- b\n---\nx');
    assert.deepEqual(brief(t.diagnostics), [{ code: 'bad-front-matter', severity: 'warning', range: R(1, 0, 1, 3) }]);
    assert.equal(t.plain.text, 'x');
  });

  it('reads a `---` line without a closing line as text', function () {
    const t = parseTranscript('---\nno close\n\n[a]{.x}');
    assert.deepEqual(t.frontMatter, {});
    assert.equal(t.units[0].plainStart, 14);
  });
});

describe('parseTranscript: positions in awkward text', function () {
  it('CR LF: characters leave out the CR, ranges are exact', function () {
    const t = parseTranscript('[a]{.x}\r\n\r\nP1: [b\r\nc]{.y}\r\n');
    assert.equal(t.lineCount, 5);
    assert.deepEqual(t.units[0].range, R(0, 0, 0, 7));
    const u = t.units[1];
    assert.deepEqual(u.range, R(2, 4, 3, 6));
    assert.deepEqual(u.contentRange, R(2, 5, 3, 1));
    assert.deepEqual(u.attrRange, R(3, 2, 3, 6));
    assert.deepEqual(u.codeRefs[0].range, R(3, 4, 3, 5));
    assert.equal(u.text, 'b\r\nc');
    assert.equal(u.plainStart, 9);
    assert.equal(u.plainEnd, 13);
    assert.deepEqual(
      t.turns.map((x) => [x.labelRange, x.range]),
      [[R(2, 0, 2, 3), R(2, 0, 3, 6)]],
    );
    const div = parseTranscript('::: {.x}\r\na\r\n:::\r\n').units[0];
    assert.deepEqual(
      [div.range, div.contentRange, div.attrRange, div.text],
      [R(0, 0, 2, 3), R(1, 0, 1, 1), R(0, 4, 0, 8), 'a'],
    );
    assert.deepEqual(brief(parseTranscript('x\r\n[abc\r\n').diagnostics), [
      { code: 'unclosed-unit', severity: 'warning', range: R(1, 0, 1, 1) },
    ]);
  });

  it('BOM: counted in characters, left out of the plain text', function () {
    const t = parseTranscript('\ufeff[a]{.x} b');
    assert.deepEqual(t.units[0].range, R(0, 1, 0, 8));
    assert.equal(t.units[0].startOffset, 1);
    assert.equal(t.units[0].plainStart, 0);
    assert.equal(t.units[0].plainEnd, 1);
    assert.equal(t.plain.text, 'a b');
    assert.deepEqual(Array.from(t.plain.segments), [2, 0, 1, 8, 1, 2]);
    const fm = parseTranscript('\ufeff---\nt: 1\n---\n[a]{.x}');
    assert.deepEqual(fm.frontMatter, { t: 1 });
    assert.equal(fm.units[0].plainStart, 0);
    // Only a BOM at offset 0 is one: elsewhere U+FEFF is text.
    const inner = parseTranscript('a\ufeff[b]{.x}');
    assert.equal(inner.plain.text, 'a\ufeffb');
    assert.equal(inner.units[0].plainStart, 2);
  });

  it('tabs count as one character', function () {
    const u = parseTranscript('a\t[b\tc]{.x}').units[0];
    assert.deepEqual(u.range, R(0, 2, 0, 11));
    assert.equal(u.text, 'b\tc');
    assert.deepEqual([u.plainStart, u.plainEnd], [2, 5]);
    assert.deepEqual(parseTranscript('a\n\n\t[b]{.x}').units, [], 'a tab-indented line after a blank line is code');
  });

  it('emoji: UTF-16 characters in ranges, code points in plain offsets', function () {
    const t = parseTranscript('😀 [😀 a]{.x} [b]{.y}');
    const [u, v] = t.units;
    assert.deepEqual(u.range, R(0, 3, 0, 13));
    assert.deepEqual(u.contentRange, R(0, 4, 0, 8));
    assert.equal(u.text, '😀 a');
    assert.deepEqual([u.plainStart, u.plainEnd], [2, 5]);
    assert.deepEqual(v.range, R(0, 14, 0, 21));
    assert.deepEqual([v.plainStart, v.plainEnd], [6, 7]);
    assert.equal(t.plain.text, '😀 😀 a b');
    const points = [...t.plain.text];
    assert.equal(points.slice(u.plainStart, u.plainEnd).join(''), u.text);
    assert.equal(points.slice(v.plainStart, v.plainEnd).join(''), 'b');
    // In UTF-16 the same text starts one unit later.
    assert.equal(t.plain.text.indexOf(u.text), 3);
    const astral = parseTranscript('[a]{.𝐀}').units[0];
    assert.deepEqual(astral.codeRefs[0].range, R(0, 5, 0, 7));
    assert.deepEqual(astral.codes, ['𝐀']);
  });

  it('combining characters: e + U+0301 is two code points and two UTF-16 units', function () {
    const t = parseTranscript('e\u0301 [e\u0301]{.x}');
    const u = t.units[0];
    assert.deepEqual(u.range, R(0, 3, 0, 11));
    assert.equal(u.text, 'e\u0301');
    assert.deepEqual([u.plainStart, u.plainEnd], [3, 5]);
  });

  it('empty and blank files', function () {
    assert.deepEqual(parseTranscript(''), {
      units: [],
      turns: [],
      frontMatter: {},
      participants: {},
      plain: { text: '', segments: new Int32Array(0) },
      diagnostics: [],
      lineCount: 1,
    });
    const blank = parseTranscript('\n\n');
    assert.equal(blank.lineCount, 3);
    assert.deepEqual(blank.units, []);
    assert.equal(blank.plain.text, '\n\n');
  });

  it('parses a ~10 MB transcript', function () {
    const parts: string[] = [];
    let size = 0;
    let n = 0;
    while (size < 10 * 1024 * 1024) {
      const p = `**P${n % 5}:** we talked [for almost a year, with ${n} people]{.x .y #u${n}} then ![i](j) *more* text.\n\n`;
      parts.push(p);
      size += p.length;
      n++;
    }
    const text = parts.join('');
    const t = parseTranscript(text);
    assert.equal(t.units.length, n);
    assert.equal(t.turns.length, n);
    assert.deepEqual(t.diagnostics, []);
    assert.equal(t.lineCount, 2 * n + 1);
    const last = t.units[n - 1];
    assert.equal(last.id, `u${n - 1}`);
    assert.equal(last.text, `for almost a year, with ${n - 1} people`);
    assert.deepEqual(last.range.start, { line: 2 * (n - 1), character: `**P${(n - 1) % 5}:** we talked `.length });
    assert.equal(last.speaker, `P${(n - 1) % 5}`);
  });
});
