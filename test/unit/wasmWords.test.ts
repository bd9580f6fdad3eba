/**
 * The golden-quote search's loops in WebAssembly (core/wasmWords.ts, core/wasm/wordSearch.wat):
 * its word reader reads what the definition says (the lower-cased plain text split by the
 * scorer's own separator pattern) when searches with different vocabularies take turns on
 * one thread, when a range cuts a word or markup splits one, and in a file too large for
 * the memory a thread keeps. (wordSearch.test.ts compares whole searches with the definition.)
 */
import * as assert from 'node:assert/strict';
import { FileWords, QuoteVocabulary } from '../../server/src/core/fileWords';
import { WasmWords } from '../../server/src/core/wasmWords';
import { SearchPlan } from '../../server/src/core/wordSearch';
import { parseTranscript } from '../../server/src/core/transcript';
import type { UnitTable } from '../../server/src/core/unitTable';
import { prng } from './support/prng';

/** The words of plain [from, to) by the definition: [word, vocabulary word or null]. */
function defined(plain: string, from: number, to: number, v: QuoteVocabulary): [string, string | null][] {
  return (
    plain
      .slice(from, to)
      .toLowerCase()
      .match(/[\p{L}\p{N}']+/gu) ?? []
  ).map((w) => [w, v.numberOf(w) >= 0 ? w : null]);
}

function got(words: FileWords, plain: string, v: QuoteVocabulary): [string, string | null][] {
  const out: [string, string | null][] = [];
  for (let i = 0; i < words.count; i++) {
    out.push([
      plain.slice(words.starts[i], words.ends[i]).toLowerCase(),
      words.ids[i] >= 0 ? v.words[words.ids[i]] : null,
    ]);
  }
  return out;
}

function tableOf(text: string): UnitTable {
  return parseTranscript(text).table as UnitTable;
}

describe('word search in WebAssembly', () => {
  it('reads the words of each range, cut where a range cuts them, with two vocabularies taking turns', () => {
    const a = new QuoteVocabulary(['peer', 'workers', "don't", 'naïve']);
    const b = new QuoteVocabulary(['we', 'the', 'straße', 'x1', 'workers']);
    const text =
      "\uFEFF**P:** [PEER **wor**kers]{.a} NAÏVE, Don't\r\nStraße. x1 [we]{.b} the_peer wor*kers*\n\n" +
      '> quoted peer workers\n\nWe, the PEER-workers; Ø µg naïve.\n';
    const table = tableOf(text);
    const plain = table.plain.text;
    const rnd = prng(7);
    for (let round = 0; round < 40; round++) {
      const v = round % 2 ? a : b;
      // Apart, in order, ends anywhere (inside words too).
      const ranges: number[] = [];
      let at = Math.floor(rnd() * 5);
      while (at < plain.length) {
        const end = Math.min(plain.length, at + 1 + Math.floor(rnd() * 20));
        ranges.push(at, end);
        at = end + 1 + Math.floor(rnd() * 6);
      }
      const words = FileWords.read(table, v, ranges) as FileWords;
      const want: [string, string | null][] = [];
      for (let r = 0; r < ranges.length; r += 2) want.push(...defined(plain, ranges[r], ranges[r + 1], v));
      assert.deepEqual(got(words, plain, v), want, JSON.stringify(ranges));
    }
  });

  it('finds a quote word split by markup (compared as a string) and leaves files off the Latin path', () => {
    const v = new QuoteVocabulary(['workers', 'peer']);
    const table = tableOf('**P:** [pe**er** wor*ker*s and peers]{.a}\n');
    const plain = table.plain.text;
    const words = FileWords.read(table, v, [0, plain.length]) as FileWords;
    assert.deepEqual(got(words, plain, v), defined(plain, 0, plain.length, v));
    assert.deepEqual(
      got(words, plain, v).filter(([, id]) => id),
      [
        ['peer', 'peer'],
        ['workers', 'workers'],
      ],
    );
    for (const other of ['a 😀 b', 'cafe\u0301', 'İstanbul', 'σ']) {
      const o = tableOf(`**P:** [peer ${other}]{.a}\n`);
      assert.equal(FileWords.read(o, v, [0, o.plain.text.length]), null, other);
      // Off the path only inside a range: the same file read before that character is Latin.
      assert.ok(FileWords.read(o, v, [0, 4]), other);
    }
  });

  it('reads a file larger than the memory a thread keeps, then a small one, alike', () => {
    const v = new QuoteVocabulary(['peer', 'workers']);
    const line = '**P:** [We the peer workers, and **more** peer-workers.]{.a}\n\n';
    // About 5 M characters: more than the 8 MB a thread's reader keeps.
    const big = tableOf(line.repeat(Math.ceil(5_000_000 / line.length)));
    const bigWords = FileWords.read(big, v, [0, big.plain.text.length]) as FileWords;
    assert.equal(bigWords.count, 9 * Math.ceil(5_000_000 / line.length));
    const small = tableOf(line);
    const smallWords = FileWords.read(small, v, [0, small.plain.text.length]) as FileWords;
    assert.deepEqual(got(smallWords, small.plain.text, v), defined(small.plain.text, 0, small.plain.text.length, v));
  });

  it('reads the merged ranges of candidate units, in order of their starts or not', () => {
    const line = '**P:** We the peer workers, and more peer-workers; x y z.\n\n';
    const table = tableOf(line.repeat(40));
    const plain = table.plain.text;
    const text = table.lines.text;
    const seg = table.plain.segments;
    const plan = new SearchPlan([['the peer'], ['workers and']]);
    const rnd = prng(3);
    for (let round = 0; round < 60; round++) {
      // Units of two numbers each (plain start, end), some empty, some nested or touching.
      const count = 1 + Math.floor(rnd() * 30);
      const pairs: [number, number][] = [];
      for (let k = 0; k < count; k++) {
        const s = Math.floor(rnd() * plain.length);
        pairs.push([s, Math.min(plain.length, s + Math.floor(rnd() * 40) - 3)]);
      }
      const sorted = round % 2 === 0;
      if (sorted) pairs.sort((a, b) => a[0] - b[0]);
      const data = Int32Array.from(pairs.flat());
      const units = { data, count, stride: 2, offStart: 0, offEnd: 1 };
      const picked = [...Array(count).keys()].filter(() => rnd() < 0.6);
      const candidates = [picked.filter((k) => k % 2 === 0), picked.filter((k) => k % 2 === 1)];
      // The definition: the candidates' ranges merged where they meet or overlap.
      const ranges: number[] = [];
      for (const [s, e] of picked.map((k) => pairs[k]).sort((a, b) => a[0] - b[0])) {
        if (e <= s) continue;
        if (ranges.length && s <= ranges[ranges.length - 1])
          ranges[ranges.length - 1] = Math.max(ranges[ranges.length - 1], e);
        else ranges.push(s, e);
      }
      const want = FileWords.read(table, plan.vocabulary, ranges) as FileWords;
      const wantWords = got(want, plain, plan.vocabulary);
      const words = WasmWords.read(plan, text, seg, units, { candidates }) as WasmWords;
      const have: [string, string | null][] = [];
      for (let i = 0; i < words.count; i++) {
        have.push([
          plain.slice(words.starts[i], words.ends[i]).toLowerCase(),
          words.ids[i] >= 0 ? plan.vocabulary.words[words.ids[i]] : null,
        ]);
      }
      assert.deepEqual(have, wantWords, `${sorted ? 'sorted' : 'any order'}: ${JSON.stringify(pairs)}`);
    }
  });
});
