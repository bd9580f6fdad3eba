/**
 * LSP level: the Report view's requests (condense/matrix, matrixCellUnits, saturation,
 * memos) on the analysis fixture, equal to the pure core's answers, following edits of
 * an open transcript, and never failing on bad parameters.
 */
import * as assert from 'node:assert/strict';
import type { MatrixResult, MemoGroupInfo, SaturationPoint, UnitInfo } from '../../../common/protocol';
import { ANALYSIS_FIXTURE } from '../analysis/fixture';
import { startSession, type TestSession } from './harness';
import { eventually, makeStudy, OpenDocument, type TempStudy } from './fixture';

describe('LSP: the Report view requests', () => {
  let study: TempStudy;
  let session: TestSession;
  let fg1: string;
  before(async () => {
    study = makeStudy(ANALYSIS_FIXTURE, 'condense-analysis-');
    session = await startSession(study);
    fg1 = study.uri('transcripts/fg1.md');
  });
  after(() => {
    session.dispose();
    study.cleanup();
  });
  const request = <T>(method: string, params: unknown): Promise<T> => session.client.sendRequest(method, params);

  it('condense/matrix: co-occurrence with row titles, themes and attributes for the pickers', async () => {
    const m = await request<MatrixResult>('condense/matrix', { uri: fg1, cols: 'codes' });
    assert.deepEqual(
      m.rows.map((r) => [r.id, r.title, r.theme]),
      [
        ['ta', 'Theme A', 'ta'],
        ['a1', 'Sub a1', 'ta'],
        ['a2', 'Sub a2', 'ta'],
        ['tb', 'Theme B', 'tb'],
        ['b1', 'Sub b1', 'tb'],
        ['zz', 'zz', undefined],
      ],
    );
    assert.deepEqual(m.cells[1], [0, 4, 1, 1, 2, 0]);
    assert.deepEqual(
      [m.attributes, m.themes, m.units, m.codedUnits],
      [
        ['role'],
        [
          { id: 'ta', title: 'Theme A' },
          { id: 'tb', title: 'Theme B' },
        ],
        11,
        11,
      ],
    );
    const role = await request<MatrixResult>('condense/matrix', {
      uri: fg1,
      cols: 'attribute',
      attribute: 'role',
      rows: 'themes',
    });
    assert.deepEqual(
      [role.cols, role.cells[0]],
      [
        ['executive', 'moderator', 'strategic', '(none)'],
        [2, 1, 1, 2],
      ],
    );
    const within = await request<MatrixResult>('condense/matrix', { uri: fg1, cols: 'codes', within: 'tb' });
    assert.deepEqual(within.cols, ['tb', 'b1']);
  });

  it('condense/matrix: an attribute nobody has is an error message with an empty matrix', async () => {
    const m = await request<MatrixResult>('condense/matrix', { uri: fg1, cols: 'attribute', attribute: 'age' });
    assert.equal(m.error, 'No participant has the attribute "age" (the participants: front matter gives "role").');
    assert.deepEqual([m.rows, m.cols, m.cells], [[], [], []]);
  });

  it('condense/matrixCellUnits: the units of a cell, to open', async () => {
    const units = await request<UnitInfo[]>('condense/matrixCellUnits', {
      uri: fg1,
      cols: 'codes',
      row: 'a1',
      col: 'b1',
    });
    assert.deepEqual(
      units.map((u) => [u.uri === fg1, u.text, u.speaker, u.range.start.line]),
      [
        [true, 'Outer 😊 text inner more', 'P1', 10],
        [false, 'again', 'P1', 0],
      ],
    );
    assert.deepEqual(
      await request('condense/matrixCellUnits', { uri: fg1, cols: 'codes', row: 'a1', col: 'nope' }),
      [],
    );
  });

  it('condense/saturation and condense/memos', async () => {
    const s = await request<{ order: string; points: SaturationPoint[] }>('condense/saturation', {
      uri: fg1,
      unitsOf: fg1,
    });
    assert.equal(s.order, 'date, then name');
    assert.deepEqual(
      s.points.map((p) => [p.name, p.date, p.newCodes, p.cumulative]),
      [
        ['fg1', '2024-03-02', ['a1', 'a2', 'tb', 'b1', 'zz'], 5],
        ['fg2', undefined, [], 5],
      ],
    );
    assert.deepEqual(
      s.points[0].units?.map((u) => u.text),
      [
        'intro',
        'Outer 😊 text inner more',
        'inner',
        'two codes',
        'alone',
        '',
        'x',
        'M: in div\n\nP3: p3 speaks',
        'in div',
        'p3 speaks',
      ],
    );
    assert.equal(s.points[1].units, undefined);
    const memos = await request<{ groups: MemoGroupInfo[] }>('condense/memos', { uri: fg1 });
    assert.deepEqual(
      memos.groups.map((g) => [g.code, g.memos.map((m) => [m.note, m.text, m.transcript, m.path])]),
      [
        ['a1', [['nested <b>memo</b>', 'Outer 😊 text inner more', 'fg1', 'transcripts/fg1.md']]],
        ['b1', [['a memo', 'p3 speaks', 'fg1', 'transcripts/fg1.md']]],
      ],
    );
  });

  it('follows edits of an open transcript', async () => {
    const doc = await new OpenDocument(
      session,
      study.uri('transcripts/fg2.md'),
      ANALYSIS_FIXTURE['transcripts/fg2.md'],
    ).open();
    await doc.edit('Nothing coded.', '[Now coded]{.a2 .b1 note="new"}.');
    const m = await eventually(
      () => request<MatrixResult>('condense/matrix', { uri: fg1, cols: 'codes' }),
      (r) => r.cells[2][2] === 4,
    );
    assert.deepEqual(m.cells[2], [0, 1, 4, 0, 1, 0]);
    const memos = await request<{ groups: MemoGroupInfo[] }>('condense/memos', { uri: fg1 });
    assert.deepEqual(
      memos.groups.map((g) => g.code),
      ['a1', 'a2', 'b1'],
    );
    await doc.edit('[Now coded]{.a2 .b1 note="new"}.', 'Nothing coded.');
    await doc.close();
  });

  it('answers bad parameters without failing', async () => {
    assert.equal(await request('condense/matrix', { uri: fg1, cols: 'nonsense' }), null);
    assert.equal(await request('condense/matrix', null), null);
    assert.deepEqual(await request('condense/matrixCellUnits', { uri: fg1, cols: 'codes' }), []);
    assert.deepEqual(
      await request('condense/matrixCellUnits', { uri: 'file:///elsewhere/x.md', cols: 'codes', row: 'a1', col: 'a1' }),
      [],
    );
    assert.equal(((await request('condense/saturation', { uri: 42 })) as { points: unknown[] }).points.length, 2);
  });
});
