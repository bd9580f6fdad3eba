/**
 * The Results section as Word without pandoc: `condense export --format docx`. The file
 * is a well-formed OOXML package whose document.xml holds Table 1's cells and the golden
 * quotes, and Debian's pandoc reads back the same headings, table cells, paragraphs and
 * quotes from it as from `--format results`. Written atomically.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { runAsync } from '../../../server/src/cli/run';
import { inlineRuns, markdownBlocks } from '../../../server/src/core/export/inlineMarkdown';
import { writeFileAtomic } from '../../../common/atomicWrite';
import { cleanTemps, requireTool, SAMPLE, tempDir, tempStudy } from './support';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string[] }> {
  let out = '';
  const err: string[] = [];
  const code = await runAsync(
    argv,
    (s) => (out += `${s}\n`),
    (s) => err.push(s),
    (s) => (out += s),
  );
  return { code, out, err };
}

/** A codebook with markup, hostile text, a theme without subthemes and a quote that is not found. */
const HOSTILE: Record<string, string> = {
  'codebook.md': [
    '# Trust & <script>alert(1)</script> 😊 {#trust}',
    '',
    '## Being "heard" {#heard}',
    '',
    '### Quotes',
    '',
    '> they *really* listened',
    '',
    '> words nobody said (P9)',
    '',
    '### Synthesis',
    '',
    'Participants felt **heard** and *seen*; see [the paper](http://example.org).',
    'Escaped \\*stars\\* stay.',
    '',
    '- first point',
    '- second point with `code`',
    '',
    '# Lone theme {#lone}',
    '',
    '### Synthesis',
    '',
    'A theme with no subthemes, café e\u0301.',
    '',
  ].join('\n'),
  'fg1.md': '**P1:** At last [they really listened]{.heard} to us.\n',
};

interface Item {
  tag: string;
  text: string;
}

type Node = { t: string; c?: unknown };

function inlineText(xs: Node[]): string {
  let s = '';
  for (const x of xs) {
    switch (x.t) {
      case 'Str':
        s += x.c as string;
        break;
      case 'Space':
      case 'SoftBreak':
      case 'LineBreak':
        s += ' ';
        break;
      case 'Code':
        s += (x.c as [unknown, string])[1];
        break;
      case 'Link':
      case 'Span':
      case 'Image':
        s += inlineText((x.c as [unknown, Node[]])[1]);
        break;
      case 'Quoted':
        s += `"${inlineText((x.c as [unknown, Node[]])[1])}"`;
        break;
      default:
        if (Array.isArray(x.c)) s += inlineText(x.c as Node[]);
    }
  }
  return s;
}

/** The text items of a pandoc AST: headings, paragraphs, table cells and quote paragraphs, in order. */
function items(blocks: Node[], tag = 'P', out: Item[] = []): Item[] {
  const push = (t: string, text: string): void => {
    const norm = text.replace(/\s+/g, ' ').trim();
    if (norm) out.push({ tag: t, text: norm });
  };
  for (const b of blocks) {
    switch (b.t) {
      case 'Header': {
        const [level, , inl] = b.c as [number, unknown, Node[]];
        push(`H${level}`, inlineText(inl));
        break;
      }
      case 'Para':
      case 'Plain':
        push(tag, inlineText(b.c as Node[]));
        break;
      case 'BlockQuote':
        items(b.c as Node[], 'Q', out);
        break;
      case 'BulletList':
      case 'OrderedList': {
        const lists = (b.t === 'BulletList' ? b.c : (b.c as [unknown, unknown])[1]) as Node[][];
        for (const li of lists) items(li, 'L', out);
        break;
      }
      case 'Table': {
        // The caption (pandoc reads the Word caption paragraph as a paragraph before the table).
        const caption = (b.c as unknown[])[1] as [unknown, Node[]];
        items(caption[1], 'P', out);
        collectCells((b.c as unknown[]).slice(2), out);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function collectCells(x: unknown, out: Item[]): void {
  if (!Array.isArray(x)) {
    if (x && typeof x === 'object' && 't' in (x as Node)) {
      const n = x as Node;
      if (n.t === 'Plain' || n.t === 'Para') {
        const text = inlineText(n.c as Node[])
          .replace(/\s+/g, ' ')
          .trim();
        if (text) out.push({ tag: 'C', text });
        return;
      }
      collectCells(n.c, out);
    }
    return;
  }
  for (const y of x) collectCells(y, out);
}

function pandocJson(args: string[], input?: string): Node[] {
  const r = spawnSync('pandoc', [...args, '-t', 'json'], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { blocks: Node[] }).blocks;
}

describe('export: docx', () => {
  after(cleanTemps);

  it('writes a .docx whose document.xml holds Table 1 and the quotes, XML-escaped', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'results.docx');
    const r = await cli('export', '--format', 'docx', '--out', file, tempStudy(HOSTILE));
    assert.equal(r.code, 0, r.err.join('\n'));
    const files = unzipSync(fs.readFileSync(file));
    for (const part of ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'docProps/core.xml'])
      assert.ok(files[part], `${part} is in the package`);
    const xml = new TextDecoder('utf-8', { fatal: true }).decode(files['word/document.xml']);
    assert.ok(xml.includes('<w:tbl>'), 'Table 1 is a Word table');
    for (const text of [
      'Themes',
      'Subthemes',
      'Trust &amp; &lt;script&gt;alert(1)&lt;/script&gt; 😊',
      'Being &quot;heard&quot;',
      'Lone theme',
      '— P1, fg1, line 1',
      '— P9 (not found in the transcripts)',
    ]) {
      assert.ok(xml.includes(`>${text}</w:t>`), `document.xml has the text ${text}`);
    }
    assert.ok(!xml.includes('<script>'), 'no markup from the codebook becomes XML');
    assert.match(xml, /<w:pStyle w:val="Quote"\/>[\s\S]*?>they <\/w:t>/);
    assert.match(
      xml,
      /<w:i\/>(?:<w:iCs\/>)?<\/w:rPr><w:t xml:space="preserve">really<\/w:t>|<w:i\/>[\s\S]{0,40}>really<\/w:t>/,
    );
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f !== 'results.docx'),
      [],
      'no temporary file is left',
    );
  });

  it('is well-formed XML in every part (xmllint)', async function () {
    if (!requireTool(this, 'xmllint', 'libxml2-utils')) return;
    const dir = tempDir();
    const file = path.join(dir, 'r.docx');
    assert.equal((await cli('export', '--format', 'docx', '--out', file, SAMPLE)).code, 0);
    for (const [name, bytes] of Object.entries(unzipSync(fs.readFileSync(file)))) {
      if (!/\.(xml|rels)$/.test(name)) continue;
      const part = path.join(dir, name.replace(/[/[\]]/g, '_'));
      fs.writeFileSync(part, bytes);
      const x = spawnSync('xmllint', ['--noout', part], { encoding: 'utf8' });
      assert.equal(x.status, 0, `${name}: ${x.stderr}`);
    }
  });

  for (const [label, study] of [
    ['the sample study', () => SAMPLE],
    ['a codebook with markup and hostile text', () => tempStudy(HOSTILE)],
  ] as const) {
    it(`reads back in pandoc as the same headings, table, paragraphs and quotes as --format results: ${label}`, async function () {
      if (!requireTool(this, 'pandoc', 'pandoc')) return;
      const root = study();
      const dir = tempDir();
      const file = path.join(dir, 'results.docx');
      assert.equal((await cli('export', '--format', 'docx', '--out', file, root)).code, 0);
      const md = await cli('export', '--format', 'results', root);
      const fromMarkdown = items(pandocJson(['-f', 'markdown-smart'], md.out));
      const fromDocx = items(pandocJson(['-f', 'docx', file]));
      assert.ok(fromMarkdown.length > 10);
      assert.deepEqual(fromDocx, fromMarkdown);
      for (const tag of ['H1', 'H2', 'H3', 'C', 'Q', 'P'])
        assert.ok(
          fromMarkdown.some((i) => i.tag === tag),
          `the results have ${tag} items`,
        );
      // And as the issue reads it: `pandoc -f docx -t markdown` shows each heading as a Markdown heading.
      const asMarkdown = spawnSync('pandoc', ['-f', 'docx', '-t', 'markdown', '--wrap=none', file], {
        encoding: 'utf8',
      }).stdout.replace(/\\(.)/g, '$1');
      for (const h of fromMarkdown.filter((i) => /^H\d$/.test(i.tag)))
        assert.ok(asMarkdown.includes(`${'#'.repeat(Number(h.tag[1]))} ${h.text}\n`), h.text);
    });
  }

  it('needs --out, and reports a folder it cannot write in one line', async () => {
    assert.match(
      (await cli('export', '--format', 'docx', SAMPLE)).err[0],
      /^condense: --format docx writes a zip archive: give a file with --out \(e\.g\. --out results\.docx\)$/,
    );
    const r = await cli('export', '--format', 'docx', '--out', path.join(tempDir(), 'missing', 'r.docx'), SAMPLE);
    assert.deepEqual(
      [r.code, r.err],
      [2, [`condense: ${r.err[0].slice('condense: '.length).replace(/: cannot write.*$/, '')}: cannot write (ENOENT)`]],
    );
  });
});

describe('atomic writes', () => {
  after(cleanTemps);

  it('replaces the target whole, and leaves it untouched when the write fails', () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.txt');
    fs.writeFileSync(file, 'old');
    writeFileAtomic(file, 'new');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    fs.mkdirSync(path.join(dir, 'sub.txt'));
    assert.throws(() => writeFileAtomic(path.join(dir, 'sub.txt'), 'x'));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['out.txt', 'sub.txt']);
  });
});

describe('inline Markdown to runs', () => {
  it('reads strong, emphasis, code, escapes, links and spans', () => {
    assert.deepEqual(inlineRuns('a **b** *c* _d_ `e` \\*f\\* [g](http://x) [h]{.k} snake_case_word'), [
      { text: 'a ' },
      { text: 'b', bold: true },
      { text: ' ' },
      { text: 'c', italic: true },
      { text: ' ' },
      { text: 'd', italic: true },
      { text: ' ' },
      { text: 'e', code: true },
      { text: ' *f* g h snake_case_word' },
    ]);
    assert.deepEqual(inlineRuns('*a **b** c*'), [
      { text: 'a ', italic: true },
      { text: 'b', italic: true, bold: true },
      { text: ' c', italic: true },
    ]);
    assert.deepEqual(inlineRuns('2 * 3 * 4 and [unclosed'), [{ text: '2 * 3 * 4 and [unclosed' }]);
  });

  it('splits paragraphs, bullets and quotes', () => {
    assert.deepEqual(markdownBlocks('one\ntwo\n\n- a\n- b\n  more\n\n> q1\n> q2\n\n**bold** start'), [
      { kind: 'paragraph', text: 'one two' },
      { kind: 'bullet', text: 'a' },
      { kind: 'bullet', text: 'b more' },
      { kind: 'quote', text: 'q1 q2' },
      { kind: 'paragraph', text: '**bold** start' },
    ]);
  });
});
