/**
 * UTF-8 decoding in WebAssembly (core/utf8.ts, core/wasm/utf8.wat) against TextDecoder,
 * the definition: every valid text decodes to what TextDecoder gives (one-byte and
 * two-byte, every sequence length and its boundaries, a BOM kept, runs of ASCII cut at
 * every alignment), and every invalid byte sequence is left to TextDecoder (null), which
 * refuses it. Random bytes: null exactly where TextDecoder throws.
 */
import * as assert from 'node:assert/strict';
import { decodeUtf8, MAX_WASM_DECODE } from '../../server/src/core/utf8';
import { decodeText } from '../../server/src/core/textFile';
import { prng } from './support/prng';

const fatal = (b: Uint8Array): string | null => {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    return null;
  }
};

/** Code points of every UTF-8 length, with the edges of each range. */
const POINTS = [
  0x0, 0x9, 0xa, 0x41, 0x7f, 0x80, 0xa0, 0xe9, 0xf8, 0xff, 0x100, 0x130, 0x2ff, 0x300, 0x7ff, 0x800, 0x2019, 0x201c,
  0x3c3, 0xd7ff, 0xe000, 0xfeff, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff,
];

function randomText(rnd: () => number, latinOnly: boolean): string {
  let s = '';
  const n = Math.floor(rnd() * 40);
  for (let k = 0; k < n; k++) {
    const r = rnd();
    if (r < 0.6) s += 'abc def ghij'.slice(0, 1 + Math.floor(rnd() * 12));
    else {
      const pool = latinOnly ? POINTS.filter((p) => p <= 0xff) : POINTS;
      s += String.fromCodePoint(pool[Math.floor(rnd() * pool.length)]);
    }
  }
  return s;
}

describe('UTF-8 decoding (WebAssembly)', () => {
  it('decodes valid text as TextDecoder does, one-byte and two-byte', () => {
    const rnd = prng(11);
    for (let round = 0; round < 3000; round++) {
      const s = randomText(rnd, round % 2 === 0);
      const bytes = Buffer.from(s, 'utf8');
      assert.equal(decodeUtf8(bytes), s, JSON.stringify(s));
      assert.equal(decodeUtf8(bytes), fatal(bytes));
    }
    for (const p of POINTS) {
      const s = `ab${String.fromCodePoint(p)}cdefghijk`;
      assert.equal(decodeUtf8(Buffer.from(s, 'utf8')), s, p.toString(16));
    }
    assert.equal(decodeUtf8(new Uint8Array(0)), '');
    // A BOM is kept, as the index reads it (and TextDecoder with ignoreBOM).
    assert.equal(decodeUtf8(Buffer.from('\uFEFF# Title\r\n', 'utf8')), '\uFEFF# Title\r\n');
  });

  it('leaves every invalid sequence to TextDecoder, at every alignment', () => {
    const invalid = [
      [0x80],
      [0xbf],
      [0xc0, 0x80],
      [0xc1, 0xbf],
      [0xc3],
      [0xc3, 0x41],
      [0xe0, 0x80, 0x80],
      [0xe0, 0x9f, 0xbf],
      [0xe2, 0x82],
      [0xe2, 0x28, 0xa1],
      [0xed, 0xa0, 0x80],
      [0xed, 0xbf, 0xbf],
      [0xf0, 0x80, 0x80, 0x80],
      [0xf0, 0x8f, 0xbf, 0xbf],
      [0xf0, 0x9f, 0x98],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xfe],
      [0xff],
    ];
    for (const seq of invalid) {
      for (let before = 0; before < 10; before++) {
        const bytes = Uint8Array.from([...Buffer.from('x'.repeat(before)), ...seq, ...Buffer.from('yz é')]);
        assert.equal(fatal(bytes), null, `${seq} is invalid`);
        assert.equal(decodeUtf8(bytes), null, `${seq} after ${before}`);
        assert.equal('problem' in decodeText(bytes, 1e9), true);
      }
    }
  });

  it('random bytes: null exactly where TextDecoder refuses them, else its text', () => {
    const rnd = prng(5);
    const pieces = [
      0x41, 0x20, 0xc3, 0xa9, 0xe2, 0x80, 0x99, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xbf, 0xc0, 0xf4, 0x8f, 0xff,
    ];
    for (let round = 0; round < 5000; round++) {
      const n = Math.floor(rnd() * 24);
      const bytes = Uint8Array.from({ length: n }, () => pieces[Math.floor(rnd() * pieces.length)]);
      assert.equal(decodeUtf8(bytes), fatal(bytes), Buffer.from(bytes).toString('hex'));
    }
  });

  it('leaves a file larger than its memory to TextDecoder, and decodes a small one after it', () => {
    const big = Buffer.from('é'.repeat(MAX_WASM_DECODE / 2 + 1), 'utf8');
    assert.equal(decodeUtf8(big), null);
    assert.equal((decodeText(big, 1e9) as { text: string }).text.length, MAX_WASM_DECODE / 2 + 1);
    assert.equal(decodeUtf8(Buffer.from('naïve', 'utf8')), 'naïve');
  });
});
