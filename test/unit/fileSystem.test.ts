/**
 * The one study loader on either file system: the sample study read from the disk and the
 * same files held in memory give the same index and the same file diagnostics; the memory
 * file system keeps the loader's rules (size limit, binary files, dot folders); and an
 * editor's text is held to the size limit in UTF-8 bytes, as a saved file would be.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../server/src/core/memoryFileSystem';
import { studyModel } from '../../server/src/core/studyModel';
import { utf8Length } from '../../server/src/core/textFile';
import { diskFileSystem } from '../../server/src/node/diskFileSystem';
import { loadStudy, StudyError } from '../../server/src/node/loadStudy';
import { findStudyRoots, Study } from '../../server/src/node/study';

const SAMPLE = path.resolve(__dirname, '../../sample');

/** Every file under `dir`, by path relative to it. */
function filesOf(dir: string, rel = ''): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, filesOf(dir, r));
    else out[r] = fs.readFileSync(path.join(dir, r));
  }
  return out;
}

describe('study loader: disk and memory', () => {
  it('reads the sample study alike from the disk and from memory', () => {
    const memory = new MemoryFileSystem();
    for (const [rel, bytes] of Object.entries(filesOf(SAMPLE))) memory.write(`/mem/sample/${rel}`, bytes);
    const disk = loadStudy(SAMPLE, diskFileSystem);
    const mem = loadStudy('/mem/sample', memory);
    assert.ok(disk.index.documents().length > 3);
    assert.deepEqual(
      studyModel(mem.index, mem.relPath, mem.fileDiagnostics),
      studyModel(disk.index, disk.relPath, disk.fileDiagnostics),
    );
    assert.deepEqual(
      [...mem.realPaths].map((p) => p.slice('/mem/sample/'.length)).sort(),
      [...disk.realPaths].map((p) => path.relative(SAMPLE, p)).sort(),
    );
  });

  it('keeps the rules in memory: size limit, binary and non-UTF-8 files, dot folders, no-codebook', () => {
    const memory = new MemoryFileSystem({
      '/s/condense.json': '{"maxFileSize": 100}',
      '/s/big.md': `[x]{.a} ${'y'.repeat(200)}\n`,
      '/s/binary.md': new Uint8Array([0x5b, 0x00, 0x01]),
      '/s/latin1.md': new Uint8Array([0x63, 0x61, 0x66, 0xe9]),
      '/s/.hidden/t.md': '[x]{.a}\n',
      '/s/node_modules/t.md': '[x]{.a}\n',
      '/s/ok.md': '**P1:** [fine]{.a}\n',
    });
    const study = loadStudy('/s', memory);
    assert.deepEqual(
      study.index.documents().map((d) => study.relPath(d.uri)),
      ['ok.md'],
    );
    assert.deepEqual(
      study.fileDiagnostics.map((d) => `${d.file} ${d.diagnostic.code}`),
      ['big.md file-too-large', 'binary.md binary-file', 'latin1.md binary-file', 'condense.json no-codebook'],
    );
    assert.throws(
      () => loadStudy('/nowhere', memory),
      (e: Error) => e instanceof StudyError && e.message === '/nowhere: no such directory',
    );
    assert.throws(
      () => loadStudy('/s/ok.md', memory),
      (e: Error) => e instanceof StudyError && e.message === '/s/ok.md: not a directory',
    );
    assert.deepEqual(findStudyRoots('/s', memory), ['/s']);
  });

  it('holds an editor text to the limit in UTF-8 bytes', () => {
    for (const text of ['plain', 'caf\u00e9', 'e\u0301', '😀 emoji', '\u4e2d\u6587', '\r\n\ufeffbom']) {
      assert.equal(utf8Length(text), Buffer.byteLength(text, 'utf8'), JSON.stringify(text));
    }
    const memory = new MemoryFileSystem({ '/s/condense.json': '{"maxFileSize": 40}', '/s/codebook.md': '# A {#a}\n' });
    const study = new Study('/s', memory);
    study.reloadConfig();
    const uri = study.uriOf('t.md');
    // 10 emoji: 20 UTF-16 units, 40 bytes: at the limit. One more is above it.
    assert.equal(study.setText(uri, '😀'.repeat(10), 'transcript', 1), true);
    assert.equal(study.setText(uri, '😀'.repeat(11), 'transcript', 2), false);
    assert.equal(study.skipped.get(uri)?.code, 'file-too-large');
    assert.equal(study.index.getDocument(uri), undefined);
  });
});
