import * as assert from 'node:assert/strict';
import { sharedIntPrefix, sharedIntSuffix, sharedPrefix, sharedSuffix } from '../../server/src/core/sharedRuns';
import { prng } from './support/grammar';

/** The answers one element at a time. */
function naivePrefix(a: ArrayLike<unknown>, b: ArrayLike<unknown>, max: number): number {
  let i = 0;
  while (i < max && a[i] === b[i]) i++;
  return i;
}
function naiveSuffix(a: ArrayLike<unknown>, b: ArrayLike<unknown>, max: number): number {
  let i = 0;
  while (i < max && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

describe('shared runs of two texts or integer arrays', () => {
  it('agree with a comparison one element at a time, differences at and around block edges', () => {
    const random = prng(11);
    for (let round = 0; round < 300; round++) {
      const length = [0, 1, 4095, 4096, 4097, 2048, 8192, 12_000, 20_000][round % 9] + Math.floor(random() * 3);
      const chars: string[] = [];
      for (let k = 0; k < length; k++) chars.push(String.fromCharCode(97 + Math.floor(random() * 3)));
      if (round % 4 === 0 && length > 0) chars[Math.floor(random() * length)] = '😀';
      const a = chars.join('');
      // b: a with a change at a random place (an insert, a delete or a replacement), or equal.
      const at = Math.floor(random() * (a.length + 1));
      const edge = [4095, 4096, 8191, 2047, 2048][round % 5];
      const place = round % 3 === 0 && edge <= a.length ? edge : at;
      const b = [
        a,
        a.slice(0, place) + 'z' + a.slice(place),
        a.slice(0, place) + a.slice(place + 1),
        a.slice(0, place) + 'z' + a.slice(place + 1),
      ][round % 4];
      const max = Math.min(a.length, b.length);
      const p = sharedPrefix(a, b);
      assert.equal(p, naivePrefix(a, b, max), `prefix, round ${round}`);
      assert.equal(sharedSuffix(a, b, max - p), naiveSuffix(a, b, max - p), `suffix, round ${round}`);
      assert.equal(sharedSuffix(a, b, max), naiveSuffix(a, b, max), `whole suffix, round ${round}`);

      const x = Int32Array.from(a, (c) => c.charCodeAt(0) * 65_537 - 3);
      const y = Int32Array.from(b, (c) => c.charCodeAt(0) * 65_537 - 3);
      const m = Math.min(x.length, y.length);
      const q = sharedIntPrefix(x, y);
      assert.equal(q, naivePrefix(x, y, m), `int prefix, round ${round}`);
      assert.equal(sharedIntPrefix(x, y, Math.floor(m / 2)), naivePrefix(x, y, Math.floor(m / 2)));
      assert.equal(sharedIntSuffix(x, y, m - q), naiveSuffix(x, y, m - q), `int suffix, round ${round}`);
      // Views into larger buffers compare their own numbers only.
      const big = new Int32Array(x.length + 10);
      big.set(x, 5);
      assert.equal(sharedIntPrefix(big.subarray(5, 5 + x.length), y), q);
    }
  });
});
