/**
 * `detached` (core/plainText.ts): the same text, held on its own, so that a piece of a
 * transcript kept in a result lets the transcript go. Checked on the heap itself: a
 * large string is dropped while pieces of it are kept, and the heap must shrink by about
 * its size after a full collection (with plain slices it does not, which the test also
 * shows, so that it cannot pass by accident).
 */
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { detached } from '../../server/src/core/plainText';

/** A full garbage collection, without starting Node with --expose-gc. */
function collect(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** Heap bytes still held after a full collection while `keep`'s pieces of a 16 MB string live. */
function heldWith(keep: (s: string, from: number) => string): { held: number; pieces: string[] } {
  collect();
  const before = process.memoryUsage().heapUsed;
  let big: string | null = 'abcdefghij'.repeat(1_600_000) + String(Math.random());
  const pieces: string[] = [];
  for (let k = 0; k < 100; k++) pieces.push(keep(big, k * 1000));
  big = null;
  collect();
  return { held: process.memoryUsage().heapUsed - before, pieces };
}

describe('detached strings', () => {
  it('is the same text', () => {
    for (const s of ['', 'short', 'exactly 13 ch', 'a longer piece of a transcript, ø é 😀', 'x'.repeat(1000)])
      assert.equal(detached(s), s);
  });

  it('keeps a piece without its transcript', () => {
    const sliced = heldWith((s, from) => s.slice(from, from + 40));
    const own = heldWith((s, from) => detached(s.slice(from, from + 40)));
    assert.equal(own.pieces[3], sliced.pieces[3]);
    assert.ok(sliced.held > 12_000_000, `plain slices keep the 16 MB string: ${sliced.held} bytes held`);
    assert.ok(own.held < 2_000_000, `detached pieces let it go: ${own.held} bytes held`);
  });
});
