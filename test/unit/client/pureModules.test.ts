/**
 * The client's pure modules, without VS Code: the Markdown-preview plugin, the
 * condensate preview's HTML (escaping), and the palette. (The edits of the coding
 * commands are the server's: test/unit/features/codingEdits.test.ts.)
 */
import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { condensePlugin } from '../../../client/src/markdownItPlugin';
import { themeColors, withAlpha } from '../../../client/src/palette';
import { escapeHtml, renderCondensate } from '../../../client/src/previewHtml';
import type { CondensateView } from '../../../common/protocol';

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
    assert.match(
      md.render('[x [y]{.b} z]{.a}'),
      /<span class="condense-unit" data-codes="a"[^>]*>x <span class="condense-unit" data-codes="b">y/,
    );
    assert.match(md.render('[x]{}'), /condense-uncoded.*not yet coded/);
    assert.equal(
      md.render('[a](http://x) and `[b]{.c}`'),
      '<p><a href="http://x">a</a> and <code>[b]{.c}</code></p>\n',
    );
    const div = md.render('::: {.a}\nPara one.\n\nPara two.\n:::\n');
    assert.match(
      div,
      /^<div class="condense-unit condense-div" data-codes="a"[^>]*>\n<p>Para one.<\/p>\n<p>Para two.<\/p>\n<span class="condense-chips">/,
    );
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
    quotes: [
      {
        text: 'a "quote" <script>',
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } },
        found: false,
      },
    ],
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
