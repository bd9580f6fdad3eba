/**
 * LSP level: Condense's own requests (condense/themeTree, unitsOfCode, condensateView,
 * documentUnits, report) on the fixture, with exact results, and on a copy of sample/
 * against the study read from disk by the CLI's loader.
 */
import * as assert from 'node:assert/strict';
import { buildReport, renderReportMarkdown } from '../../../server/src/core/report';
import { buildThemeTree } from '../../../server/src/features/themeTree';
import { loadStudy } from '../../../server/src/node/loadStudy';
import type { CondensateView, DocumentUnitsResult, ThemeTreeResult, UnitInfo } from '../../../common/protocol';
import { startSession, type TestSession } from './harness';
import { copySample, P, R, themeCounts, type TempStudy, startFixture, type FixtureSession } from './fixture';

describe('LSP: condense/* requests on the fixture', () => {
  let study: TempStudy;
  let session: TestSession;
  let t1: string;
  let t2: string;
  let cb: string;
  let fixture: FixtureSession;
  before(async () => {
    fixture = await startFixture();
    ({ study, session, t1, t2, cb } = fixture);
  });
  after(() => fixture.dispose());
  const request = <T>(method: string, params: unknown): Promise<T> => session.client.sendRequest(method, params);

  it('themeTree: the code tree with counts and inherited colours, unknown codes, uncoded units', async () => {
    const tree = await request<ThemeTreeResult>('condense/themeTree', {});
    assert.equal(tree.studies.length, 1);
    const s = tree.studies[0];
    assert.equal(s.root, study.uri('').replace(/\/$/, ''));
    const node = (
      id: string,
      title: string,
      range: ReturnType<typeof R>,
      counts: number[],
      color: string,
      children: unknown[] = [],
    ): unknown => ({
      id,
      title,
      uri: cb,
      range,
      units: counts[0],
      directUnits: counts[1],
      transcripts: counts[2],
      speakers: counts[3],
      children,
      color,
    });
    const blue = '#4e79a7';
    const red = '#e15759';
    assert.deepEqual(s.themes, [
      node('shift', 'Shift', R(0, 0, 0, 32), [5, 1, 2, 4], blue, [
        node('facilitate', 'Facilitate', R(4, 0, 4, 27), [2, 2, 2, 2], blue),
        node('benefits', 'Benefits', R(18, 0, 18, 23), [3, 3, 2, 3], blue),
      ]),
      node('valued', 'Valued', R(26, 0, 26, 34), [1, 1, 1, 1], red, [
        node('unused', 'Unused', R(30, 0, 30, 19), [0, 0, 0, 0], red),
      ]),
    ]);
    assert.deepEqual(s.unknownCodes, [{ id: 'benfits', units: 1 }]);
    assert.equal(s.uncodedUnits, 1);
    assert.deepEqual(await request('condense/themeTree', { uri: t1 }), tree, 'the study of a document');
  });

  it('themeTree filtered by a transcript: counts, unknown codes and uncoded units of that one only', async () => {
    assert.deepEqual(await themeCounts(session, { transcript: t2 }), [
      ['shift', 2],
      ['facilitate', 1],
      ['benefits', 2],
      ['valued', 0],
      ['unused', 0],
    ]);
    const t2Tree = await request<ThemeTreeResult>('condense/themeTree', { transcript: t2 });
    assert.deepEqual([t2Tree.studies[0].unknownCodes, t2Tree.studies[0].uncodedUnits], [[], 0]);
    const shift = t2Tree.studies[0].themes[0];
    assert.deepEqual([shift.units, shift.directUnits, shift.transcripts, shift.speakers], [2, 0, 1, 2]);
    assert.deepEqual(await themeCounts(session, { transcript: t1 }), [
      ['shift', 3],
      ['facilitate', 1],
      ['benefits', 1],
      ['valued', 1],
      ['unused', 0],
    ]);
    const t1Tree = await request<ThemeTreeResult>('condense/themeTree', { transcript: t1 });
    assert.deepEqual(
      [t1Tree.studies[0].unknownCodes, t1Tree.studies[0].uncodedUnits],
      [[{ id: 'benfits', units: 1 }], 1],
    );
  });

  const unit = (
    uri: string,
    range: ReturnType<typeof R>,
    contentRange: ReturnType<typeof R>,
    text: string,
    codes: string[],
    extra: Partial<UnitInfo> = {},
  ): UnitInfo => ({
    uri,
    range,
    contentRange,
    text,
    codes,
    ...extra,
  });
  const MU1 = (): UnitInfo =>
    unit(t1, R(4, 14, 4, 55), R(4, 15, 4, 35), 'we worked for a year', ['facilitate'], { id: 'mu-1', speaker: 'P1' });
  const ACROSS = (): UnitInfo =>
    unit(t2, R(2, 8, 3, 33), R(2, 9, 3, 9), 'Across\r\ntwo lines', ['facilitate', 'benefits'], { speaker: 'P3' });
  const EMOJI = (): UnitInfo =>
    unit(t2, R(0, 11, 0, 48), R(0, 12, 0, 23), 'Emoji first', ['benefits'], { speaker: 'P1', note: 'smile' });
  const NEW_KNOWLEDGE = (): UnitInfo =>
    unit(t1, R(6, 20, 6, 46), R(6, 21, 6, 34), 'new knowledge', ['benefits'], { speaker: 'P2' });

  it('unitsOfCode: direct units, with descendants, in one transcript, and "" for uncoded', async () => {
    const units = (params: object): Promise<UnitInfo[]> => request('condense/unitsOfCode', { uri: cb, ...params });
    const outer = unit(t1, R(6, 8, 6, 67), R(6, 9, 6, 58), 'They bring new knowledge to the team', ['shift'], {
      speaker: 'P2',
    });
    assert.deepEqual(await units({ code: 'shift' }), [outer]);
    assert.deepEqual(await units({ code: 'shift', descendants: true }), [
      MU1(),
      outer,
      NEW_KNOWLEDGE(),
      EMOJI(),
      ACROSS(),
    ]);
    assert.deepEqual(await units({ code: 'benefits', transcript: t2 }), [EMOJI(), ACROSS()]);
    assert.deepEqual(await units({ code: '' }), [
      unit(t1, R(14, 8, 14, 26), R(14, 9, 14, 23), 'Not sorted yet', [], { speaker: 'P2' }),
    ]);
    assert.deepEqual(await units({ code: '', transcript: t2 }), []);
    assert.deepEqual(await units({ code: 'benfits' }), [
      unit(t1, R(14, 31, 14, 49), R(14, 32, 14, 38), 'a typo', ['benfits'], { speaker: 'P2' }),
    ]);
    assert.deepEqual(await units({ code: 'unused', descendants: true }), []);
    assert.deepEqual(await units({ code: 'nothing' }), []);
  });

  it('condensateView by code: path, sections, quotes with their sources, units by transcript', async () => {
    const view = await request<CondensateView>('condense/condensateView', { uri: cb, code: 'facilitate' });
    assert.deepEqual(view, {
      id: 'facilitate',
      title: 'Facilitate',
      path: [
        { id: 'shift', title: 'Shift' },
        { id: 'facilitate', title: 'Facilitate' },
      ],
      description: 'How managers prepare.',
      condensate: 'We prepared for a year.',
      synthesis: '',
      quotes: [
        { text: 'We worked for a year', range: R(14, 0, 14, 31), found: true, attribution: 'T1, P1', source: MU1() },
        {
          text: 'We worked for two long years before hiring',
          range: R(16, 0, 16, 53),
          found: false,
          attribution: 'T2, P2',
          closest: MU1(),
        },
      ],
      groups: [
        { uri: t1, path: 'transcripts/t1.md', title: 'Transcript one', units: [MU1()] },
        { uri: t2, path: 'transcripts/t2.md', units: [ACROSS()] },
      ],
      counts: { units: 2, transcripts: 2, speakers: 2 },
      uri: cb,
      range: R(4, 0, 4, 27),
      color: '#4e79a7',
    });
    assert.equal(await request('condense/condensateView', { uri: cb, code: 'nope' }), null);
    assert.equal(
      await request('condense/condensateView', { uri: cb, code: 'benfits' }),
      null,
      'an unknown code has no view',
    );
  });

  it("condensateView by position: the code heading above in the codebook, the unit's code in a transcript", async () => {
    const at = async (uri: string, line: number, character: number): Promise<string | undefined> =>
      (await request<CondensateView | null>('condense/condensateView', { uri, position: P(line, character) }))?.id;
    assert.deepEqual(
      [
        await at(cb, 0, 0),
        await at(cb, 2, 5),
        await at(cb, 10, 3),
        await at(cb, 17, 0),
        await at(cb, 18, 0),
        await at(cb, 24, 4),
        await at(cb, 28, 0),
        await at(cb, 32, 9),
      ],
      ['shift', 'shift', 'facilitate', 'facilitate', 'benefits', 'benefits', 'valued', 'unused'],
    );
    assert.deepEqual(
      [await at(t1, 6, 25), await at(t1, 6, 62), await at(t1, 4, 20), await at(t2, 3, 3), await at(t1, 11, 0)],
      ['benefits', 'shift', 'facilitate', 'facilitate', 'valued'],
    );
    assert.equal(await at(t1, 4, 3), undefined, 'no unit there');
    assert.equal(await at(t1, 14, 12), undefined, 'an uncoded unit');
    const valued = await request<CondensateView>('condense/condensateView', { uri: cb, position: P(28, 0) });
    assert.deepEqual(valued.groups, [
      {
        uri: t1,
        path: 'transcripts/t1.md',
        title: 'Transcript one',
        units: [
          unit(t1, R(8, 0, 12, 3), R(9, 0, 11, 7), 'P1: I feel valued 😀 here.\n\nReally.', ['valued'], {
            speaker: 'P1',
          }),
        ],
      },
    ]);
  });

  it('documentUnits: every unit with its ranges, theme and colour, and the turn coverage', async () => {
    const blue = { theme: 'shift', color: '#4e79a7' };
    const r = await request<DocumentUnitsResult>('condense/documentUnits', { uri: t1 });
    assert.deepEqual(r, {
      version: null,
      units: [
        {
          range: R(4, 14, 4, 55),
          contentRange: R(4, 15, 4, 35),
          attrRange: R(4, 36, 4, 55),
          kind: 'span',
          codes: ['facilitate'],
          depth: 0,
          unknown: false,
          ...blue,
        },
        {
          range: R(6, 8, 6, 67),
          contentRange: R(6, 9, 6, 58),
          attrRange: R(6, 59, 6, 67),
          kind: 'span',
          codes: ['shift'],
          depth: 0,
          unknown: false,
          ...blue,
        },
        {
          range: R(6, 20, 6, 46),
          contentRange: R(6, 21, 6, 34),
          attrRange: R(6, 35, 6, 46),
          kind: 'span',
          codes: ['benefits'],
          depth: 1,
          unknown: false,
          ...blue,
        },
        {
          range: R(8, 0, 12, 3),
          contentRange: R(9, 0, 11, 7),
          attrRange: R(8, 4, 8, 13),
          kind: 'div',
          codes: ['valued'],
          depth: 0,
          unknown: false,
          theme: 'valued',
          color: '#e15759',
        },
        {
          range: R(14, 8, 14, 26),
          contentRange: R(14, 9, 14, 23),
          attrRange: R(14, 24, 14, 26),
          kind: 'span',
          codes: [],
          depth: 0,
          unknown: false,
        },
        {
          range: R(14, 31, 14, 49),
          contentRange: R(14, 32, 14, 38),
          attrRange: R(14, 39, 14, 49),
          kind: 'span',
          codes: ['benfits'],
          depth: 0,
          unknown: true,
        },
      ],
      turns: 4,
      turnsWithUnits: 4,
      themes: [
        { id: 'shift', title: 'Shift', color: '#4e79a7' },
        { id: 'valued', title: 'Valued', color: '#e15759' },
      ],
    });
    const r2 = await request<DocumentUnitsResult>('condense/documentUnits', { uri: t2 });
    assert.deepEqual(
      r2.units.map((u) => [u.range, u.attrRange, u.codes]),
      [
        [R(0, 11, 0, 48), R(0, 24, 0, 48), ['benefits']],
        [R(2, 8, 3, 33), R(3, 10, 3, 33), ['facilitate', 'benefits']],
      ],
    );
    assert.equal(await request('condense/documentUnits', { uri: cb }), null, 'not a transcript');
  });

  it('report: the table of themes and subthemes as Markdown', async () => {
    const report = await request<{ markdown: string }>('condense/report', { uri: t1 });
    assert.equal(
      report.markdown,
      [
        '# Themes and subthemes',
        '',
        '| Theme | Subtheme | Units | Transcripts | Speakers |',
        '| --- | --- | ---: | ---: | ---: |',
        '| **Shift** |  | 5 | 2 | 4 |',
        '|  | Facilitate | 2 | 2 | 2 |',
        '|  | Benefits | 3 | 2 | 3 |',
        '| **Valued** |  | 1 | 1 | 1 |',
        '|  | Unused | 0 | 0 | 0 |',
        '',
        '2 transcripts, 4 speakers, 8 meaning units (7 coded, 1 not yet sorted into a code).',
        '',
        'Codes used but not in the codebook: `benfits` (1).',
        '',
      ].join('\n'),
    );
    assert.deepEqual(await request('condense/report', {}), report, 'without a uri: the first study');
  });
});

describe('LSP: condense/* requests on a copy of sample/', () => {
  let sample: TempStudy;
  let session: TestSession;
  before(async () => {
    sample = copySample();
    session = await startSession(sample);
  });
  after(() => {
    session.dispose();
    sample.cleanup();
  });

  it("answers what the CLI's loader computes from the same files", async () => {
    const loaded = loadStudy(sample.root, sample.files);
    const tree: ThemeTreeResult = await session.client.sendRequest('condense/themeTree', {});
    assert.deepEqual(tree.studies[0].themes, buildThemeTree(loaded.index));
    const report: { markdown: string } = await session.client.sendRequest('condense/report', {
      uri: sample.uri('codebook.md'),
    });
    assert.equal(report.markdown, renderReportMarkdown(buildReport(loaded.index)));
    assert.match(
      report.markdown,
      /\n4 transcripts, 21 speakers, 62 meaning units \(60 coded, 2 not yet sorted into a code\)\.\n/,
    );
    assert.deepEqual(
      (await themeCounts(session)).map(([id, n]) => `${id}:${n}`),
      [
        'shift:20',
        'facilitate:6',
        'benefits:10',
        'valued:15',
        'contextual:7',
        'bridges:6',
        'cocreation:26',
        'commit:8',
        'challenges:15',
      ],
    );
  });

  it('shows each sample quote found in a unit of its code', async () => {
    for (const code of ['facilitate', 'benefits', 'contextual', 'bridges', 'commit', 'challenges']) {
      const view: CondensateView = await session.client.sendRequest('condense/condensateView', {
        uri: sample.uri('codebook.md'),
        code,
      });
      assert.ok(view.quotes.length > 0, code);
      for (const q of view.quotes)
        assert.ok(q.found && q.source?.uri.startsWith(sample.uri('transcripts/')), `${code}: ${q.text}`);
      assert.equal(
        view.groups.reduce((n, g) => n + g.units.length, 0),
        view.counts.units,
      );
    }
    const fg1 = sample.uri('transcripts/fg1.md');
    const units: DocumentUnitsResult = await session.client.sendRequest('condense/documentUnits', { uri: fg1 });
    assert.deepEqual(
      units.units.slice(0, 2).map((u) => [u.codes, u.theme, u.color]),
      [
        [['shift'], 'shift', '#4e79a7'],
        [['facilitate'], 'shift', '#4e79a7'],
      ],
    );
  });
});
