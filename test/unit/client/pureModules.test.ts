/**
 * The client's pure modules, without VS Code: the Markdown-preview plugin, the
 * condensate preview's HTML (escaping), the attribute edits behind Add / Remove Code and
 * drag-and-drop recoding, the codebook edits behind New Theme / Subtheme, and the palette.
 */
import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { addCodeEdit, recodeEdit, removeCodeEdit, unitBrace, type OffsetEdit } from '../../../client/src/attributeEdits';
import { newHeadingEdit, slugify } from '../../../client/src/codebookEdits';
import { condensePlugin } from '../../../client/src/markdownItPlugin';
import { themeColors, withAlpha } from '../../../client/src/palette';
import { escapeHtml, renderCondensate } from '../../../client/src/previewHtml';
import type { CondensateView } from '../../../common/protocol';

function apply(text: string, e: OffsetEdit | null): string {
  assert.ok(e, 'an edit');
  return text.slice(0, e.start) + e.text + text.slice(e.end);
}

describe('client: Markdown preview plugin', () => {
  const md = new MarkdownIt();
  condensePlugin(md, (code) => (code === 'a' ? '#4e79a7' : undefined));

  it('renders a unit as a highlighted span with its code chips', () => {
    const html = md.render('P1: [we had worked]{.a .b #mu-1} before.');
    assert.equal(
      html,
      '<p>P1: <span class="condense-unit" data-codes="a b" style="--condense-color: #4e79a7">we had worked<span class="condense-chips"><span class="condense-chip">a</span><span class="condense-chip">b</span></span></span> before.</p>\n',
    );
  });

  it('renders nested units, uncoded units and divs; leaves links, footnotes and code alone', () => {
    assert.match(md.render('[x [y]{.b} z]{.a}'), /<span class="condense-unit" data-codes="a"[^>]*>x <span class="condense-unit" data-codes="b">y/);
    assert.match(md.render('[x]{}'), /condense-uncoded.*not yet coded/);
    assert.equal(md.render('[a](http://x) and `[b]{.c}`'), '<p><a href="http://x">a</a> and <code>[b]{.c}</code></p>\n');
    const div = md.render('::: {.a}\nPara one.\n\nPara two.\n:::\n');
    assert.match(div, /^<div class="condense-unit condense-div" data-codes="a"[^>]*>\n<p>Para one.<\/p>\n<p>Para two.<\/p>\n<span class="condense-chips">/);
  });

  it('escapes hostile text and codes, and never passes a non-hex colour', () => {
    const hostile = new MarkdownIt();
    condensePlugin(hostile, () => 'red;background:url(x)');
    const html = hostile.render('[<img src=x onerror=alert(1)>]{.a}');
    assert.ok(!html.includes('<img'), html);
    assert.ok(!html.includes('style='), html);
  });
});

describe('client: condensate preview HTML', () => {
  const view: CondensateView = {
    id: 'x',
    title: 'A <b>title</b>',
    color: 'javascript:alert(1)',
    path: [{ id: 'x', title: 'A <b>title</b>' }],
    description: 'desc',
    condensate: '',
    synthesis: 'The **managers** said.',
    quotes: [{ text: 'a "quote" <script>', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, found: false }],
    groups: [
      {
        uri: 'file:///s/t.md',
        path: 't.md',
        units: [
          {
            uri: 'file:///s/t.md',
            range: { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } },
            contentRange: { start: { line: 2, character: 1 }, end: { line: 2, character: 5 } },
            text: '<script>window.x=1</script> and <img src=x onerror="y()">',
            codes: ['x'],
            speaker: 'P1" onclick="z()',
          },
        ],
      },
    ],
    counts: { units: 1, transcripts: 1, speakers: 1 },
    uri: 'file:///s/codebook.md',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 9 } },
  };
  const html = renderCondensate(view, (s) => `<p>${escapeHtml(s)}</p>`);

  it('escapes every piece of study text', () => {
    assert.ok(!/<script|<img|<b>/.test(html), html);
    assert.ok(html.includes('&#60;script&#62;window.x=1&#60;/script&#62;'));
    assert.ok(!html.includes('onclick="'), 'attribute injection through a speaker label');
    assert.ok(html.includes('background:#9e9e9e'), 'a colour that is not hex becomes grey');
  });

  it('warns about thin grounding and quotes that no longer match, and says what is missing', () => {
    assert.match(html, /Thin grounding: the units come from 1 transcript and 1 speaker/);
    assert.match(html, /no longer matches any unit/);
    assert.match(html, /No condensate written yet/);
  });
});

describe('client: attribute edits', () => {
  const text = 'x [a b]{#u .one .two k="v w"} y';
  const brace = unitBrace(text, 2, 6);

  it('finds the attribute block of a span and of a div', () => {
    assert.equal(text[brace], '{');
    assert.equal(unitBrace('::: {.a}\ntext\n:::', 0, 13), 4);
    assert.equal(unitBrace('::: a\ntext\n:::', 0, 10), -1);
  });

  it('adds, removes and replaces codes, leaving valid attributes', () => {
    assert.equal(apply(text, addCodeEdit(text, brace, 'three')), 'x [a b]{#u .one .two k="v w" .three} y');
    assert.equal(addCodeEdit(text, brace, 'one'), null);
    assert.equal(apply('[a]{}', addCodeEdit('[a]{}', 3, 'c')), '[a]{.c}');
    assert.equal(apply(text, removeCodeEdit(text, brace, 'one')), 'x [a b]{#u .two k="v w"} y');
    assert.equal(apply('[a]{.one .two}', removeCodeEdit('[a]{.one .two}', 3, 'one')), '[a]{.two}');
    assert.equal(apply('[a]{.one}', removeCodeEdit('[a]{.one}', 3, 'one')), '[a]{}');
    assert.equal(apply(text, recodeEdit(text, brace, 'one', 'six')), 'x [a b]{#u .six .two k="v w"} y');
    assert.equal(apply(text, recodeEdit(text, brace, 'one', 'two')), 'x [a b]{#u .two k="v w"} y');
    assert.equal(apply('[a]{}', recodeEdit('[a]{}', 3, '', 'n')), '[a]{.n}');
  });
});

describe('client: codebook edits', () => {
  it('makes unique, valid ids from titles', () => {
    assert.equal(slugify('Peer workers’ contextual knowledge is vital', new Set()), 'peer-workers-contextual-knowledge');
    assert.equal(slugify('Café', new Set(['cafe'])), 'cafe-2');
    assert.equal(slugify('2 things', new Set()), 'code-2-things');
    assert.equal(slugify('!!!', new Set()), 'code');
  });

  it('adds a theme at the end and a subtheme at the end of its parent, keeping line ends', () => {
    const cb = '# A {#a}\n\nText.\n\n## A1 {#a1}\n\n# B {#b}\n';
    assert.equal(apply(cb, newHeadingEdit(cb, 'New', 'new', 1, null)), '# A {#a}\n\nText.\n\n## A1 {#a1}\n\n# B {#b}\n\n# New {#new}\n');
    assert.equal(apply(cb, newHeadingEdit(cb, 'Sub', 'sub', 2, 0)), '# A {#a}\n\nText.\n\n## A1 {#a1}\n\n## Sub {#sub}\n\n# B {#b}\n');
    const crlf = '# A {#a}\r\n\r\n# B {#b}\r\n';
    assert.equal(apply(crlf, newHeadingEdit(crlf, 'S', 's', 2, 0)), '# A {#a}\r\n\r\n## S {#s}\r\n\r\n# B {#b}\r\n');
    assert.equal(apply('', newHeadingEdit('', 'First', 'first', 1, null)), '# First {#first}\n');
  });
});

describe('client: palette', () => {
  it('uses the codebook colour when valid, else a stable palette colour', () => {
    const c = themeColors([{ id: 'a', color: '#123456' }, { id: 'b' }, { id: 'c', color: 'red' }]);
    assert.deepEqual(
      [...c.entries()],
      [
        ['a', '#123456'],
        ['b', '#f28e2b'],
        ['c', '#e15759'],
      ],
    );
    assert.equal(withAlpha('#4e79a7', 0.2), '#4e79a733');
    assert.equal(withAlpha('#abc', 1), '#aabbccff');
  });
});
