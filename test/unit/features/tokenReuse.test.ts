/**
 * Tokens made from the previous tokens of a document (tokenState with a previous state)
 * are the tokens made from nothing, after every kind of edit: typing and deleting inside
 * units and between them, brackets and fences opened and closed (which change units far
 * from the edit), line breaks (LF, CR LF, a lone CR), emoji, and codes added to and
 * removed from the codebook between two edits.
 */
import * as assert from 'node:assert/strict';
import { tokenState, type TokenState } from '../../../server/src/features/semanticTokens';
import { PATTERNS } from '../../bench/complexity';
import { document, Gen, prng } from '../support/grammar';
import { study, T } from './util';

const CODEBOOK = '# Theme {#x}\n\n## Sub {#c}\n\n# Other {#a}\n';
const PIECES = [
  'a',
  ' ',
  '[',
  ']',
  ']{.x}',
  ']{.nope}',
  '{',
  '}',
  '\n',
  '\n\n',
  '\r',
  '\r\n',
  '::: {.c}\n',
  ':::\n',
  '`',
  '*',
  '😀',
  'é',
  '.x',
  '#',
];

/** A random edit of `text`: a deletion, an insertion of a piece, or both. */
function edit(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const kind = Math.floor(random() * 3);
  const cut = kind === 1 ? 0 : Math.floor(random() * 4);
  const put = kind === 0 ? '' : PIECES[Math.floor(random() * PIECES.length)];
  return text.slice(0, at) + put + text.slice(Math.min(text.length, at + cut));
}

/** Checks the tokens kept from `previous` against tokens made from nothing; returns the kept state. */
function check(text: string, codebook: string, previous: TokenState | undefined, what: string): TokenState {
  const index = study(codebook, { t: text });
  const kept = tokenState(index, T('t'), previous);
  const fresh = tokenState(index, T('t'));
  assert.deepEqual(Array.from(kept.encoded), Array.from(fresh.encoded), `tokens ${what}`);
  assert.deepEqual(Array.from(kept.firstToken), Array.from(fresh.firstToken), `first tokens ${what}`);
  return kept;
}

describe('semantic tokens kept across edits', () => {
  const texts: [string, string][] = [];
  for (let seed = 1; seed <= 40; seed++)
    texts.push([`generated ${seed}`, document(new Gen(prng(seed)), { crlf: seed % 3 === 0 })]);
  for (const name of [
    'many spans in one paragraph',
    'many short paragraphs',
    'lone CR line ends',
    'nested spans with text',
    'nested divs with text',
    'emphasis inside spans',
  ]) {
    const p = PATTERNS.find((x) => x.name === name);
    if (!p) throw new Error(`no pattern ${name}`);
    texts.push([name, p.make(600)]);
  }
  // A byte order mark and CR LF line ends: every position after them is counted past them.
  texts.push(['BOM and CR LF', `\ufeff${document(new Gen(prng(77)), { crlf: true })}`]);

  for (const [name, start] of texts) {
    it(`gives the tokens made from nothing after 40 edits: ${name}`, () => {
      const random = prng(name.length * 7919 + start.length);
      let text = start;
      let codebook = CODEBOOK;
      let state = check(text, codebook, undefined, 'at start');
      for (let k = 0; k < 40; k++) {
        text = edit(text, random);
        // Now and then the codebook changes: which codes are known, not the transcript.
        if (k % 9 === 4) codebook = codebook.includes('{#c}') ? '# Theme {#x}\n' : CODEBOOK;
        state = check(text, codebook, state, `after edit ${k + 1} of ${JSON.stringify(text.slice(0, 200))}`);
      }
    });
  }

  it('re-reads only the units around a keystroke', () => {
    const p = PATTERNS.find((x) => x.name === 'many spans in one paragraph');
    if (!p) throw new Error('no pattern');
    const text = p.make(50_000);
    const index = study(CODEBOOK, { t: text });
    const before = tokenState(index, T('t'));
    const at = text.indexOf('[', text.length >> 1) + 1;
    index.setDocument(T('t'), text.slice(0, at) + 'b' + text.slice(at), 'transcript', 2);
    const after = tokenState(index, T('t'), before);
    const table = index.getDocument(T('t'))?.transcript?.table;
    assert.ok(table && table.count > 6000);
    // The typed unit's tokens are new; the others are copied: the same numbers, and the
    // units before the edit keep their first tokens' places.
    assert.deepEqual(Array.from(after.encoded), Array.from(tokenState(index, T('t')).encoded));
    const unit = Math.floor(at / 8);
    assert.deepEqual(Array.from(after.firstToken.subarray(0, unit)), Array.from(before.firstToken.subarray(0, unit)));
  });
});
