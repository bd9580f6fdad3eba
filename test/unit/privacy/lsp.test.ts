/**
 * The privacy guard in the language server: identifying-text diagnostics at exact
 * ranges, the quick fix and the study-wide replacement, a change of the identifiers file
 * picked up without a restart (through the client's watcher, or the server's own when
 * the client has none), and the identifiers-tracked warning.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { pathToUri } from '../../../server/src/node/loadStudy';
import { applyWorkspaceEdit } from '../lsp/fixture';
import { diskFileSystem } from '../../../server/src/node/diskFileSystem';
import { startSession, type TestSession } from '../lsp/harness';
import { removePrivacyStudy, writePrivacyStudy, type PrivacyStudy } from './study';

const identifying = (ds: Diagnostic[] | undefined): Diagnostic[] =>
  (ds ?? []).filter((d) => d.code === 'identifying-text');

describe('privacy: the language server', function () {
  let s: PrivacyStudy;
  let session: TestSession | null = null;
  beforeEach(() => (s = writePrivacyStudy({ eol: '\r\n' })));
  afterEach(() => {
    session?.dispose();
    session = null;
    removePrivacyStudy(s);
  });

  const expectedRanges = (file: string): Diagnostic['range'][] =>
    s.expected.filter((e) => e.file === file).map((e) => e.range);

  it('publishes identifying-text errors at exact ranges, naming only the pseudonym', async function () {
    session = await startSession({ root: s.root, files: diskFileSystem });
    const sess = session;
    const fg1 = sess.uri('transcripts/fg1.md');
    await sess.until(() => identifying(sess.diagnostics.get(fg1)).length > 0);
    for (const file of ['transcripts/fg1.md', 'codebook.md']) {
      const ds = identifying(sess.diagnostics.get(sess.uri(file)));
      assert.deepEqual(
        ds.map((d) => d.range),
        expectedRanges(file),
        file,
      );
      assert.ok(ds.every((d) => d.severity === 1 && d.source === 'condense'));
    }
    assert.deepEqual(identifying(sess.diagnostics.get(sess.uri('transcripts/clean.md'))), []);
    const messages = [...sess.diagnostics.values()].flat().map((d) => d.message);
    assert.ok(
      messages.includes(
        'Identifying text: a name listed in the identifiers file. Replace it with its pseudonym "Anna Berg".',
      ),
    );
    assert.ok(messages.every((m) => !/Kari|Tromsø|Åse|Per Gynt|Olsen|Sunnmøre/.test(m)));
    assert.ok(sess.logs.every((l) => !/Kari|Tromsø|Åse|Per Gynt|Olsen|Sunnmøre/.test(l)));
  });

  it('offers "Replace with pseudonym" and one edit that replaces all identifying text in the study', async function () {
    session = await startSession({ root: s.root, files: diskFileSystem });
    const sess = session;
    const fg1 = sess.uri('transcripts/fg1.md');
    await sess.until(() => identifying(sess.diagnostics.get(fg1)).length > 0);
    const ds = identifying(sess.diagnostics.get(fg1));
    const wrapped = ds[2];
    const actions: CodeAction[] = await sess.client.sendRequest('textDocument/codeAction', {
      textDocument: { uri: fg1 },
      range: wrapped.range,
      context: { diagnostics: [wrapped] },
    });
    assert.deepEqual(
      actions.slice(0, 2).map((a) => [a.title, a.kind, a.isPreferred]),
      [
        ['Replace with pseudonym "Anna Berg"', 'quickfix', true],
        ['Replace all identifying text in the study', 'quickfix', undefined],
      ],
    );
    const texts = { [fg1]: s.before['transcripts/fg1.md'], [sess.uri('codebook.md')]: s.before['codebook.md'] };
    const one = applyWorkspaceEdit(actions[0].edit ?? {}, texts);
    assert.equal(one[fg1], s.before['transcripts/fg1.md'].replace('Kari\r\nNordmann in', 'Anna Berg in'));
    const all = applyWorkspaceEdit(actions[1].edit ?? {}, texts);
    assert.deepEqual(all, { [fg1]: s.after['transcripts/fg1.md'], [sess.uri('codebook.md')]: s.after['codebook.md'] });
  });

  it('picks up a changed identifiers file without a restart, through the client watcher', async function () {
    session = await startSession(
      { root: s.root, files: diskFileSystem },
      {
        workspace: {
          workspaceEdit: { documentChanges: true },
          didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
        },
      },
    );
    const sess = session;
    const fg1 = sess.uri('transcripts/fg1.md');
    await sess.until(() => identifying(sess.diagnostics.get(fg1)).length === 15);
    const base = pathToUri(path.dirname(s.identifiers));
    await sess.until(() =>
      JSON.stringify(sess.registrations).includes(
        JSON.stringify({ globPattern: { baseUri: base, pattern: 'names.txt' } }),
      ),
    );
    fs.writeFileSync(s.identifiers, 'Per Gynt => Paul Green\n');
    await sess.client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToUri(s.identifiers), type: 2 }],
    });
    await sess.until(() => identifying(sess.diagnostics.get(fg1)).length === 2);
    assert.equal(identifying(sess.diagnostics.get(sess.uri('codebook.md'))).length, 2);
    fs.rmSync(s.identifiers);
    await sess.client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToUri(s.identifiers), type: 3 }],
    });
    const config = sess.uri('condense.json');
    await sess.until(() => (sess.diagnostics.get(config) ?? []).some((d) => d.code === 'bad-config'));
    assert.equal(identifying(sess.diagnostics.get(fg1)).length, 0);
  });

  it('watches the file itself when the client registers no watchers', async function () {
    session = await startSession(
      { root: s.root, files: diskFileSystem },
      { workspace: { workspaceEdit: { documentChanges: true } } },
    );
    const sess = session;
    const fg1 = sess.uri('transcripts/fg1.md');
    await sess.until(() => identifying(sess.diagnostics.get(fg1)).length === 15);
    // Give the server's folder watch a moment to start after the scan.
    await new Promise((r) => setTimeout(r, 200));
    fs.writeFileSync(s.identifiers, 'Tromsø => Havbyen\n');
    await sess.until(() => identifying(sess.diagnostics.get(fg1)).length === 1, 5000);
  });

  it('warns on condense.json when the identifiers file lies in the study, not git-ignored', async function () {
    fs.copyFileSync(s.identifiers, path.join(s.root, 'names.txt'));
    fs.writeFileSync(
      path.join(s.root, 'condense.json'),
      JSON.stringify({ transcripts: ['transcripts/*.md'], identifiers: 'names.txt' }),
    );
    session = await startSession({ root: s.root, files: diskFileSystem });
    const sess = session;
    const config = sess.uri('condense.json');
    await sess.until(() => (sess.diagnostics.get(config) ?? []).some((d) => d.code === 'identifiers-tracked'));
    const d = (sess.diagnostics.get(config) ?? []).find((x) => x.code === 'identifiers-tracked');
    assert.equal(d?.severity, 2);
    assert.deepEqual(d?.range, { start: { line: 0, character: 36 }, end: { line: 0, character: 49 } });
  });
});
