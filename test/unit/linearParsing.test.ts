/**
 * The pieces that keep parsing linear give the same answers as the simple searches they
 * replace: the attribute memo (scans sharing one memo against fresh scans), the fence
 * closer index (against a line-by-line search), the emphasis matcher (against the
 * straightforward quadratic one), the quote attribution and the preview's div fence
 * (against the regular expressions they replace). And the depth limit: deeper units get
 * one `too-deep` diagnostic, 100,000 nested divs check quickly.
 */
import * as assert from 'node:assert/strict';
import { divFenceAttributes } from '../../client/src/markdownItPlugin';
import { AttributeMemo, parseAttributes, probeAttributes } from '../../common/attributes';
import { findAttribution } from '../../server/src/core/codebook';
import { DelimiterList, matchEmphasis } from '../../server/src/core/emphasis';
import { FenceClosers } from '../../server/src/core/fences';
import { LineIndex, lineStarts } from '../../server/src/core/lineIndex';
import { lineStartsInWasm } from '../../server/src/core/wasmColumns';
import { MAX_UNIT_DEPTH } from '../../server/src/core/limits';
import { IntList } from '../../server/src/core/intList';
import { buildPlainText, PlainCursor, segmentAt, sourceToPlain } from '../../server/src/core/plainText';
import { parseTranscript } from '../../server/src/core/transcript';
import { prng } from './support/grammar';

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)];
}

function randomText(rand: () => number, tokens: readonly string[], maxTokens: number): string {
  let s = '';
  const n = 1 + Math.floor(rand() * maxTokens);
  for (let k = 0; k < n; k++) s += pick(rand, tokens);
  return s;
}

describe('linear parsing: attribute blocks scanned with a shared memo', () => {
  const TOKENS = [
    '{',
    '}',
    'k=',
    'k=v',
    '"',
    "'",
    '\\',
    '\\"',
    '\\}',
    ' ',
    '\n',
    '.c',
    '#i',
    '-',
    'v',
    '[a]',
    'abcdefghij',
  ];

  /** Mostly long runs of items that never close, so that scans share their tails. */
  const LONG = [
    ' .c',
    ' .c',
    ' #i',
    ' k=v',
    '{k=v',
    ' k=v{k=v',
    '{k=v\\}',
    ' k="a b"',
    ' k=abcdefghijklmnop',
    ' k=ab\\\\cd',
    ' k=',
    'abcdefghijklmnopqrstuvwxyz0123456789',
    ' ',
    '{',
    '{',
    ' @',
    '}',
  ];

  it('every `{` of a text parses as it does alone (6,000 texts, in order and as probes, limits varying)', () => {
    const rand = prng(9);
    for (let t = 0; t < 6000; t++) {
      const text = randomText(rand, t % 2 ? TOKENS : LONG, 150);
      // Scans of one memo with different limits, as in blocks of different ends.
      const limits = [text.length, Math.floor(rand() * text.length), Math.floor(rand() * text.length)];
      const memo = new AttributeMemo(text);
      const probes = new AttributeMemo(text);
      const braces: number[] = [];
      for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) braces.push(i);
      // In order as the inline scanner goes, and backwards as heading attributes are tried.
      for (const i of braces) {
        const limit = limits[Math.floor(rand() * (rand() < 0.8 ? 1 : 3))];
        const fresh = parseAttributes(text, i, limit);
        assert.deepEqual(
          parseAttributes(text, i, limit, memo),
          fresh,
          `${JSON.stringify(text)} at ${i} limit ${limit}`,
        );
      }
      for (const i of [...braces].reverse()) {
        const limit = limits[Math.floor(rand() * (rand() < 0.8 ? 1 : 3))];
        const fresh = parseAttributes(text, i, limit);
        const probe = probeAttributes(text, i, limit, probes);
        assert.deepEqual(
          probe,
          'error' in fresh ? fresh : fresh.end,
          `${JSON.stringify(text)} probe at ${i} limit ${limit}`,
        );
      }
    }
  });
});

describe('linear parsing: fence closers', () => {
  const LINES = [
    '```',
    '````',
    '```a',
    '~~~',
    '~~~~  ',
    '~~~a',
    '   ```',
    '    ```',
    '\t```',
    ' \t```',
    'text',
    '',
    '``` `',
    '```\r',
  ];

  /** The first line at or after `from` that closes a fence of n `ch`, searched line by line. */
  function naive(text: string, starts: Int32Array, ch: string, n: number, from: number): number {
    for (const s of starts) {
      if (s < from) continue;
      const nl = text.indexOf('\n', s);
      let line = text.slice(s, nl === -1 ? text.length : nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      const m = /^([ \t]*)(`+|~+)([ \t\r]*)$/.exec(line);
      if (!m || m[2][0] !== ch || m[2].length < n) continue;
      let w = 0;
      for (const c of m[1]) w = c === '\t' ? w + 4 - (w % 4) : w + 1;
      if (w < 4) return s;
    }
    return -1;
  }

  it('finds the same closing line as a line-by-line search (2,000 texts)', () => {
    const rand = prng(21);
    for (let t = 0; t < 2000; t++) {
      const lines: string[] = [];
      const n = 1 + Math.floor(rand() * 30);
      for (let k = 0; k < n; k++) lines.push(pick(rand, LINES));
      const text = lines.join('\n');
      const starts = new LineIndex(text).starts;
      const closers = new FenceClosers(text, starts);
      for (const ch of ['`', '~']) {
        for (const len of [3, 4, 5]) {
          for (const from of starts) {
            assert.equal(
              closers.closerFrom(ch.charCodeAt(0), len, from),
              naive(text, starts, ch, len, from),
              `${JSON.stringify(text)} ${ch}x${len} from ${from}`,
            );
          }
        }
      }
    }
  });
});

describe('linear parsing: emphasis', () => {
  interface DelimiterRun {
    char: number;
    start: number;
    length: number;
    canOpen: boolean;
    canClose: boolean;
  }

  /** The matcher before it was made linear: every closer searches all openers below it. */
  function reference(runs: DelimiterRun[], markup: number[]): void {
    const left = runs.map((r) => r.length);
    const from = runs.map((r) => r.start);
    const to = runs.map((r) => r.start + r.length);
    const alive = runs.map(() => true);
    for (let c = 0; c < runs.length; c++) {
      const closer = runs[c];
      if (!closer.canClose) continue;
      while (left[c] > 0) {
        let o = c - 1;
        for (; o >= 0; o--) {
          if (!alive[o] || left[o] === 0) continue;
          const opener = runs[o];
          if (opener.char !== closer.char || !opener.canOpen) continue;
          if (
            (opener.canClose || closer.canOpen) &&
            (opener.length + closer.length) % 3 === 0 &&
            (opener.length % 3 !== 0 || closer.length % 3 !== 0)
          )
            continue;
          break;
        }
        if (o < 0) break;
        const use = left[o] >= 2 && left[c] >= 2 ? 2 : 1;
        markup.push(to[o] - use, to[o], from[c], from[c] + use);
        left[o] -= use;
        to[o] -= use;
        left[c] -= use;
        from[c] += use;
        for (let k = o + 1; k < c; k++) alive[k] = false;
      }
    }
  }

  it('pairs the same delimiters as the quadratic matcher (20,000 sequences)', () => {
    const rand = prng(33);
    for (let t = 0; t < 20000; t++) {
      const runs: DelimiterRun[] = [];
      let at = 0;
      const n = 2 + Math.floor(rand() * 14);
      for (let k = 0; k < n; k++) {
        const length = 1 + Math.floor(rand() * 4);
        const kind = Math.floor(rand() * 3);
        runs.push({ char: rand() < 0.6 ? 42 : 95, start: at, length, canOpen: kind !== 1, canClose: kind !== 0 });
        at += length + 1;
      }
      const want: number[] = [];
      const got = new IntList();
      reference(runs, want);
      // After a few runs of another paragraph, which the matcher must leave alone.
      const list = new DelimiterList();
      const before = t % 3;
      for (let k = 0; k < before; k++) list.push(42, -10 + k, 1, true, true);
      for (const r of runs) list.push(r.char, r.start, r.length, r.canOpen, r.canClose);
      matchEmphasis(list, before, got);
      assert.deepEqual(Array.from(got.data.subarray(0, got.length)), want, JSON.stringify(runs));
    }
  });
});

describe('linear parsing: expressions written out by hand', () => {
  it('quote attributions: as the regular expression found them (100,000 strings)', () => {
    const re = /\s*(?:\(([^()]*)\)|[—–]\s*([^—–]+?)|\s-{1,2}\s+([^-]+?))\s*$/;
    const rand = prng(44);
    const chars = ['a', ' ', ' ', '(', ')', '—', '–', '-', '-', '\t', '\u00a0', 'b', '\n'];
    for (let t = 0; t < 100000; t++) {
      const s = randomText(rand, chars, 12);
      const m = re.exec(s);
      const want = m ? { index: m.index, attribution: (m[1] ?? m[2] ?? m[3] ?? '').trim() } : null;
      assert.deepEqual(findAttribution(s), want, JSON.stringify(s));
    }
  });

  it("the preview's div fences: as the regular expression found them (100,000 lines)", () => {
    const re = /^(:{3,})\s*(\{.*\}|[^\s:{}]+)\s*:*\s*$/;
    const rand = prng(55);
    const chars = [':', ':', ':', ' ', 'a', '{', '}', '\t', '\u00a0', '\u2028', 'b', '.'];
    for (let t = 0; t < 100000; t++) {
      const s = (rand() < 0.7 ? ':::' : '') + randomText(rand, chars, 12);
      assert.equal(divFenceAttributes(s), re.exec(s)?.[2] ?? null, JSON.stringify(s));
    }
  });
});

describe('linear parsing: the nesting limit', () => {
  it(`reads units ${MAX_UNIT_DEPTH} deep and reports the first deeper one once, with what it skips`, () => {
    const n = MAX_UNIT_DEPTH + 6;
    const text = `😀 ${'['.repeat(n)}a${']{.x}'.repeat(n)}\n`;
    const t = parseTranscript(text);
    assert.equal(t.units.length, MAX_UNIT_DEPTH);
    assert.equal(Math.max(...t.units.map((u) => u.depth)), MAX_UNIT_DEPTH - 1);
    const deep = t.diagnostics.filter((d) => d.code === 'too-deep');
    assert.equal(deep.length, 1);
    // The `[` of the first unit too deep: after the emoji (2 UTF-16 units), a space and 64 brackets.
    assert.deepEqual(deep[0].range, {
      start: { line: 0, character: 3 + MAX_UNIT_DEPTH },
      end: { line: 0, character: 4 + MAX_UNIT_DEPTH },
    });
    assert.equal(deep[0].severity, 'error');
    assert.equal(
      deep[0].message,
      `Meaning units nest more than ${MAX_UNIT_DEPTH} levels deep here: this unit and the 5 inside it are not read. Close some units before opening others.`,
    );
    // The text of the deepest unit read keeps the text of those below it.
    assert.equal(t.units[MAX_UNIT_DEPTH - 1].text, 'a');
    assert.equal(t.units[0].plainStart, 2);
  });

  it('reads units exactly at the limit without a diagnostic', () => {
    const t = parseTranscript(`${'::: {.x}\n'.repeat(MAX_UNIT_DEPTH)}a\n${':::\n'.repeat(MAX_UNIT_DEPTH)}`);
    assert.equal(t.units.length, MAX_UNIT_DEPTH);
    assert.equal(t.diagnostics.filter((d) => d.code === 'too-deep').length, 0);
  });

  it('checks 100,000 nested divs quickly', function () {
    this.timeout(30000);
    const n = 100000;
    const t0 = process.hrtime.bigint();
    const t = parseTranscript(`${'::: {.x}\n'.repeat(n)}a\n${':::\n'.repeat(n)}`);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.equal(t.units.length, MAX_UNIT_DEPTH);
    assert.equal(t.diagnostics.filter((d) => d.code === 'too-deep').length, 1);
    assert.match(
      t.diagnostics.find((d) => d.code === 'too-deep')?.message ?? '',
      /and the 99935 inside it are not read/,
    );
    // Before the limit this took over 180 s and 3.8 GB; a generous bound for a busy machine.
    assert.ok(ms < 10000, `${ms.toFixed(0)} ms`);
  });
});

describe('linear parsing: a text parsed again as another string with the same characters', () => {
  it('reads its speaker labels in linear time (a document opened over its own file)', function () {
    this.timeout(60000);
    const turns = '**P1:** [a]{.x}\n\n**Interviewer:** b\n\n'.repeat(100000);
    const t = process.hrtime.bigint();
    const first = parseTranscript(turns);
    const firstMs = Number(process.hrtime.bigint() - t) / 1e6;
    // The same characters in a string of their own, then in one made of two halves.
    const half = turns.length >> 1;
    const copies = [(' ' + turns).slice(1), turns.slice(0, half) + turns.slice(half)];
    for (const copy of copies) {
      const t0 = process.hrtime.bigint();
      const again = parseTranscript(copy);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.equal(again.turns.length, first.turns.length);
      assert.deepEqual(
        again.turns.slice(0, 2).map((t) => t.speaker),
        ['P1', 'Interviewer'],
      );
      // When each paragraph compared the two texts this took about 60 times as long as the
      // first parse (20 s against 0.3 s here); the bound is generous for a busy machine.
      assert.ok(ms < 10 * firstMs + 1000, `${ms.toFixed(0)} ms, against ${firstMs.toFixed(0)} ms the first time`);
    }
  });
});

describe('linear parsing: the plain text of markup that comes far out of order', () => {
  /** The segments as the plain text defines them: the pairs sorted (start, then longest), then walked. */
  function reference(size: number, markup: number[]): number[] {
    const pairs: [number, number][] = [];
    for (let k = 0; k < markup.length; k += 2) pairs.push([markup[k], markup[k + 1]]);
    pairs.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
    const out: number[] = [];
    let src = 0;
    let plain = 0;
    for (const [s, e] of pairs) {
      if (e <= src) continue;
      if (s > src) {
        out.push(src, plain, s - src);
        plain += s - src;
      }
      src = e;
    }
    if (src < size) out.push(src, plain, size - src);
    return out;
  }

  it('gives the segments of the sorted markup, with overlaps, nesting and empty ranges', function () {
    const rand = prng(9);
    let fellBack = 0;
    for (let run = 0; run < 400; run++) {
      const size = 1 + Math.floor(rand() * 300);
      const pairs: number[] = [];
      const n = Math.floor(rand() * 120);
      for (let k = 0; k < n; k++) {
        const s = Math.floor(rand() * (size + 1));
        const e = rand() < 0.15 ? s : Math.min(size, s + Math.floor(rand() * 12));
        pairs.push(s, e);
      }
      // Most runs far out of order (descending starts), so that the insertion sort gives up.
      if (rand() < 0.7) {
        const order = [...Array(n).keys()].sort((x, y) => pairs[2 * y] - pairs[2 * x]);
        const copy = pairs.slice();
        order.forEach((o, k) => ((pairs[2 * k] = copy[2 * o]), (pairs[2 * k + 1] = copy[2 * o + 1])));
        if (n > 40) fellBack++;
      }
      const text = 'x'.repeat(size);
      const expected = reference(size, pairs);
      const list = new IntList();
      for (let k = 0; k < pairs.length; k += 2) list.push2(pairs[k], pairs[k + 1]);
      assert.deepEqual(Array.from(buildPlainText(text, list).segments), expected, `run ${run}`);
    }
    assert.ok(fellBack > 100, 'the out-of-order path ran');
  });

  it('maps source offsets to plain ones with a cursor as a search does, far ends included', function () {
    const rand = prng(11);
    for (let run = 0; run < 300; run++) {
      const size = 1 + Math.floor(rand() * 400);
      const list = new IntList();
      for (let k = Math.floor(rand() * 150); k > 0; k--) {
        const s = Math.floor(rand() * size);
        list.push2(s, Math.min(size, s + Math.floor(rand() * 4)));
      }
      const plain = buildPlainText('x'.repeat(size), list);
      const cursor = new PlainCursor(plain.segments);
      // Starts that mostly increase (units in order, a step back now and then) and ends
      // anywhere after them: near (the next unit) or far (a unit around many others).
      let at = 0;
      for (let q = 0; q < 200; q++) {
        at = rand() < 0.1 ? Math.floor(rand() * size) : Math.min(size, at + Math.floor(rand() * 5));
        assert.equal(cursor.at(at), sourceToPlain(plain, at), `run ${run}: at ${at}`);
        const first = segmentAt(plain.segments, at);
        assert.equal(cursor.segment(), Math.max(0, first), `run ${run}: segment of ${at}`);
        const end = at + Math.floor(rand() * (rand() < 0.5 ? 4 : size - at + 1));
        assert.equal(cursor.after(end), sourceToPlain(plain, end), `run ${run}: after ${end}`);
      }
    }
  });

  it('nested emphasis 20,000 levels deep reads the same as its sorted markup', function () {
    const n = 20_000;
    const text = '*a '.repeat(n) + 'b' + '* c'.repeat(n);
    const t = parseTranscript(text);
    assert.equal(t.plain.text.length + 2 * n, text.length);
    assert.equal(t.plain.text, 'a '.repeat(n) + 'b' + ' c'.repeat(n));
  });
});

describe('linear parsing: line starts', () => {
  it('finds the line starts of LF, CR LF and lone CR as the regular expression did', () => {
    const rand = prng(11);
    const pieces = ['a', 'bc', ' ', '\n', '\r', '\r\n', '\n\r', '\r\r', '😀'];
    for (let run = 0; run < 3000; run++) {
      const text = randomText(rand, pieces, 40);
      const expected = [0];
      const re = /\r\n?|\n/g;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) expected.push(m.index + m[0].length);
      // The WebAssembly scan (LineIndex) and the JavaScript one (lineStarts), alike.
      assert.deepEqual(Array.from(new LineIndex(text).starts), expected, JSON.stringify(text));
      assert.deepEqual(Array.from(lineStarts(text)), expected, JSON.stringify(text));
    }
  });

  it('finds them alike in WebAssembly and JavaScript past the sixteen characters read at once', () => {
    const rand = prng(12);
    assert.deepEqual(Array.from(lineStartsInWasm('a\nb') ?? []), [0, 2], 'WebAssembly is used');
    const pieces = ['abcdefghijklmnopq', 'é', ' ', '\n', '\r', '\r\n', 'x'.repeat(31), '😀', 'Ω'];
    for (let run = 0; run < 1000; run++) {
      const text = randomText(rand, pieces, 60);
      assert.deepEqual(Array.from(new LineIndex(text).starts), Array.from(lineStarts(text)), JSON.stringify(text));
    }
  });
});
