/**
 * The language server's hover on a unit says who last changed its coding and when, from
 * git blame of the lines of its markup; an unsaved change shows as not committed yet.
 */
import * as assert from 'node:assert/strict';
import { diskFileSystem } from '../../../server/src/node/diskFileSystem';
import { startSession, type TestSession } from '../lsp/harness';
import { parsePorcelain } from '../../../server/src/node/blame';
import { commit, git, initRepo, removeTemps, writeFiles } from './gitRepo';

const CODEBOOK = '# T {#t}\n\n## X {#x}\n\n## Y {#y}\n';
const T1 = '**P1:** one two three\n\n**P2:** [four five]{.x}\nsix\n';

function hoverText(h: unknown): string {
  return ((h as { contents?: { value?: string } } | null)?.contents?.value ?? '') as string;
}

describe('hover: who last changed a unit’s coding', function () {
  this.timeout(30000);
  let session: TestSession;
  let repo: string;
  before(async () => {
    repo = initRepo();
    commit(repo, { 'codebook.md': CODEBOOK, 't.md': T1 }, 'first coding');
    // A second author recodes the unit on line 3 in a later commit.
    writeFiles(repo, { 't.md': T1.replace('{.x}', '{.x .y}') });
    git(
      repo,
      'commit',
      '-q',
      '-a',
      '--author',
      'Ben Second <ben@example.org>',
      '--date',
      '2024-03-05T10:00:00Z',
      '-m',
      'Recode four five',
    );
    session = await startSession({ root: repo, files: diskFileSystem });
  });
  after(() => {
    session.dispose();
    removeTemps();
  });

  it('names the author, date and commit of the last change to the unit’s markup', async () => {
    const uri = session.uri('t.md');
    const h = await session.client.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 2, character: 12 },
    });
    const sha = git(repo, 'rev-parse', '--short=7', 'HEAD').trim();
    assert.match(
      hoverText(h),
      new RegExp(`\\*Coding last changed by Ben Second, 2024-03-05\\* \\(\`${sha}\` Recode four five\\)$`),
    );
    // Not on text outside units.
    const outside = await session.client.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 10 },
    });
    assert.doesNotMatch(hoverText(outside), /Coding last changed/);
  });

  it('says "not committed yet" for a coding changed in the editor', async () => {
    const uri = session.uri('t.md');
    const text = T1.replace('{.x}', '{.y}');
    await session.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version: 1, text },
    });
    const h = await session.client.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 2, character: 12 },
    });
    assert.match(hoverText(h), /not committed yet/);
  });

  it('parses porcelain output with repeated commits', () => {
    const sha = 'a'.repeat(40);
    const out = [
      `${sha} 1 1 2`,
      'author Anna',
      'author-time 1700000000',
      'summary Code it',
      '\tline one',
      `${sha} 2 2`,
      '\tline two',
      '',
    ].join('\n');
    const lines = parsePorcelain(out);
    assert.equal(lines.length, 2);
    assert.deepEqual(lines[1], { commit: sha, author: 'Anna', time: 1700000000, summary: 'Code it' });
  });
});
