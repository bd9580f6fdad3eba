/**
 * Differential tests: the meaning units Condense finds must be the Spans and Divs that
 * pandoc itself (`pandoc -f markdown-smart -t json`, Debian's build) finds, with the same
 * codes, id, key=value pairs and text.
 *
 * Constructs where Condense deliberately differs from pandoc are left out of the inputs
 * (see the notes in support/grammar.ts and above the tests below).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTranscript } from '../../server/src/core/transcript';
import { document, Gen, prng } from './support/grammar';
import { havePandoc, oracleUnitsMany, squash, type OracleUnit } from './support/pandocAst';

interface Comparable {
  kind: 'span' | 'div';
  codes: string[];
  id: string | null;
  pairs: [string, string][];
  text: string;
}

function ours(markdown: string): Comparable[] {
  return parseTranscript(markdown).units.map((u) => ({
    kind: u.kind,
    codes: u.codes,
    id: u.id ?? null,
    // The note is one of the key=value pairs for pandoc; tests never write it twice.
    pairs: [...(u.note !== undefined ? [['note', u.note] as [string, string]] : []), ...u.attributes],
    text: squash(u.text),
  }));
}

function comparable(units: OracleUnit[]): Comparable[] {
  return units.map((u) => ({
    kind: u.kind,
    codes: u.codes,
    id: u.id ?? null,
    pairs: u.pairs.filter(([k]) => k === 'note').concat(u.pairs.filter(([k]) => k !== 'note')),
    text: squash(u.text),
  }));
}

/** Runs pandoc on every document (a few at a time) and compares each with our units. */
async function agreeAll(docs: { markdown: string; label: string }[]): Promise<number> {
  const oracle = await oracleUnitsMany(docs.map((d) => d.markdown));
  let units = 0;
  docs.forEach(({ markdown, label }, k) => {
    const mine = ours(markdown);
    units += mine.length;
    assert.deepEqual(
      mine,
      comparable(oracle[k]),
      `${label}: units differ from pandoc's for ${JSON.stringify(markdown)}`,
    );
  });
  return units;
}

/** Attribute blocks, each tried as `x [a b]<attrs> y`. */
const ATTRIBUTE_CASES = [
  '{.x}',
  '{.x .y}',
  '{#id}',
  '{#id .x}',
  '{.x #id}',
  '{}',
  '{ }',
  '{\t.a\t}',
  '{ .a\n.b }',
  '{.1x}',
  '{.é}',
  '{.cafe\u0301}',
  '{.x²}',
  '{.𝐀b}',
  '{.b😀}',
  '{.x😀}',
  '{#x\u00a0y}',
  '{#a#b}',
  '{.a.b}',
  '{.a#b}',
  '{.a_b-c:d.e}',
  '{.A}',
  '{._a}',
  '{#_a}',
  '{.}',
  '{#}',
  '{-}',
  '{- .x}',
  '{.x -}',
  '{.a,.b}',
  '{k=v}',
  '{k=}',
  '{k=""}',
  '{=v}',
  '{k:1=v}',
  '{data-x=1 .y}',
  '{key-with-dash=v}',
  '{k="x\\"y" j=\'z\' m=1}',
  '{k="a\nb"}',
  '{.x k="a\\\\b"}',
  '{.x k="a\\b"}',
  '{.x k=p\\}q}',
  '{.x k=a\\b}',
  '{k=a"b}',
  "{k='a\"b'}",
  '{k="v"x}',
  '{k=v}}',
  '{.x note="memo \\"quoted\\""}',
  "{.x note='single'}",
  '{.smallcaps}',
  '{.smallcaps .x}',
  '{.mark}',
  '{.underline}',
  '{.ul}',
  '{.unlisted}',
  '{.unnumbered}',
  '{#i .smallcaps}',
  '{.smallcaps k=v}',
];

/** Inline and block constructs around units, each a whole document. */
const CONSTRUCT_CASES = [
  '[a [b]{.x}',
  '[a]{.x} c]{.y}',
  '[a \\[ b]{.x}',
  '[a `]` b]{.x}',
  '[a <!-- ] --> b]{.x}',
  '[a](b)]{.x}',
  '[[a](b)]{.x}',
  '[a]{.x}{.y}',
  '[a] {.x}',
  '[a]\n{.x}',
  '[a]{.x\n.y}',
  '![a]{.x}',
  '![a](b){.x}',
  '[a](b){.x}',
  '[^1]{.x}',
  '[a][b]{.x}',
  '[a][]{.x}',
  '[[a]]{.x}',
  '[[a]{.y}]{.x}',
  '[a\\]]{.x}',
  '`[a]{.x}',
  '[`a]{.x}`',
  '[a]{.x}`',
  '[*a]{.x}*',
  '*[a*]{.x}',
  '**[a]{.x}**',
  '[a]{.x} *b [c]{.y} d*',
  '_[a]{.x}_',
  '__a [b]{.x}__',
  '[a]{.x}]{.y}',
  '[link [a]{.x}](u)',
  '[a]{.x}(u)',
  '[a](b "t")]{.x}',
  '[a](<b c>){.x}',
  '[ a ]{.x}',
  '[a  \nb]{.x}',
  '[a\\\nb]{.x}',
  'x\\\n[a]{.x}',
  '[a]{.x}<!--c-->',
  '[a]{.x}: b',
  '[a]{.x}[b]{.y}',
  '[x](http://a.b/c)[a]{.y}',
  '[a][b]{.y}',
  '[a]{.x}[b][c]{.y}',
  '![i](j)[a]{.y}',
  '[a][b][c]{.y}',
  '[a] [b]{.y}',
  '[a][]{.y}',
  '[a]{.x}]{.y}[b]{.z}',
  '[^1][a]{.x}',
  '![a][b]{.x}',
  '![a][b][c]{.x}',
  '[a]{.x}\n===',
  '[a]{.x}\n---',
  '> [a]{.x}',
  '- [a]{.x}',
  '1. [a]{.x}',
  '# [a]{.x}',
  '    [a]{.x}',
  'p\n    [a]{.x}',
  '| [a]{.x} |\n|---|\n| b |',
  '[a]{.x}\n\n[a]: http://x',
  '::: {.x}\na\n:::',
  'p\n::: {.x}\na\n:::',
  '::: {.x}\na\n\n:::\nb',
  '  ::: {.x}\na\n:::',
  '::: {.x}\n::: {.y}\na\n:::\n:::',
  ':::: {.x}\na\n\n::: y\nb\n:::\n::::',
  ':::: {.x}\na\n::: y\nb\n:::\n::::',
  '::: {.x}\na\n::::::',
  '::: {.x}\na\n::: \n',
  '::::: {.x}\na\n:::',
  '# h\n::: {.x}\na\n:::',
  '::: {#i}\na\n:::',
  '::: {.smallcaps}\na\n:::',
  '::: {.x}\n:::',
  '::: {.x}\n\n:::',
  '::: x\na\n:::',
  '::: a:b\nx\n:::',
  '::: a:::\nx\n:::',
  '::: a :::\nx\n:::',
  '::: a}b\nx\n:::',
  '::: a b\nx\n:::',
  '::: {.a} :::\nx\n:::',
  '::: {.a} b\nx\n:::',
  '::: {.x}\nP1: a\n\nP2: [b]{.y}\n:::',
  'x\n:::\ny',
  '```\n[a]{.x}\n```',
  '~~~\n[a]{.x}\n~~~',
  '````\n```\n[a]{.x}\n````',
  '```x\n[b]{.x}\n```',
  '```\na\n\n[b]{.x}',
  '~~~\n[b]{.x}',
  'p\n```\n[b]{.x}\n```',
  'p\n~~~\n[b]{.x}\n~~~',
  '```\n[b]{.x}\n````',
  'a\n\n    [b]{.x}',
  'a\n\n\t[b]{.x}',
  '* a\n\n    [b]{.x}',
  '> a\n[b]{.x}',
  '<!-- [a]{.x} -->',
  '<!--\n[a]{.x}\n-->\n\n[b]{.y}',
  '<!-- c --> text [a]{.x}\nmore [b]{.y}',
  '<!-- c\nd --> more [b]{.y}',
  '<!-- c --> <!-- d --> [e]{.x}',
  '<!-- c -->\n[a]{.y}',
  '<!-- c --> **P1:** [a]{.x}',
  'a <!-- b\n[c]{.x} --> d',
  '<!-- a\n\n[b]{.x}\n-->\n[c]{.y}',
  '---\ntitle: "[t]{.x}"\n---\n\n[a]{.y}',
  '\ufeff[a]{.x}',
  '[a]{.x}\r\n\r\n[b\r\nc]{.y}\r\n',
];

/*
 * Where Condense deliberately parts from pandoc 2.17 (kept out of the inputs, listed so
 * that nobody adds them back by accident):
 * - `[a\n\nb]{.x}`: pandoc 2.17 makes a span of the first paragraph and loses `b`;
 *   a unit never crosses a blank line in Condense.
 * - raw HTML `<span>`/`<div>` (pandoc's native_spans/native_divs): Condense codes only
 *   with bracketed spans and fenced divs.
 * - `<https://x/]>` autolinks holding a bracket, pandoc's non-CommonMark pairing of
 *   unequal backtick runs, `> :::` divs inside blockquotes, indented code inside list items.
 * - headings, list markers, blockquote markers and code fences inside a div stay in its
 *   plain text (they are not markup Condense removes); pandoc's text leaves them out.
 */
describe('differential: units agree with pandoc', function () {
  before(function () {
    // Skip where pandoc is not installed; CI installs it, so there a missing pandoc is a failure.
    if (!havePandoc()) {
      if (process.env.CI === 'true') throw new Error('pandoc is required in CI (apt-get install pandoc)');
      this.skip();
    }
  });

  it('agrees on every sample transcript', async function () {
    const dir = path.join(__dirname, '../../sample/transcripts');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.md'));
    assert.equal(files.length, 4);
    const units = await agreeAll(
      files.map((f) => ({ markdown: fs.readFileSync(path.join(dir, f), 'utf8'), label: f })),
    );
    assert.equal(units, 62);
  });

  it('agrees on attribute blocks', async function () {
    await agreeAll(ATTRIBUTE_CASES.map((a) => ({ markdown: `x [a b]${a} y\n`, label: a })));
  });

  it('agrees on constructs around units', async function () {
    await agreeAll(CONSTRUCT_CASES.map((c) => ({ markdown: `${c}\n`, label: c })));
  });

  it('agrees on 200 generated transcripts (seeded)', async function () {
    this.timeout(60000);
    const docs = [];
    for (let seed = 1; seed <= 200; seed++) {
      docs.push({ markdown: document(new Gen(prng(seed)), { crlf: seed % 7 === 0 }), label: `seed ${seed}` });
    }
    const units = await agreeAll(docs);
    // The grammar must actually exercise units, not only plain paragraphs.
    assert.ok(units > 600, `only ${units} units generated`);
  });
});
