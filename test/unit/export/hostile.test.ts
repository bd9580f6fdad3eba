/**
 * Damaged and hostile input to `condense import`: each gets a one-line error (exit 2
 * from the CLI) and nothing is written, neither in --out nor anywhere else.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArchiveError } from '../../../server/src/core/export/qdpxArchive';
import { ImportError } from '../../../server/src/core/import/importError';
import { importRefiQda } from '../../../server/src/core/import/importProject';
import { run } from '../../../server/src/cli/run';
import { projectXml, qdpx, zip } from './qdpxBuilder';
import { cleanTemps, tempDir } from './support';

const SOURCE = { name: 's', text: 'Some text.', selections: [{ start: 0, end: 4, codes: ['A'] }] };

/** A central-directory field patched: the declared uncompressed size of every entry. */
function withDeclaredSize(bytes: Uint8Array, size: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++)
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  return out;
}

const XXE =
  '<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>';
const LAUGHS =
  '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n<Project name="&lol3;"/>';

const CASES: [string, Uint8Array, RegExp][] = [
  ['not a zip', new TextEncoder().encode('hello, world'), /neither a \.qdpx archive nor a REFI-QDA XML file/],
  ['a damaged zip', Uint8Array.from([0x50, 0x4b, 3, 4, ...new Array(40).fill(7)]), /damaged/],
  ['no project.qde', zip({ 'sources/a.txt': 'x' }), /holds no project\.qde/],
  ['an external entity (XXE)', zip({ 'project.qde': XXE }), /DOCTYPE or entities/],
  ['an entity bomb', zip({ 'project.qde': LAUGHS }), /DOCTYPE or entities/],
  ['a bare XML file with an entity', new TextEncoder().encode(XXE), /DOCTYPE or entities/],
  ['a path leaving the archive', zip({ 'project.qde': projectXml(['A'], [SOURCE]), '../../x': 'evil' }), /unsafe path/],
  ['an absolute path', zip({ 'project.qde': projectXml(['A'], [SOURCE]), '/etc/x': 'evil' }), /unsafe path/],
  [
    'offsets past the end of the text',
    qdpx(['A'], [{ ...SOURCE, selections: [{ start: 2, end: 99, codes: ['A'] }] }]),
    /lies outside its text \(2 to 99, the text has 10 characters\)/,
  ],
  ['a huge declared size', withDeclaredSize(qdpx(['A'], [SOURCE]), 0xfffffff0), /more than 500 MB/],
  ['XML that is not well-formed', zip({ 'project.qde': '<Project name="x"><Sources>' }), /not well-formed XML/],
  ['XML that is not REFI-QDA', zip({ 'project.qde': '<html/>' }), /not a REFI-QDA project/],
  ['project.qde not in UTF-8', zip({ 'project.qde': Uint8Array.from([0x3c, 0xff, 0xfe, 0x3e]) }), /not UTF-8/],
  [
    'a selection without positions',
    zip({ 'project.qde': projectXml(['A'], [SOURCE]).replace('startPosition="0"', 'startPosition="x"') }),
    /no valid startPosition/,
  ],
];

describe('import: damaged and hostile files', () => {
  after(cleanTemps);

  for (const [what, bytes, message] of CASES) {
    it(`refuses ${what} with a clear message`, () => {
      assert.throws(
        () => importRefiQda(bytes, { fileName: 'x.qdpx' }),
        (e: unknown) =>
          (e instanceof ImportError || e instanceof ArchiveError) &&
          message.test(e.message) &&
          !e.message.includes('\n'),
      );
    });
  }

  it('caps the number of entries', () => {
    const files: Record<string, string> = { 'project.qde': projectXml(['A'], [SOURCE]) };
    for (let k = 0; k < 5; k++) files[`junk/${k}`] = 'x';
    assert.throws(
      () => importRefiQda(zip(files), { limits: { maxEntries: 4, maxTotalSize: 1e6 } }),
      /more than 4 entries/,
    );
  });

  it('exits 2 with one line and writes nothing, from the CLI', () => {
    const dir = tempDir();
    for (const [what, bytes] of CASES) {
      const file = path.join(dir, 'in.qdpx');
      fs.writeFileSync(file, bytes);
      const out = path.join(dir, 'out');
      const err: string[] = [];
      const code = run(
        ['import', file, '--out', out],
        () => undefined,
        (s) => err.push(s),
      );
      assert.equal(code, 2, what);
      assert.equal(err.length, 1, `${what}: ${err.join('\n')}`);
      assert.match(err[0], /^condense: .*in\.qdpx: /);
      assert.deepEqual(fs.readdirSync(dir), ['in.qdpx'], `${what}: nothing written`);
    }
  });

  it('refuses a folder that is not empty, and needs --out', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ok.qdpx');
    fs.writeFileSync(file, qdpx(['A'], [SOURCE]));
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'mine');
    const err: string[] = [];
    assert.equal(
      run(
        ['import', file, '--out', dir],
        () => undefined,
        (s) => err.push(s),
      ),
      2,
    );
    assert.match(err[0], /not empty/);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['keep.txt', 'ok.qdpx']);
    assert.equal(
      run(
        ['import', file],
        () => undefined,
        (s) => err.push(s),
      ),
      2,
    );
    assert.match(err[1], /--out/);
    const out: string[] = [];
    assert.equal(
      run(
        ['import', file, '--out', path.join(dir, 'new')],
        (s) => out.push(s),
        (s) => err.push(s),
      ),
      0,
    );
    assert.match(out[0], /^Imported 1 transcripts, 1 selections and 1 codes into /);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'new')).sort(), ['codebook.md', 'condense.json', 'transcripts']);
  });
});
