/**
 * LSP level: the files the server does not read are reported, not skipped in silence,
 * and a FIFO named like a transcript, opened and closed in an editor, does not hang the
 * server (it used to read the FIFO synchronously on didClose, and wait for ever).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSession, type TestSession } from './harness';
import { makeDiskStudy, untilCodes, type TempStudy } from './fixture';

describe('LSP: skipped files', () => {
  let study: TempStudy;
  let session: TestSession;
  afterEach(() => {
    session?.dispose();
    study.cleanup();
  });

  it('reports FIFOs, links that lead nowhere or outside, and no-codebook, and answers after a FIFO is opened and closed', async () => {
    const outside = makeDiskStudy({ 'codebook.md': '# Joy {#joy}\n' }, 'condense-outside-');
    study = makeDiskStudy({ 'condense.json': '{}', 'transcripts/a.md': '**P1:** [Glad]{.joy}\n' });
    try {
      assert.equal(spawnSync('mkfifo', [study.abs('transcripts/pipe.md')]).status, 0);
      fs.symlinkSync(path.join(outside.root, 'codebook.md'), study.abs('codebook.md'));
      fs.symlinkSync('missing.md', study.abs('transcripts/gone.md'));
      session = await startSession(study);
      await untilCodes(session, study.uri('transcripts/pipe.md'), ['not-regular-file']);
      await untilCodes(session, study.uri('codebook.md'), ['symlink-outside-study']);
      await untilCodes(session, study.uri('transcripts/gone.md'), ['dangling-symlink']);
      await untilCodes(session, study.uri('condense.json'), ['no-codebook']);

      const pipe = study.uri('transcripts/pipe.md');
      await session.client.sendNotification('textDocument/didOpen', {
        textDocument: { uri: pipe, languageId: 'markdown', version: 1, text: '' },
      });
      await session.client.sendNotification('textDocument/didClose', { textDocument: { uri: pipe } });
      const started = Date.now();
      const symbols = await session.client.sendRequest('textDocument/documentSymbol', {
        textDocument: { uri: study.uri('transcripts/a.md') },
      });
      assert.ok(Array.isArray(symbols));
      assert.ok(Date.now() - started < 2000, 'the server answers at once');
      await untilCodes(session, pipe, ['not-regular-file']);
    } finally {
      outside.cleanup();
    }
  });
});
