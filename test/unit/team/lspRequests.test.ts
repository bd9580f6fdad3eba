/**
 * The language server's team requests on a temporary git repository: revisions, the
 * coding changes from a revision to the editor's text, a file's text in a version, the
 * agreement between two branches with its disagreements, and the edit that keeps one
 * side's coding.
 */
import * as assert from 'node:assert/strict';
import { diskFileSystem } from '../../../server/src/node/diskFileSystem';
import { startSession, type TestSession } from '../lsp/harness';
import { applyEdits } from '../features/util';
import type { AgreementViewResult, CompareCodingResult, RevisionInfo } from '../../../common/protocol';
import { commit, git, initRepo, removeTemps } from './gitRepo';

const CODEBOOK = '# T {#t}\n\n## X {#x}\n\n## Y {#y}\n';
const BASE = '**P1:** one two three four\n\n**P2:** five 😀 six\n';
const CODER_A = '**P1:** [one two]{.x} three four\n\n**P2:** five [😀 six]{.y}\n';
const CODER_B = '**P1:** [one two]{.y} three [four]{.x}\n\n**P2:** five [😀 six]{.y}\n';

describe('LSP: team requests', function () {
  this.timeout(30000);
  let session: TestSession;
  let repo: string;
  before(async () => {
    repo = initRepo();
    commit(repo, { 'codebook.md': CODEBOOK, 't.md': BASE }, 'base');
    git(repo, 'checkout', '-q', '-b', 'coder-a');
    commit(repo, { 't.md': CODER_A }, 'coding by A');
    git(repo, 'checkout', '-q', '-b', 'coder-b', 'main');
    commit(repo, { 't.md': CODER_B }, 'coding by B');
    session = await startSession({ root: repo, files: diskFileSystem });
  });
  after(() => {
    session.dispose();
    removeTemps();
  });
  const request = <T>(method: string, params: unknown): Promise<T> => session.client.sendRequest(method, params);

  it('lists branches and recent commits', async () => {
    const revs = await request<RevisionInfo[]>('condense/revisions', { uri: session.uri('t.md') });
    assert.deepEqual(
      revs
        .filter((r) => r.kind === 'branch')
        .map((r) => r.name)
        .sort(),
      ['coder-a', 'coder-b', 'main'],
    );
    assert.ok(revs.some((r) => r.kind === 'commit' && /coding by B/.test(r.description)));
  });

  it('compares a revision with the text in the editor, unsaved edits included', async () => {
    const uri = session.uri('t.md');
    const text = CODER_B.replace('[four]{.x}', 'four');
    await session.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version: 1, text },
    });
    const r = await request<CompareCodingResult>('condense/compareCoding', { uri, version: 'coder-a' });
    assert.equal(r.a, 'coder-a');
    assert.equal(r.b, 'working tree');
    assert.deepEqual(
      r.changes.map((c) => [
        c.file,
        c.change,
        c.codesBefore,
        c.codesAfter,
        c.text,
        c.rangeA?.start.line,
        c.rangeB?.start.line,
      ]),
      [['t.md', 'recoded', ['x'], ['y'], 'one two', 0, 0]],
    );
    assert.equal(r.changes[0].uri, uri);
    const bad = await request('condense/compareCoding', { uri, version: 'no-such-branch' }).then(
      () => null,
      (e: Error) => e.message,
    );
    assert.match(String(bad), /no-such-branch: no such folder or revision/);
    await session.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('gives a file’s text in a version', async () => {
    assert.deepEqual(
      await request('condense/versionText', { uri: session.uri('t.md'), version: 'coder-a', file: 't.md' }),
      { text: CODER_A },
    );
    assert.equal(
      await request('condense/versionText', { uri: session.uri('t.md'), version: 'coder-a', file: 'nope.md' }),
      null,
    );
  });

  it('computes the agreement between two branches, with the disagreements by code', async () => {
    const r = await request<AgreementViewResult>('condense/agreement', {
      uri: session.uri('t.md'),
      a: 'coder-a',
      b: 'coder-b',
    });
    assert.equal(r.characters, Array.from('P1: one two three four\n\nP2: five 😀 six\n').length);
    const y = r.codes.find((c) => c.id === 'y');
    assert.deepEqual([y?.both, y?.aOnly, y?.bOnly], [5, 0, 7]);
    assert.deepEqual(
      r.disagreements.map((d) => [d.code, d.kind, d.text, d.codesA, d.codesB, d.plainA, d.plainB]).sort(),
      [
        ['x', 'bOnly', 'four', [], ['x'], undefined, [18, 22]],
        ['x', 'different', 'one two', ['x'], ['y'], [4, 11], [4, 11]],
        ['y', 'different', 'one two', ['x'], ['y'], [4, 11], [4, 11]],
      ].sort(),
    );
  });

  it('keeps one side’s coding: recode, new unit, removal; refuses a span whose text differs', async () => {
    const uri = session.uri('t.md');
    // The working tree is coder-b's version (the branch checked out last).
    const apply = async (plain: [number, number], text: string, codes: string[]): Promise<string | null> => {
      const r = await request<{ uri: string; edits: { range: never; newText: string }[] } | null>(
        'condense/applyCoding',
        {
          uri,
          file: 't.md',
          plain,
          text,
          codes,
        },
      );
      return r ? applyEdits(CODER_B, r.edits) : null;
    };
    assert.equal(
      await apply([4, 11], 'one two', ['x']),
      '**P1:** [one two]{.x} three [four]{.x}\n\n**P2:** five [😀 six]{.y}\n',
    );
    assert.equal(await apply([18, 22], 'four', []), '**P1:** [one two]{.y} three four\n\n**P2:** five [😀 six]{.y}\n');
    assert.equal(
      await apply([12, 17], 'three', ['x', 'y']),
      '**P1:** [one two]{.y} [three]{.x .y} [four]{.x}\n\n**P2:** five [😀 six]{.y}\n',
    );
    assert.equal(await apply([4, 11], 'one too', ['x']), null);
    assert.equal(await apply([8, 17], 'two three', ['x']), null, 'would cross [one two]');
  });
});
