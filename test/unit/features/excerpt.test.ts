/**
 * `excerpt` reads only the start of a text: it must give what collapsing and trimming the
 * whole text gives, for any text, white space of every kind included.
 */
import * as assert from 'node:assert/strict';
import { excerpt } from '../../../server/src/features/codeInfo';
import { prng } from '../support/grammar';

/** The definition: collapse every white-space run of the whole text, trim, then cut. */
function reference(text: string, max: number): string {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  const cut = s.lastIndexOf(' ', max - 1);
  return `${s.slice(0, cut > max / 2 ? cut : max - 1)}…`;
}

describe('excerpt', () => {
  it('equals collapsing and trimming the whole text, on random texts', () => {
    const random = prng(42);
    const pieces = [
      'a',
      'bc',
      ' ',
      '  ',
      '\n',
      '\t',
      '\r\n',
      '\u00a0',
      '\u2003',
      '\u3000',
      '\ufeff',
      '😀',
      'e\u0301',
      'word',
    ];
    for (let k = 0; k < 20000; k++) {
      let text = '';
      for (let n = Math.floor(random() * 50); n > 0; n--) text += pieces[Math.floor(random() * pieces.length)];
      for (const max of [1, 3, 10, 40]) assert.equal(excerpt(text, max), reference(text, max), JSON.stringify(text));
    }
  });

  it('treats every UTF-16 code unit as `\\s` does', () => {
    for (let c = 0; c < 0x10000; c++) {
      const text = `a${String.fromCharCode(c)}b`;
      assert.equal(excerpt(text, 40), reference(text, 40), c.toString(16));
    }
  });

  it('cuts a long text at a space, with an ellipsis', () => {
    assert.equal(excerpt(`  We   worked\n\nfor a year ${'and more '.repeat(100000)}`, 20), 'We worked for a…');
  });
});
