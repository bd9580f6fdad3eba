/**
 * LSP level: workspace/didChangeWatchedFiles. Files created, changed and deleted on disk,
 * condense.json changed, a new study appearing, an editor opening a file while it is
 * read, and a simulated `git checkout` of ~200 files whose result must equal a fresh
 * server's view of the same folder.
 */
import * as assert from 'node:assert/strict';
import type { DocumentUnitsResult, ThemeTreeResult } from '../../../common/protocol';
import { startSession, type TestSession } from './harness';
import {
  CODEBOOK,
  codesAt,
  eventually,
  makeStudy,
  OpenDocument,
  T1,
  themeCounts,
  untilCodes,
  type TempStudy,
} from './fixture';

const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

describe('LSP: watched files', () => {
  let study: TempStudy;
  let session: TestSession;
  let t1: string;
  let cb: string;
  beforeEach(async () => {
    study = makeStudy();
    session = await startSession(study);
    [t1, cb] = [study.uri('transcripts/t1.md'), study.uri('codebook.md')];
    await untilCodes(session, t1, ['uncoded-unit', 'unknown-code']);
  });
  afterEach(() => {
    session.dispose();
    study.cleanup();
  });
  const notify = (...changes: [string, number][]): Promise<void> =>
    session.client.sendNotification('workspace/didChangeWatchedFiles', {
      changes: changes.map(([uri, type]) => ({ uri, type })),
    });
  const units = (uri: string): Promise<DocumentUnitsResult | null> =>
    session.client.sendRequest('condense/documentUnits', { uri });

  it('Created: a new transcript is indexed, counted and checked', async () => {
    study.write('transcripts/t3.md', '**P9:** [More]{.unused} and [odd]{.nope}.\n');
    const t3 = study.uri('transcripts/t3.md');
    await notify([t3, CREATED]);
    await untilCodes(session, t3, ['unknown-code']);
    assert.deepEqual(
      (await units(t3))?.units.map((u) => u.codes),
      [['unused'], ['nope']],
    );
    assert.deepEqual(await themeCounts(session), [
      ['shift', 5],
      ['facilitate', 2],
      ['benefits', 3],
      ['valued', 2],
      ['unused', 1],
    ]);
    // `unused` is used now.
    await untilCodes(session, cb, ['quote-not-found']);
    // A file the study's globs leave out is not indexed.
    study.write('notes.md', '[x]{.y}\n');
    await notify([study.uri('notes.md'), CREATED]);
    assert.equal(await units(study.uri('notes.md')), null);
  });

  it('Changed: a codebook saved on disk re-checks every file', async () => {
    study.write('codebook.md', CODEBOOK.replace('## Unused {#unused}', '## Typo {#benfits}'));
    await notify([cb, CHANGED]);
    await untilCodes(session, t1, ['uncoded-unit']);
    await untilCodes(session, cb, ['quote-not-found']);
    assert.deepEqual(await themeCounts(session), [
      ['shift', 5],
      ['facilitate', 2],
      ['benefits', 3],
      ['valued', 2],
      ['benfits', 1],
    ]);
  });

  it('Deleted: the file is forgotten and its diagnostics cleared', async () => {
    study.remove('transcripts/t1.md');
    await notify([t1, DELETED]);
    await session.until(() => session.diagnostics.get(t1)?.length === 0);
    assert.equal(await units(t1), null);
    assert.equal(
      await session.client.sendRequest('textDocument/hover', {
        textDocument: { uri: t1 },
        position: { line: 4, character: 20 },
      }),
      null,
    );
    assert.deepEqual(await themeCounts(session), [
      ['shift', 2],
      ['facilitate', 1],
      ['benefits', 2],
      ['valued', 0],
      ['unused', 0],
    ]);
    // The golden quote of t1 is not found any more.
    await untilCodes(session, cb, ['quote-not-found', 'quote-not-found', 'unused-code', 'unused-code']);
  });

  it('registers watchers for Markdown files, condense.json and deletions (of folders)', () => {
    assert.deepEqual(
      session.registrations.map((r) => {
        const { method, registerOptions } = r as { method: string; registerOptions: unknown };
        return [method, registerOptions];
      }),
      [
        [
          'workspace/didChangeWatchedFiles',
          {
            watchers: [
              { globPattern: '**/*.{md,markdown}' },
              { globPattern: '**/condense.json' },
              { globPattern: '**/.gitignore' },
              { globPattern: '**/*', kind: 4 },
            ],
          },
        ],
      ],
    );
  });

  it('Deleted folder: one event for the folder forgets every file in it', async () => {
    study.remove('transcripts');
    await notify([study.uri('transcripts'), DELETED]);
    await session.until(() => session.diagnostics.get(t1)?.length === 0);
    assert.equal(await units(t1), null);
    assert.equal(await units(study.uri('transcripts/t2.md')), null);
    assert.deepEqual(await themeCounts(session), [
      ['shift', 0],
      ['facilitate', 0],
      ['benefits', 0],
      ['valued', 0],
      ['unused', 0],
    ]);
    await untilCodes(session, cb, ['quote-not-found', 'quote-not-found', 'quote-not-found']);
    // A deleted folder that holds no document changes nothing.
    await notify([study.uri('elsewhere'), DELETED]);
    const symbols: unknown[] = await session.client.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri: cb },
    });
    assert.equal(symbols.length, 2);
  });

  it('an open document ignores the disk, also when opened while the disk is being read', async () => {
    const doc = await new OpenDocument(session, t1, T1.replace('{.benfits}', '{.benefits}')).open();
    study.write('transcripts/t1.md', 'nothing coded\n');
    await notify([t1, CHANGED]);
    assert.equal((await units(t1))?.units.length, 6);
    await doc.close();
    assert.equal((await units(t1))?.units.length, 0, 'closed: the disk');
    // The change notification starts an asynchronous read; the editor opens the file
    // before it ends. The editor's text must win.
    study.write('transcripts/t1.md', T1);
    await notify([t1, CHANGED]);
    await session.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: t1, languageId: 'markdown', version: 3, text: '[open]{.shift}\n' },
    });
    await new Promise((r) => setTimeout(r, 100));
    const r = await units(t1);
    assert.equal(r?.version, 3);
    assert.deepEqual(
      r?.units.map((u) => u.codes),
      [['shift']],
    );
  });

  it('condense.json changed: the study is indexed again with the new settings', async () => {
    const config = study.uri('condense.json');
    study.write(
      'condense.json',
      '{"codebook": "codebook.md", "transcripts": ["transcripts/t2.md"], "sections": {"quotes": "Sitater"}}\n',
    );
    await notify([config, CHANGED]);
    // t1 is no longer a transcript: its diagnostics are cleared; with no Quotes section, no quote problems.
    await session.until(() => session.diagnostics.get(t1)?.length === 0);
    assert.equal(await units(t1), null);
    await untilCodes(session, cb, ['unused-code', 'unused-code']);
    assert.deepEqual(await themeCounts(session), [
      ['shift', 2],
      ['facilitate', 1],
      ['benefits', 2],
      ['valued', 0],
      ['unused', 0],
    ]);
    // A broken file: bad-config, and the defaults (every .md but the codebook is a transcript).
    study.write('condense.json', '{"transcripts": [}');
    await notify([config, CHANGED]);
    await untilCodes(session, config, ['bad-config']);
    await untilCodes(session, t1, ['uncoded-unit', 'unknown-code']);
    assert.equal((await units(t1))?.units.length, 6);
    // Deleted: the defaults, and the config's diagnostics are cleared.
    study.remove('condense.json');
    await notify([config, DELETED]);
    await session.until(() => session.diagnostics.get(config)?.length === 0);
  });

  it('a new study in a subfolder is found and indexed', async () => {
    study.write('sub/condense.json', '{}\n');
    study.write('sub/codebook.md', '# Alone {#alone}\n');
    study.write('sub/a.md', '[one]{.alone} [two]{.shift}\n');
    await notify(
      [study.uri('sub/condense.json'), CREATED],
      [study.uri('sub/codebook.md'), CREATED],
      [study.uri('sub/a.md'), CREATED],
    );
    const tree = await eventually(
      (): Promise<ThemeTreeResult> => session.client.sendRequest('condense/themeTree', {}),
      // While the studies are read again, the outer one's index fills up: wait for the end.
      (t) => t.studies.length === 2 && t.studies[1].themes.length === 2,
    );
    assert.deepEqual(
      tree.studies.map((s) => [s.root, s.themes.map((n) => [n.id, n.units]), s.unknownCodes]),
      [
        [study.uri('sub'), [['alone', 1]], [{ id: 'shift', units: 1 }]],
        [
          study.uri(''),
          [
            ['shift', 5],
            ['valued', 1],
          ],
          [{ id: 'benfits', units: 1 }],
        ],
      ],
    );
    await untilCodes(session, study.uri('sub/a.md'), ['unknown-code']);
    // The outer study's files keep their diagnostics.
    assert.deepEqual(codesAt(session, t1), ['uncoded-unit', 'unknown-code']);
  });
});

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generated transcript: turns with units coded from `codes`, some nested, some in divs, some CR LF. */
function transcript(k: number, variant: number, codes: string[]): string {
  const rnd = random(k * 7919 + variant);
  const pick = (): string => codes[Math.floor(rnd() * codes.length)];
  const lines = [`---`, `title: Interview ${k}.${variant}`, `---`, ''];
  for (let turn = 0; turn < 4; turn++) {
    const who = `**P${1 + Math.floor(rnd() * 3)}:**`;
    const r = rnd();
    if (r < 0.2) lines.push(`::: {.${pick()}}`, `${who} a whole turn ${turn}`, ':::', '');
    else if (r < 0.4) lines.push(`${who} [outer [inner ${turn}]{.${pick()}} text]{.${pick()} .${pick()}} end.`, '');
    else if (r < 0.5) lines.push(`${who} [not yet]{} and [odd]{.missing${k % 3}}.`, '');
    else lines.push(`${who} some [coded text ${turn}]{.${pick()}} here 😀.`, '');
  }
  const text = lines.join('\n');
  return k % 5 === 0 ? text.replace(/\n/g, '\r\n') : text;
}

function codebook(ids: string[]): string {
  return ids.map((id, k) => `${k % 3 === 0 ? '#' : '##'} Code ${id} {#${id}}\n\nAbout ${id}.\n`).join('\n');
}

describe('LSP: a simulated git checkout of ~200 files', () => {
  const N = 200;
  const before = ['a', 'b', 'c', 'd', 'e', 'f'];
  const after = ['a', 'b', 'c', 'd', 'g', 'h', 'i'];
  let study: TempStudy;
  let session: TestSession;
  let fresh: TestSession | undefined;
  beforeEach(async () => {
    const files: Record<string, string> = {
      'condense.json': '{"transcripts": "t/**/*.md"}\n',
      'codebook.md': codebook(before),
    };
    for (let k = 0; k < N; k++) files[`t/${k}.md`] = transcript(k, 0, before);
    for (let k = 0; k < 10; k++) files[`t/old/${k}.md`] = transcript(1000 + k, 0, before);
    study = makeStudy(files, 'condense-checkout-');
    session = await startSession(study);
  });
  afterEach(() => {
    session.dispose();
    fresh?.dispose();
    study.cleanup();
  });

  it('one didChangeWatchedFiles with every change gives what a fresh server sees', async () => {
    const changes: { uri: string; type: number }[] = [];
    study.write('codebook.md', codebook(after));
    changes.push({ uri: study.uri('codebook.md'), type: CHANGED });
    for (let k = 0; k < N; k++) {
      const rel = `t/${k}.md`;
      if (k % 7 === 3) {
        study.remove(rel);
        changes.push({ uri: study.uri(rel), type: DELETED });
      } else if (k % 4 !== 0) {
        study.write(rel, transcript(k, 1, after));
        changes.push({ uri: study.uri(rel), type: CHANGED });
      } else changes.push({ uri: study.uri(rel), type: CHANGED }); // touched, same text
    }
    // A folder that goes away is one event.
    study.remove('t/old');
    changes.push({ uri: study.uri('t/old'), type: DELETED });
    for (let k = N; k < N + 25; k++) {
      study.write(`t/new/${k}.md`, transcript(k, 1, after));
      changes.push({ uri: study.uri(`t/new/${k}.md`), type: CREATED });
    }
    assert.ok(changes.length > 220);
    await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes });

    fresh = await startSession(study);
    const expectedTree = await fresh.client.sendRequest('condense/themeTree', {});
    const tree = await eventually(
      () => session.client.sendRequest('condense/themeTree', {}),
      (t) => JSON.stringify(t) === JSON.stringify(expectedTree),
      10000,
    );
    assert.deepEqual(tree, expectedTree);
    const report = (s: TestSession): Promise<unknown> =>
      s.client.sendRequest('condense/report', { uri: study.uri('codebook.md') });
    assert.deepEqual(await report(session), await report(fresh));
    const sampleFiles = [
      't/0.md',
      't/1.md',
      't/3.md',
      't/5.md',
      't/10.md',
      't/17.md',
      't/199.md',
      't/new/200.md',
      't/new/224.md',
      't/old/0.md',
    ];
    for (const rel of sampleFiles) {
      const uri = study.uri(rel);
      const mine = await session.client.sendRequest('condense/documentUnits', { uri });
      assert.deepEqual(mine, await fresh.client.sendRequest('condense/documentUnits', { uri }), rel);
      assert.equal(mine === null, /^t\/(3|10|17|199|old\/0)\.md$/.test(rel), `${rel} deleted or not`);
    }
    for (const code of ['', 'a', 'e', 'g', 'missing1']) {
      const params = { uri: study.uri('codebook.md'), code, descendants: true };
      assert.deepEqual(
        await session.client.sendRequest('condense/unitsOfCode', params),
        await fresh.client.sendRequest('condense/unitsOfCode', params),
        code,
      );
    }
    // The diagnostics published converge too (deleted files end with an empty list).
    const published = (s: TestSession): string =>
      JSON.stringify([...s.diagnostics].filter(([, ds]) => ds.length > 0).sort(([a], [b]) => (a < b ? -1 : 1)));
    const f = fresh;
    await session.until(() => published(session) === published(f) && published(f) !== '[]', 10000);
  });
});
