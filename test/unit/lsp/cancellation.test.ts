/**
 * Cancellation: a rename or references request over a study of a few hundred files,
 * cancelled while the server goes through the files, answers RequestCancelled (-32800),
 * stops part-way (the server logs how many files it had visited), and the server answers
 * the next request at once. The client and the server share one event loop here, so the
 * client's turns count the server's pauses: the cancel is sent a few pauses into the walk.
 */
import * as assert from 'node:assert/strict';
import type { Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { cancelAfter, startSession, visitedWhenCancelled, type TestSession } from './harness';
import { editsByUri, makeStudy, OpenDocument, themeCounts, type TempStudy } from './fixture';

const FILES = 400;
const UNITS_PER_FILE = 5;

describe('LSP: cancellation of requests that walk the study', () => {
  let study: TempStudy;
  let session: TestSession;
  const heading = { line: 0, character: 12 };
  before(async () => {
    const files: Record<string, string> = { 'codebook.md': '# Shift {#shift}\n\n## Valued {#valued}\n' };
    const unit = (f: number, k: number): string =>
      `**P${k % 3}:** [statement ${f}.${k}]{.shift} and [another]{.valued}.\n`;
    for (let f = 0; f < FILES; f++) {
      files[`t${String(f).padStart(3, '0')}.md`] = Array.from({ length: UNITS_PER_FILE }, (_, k) => unit(f, k)).join(
        '\n',
      );
    }
    study = makeStudy(files, 'condense-cancel-');
    session = await startSession(study);
  });
  after(() => {
    session.dispose();
    study.cleanup();
  });

  it('stops a rename part-way with RequestCancelled, then answers the next request at once', async () => {
    const textDocument = { uri: study.uri('codebook.md') };
    const { code } = await cancelAfter(
      session,
      'textDocument/rename',
      { textDocument, position: heading, newName: 'moved' },
      6,
    );
    assert.equal(code, -32800);
    const visited = visitedWhenCancelled(session, 'rename');
    assert.equal(visited.length, 1, session.logs.join('\n'));
    assert.ok(visited[0] > 0 && visited[0] < FILES, `stopped after ${visited[0]} of ${FILES + 1} files`);

    // The next request: answered at once, and whole (the cancelled rename changed nothing).
    const started = Date.now();
    const edit: WorkspaceEdit = await session.client.sendRequest('textDocument/rename', {
      textDocument,
      position: heading,
      newName: 'moved',
    });
    assert.ok(Date.now() - started < 1000, `answered in ${Date.now() - started} ms`);
    const { edits } = editsByUri(edit);
    assert.equal(edits.size, FILES + 1);
    assert.equal(
      [...edits.values()].reduce((n, e) => n + e.length, 0),
      FILES * UNITS_PER_FILE + 1,
    );
  });

  it('stops references part-way with RequestCancelled, then answers the next request at once', async () => {
    const params = {
      textDocument: { uri: study.uri('codebook.md') },
      position: heading,
      context: { includeDeclaration: true },
    };
    const { code } = await cancelAfter(session, 'textDocument/references', params, 6);
    assert.equal(code, -32800);
    const visited = visitedWhenCancelled(session, 'references');
    assert.equal(visited.length, 1, session.logs.join('\n'));
    assert.ok(visited[0] > 0 && visited[0] < FILES, `stopped after ${visited[0]} of ${FILES} files`);
    const started = Date.now();
    const refs: Location[] = await session.client.sendRequest('textDocument/references', params);
    assert.ok(Date.now() - started < 1000, `answered in ${Date.now() - started} ms`);
    assert.equal(refs.length, FILES * UNITS_PER_FILE + 1);
  });

  it('stops the custom requests that walk the study, and the count after a codebook edit', async () => {
    const uri = study.uri('codebook.md');
    let r = await cancelAfter(session, 'condense/unitsOfCode', { uri, code: 'shift' }, 4);
    assert.equal(r.code, -32800);
    assert.equal(visitedWhenCancelled(session, 'unitsOfCode').length, 1, session.logs.join('\n'));
    // A codebook edit changes every code's path: the counts are walked again, file by file.
    const doc = await new OpenDocument(session, uri, study.read('codebook.md')).open();
    await doc.edit('## Valued', '# Valued');
    r = await cancelAfter(session, 'condense/themeTree', {}, 4);
    assert.equal(r.code, -32800);
    const visited = visitedWhenCancelled(session, 'themeTree');
    assert.equal(visited.length, 1, session.logs.join('\n'));
    assert.ok(visited[0] > 0 && visited[0] < FILES, `stopped after ${visited[0]} of ${FILES} files`);
    // Answered whole next time, and a code lens needs no walk once the counts are up to date.
    assert.deepEqual(await themeCounts(session), [
      ['shift', FILES * UNITS_PER_FILE],
      ['valued', FILES * UNITS_PER_FILE],
    ]);
    const lenses: { command: { title: string } }[] = await session.client.sendRequest('textDocument/codeLens', {
      textDocument: { uri },
    });
    assert.equal(lenses.length, 2);
    await doc.close();
  });
});
