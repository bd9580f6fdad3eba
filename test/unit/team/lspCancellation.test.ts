/**
 * The team requests that go through every transcript (the coding changes and the
 * agreement) pause between files: cancelled part-way they answer RequestCancelled
 * (-32800) and the server logs how many files it had compared; the same request, not
 * cancelled, then answers whole. Version A is a folder beside the study (no git needed).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgreementViewResult, CompareCodingResult } from '../../../common/protocol';
import { cancelAfter, startSession, visitedWhenCancelled, type TestSession } from '../lsp/harness';
import { makeDiskStudy, type TempStudy } from '../lsp/fixture';

const FILES = 300;
const CODEBOOK = '# Shift {#shift}\n\n## Valued {#valued}\n';

function transcript(f: number, code: string): string {
  return `**P1:** [statement ${f}]{.${code}} and [another 😀]{.valued}.\n\n**P2:** e\u0301te\u0301 ${f}.\n`;
}

describe('LSP: cancellation of the team requests', function () {
  this.timeout(60000);
  let study: TempStudy;
  let other: string;
  let session: TestSession;
  before(async () => {
    // The working study codes every third statement otherwise than version A.
    const working: Record<string, string> = { 'codebook.md': CODEBOOK };
    other = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'condense-team-cancel-')));
    fs.writeFileSync(path.join(other, 'codebook.md'), CODEBOOK);
    for (let f = 0; f < FILES; f++) {
      const name = `t${String(f).padStart(3, '0')}.md`;
      working[name] = transcript(f, f % 3 === 0 ? 'valued' : 'shift');
      fs.writeFileSync(path.join(other, name), transcript(f, 'shift'));
    }
    study = makeDiskStudy(working, 'condense-team-cancel-study-');
    session = await startSession(study);
  });
  after(() => {
    session.dispose();
    study.cleanup();
    fs.rmSync(other, { recursive: true, force: true });
  });

  it('stops the coding changes part-way, then answers them whole', async () => {
    const params = { uri: study.uri('codebook.md'), version: other };
    assert.equal((await cancelAfter(session, 'condense/compareCoding', params, 4)).code, -32800);
    const visited = visitedWhenCancelled(session, 'compareCoding');
    assert.equal(visited.length, 1, session.logs.join('\n'));
    assert.ok(visited[0] > 0 && visited[0] < FILES, `stopped after ${visited[0]} of ${FILES} files`);
    const r: CompareCodingResult = await session.client.sendRequest('condense/compareCoding', params);
    assert.equal(r.changes.length, FILES / 3);
    assert.ok(r.changes.every((c) => c.change === 'recoded' && c.codesAfter[0] === 'valued'));
  });

  it('stops the agreement part-way, then answers it whole', async () => {
    const params = { uri: study.uri('codebook.md'), a: other, b: 'working tree' };
    assert.equal((await cancelAfter(session, 'condense/agreement', params, 4)).code, -32800);
    const visited = visitedWhenCancelled(session, 'agreement');
    assert.equal(visited.length, 1, session.logs.join('\n'));
    assert.ok(visited[0] > 0 && visited[0] < FILES, `stopped after ${visited[0]} of ${FILES} files`);
    const r: AgreementViewResult = await session.client.sendRequest('condense/agreement', params);
    const shift = r.codes.find((c) => c.id === 'shift');
    assert.ok(shift);
    assert.equal(shift.segments.matched, (FILES * 2) / 3);
    assert.equal(shift.segments.aOnly, FILES / 3);
    assert.equal(r.disagreements.filter((d) => d.code === 'shift').length, FILES / 3);
  });
});
