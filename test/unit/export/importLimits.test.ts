/**
 * Import limits: a text source above MAX_IMPORT_SOURCE is refused with one line (from its
 * declared size when it is an archive entry, before it is unpacked), 10,000 nested
 * `<Code>` elements and selections nested deeper than units may nest are refused without
 * overflowing the stack, and a source just under the limit, emoji and all, imports with
 * its offsets exact.
 */
import * as assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { ArchiveError } from '../../../server/src/core/export/qdpxArchive';
import { importRefiQda } from '../../../server/src/core/import/importProject';
import { ImportError } from '../../../server/src/core/import/importError';
import { MAX_CODE_DEPTH } from '../../../server/src/core/import/readProject';
import { MAX_IMPORT_SOURCE, MAX_UNIT_DEPTH } from '../../../server/src/core/limits';
import { parseTranscript } from '../../../server/src/core/transcript';
import { g, projectXml, qdpx, zip } from './qdpxBuilder';

/** Runs `f` and returns the one-line message it throws (an ImportError or ArchiveError). */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ImportError || e instanceof ArchiveError, `not a user-facing error: ${(e as Error).stack}`);
    assert.ok(!(e as Error).message.includes('\n'), 'one line');
    return (e as Error).message;
  }
  assert.fail('the import was not refused');
}

describe('import: limits', function () {
  this.timeout(60000);

  it('refuses a text source above the limit, before unpacking it', () => {
    // 48 MB of text packs into a few dozen KB: the declared size alone refuses it (the
    // issue's 200 MB source takes the same path, only slower to build here).
    const big = new Uint8Array(48 * 1024 * 1024).fill(97);
    const archive = zipSync(
      {
        'project.qde': new TextEncoder().encode(projectXml(['x'], [{ name: 'big', text: '', selections: [] }])),
        [`sources/${g('src:big')}.txt`]: big,
      },
      { level: 1 },
    );
    assert.ok(archive.length < 2 * 1024 * 1024);
    const msg = refusal(() => importRefiQda(archive));
    assert.match(msg, /is 48 MB uncompressed, more than the 30 MB Condense imports from one file/);
  });

  it('refuses a text just above the limit by its length, and names the source', () => {
    const text = 'a'.repeat(MAX_IMPORT_SOURCE + 1);
    const msg = refusal(() => importRefiQda(qdpx(['x'], [{ name: 'long', text, selections: [] }])));
    assert.match(msg, /the text of "long" has 10\.0 M characters, more than the 10 M Condense imports from one source/);
  });

  it('imports a source just under the limit with exact offsets (emoji and combining marks)', () => {
    const line = 'Ich 😀 bin cafe\u0301 hier. ';
    const text = line.repeat(Math.floor(MAX_IMPORT_SOURCE / line.length) - 1);
    const cps = [...text].length;
    const r = importRefiQda(
      qdpx(['x'], [{ name: 'near', text, selections: [{ start: cps - 17, end: cps - 1, codes: ['x'] }] }]),
    );
    const md = r.files.get('transcripts/near.md') as string;
    const t = parseTranscript(md);
    assert.equal(t.units.length, 1);
    assert.equal(t.units[0].plainStart, cps - 17);
    assert.equal(t.units[0].plainEnd, cps - 1);
    assert.equal(t.units[0].text, [...text].slice(cps - 17, cps - 1).join(''));
  });

  it('refuses 10,000 nested <Code> elements without overflowing the stack', () => {
    let codes = '';
    for (let k = 0; k < 10000; k++) codes += `<Code guid="${g(`c${k}`)}" name="c${k}" isCodable="true">`;
    codes += '</Code>'.repeat(10000);
    const xml = projectXml([], []).replace('<Sources>', `<CodeBook><Codes>${codes}</Codes></CodeBook><Sources>`);
    const msg = refusal(() => importRefiQda(zip({ 'project.qde': xml })));
    assert.equal(
      msg,
      `project.qde: codes nest more than ${MAX_CODE_DEPTH} levels deep, which Condense does not import`,
    );
  });

  it('imports codes nested as deep as allowed', () => {
    let codes = '';
    for (let k = 0; k < MAX_CODE_DEPTH; k++) codes += `<Code guid="${g(`c${k}`)}" name="c${k}" isCodable="true">`;
    codes += '</Code>'.repeat(MAX_CODE_DEPTH);
    const xml = projectXml([], []).replace('<Sources>', `<CodeBook><Codes>${codes}</Codes></CodeBook><Sources>`);
    assert.equal(importRefiQda(zip({ 'project.qde': xml })).counts.codes, MAX_CODE_DEPTH);
  });

  it('refuses selections nested deeper than units may nest, and takes them at the limit', () => {
    const text = 'a'.repeat(1000);
    const nested = (n: number) =>
      Array.from({ length: n }, (_, k) => ({ start: k, end: text.length - k, codes: ['x'] }));
    const msg = refusal(() => importRefiQda(qdpx(['x'], [{ name: 's', text, selections: nested(400) }])));
    assert.equal(
      msg,
      `"s": its selections nest 400 levels deep, more than the ${MAX_UNIT_DEPTH} levels of meaning units Condense reads`,
    );
    const r = importRefiQda(qdpx(['x'], [{ name: 's', text, selections: nested(MAX_UNIT_DEPTH) }]));
    assert.equal(r.counts.units, MAX_UNIT_DEPTH);
    assert.equal(parseTranscript(r.files.get('transcripts/s.md') as string).units.length, MAX_UNIT_DEPTH);
  });
});
