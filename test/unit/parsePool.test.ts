/**
 * The cold scan on worker threads (parsePool.ts): parses made on a worker, their buffers
 * transferred, and golden quotes looked for there, must give the CLI exactly the output
 * of a scan on one thread; small studies stay on one thread.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './support/cli';
import { searchQuotesInFile } from '../../server/src/core/quoteSearch';
import { parseTranscript } from '../../server/src/core/transcript';
import { codeIndex } from '../../server/src/core/studyIndex';
import { IdentifierGuard } from '../../server/src/core/identifiers/guard';
import { parseIdentifiersFile } from '../../server/src/core/identifiers/identifiersFile';
import { NameScan, SCAN_POOL_MIN_BYTES } from '../../server/src/node/nameScan';
import { parseInPool, poolMinBytes, poolSize } from '../../server/src/node/parsePool';
import { denseTranscript } from '../bench/dense';

const SPECIAL = [
  '\ufeff---\ntitle: BOM\n---\n\n**P1:** [Emoji 😀 and e\u0301te\u0301]{.t1s1 #e1} [we the peer]{.t2}\n',
  '**P1:** [Windows\r\nline ends]{.t1s2}\r\n\r\n::: {.t3}\r\n[inner]{.nope}\r\n:::\r\n',
  '**P2:** [the peer workers and managers]{.t1s1} []{.t1}\n',
];

function withEnv<T>(name: string, value: string | undefined, f: () => T): T {
  const old = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  try {
    return f();
  } finally {
    if (old === undefined) delete process.env[name];
    else process.env[name] = old;
  }
}

function cli(argv: string[]): { code: number; out: string; err: string } {
  const r = runCli(...argv);
  return { code: r.code, out: r.out.join('\n'), err: r.err.join('\n') };
}

describe('parse pool (worker threads)', function () {
  this.timeout(120000);

  it('parses on workers exactly as in place, quotes included', () => {
    const texts = [...SPECIAL, denseTranscript(3, 20000), denseTranscript(4, 20000)];
    const quotes = [{ code: 't1s1', specs: [{ fragments: ['the peer'], codes: ['t1s1'] }] }];
    const pooled = withEnv('CONDENSE_WORKERS', '2', () => parseInPool(texts, {}, { quotes }, 0));
    assert.ok(pooled, 'a pool of two threads was used');
    texts.forEach((text, k) => {
      const here = parseTranscript(text);
      assert.equal(JSON.stringify(pooled[k].transcript), JSON.stringify(here), `file ${k}`);
      const found = searchQuotesInFile({ transcript: here, byCode: codeIndex(here) }, quotes[0].specs);
      assert.deepEqual(pooled[k].quotes?.get('t1s1'), found);
    });
  });

  it('finds identifying text on the workers for every text, the ones parsed in place too', () => {
    const texts = [...SPECIAL, ...Array.from({ length: 12 }, (_, k) => denseTranscript(k + 5, 5000))];
    const guard = new IdentifierGuard(parseIdentifiersFile('the peer\nCafé Ønske\nworkers => W\n').entries);
    const pooled = withEnv('CONDENSE_WORKERS', '2', () => parseInPool(texts, {}, { guard }, 0));
    assert.ok(pooled, 'a pool of two threads was used');
    texts.forEach((text, k) => {
      assert.equal(pooled[k].identifiers?.guard, guard, `file ${k} was scanned`);
      assert.deepEqual(pooled[k].identifiers?.matches, guard.find(text), `file ${k}`);
    });
    assert.ok(
      pooled.some((p) => p.identifiers?.matches.length),
      'names were found',
    );
  });

  it('with an identifiers file below the parse threshold: parses here, finds the names on a worker', () => {
    const texts = [...SPECIAL, ...Array.from({ length: 12 }, (_, k) => denseTranscript(k + 5, 5000))];
    const guard = new IdentifierGuard(parseIdentifiersFile('the peer\nCafé Ønske\nworkers => W\n').entries);
    // Offered as they are read; the worker starts at once (no least size) and scans while
    // this thread parses; what it has not begun when the parse ends is taken back.
    const names = withEnv('CONDENSE_WORKERS', '2', () => new NameScan(guard, {}, texts.length, 0));
    texts.forEach((text, k) => names.offer(k, text));
    assert.ok(names.started, 'a scanning worker was started');
    const pooled = withEnv('CONDENSE_WORKERS', '2', () => parseInPool(texts, {}, { guard, names }, Infinity));
    assert.ok(pooled, 'parsed here, to attach the names');
    texts.forEach((text, k) => {
      assert.equal(JSON.stringify(pooled[k].transcript), JSON.stringify(parseTranscript(text)), `file ${k}`);
      assert.equal(pooled[k].identifiers?.guard, guard, `file ${k} was scanned`);
      assert.deepEqual(pooled[k].identifiers?.matches, guard.find(text), `file ${k}`);
    });
    // Without an identifiers file no worker starts below the parse threshold.
    assert.equal(
      withEnv('CONDENSE_WORKERS', '2', () => parseInPool(texts, {}, {}, Infinity)),
      null,
    );
  });

  it('scans each text once, on the worker or taken back here, however far the worker got', () => {
    const texts = Array.from({ length: 40 }, (_, k) => denseTranscript(k + 40, 3000));
    const guard = new IdentifierGuard(parseIdentifiersFile('the peer\nCafé Ønske\nworkers => W\n').entries);
    const expected = texts.map((t) => guard.find(t));
    // At once: the worker has begun few texts, this thread takes back the rest. After a
    // wait: the worker has scanned most or all of them.
    for (const waitMs of [0, 1500]) {
      const names = withEnv('CONDENSE_WORKERS', '2', () => new NameScan(guard, {}, texts.length, 0));
      texts.forEach((text, k) => names.offer(k, text));
      if (waitMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs);
      const found = names.finish();
      assert.equal(found.length, texts.length, `after ${waitMs} ms`);
      found.forEach((m, k) => assert.deepEqual(m, expected[k], `text ${k} after ${waitMs} ms`));
      assert.equal(names.started, false, 'the worker is stopped');
    }
    // Offered with the bytes they were read from: the worker is sent the bytes (moved, or
    // copied when they are a piece of Node's shared pool) and decodes them itself.
    for (const waitMs of [0, 1500]) {
      const names = withEnv('CONDENSE_WORKERS', '2', () => new NameScan(guard, {}, texts.length, 0));
      const sent: Uint8Array[] = [];
      texts.forEach((text, k) => {
        const bytes = k % 2 ? new TextEncoder().encode(text) : Buffer.from(text.slice(0, 1000));
        sent.push(bytes);
        names.offer(k, k % 2 ? text : text.slice(0, 1000), bytes);
      });
      if (waitMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs);
      const found = names.finish();
      found.forEach((m, k) =>
        assert.deepEqual(m, k % 2 ? expected[k] : guard.find(texts[k].slice(0, 1000)), `bytes ${k} after ${waitMs} ms`),
      );
      // What was posted of its own buffer was moved: this thread no longer holds it.
      if (waitMs)
        assert.ok(
          sent.some((b, k) => k % 2 === 1 && b.byteLength === 0),
          'bytes were moved',
        );
    }
    // More texts than announced: those beyond are scanned here.
    const short = withEnv('CONDENSE_WORKERS', '2', () => new NameScan(guard, {}, 25, 0));
    texts.forEach((text, k) => short.offer(k, text));
    const found = short.finish();
    assert.equal(found.length, texts.length);
    found.forEach((m, k) => assert.deepEqual(m, expected[k], `text ${k} of more than announced`));
  });

  it('starts no scanning worker below its least size, with one core, or without transcripts', () => {
    const guard = new IdentifierGuard(parseIdentifiersFile('the peer\n').entries);
    const small = withEnv('CONDENSE_WORKERS', '2', () => new NameScan(guard, {}, SPECIAL.length, 1_000_000));
    SPECIAL.forEach((text, k) => small.offer(k, text));
    assert.equal(small.started, false);
    assert.deepEqual(small.finish(), []);
    assert.equal(
      withEnv('CONDENSE_WORKERS', '2', () => parseInPool(SPECIAL, {}, { guard, names: small })),
      null,
    );
    const one = withEnv('CONDENSE_WORKERS', '1', () => new NameScan(guard, {}, SPECIAL.length, 0));
    SPECIAL.forEach((text, k) => one.offer(k, text));
    assert.equal(one.started, false);
    const none = withEnv('CONDENSE_WORKERS', '2', () => new NameScan(guard, {}, 0, 0));
    assert.equal(none.started, false);
  });

  it('with the parse pool and a name scan: the workers parse, the scan finds the names', () => {
    const texts = [...SPECIAL, ...Array.from({ length: 12 }, (_, k) => denseTranscript(k + 5, 5000))];
    const guard = new IdentifierGuard(parseIdentifiersFile('the peer\nCafé Ønske\nworkers => W\n').entries);
    const names = withEnv('CONDENSE_WORKERS', '2', () => new NameScan(guard, {}, texts.length, 0));
    texts.forEach((text, k) => names.offer(k, text));
    const pooled = withEnv('CONDENSE_WORKERS', '2', () => parseInPool(texts, {}, { guard, names }, 0));
    assert.ok(pooled, 'a pool of two threads was used');
    texts.forEach((text, k) => {
      assert.equal(JSON.stringify(pooled[k].transcript), JSON.stringify(parseTranscript(text)), `file ${k}`);
      assert.deepEqual(pooled[k].identifiers?.matches, guard.find(text), `file ${k}`);
    });
  });

  it('stays on one thread for a small study, with one core, or with CONDENSE_WORKERS=0', () => {
    assert.equal(
      withEnv('CONDENSE_WORKERS', '2', () => parseInPool(SPECIAL, {})),
      null,
    );
    assert.equal(
      withEnv('CONDENSE_POOL_MIN_BYTES', '1000', () => withEnv('CONDENSE_WORKERS', '2', () => poolMinBytes())),
      1000,
    );
    assert.equal(
      withEnv('CONDENSE_WORKERS', '0', () => parseInPool(SPECIAL, {}, {}, 0)),
      null,
    );
    assert.equal(
      withEnv('CONDENSE_WORKERS', '1', () => parseInPool(SPECIAL, {}, {}, 0)),
      null,
    );
    assert.equal(
      withEnv('CONDENSE_WORKERS', '3', () => poolSize()),
      3,
    );
  });

  it('gives condense check and index --json the same bytes with and without workers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-pool-'));
    try {
      fs.mkdirSync(path.join(dir, 'transcripts'));
      const quotes: Record<string, string> = {
        t1s1: 'the peer workers (P2)',
        t2: 'trust peer knowledge local workers services',
        t3: 'zzz qqq',
      };
      const codebook: string[] = [];
      for (let t = 1; t <= 10; t++) {
        for (const [id, heading] of [[`t${t}`, '#'], ...[1, 2, 3, 4, 5].map((s) => [`t${t}s${s}`, '##'])]) {
          codebook.push(`${heading} Code ${id} {#${id}}`, '');
          if (quotes[id]) codebook.push('### Quotes', '', `> ${quotes[id]}`, '');
        }
      }
      fs.writeFileSync(path.join(dir, 'codebook.md'), codebook.join('\n'));
      // Identifying text, found on the workers and primed into the index's guard.
      fs.writeFileSync(
        path.join(dir, 'condense.json'),
        JSON.stringify({ codebook: 'codebook.md', transcripts: ['transcripts/*.md'], identifiers: 'names.txt' }),
      );
      fs.writeFileSync(path.join(dir, 'names.txt'), 'peer workers => [Group]\nCafé Ønske => [Place]\n');
      SPECIAL.forEach((text, k) => fs.writeFileSync(path.join(dir, 'transcripts', `s${k}.md`), text));
      // About 2.4 MB, with the threshold lowered to 1 MB for the test.
      for (let k = 0; k < 40; k++) fs.writeFileSync(path.join(dir, 'transcripts', `d${k}.md`), denseTranscript(k + 1));
      for (const argv of [
        ['check', dir],
        ['index', dir, '--json'],
      ]) {
        const serial = withEnv('CONDENSE_WORKERS', '0', () => cli(argv));
        const pooled = withEnv('CONDENSE_WORKERS', '2', () =>
          withEnv('CONDENSE_POOL_MIN_BYTES', '1000000', () => cli(argv)),
        );
        assert.equal(pooled.code, serial.code);
        assert.equal(pooled.err, serial.err);
        assert.equal(pooled.out, serial.out);
      }
      const check = withEnv('CONDENSE_WORKERS', '2', () =>
        withEnv('CONDENSE_POOL_MIN_BYTES', '1000000', () => cli(['check', dir])),
      );
      assert.match(check.out, /unknown-code: Unknown code `nope`/);
      assert.match(check.out, /identifying-text: /);
      assert.match(check.out, /quote-not-found: .*The closest unit says/);
      assert.match(check.err, /^\d+ units in 43 transcripts, 60 codes: \d+ errors, \d+ warnings\.$/);
      // From 8,000,000 characters the names are looked for on a worker while this thread
      // parses everything (the parse pool's own threshold set out of reach).
      let chars = 0;
      for (let k = 0; k < 150; k++) {
        const text = denseTranscript(k + 1);
        chars += text.length;
        if (k >= 40) fs.writeFileSync(path.join(dir, 'transcripts', `d${k}.md`), text);
      }
      assert.ok(chars >= SCAN_POOL_MIN_BYTES, `${chars} characters: enough for the scanning worker`);
      const serial = withEnv('CONDENSE_WORKERS', '0', () => cli(['check', dir]));
      const scanned = withEnv('CONDENSE_WORKERS', '2', () =>
        withEnv('CONDENSE_POOL_MIN_BYTES', '1000000000', () => cli(['check', dir])),
      );
      assert.equal(scanned.code, serial.code);
      assert.equal(scanned.err, serial.err);
      assert.equal(scanned.out, serial.out);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
