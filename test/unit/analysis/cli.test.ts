/**
 * `condense matrix`, `saturation` and `memos` on the command line: JSON, CSV and tables
 * on the fixture, and one-line messages with exit 2 for what cannot be answered.
 */
import * as assert from 'node:assert/strict';
import { runCli } from '../support/cli';
import { cleanTemps, SAMPLE, tempStudy } from '../export/support';
import { ANALYSIS_FIXTURE } from './fixture';

function cli(...argv: string[]): { code: number; out: string; err: string[] } {
  const r = runCli(...argv);
  return { code: r.code, out: r.out.join('\n'), err: r.err };
}

describe('cli: matrix, saturation, memos', () => {
  after(cleanTemps);
  let dir: string;
  before(() => {
    dir = tempStudy(ANALYSIS_FIXTURE);
  });

  it('matrix --json: rows, titles, cols, cells, and the units of each cell with --units', () => {
    const r = cli('matrix', dir, '--cols', 'role', '--rows', 'themes', '--json');
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.deepEqual(JSON.parse(r.out), {
      rows: ['ta', 'tb', 'zz'],
      titles: ['Theme A', 'Theme B', 'zz'],
      cols: ['executive', 'moderator', 'strategic', '(none)'],
      cells: [
        [2, 1, 1, 2],
        [1, 1, 1, 2],
        [0, 0, 1, 0],
      ],
    });
    const u = JSON.parse(cli('matrix', dir, '--cols=codes', '--json', '--units').out) as {
      units: { file: string; line: number; speaker?: string }[][][];
    };
    assert.deepEqual(u.units[1][4], [
      {
        file: 'transcripts/fg1.md',
        line: 11,
        range: { start: { line: 10, character: 8 }, end: { line: 10, character: 72 } },
        speaker: 'P1',
      },
      {
        file: 'transcripts/fg2.md',
        line: 1,
        range: { start: { line: 0, character: 9 }, end: { line: 0, character: 25 } },
        speaker: 'P1',
      },
    ]);
  });

  it('matrix --csv and the table', () => {
    const csv = cli('matrix', dir, '--cols', 'transcript', '--csv');
    assert.equal(
      csv.out,
      [
        'code,title,fg1,fg2',
        'ta,Theme A,0,0',
        'a1,Sub a1,3,1',
        'a2,Sub a2,3,0',
        'tb,Theme B,1,0',
        'b1,Sub b1,3,1',
        'zz,zz,1,0',
      ].join('\r\n'),
    );
    const table = cli('matrix', dir, '--cols', 'codes', '--theme', 'tb');
    assert.equal(
      table.out,
      [
        '| Code | tb | b1 |',
        '| --- | ---: | ---: |',
        '| tb | 1 | 1 |',
        '| b1 | 1 | 4 |',
        '',
        "Units of the row's code that also carry the column's, or overlap a unit that does; the diagonal is the row's units.",
      ].join('\n'),
    );
  });

  it('saturation and memos as JSON and text', () => {
    const s = JSON.parse(cli('saturation', dir, '--json').out);
    assert.deepEqual(s, {
      order: 'date, then name',
      rows: 'codes',
      transcripts: [
        {
          file: 'transcripts/fg1.md',
          name: 'fg1',
          date: '2024-03-02',
          codes: 5,
          new: 5,
          cumulative: 5,
          newCodes: ['a1', 'a2', 'tb', 'b1', 'zz'],
        },
        { file: 'transcripts/fg2.md', name: 'fg2', codes: 2, new: 0, cumulative: 5, newCodes: [] },
      ],
      badDates: [],
    });
    assert.match(
      cli('saturation', dir).out,
      /^\| # \| Transcript \| Date \|.*\n.*\n\| 1 \| fg1 \| 2024-03-02 \| 5 \| 5 \| 5 \| a1, a2, tb, b1, zz \|\n\| 2 \| fg2 \|  \| 2 \| 0 \| 5 \|  \|/,
    );
    const memos = JSON.parse(cli('memos', dir, '--json').out);
    assert.deepEqual(memos.codes[0], {
      id: 'a1',
      title: 'Sub a1',
      memos: [
        {
          file: 'transcripts/fg1.md',
          transcript: 'fg1',
          line: 11,
          speaker: 'P1',
          codes: ['a1'],
          text: 'Outer 😊 text inner more',
          note: 'nested <b>memo</b>',
        },
      ],
    });
    const md = cli('memos', dir).out;
    assert.ok(
      md.includes('## Sub a1 (a1)\n\n**P1, fg1, line 11:** nested \\<b\\>memo\\</b\\>\n\n> Outer 😊 text inner more'),
      md,
    );
  });

  it('answers an empty study with empty results', () => {
    const empty = tempStudy({ 'codebook.md': '# A {#a}\n', 'fg.md': '**P1:** nothing coded yet\n' });
    assert.match(
      cli('matrix', empty, '--cols', 'codes').out,
      /\| a \| 0 \|\n\n.*\n\nThe study has no meaning units yet: every count is 0\.$/,
    );
    assert.match(cli('memos', empty).out, /No meaning unit has a memo yet/);
    assert.equal(cli('saturation', empty, '--json').code, 0);
    const nothing = tempStudy({ 'README.md': 'x\n' });
    assert.equal(
      cli('matrix', nothing, '--cols', 'codes').out,
      'No codes to count: the codebook defines none and no unit carries one.',
    );
    assert.equal(cli('saturation', nothing).out, 'No transcripts in the study yet.');
  });

  it('explains what it cannot answer in one line, exit 2', () => {
    const bare = tempStudy({ 'codebook.md': '# A {#a}\n', 'fg.md': '**P1:** [x]{.a}\n' });
    const cases: [string[], RegExp][] = [
      [
        ['matrix', dir, '--cols', 'age'],
        /no participant has the attribute "age" \(the participants: front matter gives "role"\)/,
      ],
      [['matrix', bare, '--cols', 'role'], /no transcript has a participants: front matter/],
      [['matrix', dir], /matrix needs --cols/],
      [['matrix', dir, '--cols', 'codes', '--rows', 'subthemes'], /--rows is codes or themes/],
      [['matrix', dir, '--cols', 'codes', '--theme', 'nope'], /no code "nope" in the codebook/],
      [['matrix', dir, '--cols', 'codes', '--json', '--csv'], /--json or --csv/],
      [['matrix', dir, '--cols', 'codes', '--units'], /--units goes with --json/],
      [['memos', dir, '--cols', 'codes'], /go with matrix only/],
      [['report', dir, '--rows', 'themes'], /go with matrix, saturation, memos only/],
      [['saturation', '--rows'], /--rows needs a value/],
      [['memos', `${SAMPLE}/nope`], /no such directory/],
    ];
    for (const [argv, message] of cases) {
      const r = cli(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.err.length, 1, argv.join(' '));
      assert.match(r.err[0], /^condense: /);
      assert.match(r.err[0], message);
    }
  });

  it('counts by role on the sample, and attribute:NAME for a name the reserved words would hide', () => {
    const r = JSON.parse(cli('matrix', SAMPLE, '--cols', 'attribute:role', '--rows', 'themes', '--json').out);
    assert.deepEqual(r.cols, ['manager', 'moderator', '(none)']);
    assert.deepEqual(r.cells, [
      [20, 0, 0],
      [15, 0, 0],
      [26, 0, 0],
    ]);
  });
});
