/**
 * Blobs read from `git cat-file --batch` as they stream in (gitRead.ts): the same bytes as
 * one synchronous read, whatever the chunks git's output comes in; an error of the
 * caller's per-blob work, or a missing object, is the promise's, never an exception in
 * the stream's handler.
 */
import * as assert from 'node:assert/strict';
import { BatchReader, GitError, listTree, mapBlobsAsync, readBlobs } from '../../../server/src/node/gitRead';
import { commit, initRepo, removeTemps } from './gitRepo';

/** A deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('blobs read from git as they stream in', () => {
  after(removeTemps);

  // Sizes around git's and the pipe's chunks (64 KB), empty blobs, line breaks at the edges, emoji and CRLF.
  const PIECES = ['', '\n', 'a', '😀 cafe\u0301\r\n', `${'x'.repeat(65535)}\n`, 'é'.repeat(70000), '\n\n'];
  const files: Record<string, Uint8Array> = {};
  const rnd = prng(7);
  for (let k = 0; k < 40; k++) {
    let text = '';
    for (let p = 0; p < 1 + Math.floor(rnd() * 3); p++) text += PIECES[Math.floor(rnd() * PIECES.length)];
    files[`f${String(k).padStart(2, '0')}.md`] = Buffer.from(text, 'utf8');
  }
  files['bin.md'] = new Uint8Array([0, 10, 255, 10, 0x0a, 0x30]);

  it('hands over each blob byte for byte, in order', async () => {
    const repo = initRepo();
    commit(repo, files);
    const oids = listTree(repo, 'HEAD', '').map((e) => e.oid);
    const whole = readBlobs(repo, oids);
    assert.deepEqual(
      whole.map((b) => b.length),
      Object.keys(files)
        .sort()
        .map((f) => files[f].length),
    );
    const order: number[] = [];
    const got = await mapBlobsAsync(repo, oids, (k, blob) => {
      order.push(k);
      return Buffer.from(blob);
    });
    assert.deepEqual(order, [...oids.keys()]);
    assert.equal(got.length, whole.length);
    got.forEach((b, k) => assert.ok(b.equals(whole[k]), `blob ${k}`));
  });

  it('cuts output that arrives in any pieces as one read cuts it', () => {
    const blobs = Object.values(files).map((b) => Buffer.from(b));
    const oids = blobs.map((_, k) => k.toString(16).padStart(40, '0'));
    const out = Buffer.concat(
      blobs.flatMap((b, k) => [Buffer.from(`${oids[k]} blob ${b.length}\n`), b, Buffer.from('\n')]),
    );
    for (let seed = 1; seed <= 12; seed++) {
      const cut = prng(seed);
      const reader = new BatchReader(oids, (_, blob) => Buffer.from(blob));
      let size = 0;
      while (size < out.length) {
        const next = Math.min(out.length, size + 1 + Math.floor(cut() * (seed % 3 === 0 ? 60 : 90000)));
        reader.push(out.subarray(size, next));
        size = next;
      }
      reader.end();
      assert.equal(reader.results.length, blobs.length);
      reader.results.forEach((b, k) => assert.ok(b.equals(blobs[k]), `seed ${seed}, blob ${k}`));
    }
  });

  it('rejects with the error of the per-blob work, or of a missing object, once git is done', async () => {
    const repo = initRepo();
    commit(repo, files);
    const oids = listTree(repo, 'HEAD', '').map((e) => e.oid);
    const calls: number[] = [];
    await assert.rejects(
      mapBlobsAsync(repo, oids, (k) => {
        calls.push(k);
        if (k === 3) throw new Error('decoding failed at 3');
        return k;
      }),
      /decoding failed at 3/,
    );
    // Nothing is handed over after the failure.
    assert.deepEqual(calls, [0, 1, 2, 3]);
    const missing = [...oids.slice(0, 2), 'f'.repeat(40), ...oids.slice(2)];
    const handed: number[] = [];
    await assert.rejects(
      mapBlobsAsync(repo, missing, (k) => handed.push(k)),
      (e: unknown) => {
        assert.ok(e instanceof GitError);
        assert.match(e.message, /^cannot read object f{40} \(f{40} missing\)$/);
        return true;
      },
    );
    assert.deepEqual(handed, [0, 1]);
  });
});
