/**
 * parseCodebook: codes from headings with an identifier, their tree, sections, golden
 * quotes and problems.
 */
import * as assert from 'node:assert/strict';
import { parseCodebook } from '../../server/src/core/codebook';
import { brief, R } from './support/helpers';

const BOOK = [
  '# The *shift* theme {#shift color="#4e79a7" k=v}', // 0
  '',
  'Why services **joined**.', // 2
  'Second line.',
  '',
  '## Facilitate {#facilitate}', // 5
  '',
  'How.',
  '',
  '### Condensate', // 9
  '',
  'We spent a year.',
  '',
  '### QUOTES', // 13
  '',
  '> We had worked ... before we hired anyone (FG1, P1)', // 15
  '',
  '> Peer workers ask questions. — FG2, P1', // 17
  '',
  '> Plain quote', // 19
  '',
  '> Two - dash -- FG3, P2', // 21
  '',
  '> Multi', // 23
  '> line (FG4)',
  '',
  '### Synthesis', // 26
  '',
  'Managers described.',
  '',
  '#### Deep {#deep}', // 30
  '',
  '# Second {#second}', // 32
].join('\n');

describe('parseCodebook', function () {
  const cb = parseCodebook(BOOK);

  it('finds the codes with titles, ids, levels and ranges', function () {
    assert.deepEqual(
      cb.codes.map((c) => [c.id, c.title, c.level, c.range, c.idRange]),
      [
        ['shift', 'The shift theme', 1, R(0, 0, 0, 48), R(0, 22, 0, 27)],
        ['facilitate', 'Facilitate', 2, R(5, 0, 5, 27), R(5, 16, 5, 26)],
        ['deep', 'Deep', 4, R(30, 0, 30, 17), R(30, 12, 30, 16)],
        ['second', 'Second', 1, R(32, 0, 32, 18), R(32, 11, 32, 17)],
      ],
    );
    assert.deepEqual(cb.diagnostics, []);
    assert.equal(cb.lineCount, 33);
  });

  it('strips inline markup from titles', function () {
    const c = parseCodebook('# [Link](x) and `code` and \\*star\\* {#a}').codes[0];
    assert.equal(c.title, 'Link and code and *star*');
  });

  it('derives parent and depth from heading levels', function () {
    assert.deepEqual(
      cb.codes.map((c) => [c.id, c.parent, c.depth]),
      [
        ['shift', null, 0],
        ['facilitate', 'shift', 1],
        ['deep', 'facilitate', 2],
        ['second', null, 0],
      ],
    );
    // A skipped level still nests; a deeper heading first is a theme of its own.
    const skip = parseCodebook('## Two {#two}\n\n# One {#one}\n\n### Three {#three}');
    assert.deepEqual(
      skip.codes.map((c) => [c.id, c.parent, c.depth]),
      [
        ['two', null, 0],
        ['one', null, 0],
        ['three', 'one', 1],
      ],
    );
    // A section heading between a code and a deeper code does not break the chain.
    const through = parseCodebook('# A {#a}\n\n## Section\n\n### Child {#child}\n\nx');
    assert.deepEqual(
      through.codes.map((c) => [c.id, c.parent]),
      [
        ['a', null],
        ['child', 'a'],
      ],
    );
  });

  it('reads color apart from the other attributes', function () {
    const [shift, facilitate] = cb.codes;
    assert.equal(shift.color, '#4e79a7');
    assert.deepEqual(shift.attributes, [['k', 'v']]);
    assert.equal('color' in facilitate, false);
    assert.deepEqual(facilitate.attributes, []);
  });

  it('keeps the description as written, up to the first section or child', function () {
    assert.equal(cb.codes[0].description, 'Why services **joined**.\nSecond line.');
    assert.equal(cb.codes[1].description, 'How.');
    assert.equal(cb.codes[2].description, '');
  });

  it('reads sections, case-insensitively, with bodies and ranges', function () {
    assert.deepEqual(
      cb.codes[1].sections.map((s) => [s.kind, s.title, s.range, s.bodyRange]),
      [
        ['condensate', 'Condensate', R(9, 0, 9, 14), R(10, 0, 13, 0)],
        ['quotes', 'QUOTES', R(13, 0, 13, 10), R(14, 0, 26, 0)],
        ['synthesis', 'Synthesis', R(26, 0, 26, 13), R(27, 0, 30, 0)],
      ],
    );
    assert.equal(cb.codes[1].sections[0].body, 'We spent a year.');
    assert.equal(cb.codes[1].sections[2].body, 'Managers described.');
    const other = parseCodebook('# A {#a}\n## Kondensat\n\nx\n\n## Golden quotes\n\n> q');
    assert.deepEqual(
      other.codes[0].sections.map((s) => [s.kind, s.title, s.body]),
      [
        ['other', 'Kondensat', 'x'],
        ['quotes', 'Golden quotes', '> q'],
      ],
    );
  });

  it('uses custom section names from options.sections', function () {
    const text = '# A {#a}\n\n## Kondensat\n\nx\n\n## Sitater\n\n> q (P1)\n\n## Syntese\n\ny';
    const cbk = parseCodebook(text, {
      sections: { condensate: ['Kondensat'], quotes: ['SITATER'], synthesis: ['syntese'] },
    });
    assert.deepEqual(
      cbk.codes[0].sections.map((s) => s.kind),
      ['condensate', 'quotes', 'synthesis'],
    );
    assert.deepEqual(
      cbk.codes[0].quotes.map((q) => [q.text, q.attribution]),
      [['q', 'P1']],
    );
  });

  it('reads golden quotes with attributions in parentheses or after a dash, keeping omissions', function () {
    assert.deepEqual(cb.codes[1].quotes, [
      {
        text: 'We had worked ... before we hired anyone',
        attribution: 'FG1, P1',
        range: R(15, 0, 15, 52),
        code: 'facilitate',
      },
      { text: 'Peer workers ask questions.', attribution: 'FG2, P1', range: R(17, 0, 17, 39), code: 'facilitate' },
      { text: 'Plain quote', range: R(19, 0, 19, 13), code: 'facilitate' },
      { text: 'Two - dash', attribution: 'FG3, P2', range: R(21, 0, 21, 23), code: 'facilitate' },
      { text: 'Multi line', attribution: 'FG4', range: R(23, 0, 24, 12), code: 'facilitate' },
    ]);
    assert.deepEqual(cb.codes[0].quotes, []);
  });

  it('reads blockquotes as quotes only in a Quotes section', function () {
    const c = parseCodebook('# A {#a}\n\n> not a quote\n\n## Condensate\n\n> nor this').codes[0];
    assert.deepEqual(c.quotes, []);
  });

  it('reports a duplicate code and keeps the first', function () {
    const d = parseCodebook('# A {#a}\n\n# B {#a}');
    assert.deepEqual(
      d.codes.map((c) => [c.id, c.title]),
      [['a', 'A']],
    );
    assert.deepEqual(brief(d.diagnostics), [{ code: 'duplicate-code', severity: 'error', range: R(2, 6, 2, 7) }]);
    assert.match(d.diagnostics[0].message, /already defined on line 1/);
    assert.deepEqual(d.diagnostics[0].data, { id: 'a' });
  });

  it('reports broken heading attributes and defines no code from them', function () {
    const d = parseCodebook('# A {#a\n\n# B {#1b}\n\n# C {.x}\n\n# D {#d .x}');
    assert.deepEqual(
      d.codes.map((c) => c.id),
      ['d'],
    );
    assert.deepEqual(brief(d.diagnostics), [
      { code: 'bad-attributes', severity: 'error', range: R(0, 4, 0, 7) },
      { code: 'bad-attributes', severity: 'error', range: R(2, 5, 2, 9) },
    ]);
  });

  it('ignores headings inside fenced code and front matter', function () {
    const d = parseCodebook(
      '---\ntitle: "# Not {#fm}"\n---\n\n```\n# Not {#no}\n```\n\n~~~\n# Nor {#nor}\n~~~\n\n# Yes {#yes}',
    );
    assert.deepEqual(
      d.codes.map((c) => [c.id, c.range.start.line]),
      [['yes', 12]],
    );
  });

  it('accepts closing hashes after the attributes', function () {
    const c = parseCodebook('## A {#a} ##').codes[0];
    assert.deepEqual([c.id, c.title, c.range], ['a', 'A', R(0, 0, 0, 12)]);
  });

  it('reads CR LF codebooks with ranges that leave out the CR', function () {
    const d = parseCodebook('# A {#a}\r\n\r\nDesc\r\n\r\n## Quotes\r\n\r\n> q (P1)\r\n');
    const c = d.codes[0];
    assert.deepEqual([c.range, c.idRange, c.description], [R(0, 0, 0, 8), R(0, 6, 0, 7), 'Desc']);
    assert.deepEqual(
      c.sections.map((s) => [s.kind, s.range, s.body]),
      [['quotes', R(4, 0, 4, 9), '> q (P1)']],
    );
    assert.deepEqual(c.quotes, [{ text: 'q', attribution: 'P1', range: R(6, 0, 6, 8), code: 'a' }]);
    assert.equal(d.lineCount, 8);
  });

  it('handles an empty codebook and one without codes', function () {
    assert.deepEqual(parseCodebook(''), { codes: [], diagnostics: [], lineCount: 1 });
    assert.deepEqual(parseCodebook('# Intro\n\nJust text.').codes, []);
  });
});
