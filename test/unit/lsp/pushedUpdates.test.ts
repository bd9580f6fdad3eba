/**
 * Pushed updates and the coding-edit request, over the real protocol.
 *
 * A recording client runs the VS Code client's own update policy (client/src/studyUpdates.ts)
 * with views that send what the extension's views send: the Themes view (one ThemeTree
 * request, with the units of its open codes), the highlighter of the open transcript
 * (DocumentUnits) and the condensate preview (CondensateView). While a researcher types,
 * each view sends at most one request per index update the server announces, and the last
 * answers are those of the final text.
 */
import * as assert from 'node:assert/strict';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { StudyUpdates } from '../../../client/src/studyUpdates';
import type {
  CodingEditResult,
  DocumentUnitsResult,
  StudyChangedParams,
  ThemeTreeResult,
} from '../../../common/protocol';
import { applyWorkspaceEdit, editsByUri, OpenDocument, sleep, startFixture, T1, type FixtureSession } from './fixture';

describe('LSP: pushed study updates (condense/studyChanged) instead of polling', function () {
  this.timeout(30_000);
  let fixture: FixtureSession;
  beforeEach(async () => {
    fixture = await startFixture();
  });
  afterEach(() => fixture.dispose());

  it('costs each view at most one request per index update while typing, and ends on the final text', async () => {
    const { session, t1, cb } = fixture;
    const notifications: StudyChangedParams[] = [];
    const sent = { themeTree: 0, documentUnits: 0, condensateView: 0 };
    let lastUnits: DocumentUnitsResult | null = null;
    let lastTree: ThemeTreeResult | null = null;
    const updates = new StudyUpdates();
    updates.add({
      affects: () => true,
      refresh: async () => {
        sent.themeTree++;
        lastTree = await session.client.sendRequest('condense/themeTree', { unitsOf: ['facilitate'] });
      },
    });
    let pending = false;
    updates.add({
      affects: (c) => {
        pending ||= c.all || c.uris.includes(t1);
        return pending;
      },
      refresh: async () => {
        pending = false;
        sent.documentUnits++;
        lastUnits = await session.client.sendRequest('condense/documentUnits', { uri: t1 });
      },
    });
    updates.add({
      affects: () => true,
      refresh: async () => {
        sent.condensateView++;
        await session.client.sendRequest('condense/condensateView', { uri: cb, code: 'facilitate' });
      },
    });
    session.client.onNotification('condense/studyChanged', (p: StudyChangedParams) => {
      notifications.push(p);
      updates.changed(p);
    });
    const doc = await new OpenDocument(session, t1, T1).open();
    const keystrokes = 'and then we hired two peer workers';
    const at = doc.text.indexOf(' before hiring');
    for (let k = 0; k < keystrokes.length; k++) {
      await doc.replace(at + k, at + k, keystrokes[k]);
      await sleep(k % 5 === 0 ? 40 : 2);
    }
    await sleep(500);
    const updatesSeen = notifications.length;
    assert.ok(updatesSeen >= keystrokes.length, `one update per keystroke and the open: ${updatesSeen}`);
    for (const [view, n] of Object.entries(sent))
      assert.ok(n >= 1 && n <= updatesSeen, `${view}: ${n} requests for ${updatesSeen} updates`);
    const perKeystroke = (sent.themeTree + sent.documentUnits + sent.condensateView) / keystrokes.length;
    console.log(
      `      ${keystrokes.length} keystrokes, ${updatesSeen} updates: ThemeTree ${sent.themeTree}, DocumentUnits ${sent.documentUnits}, CondensateView ${sent.condensateView} (${perKeystroke.toFixed(2)} requests per keystroke)`,
    );
    // The last answers are those of the final text.
    assert.equal((lastUnits as DocumentUnitsResult | null)?.version, doc.version);
    const facilitate = (lastTree as ThemeTreeResult | null)?.studies[0].units?.facilitate ?? [];
    assert.ok(facilitate.some((u) => u.text === 'we worked for a year'));
  });

  it('announces a codebook change as concerning every view (all: true)', async () => {
    const { session, cb } = fixture;
    const seen: StudyChangedParams[] = [];
    session.client.onNotification('condense/studyChanged', (p: StudyChangedParams) => seen.push(p));
    const book = await new OpenDocument(session, cb, fixture.study.read('codebook.md')).open();
    await book.edit('About the shift.', 'About the shift, and more.');
    await session.until(() => seen.some((s) => s.all && s.uris.includes(cb)));
    assert.ok(
      seen.every((s, k) => k === 0 || s.version > seen[k - 1].version),
      'versions grow',
    );
  });
});

describe('LSP: condense/codingEdit', function () {
  this.timeout(30_000);
  let fixture: FixtureSession;
  before(async () => {
    fixture = await startFixture();
  });
  after(() => fixture.dispose());

  it('codes a selection with a new subtheme in one versioned edit of the transcript and the codebook', async () => {
    const { session, t1, cb, study } = fixture;
    const doc = await new OpenDocument(session, t1, T1).open();
    const line = T1.split('\n')[14];
    const r: CodingEditResult = await session.client.sendRequest('condense/codingEdit', {
      action: 'codeSelection',
      uri: t1,
      range: { start: { line: 14, character: 8 }, end: { line: 14, character: line.length - 1 } },
      newCode: { title: 'Not sorted, then sorted', parent: 'shift' },
    });
    assert.equal(r.error, undefined);
    assert.equal(r.code, 'not-sorted-then-sorted');
    const { versions } = editsByUri(r.edit as WorkspaceEdit);
    assert.equal(versions.get(t1), doc.version, 'the open transcript is edited at its version');
    const after = applyWorkspaceEdit(r.edit as WorkspaceEdit, { [t1]: T1, [cb]: study.read('codebook.md') });
    assert.equal(
      after[t1].split('\n')[14],
      '**P2:** [[Not sorted yet]{} and [a typo]{.benfits}]{.not-sorted-then-sorted}.',
    );
    assert.match(after[cb], /## Unused \{#unused\}\n\nNobody codes this\.\n$/);
    assert.match(
      after[cb],
      /About the shift\.\n\n## Facilitate[\s\S]*## Benefits[\s\S]*## Not sorted, then sorted \{#not-sorted-then-sorted\}\n\n# Valued/,
    );
    await doc.close();
  });

  it('answers a selection it cannot code with a one-line reason and no edit', async () => {
    const { session, t1 } = fixture;
    const r: CodingEditResult = await session.client.sendRequest('condense/codingEdit', {
      action: 'codeSelection',
      uri: t1,
      range: { start: { line: 4, character: 2 }, end: { line: 4, character: 20 } },
      code: 'valued',
    });
    assert.equal(r.edit, undefined);
    assert.match(r.error ?? '', /crosses the edge of a meaning unit/);
  });
});
