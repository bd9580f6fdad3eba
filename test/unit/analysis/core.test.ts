/**
 * The analyses of the pure core: co-occurrence and the other matrices, saturation and
 * memos, exactly on a hand-made fixture, and on generated studies against the truth
 * recorded while generating them.
 */
import * as assert from 'node:assert/strict';
import {
  AnalysisError,
  buildMatrix,
  NONE_COLUMN,
  participantAttributes,
} from '../../../server/src/core/analysis/matrix';
import { buildMemos } from '../../../server/src/core/analysis/memos';
import { buildSaturation, transcriptDate } from '../../../server/src/core/analysis/saturation';
import { overlaps } from '../../../server/src/core/analysis/studyView';
import { parseTranscript } from '../../../server/src/core/transcript';
import { cleanTemps, load, tempStudy } from '../export/support';
import { ANALYSIS_FIXTURE } from './fixture';
import { expectedByRole, expectedCooccurrence, generateSaturationStudy, generateStudy } from './generate';

function input(files: Record<string, string>): {
  index: ReturnType<typeof load>['index'];
  relPath: (uri: string) => string;
} {
  const s = load(tempStudy(files));
  return { index: s.index, relPath: s.relPath };
}

describe('analysis: matrices', () => {
  after(cleanTemps);
  const fixture = (): ReturnType<typeof input> => input(ANALYSIS_FIXTURE);

  it('co-occurrence by the rule: nested units overlap, a unit with two codes counts for both, empty units overlap nothing', () => {
    const m = buildMatrix(fixture(), { cols: { kind: 'codes' } });
    assert.deepEqual(m.rows, ['ta', 'a1', 'a2', 'tb', 'b1', 'zz']);
    assert.deepEqual(m.colLabels, m.rows);
    assert.deepEqual(m.cells, [
      [0, 0, 0, 0, 0, 0],
      [0, 4, 1, 1, 2, 0],
      [0, 1, 3, 0, 0, 0],
      [0, 1, 0, 1, 1, 0],
      [0, 2, 0, 1, 4, 0],
      [0, 0, 0, 0, 0, 1],
    ]);
  });

  it('co-occurrence of themes counts a unit once per theme', () => {
    const m = buildMatrix(fixture(), { cols: { kind: 'codes' }, rows: 'themes' });
    assert.deepEqual(m.rows, ['ta', 'tb', 'zz']);
    assert.deepEqual(m.rowTitles, ['Theme A', 'Theme B', 'zz']);
    assert.deepEqual(m.cells, [
      [6, 3, 0],
      [3, 5, 0],
      [0, 0, 1],
    ]);
  });

  it('keeps the units of each cell', () => {
    const f = fixture();
    const m = buildMatrix(f, { cols: { kind: 'codes' }, units: true });
    const a1 = m.rows.indexOf('a1');
    const b1 = m.rows.indexOf('b1');
    const texts = (cell: { uri: string; index: number }[]): string[] =>
      cell.map((k) => f.index.unitsOf(k.uri)[k.index].text);
    assert.deepEqual(texts(m.units?.[a1][b1] ?? []), ['Outer 😊 text inner more', 'again']);
    assert.deepEqual(texts(m.units?.[b1][a1] ?? []), ['inner', 'again']);
    for (let r = 0; r < m.rows.length; r++)
      for (let c = 0; c < m.rows.length; c++) assert.equal(m.units?.[r][c].length, m.cells[r][c]);
  });

  it('by transcript, by speaker (per transcript) and by role, with (none)', () => {
    const f = fixture();
    const t = buildMatrix(f, { cols: { kind: 'transcript' } });
    assert.deepEqual(t.colLabels, ['fg1', 'fg2']);
    assert.deepEqual(t.cells, [
      [0, 0],
      [3, 1],
      [3, 0],
      [1, 0],
      [3, 1],
      [1, 0],
    ]);
    const s = buildMatrix(f, { cols: { kind: 'speaker' }, rows: 'themes' });
    assert.deepEqual(s.colLabels, ['M (fg1)', 'P1 (fg1)', 'P2 (fg1)', 'P3 (fg1)', 'P1 (fg2)', 'P2 (fg2)', NONE_COLUMN]);
    assert.deepEqual(s.cells, [
      [1, 2, 1, 0, 1, 0, 1],
      [1, 1, 1, 1, 1, 0, 0],
      [0, 0, 1, 0, 0, 0, 0],
    ]);
    const r = buildMatrix(f, { cols: { kind: 'attribute', name: 'role' } });
    assert.deepEqual(r.colLabels, ['executive', 'moderator', 'strategic', NONE_COLUMN]);
    assert.deepEqual(r.cells, [
      [0, 0, 0, 0],
      [2, 1, 0, 1],
      [1, 0, 1, 1],
      [0, 1, 0, 0],
      [1, 0, 1, 2],
      [0, 0, 1, 0],
    ]);
    assert.deepEqual(participantAttributes(f), ['role']);
  });

  it('filters to one theme, and refuses a code that is not in the codebook', () => {
    const f = fixture();
    const m = buildMatrix(f, { cols: { kind: 'codes' }, within: 'ta' });
    assert.deepEqual(m.rows, ['ta', 'a1', 'a2']);
    assert.deepEqual(m.cells, [
      [0, 0, 0],
      [0, 4, 1],
      [0, 1, 3],
    ]);
    assert.throws(() => buildMatrix(f, { cols: { kind: 'codes' }, within: 'nope' }), /no code "nope" in the codebook/);
  });

  it('explains an attribute nobody has, and a study without participants', () => {
    assert.throws(
      () => buildMatrix(fixture(), { cols: { kind: 'attribute', name: 'age' } }),
      (e: Error) =>
        e instanceof AnalysisError &&
        /no participant has the attribute "age" \(the participants: front matter gives "role"\)/.test(e.message),
    );
    const bare = input({ 'codebook.md': '# A {#a}\n', 'fg.md': '**P1:** [x]{.a}\n' });
    assert.throws(
      () => buildMatrix(bare, { cols: { kind: 'attribute', name: 'role' } }),
      /no transcript has a participants: front matter/,
    );
  });

  it('gives an empty matrix for a study with no units or no codes', () => {
    const empty = input({ 'codebook.md': '# A {#a}\n', 'fg.md': '**P1:** nothing coded\n' });
    assert.deepEqual(buildMatrix(empty, { cols: { kind: 'codes' } }).cells, [[0]]);
    const none = input({ 'notes.md': 'no codebook, no units\n' });
    const m = buildMatrix(none, { cols: { kind: 'transcript' } });
    assert.deepEqual([m.rows, m.cells], [[], []]);
  });

  it('lists and values: a list counts the unit under each value; numbers as text; blank is (none)', () => {
    const f = input({
      'codebook.md': '# A {#a}\n',
      'fg.md':
        '---\nparticipants:\n  P1:\n    lang: [en, "no", en]\n  P2: {lang: 7}\n  P3: {lang: ""}\n---\n\n**P1:** [x]{.a}\n\n**P2:** [y]{.a}\n\n**P3:** [z]{.a}\n',
    });
    const m = buildMatrix(f, { cols: { kind: 'attribute', name: 'lang' } });
    assert.deepEqual(m.colLabels, ['7', 'en', 'no', NONE_COLUMN]);
    assert.deepEqual(m.cells, [[1, 1, 1, 1]]);
  });

  it('finds overlaps by code points, not by nesting in the source', () => {
    const t = parseTranscript('[a [b]{.y} c]{.x}[d]{.z} []{.w} [e\r\nf]{.v}\n');
    assert.deepEqual(overlaps(t.units), [[1], [0], [], [], []]);
  });

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`agrees with the recorded truth on generated study ${seed}`, () => {
      const g = generateStudy(seed);
      const f = input(g.files);
      for (const themes of [false, true]) {
        const rows = themes ? 'themes' : 'codes';
        const want = expectedCooccurrence(g, themes);
        const got = buildMatrix(f, { cols: { kind: 'codes' }, rows });
        assert.deepEqual(got.rows, want.rows);
        assert.deepEqual(got.cells, want.cells, `co-occurrence, rows ${rows}`);
        const role = expectedByRole(g, themes);
        const byRole = buildMatrix(f, { cols: { kind: 'attribute', name: 'role' }, rows });
        assert.deepEqual([byRole.rows, byRole.colLabels], [role.rows, role.cols]);
        assert.deepEqual(byRole.cells, role.cells, `by role, rows ${rows}`);
      }
      const units = f.index.documents('transcript').reduce((n, d) => n + (d.transcript?.units.length ?? 0), 0);
      assert.equal(units, g.units.length, 'every generated unit is parsed');
    });
  }
});

describe('analysis: saturation', () => {
  after(cleanTemps);

  it('orders by date, then undated by name, and counts first uses', () => {
    const s = buildSaturation(input(ANALYSIS_FIXTURE));
    assert.equal(s.order, 'date, then name');
    assert.deepEqual(
      s.steps.map((t) => [t.name, t.date, t.codes, t.newCodes, t.cumulative]),
      [
        ['fg1', '2024-03-02', 5, ['a1', 'a2', 'tb', 'b1', 'zz'], 5],
        ['fg2', undefined, 2, [], 5],
      ],
    );
    const themes = buildSaturation(input(ANALYSIS_FIXTURE), { rows: 'themes' });
    assert.deepEqual(
      themes.steps.map((t) => t.newCodes),
      [['ta', 'tb', 'zz'], []],
    );
  });

  it('reads ISO dates only', () => {
    assert.equal(transcriptDate({ date: '2024-05-01' }), '2024-05-01');
    assert.equal(transcriptDate({ date: '2024-05-01T10:00:00Z' }), '2024-05-01T10:00:00Z');
    assert.equal(transcriptDate({ date: 2024 }), '2024');
    assert.equal(transcriptDate({}), undefined);
    assert.equal(transcriptDate({ date: 'May 1st' }), null);
    const s = buildSaturation(input({ 'b.md': '---\ndate: yesterday\n---\n', 'a.md': 'x\n' }));
    assert.deepEqual([s.order, s.badDates, s.steps.map((t) => t.name)], ['name', ['b.md'], ['a', 'b']]);
  });

  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`gives the known new codes of generated study ${seed}`, () => {
      const g = generateSaturationStudy(seed);
      const s = buildSaturation(input(g.files));
      assert.equal(s.order, 'date');
      assert.deepEqual(
        s.steps.map((t) => ({ file: t.relPath, newCodes: t.newCodes })),
        g.expected,
      );
      let total = 0;
      s.steps.forEach((t, k) => {
        total += g.expected[k].newCodes.length;
        assert.equal(t.cumulative, total);
      });
    });
  }
});

describe('analysis: memos', () => {
  after(cleanTemps);

  it('gathers memos under each code, uncoded last, text as written', () => {
    const f = input({
      'codebook.md': '# A {#a}\n\n# B {#b}\n',
      'fg.md': '**P1:** [one]{.b .a note="both <script>"} [two]{note="unsorted"} [three]{.a note="  "}\n',
    });
    const groups = buildMemos(f);
    assert.deepEqual(
      groups.map((g) => [g.code, g.title, g.memos.map((m) => [m.note, m.text, m.speaker, m.line, m.codes])]),
      [
        ['a', 'A', [['both <script>', 'one', 'P1', 1, ['b', 'a']]]],
        ['b', 'B', [['both <script>', 'one', 'P1', 1, ['b', 'a']]]],
        [null, 'Not yet sorted into a code', [['unsorted', 'two', 'P1', 1, []]]],
      ],
    );
  });
});
