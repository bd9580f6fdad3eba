/**
 * The Report view's pure modules, without VS Code: the SVG charts (well-formed, escaped,
 * exact levels and ticks), the tab HTML from the server's answers (hostile text stays
 * text; empty states for no participants, an attribute nobody has, no units, 500 codes),
 * and the CSV exports.
 */
import { strict as assert } from 'node:assert';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { matrixResultCsv, saturationCsv, table1Csv } from '../../../client/src/reportCsv';
import {
  MAX_AXIS,
  renderMatrix,
  renderMemos,
  renderSaturation,
  renderTable1,
  renderTabs,
  renderUnits,
  type ReportState,
} from '../../../client/src/reportHtml';
import { clip, heatmapSvg, level, lineChartSvg, niceTicks } from '../../../client/src/svgCharts';
import type { MatrixResult, ThemeNode, UnitInfo } from '../../../common/protocol';

const HOSTILE = '<script>window.x=1</script><img src=x onerror="y()">&';
const state = (s: Partial<ReportState> = {}): ReportState => ({
  tab: 'cooccurrence',
  rows: 'codes',
  within: '',
  attribute: 'role',
  filter: '',
  ...s,
});
const R = { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } };
const unit = (text: string, extra: Partial<UnitInfo> = {}): UnitInfo => ({
  uri: 'file:///s/t/fg1.md',
  range: R,
  contentRange: R,
  text,
  codes: ['a'],
  ...extra,
});

/** Parses markup as XML and fails on any error: the HTML we build is well-formed XHTML-like markup. */
function wellFormed(markup: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level: string, msg: string) => {
      if (level !== 'warning') errors.push(msg);
    },
  }).parseFromString(`<root>${markup.replace(/&nbsp;/g, ' ')}</root>`, 'text/xml');
  assert.deepEqual(errors, []);
  return doc;
}

function matrix(n: number, extra: Partial<MatrixResult> = {}): MatrixResult {
  const ids = Array.from({ length: n }, (_, k) => `c${k}`);
  return {
    rows: ids.map((id) => ({ id, title: `Code ${id}` })),
    cols: ids,
    cells: ids.map((_, r) => ids.map((_, c) => (r === c ? 10 : (r + c) % 3))),
    attributes: ['role'],
    themes: [{ id: 'c0', title: 'Code c0' }],
    units: 40,
    codedUnits: 40,
    ...extra,
  };
}

describe('client: Report charts', () => {
  it('levels and ticks are exact', () => {
    assert.deepEqual(
      [0, 1, 5, 9, 10].map((n) => level(n, 9)),
      [0, 1, 5, 9, 9],
    );
    assert.equal(level(3, 0), 0);
    assert.deepEqual(niceTicks(9), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(niceTicks(1), [0, 1]);
    assert.deepEqual(niceTicks(60), [0, 20, 40, 60]);
    assert.equal(clip('a'.repeat(50), 10), `${'a'.repeat(9)}…`);
    assert.equal(clip('😊'.repeat(5), 5), '😊'.repeat(5));
  });

  it('draws a heat map as well-formed SVG, hostile labels as text, one clickable cell per count', () => {
    const svg = heatmapSvg({
      rows: [
        { id: 'a', label: HOSTILE },
        { id: 'b"x', label: 'B' },
      ],
      cols: ['a', 'b"x'],
      cells: [
        [4, 2],
        [1, 3],
      ],
      diagonalApart: true,
      title: 'T',
    });
    const doc = wellFormed(svg);
    assert.equal(doc.getElementsByTagName('script').length, 0);
    assert.equal(doc.getElementsByTagName('img').length, 0);
    const cells = (Array.from(doc.getElementsByTagName('g')) as Element[]).filter(
      (g) => g.getAttribute('data-row') !== null,
    );
    assert.deepEqual(
      cells.map((g) => [
        g.getAttribute('data-row'),
        g.getAttribute('data-col'),
        g.getAttribute('class'),
        g.textContent?.replace(/^.*: \d+ units?/, ''),
      ]),
      [
        ['a', 'a', 'cell diag', '4'],
        ['a', 'b"x', 'cell h9', '2'],
        ['b"x', 'a', 'cell h5', '1'],
        ['b"x', 'b"x', 'cell diag', '3'],
      ],
    );
    assert.ok(svg.includes('&#60;script&#62;'), 'the label is escaped text');
  });

  it('draws the saturation line chart with a clickable point per transcript', () => {
    const svg = lineChartSvg(
      [
        { key: 'file:///a.md', label: 'fg1 <b>', bar: 6, line: 6, tip: 'fg1' },
        { key: 'file:///b.md', label: 'fg2', bar: 1, line: 7, tip: 'fg2' },
      ],
      'S',
      { bar: 'new', line: 'so far' },
    );
    const doc = wellFormed(svg);
    const points = (Array.from(doc.getElementsByTagName('g')) as Element[]).filter(
      (g) => g.getAttribute('data-point') !== null,
    );
    assert.deepEqual(
      points.map((p) => p.getAttribute('data-point')),
      ['file:///a.md', 'file:///b.md'],
    );
    assert.match(svg, /<polyline class="series" points="[\d. ,]+"\/>/);
    assert.equal(doc.getElementsByTagName('b').length, 0);
  });
});

describe('client: Report tabs', () => {
  it('marks the selected tab', () => {
    const html = renderTabs(state({ tab: 'memos' }));
    assert.match(html, /data-tab="memos" aria-selected="true"/);
    assert.equal((html.match(/aria-selected="true"/g) ?? []).length, 1);
    assert.equal((html.match(/role="tab"/g) ?? []).length, 5);
  });

  it('Table 1 rows list their units; hostile titles stay text', () => {
    const node = (id: string, title: string, children: ThemeNode[] = []): ThemeNode => ({
      id,
      title,
      uri: 'file:///cb.md',
      range: R,
      units: 3,
      directUnits: 1,
      transcripts: 2,
      speakers: 2,
      children,
    });
    const themes = [node('t', HOSTILE, [node('s', 'Sub')])];
    const html = renderTable1(themes, 2, [{ id: 'typo', units: 1 }]);
    const doc = wellFormed(html);
    assert.equal(doc.getElementsByTagName('script').length, 0);
    assert.match(html, /<tr class="depth0" data-code="t"/);
    assert.match(html, /2 units not yet sorted into a code/);
    assert.equal(
      table1Csv(themes),
      `\ufeffcode,theme,subtheme,depth,units,transcripts,speakers\r\nt,${'"<script>window.x=1</script><img src=x onerror=""y()"">&"'},,0,3,2,2\r\ns,${'"<script>window.x=1</script><img src=x onerror=""y()"">&"'},Sub,1,3,2,2\r\n`,
    );
    assert.match(renderTable1([], 0, []), /class="empty">The codebook defines no codes yet/);
  });

  it('a heat map, its empty states, and 500 codes cut with a note to filter', () => {
    const ok = renderMatrix(matrix(3), state(), true);
    wellFormed(ok);
    assert.match(ok, /data-export="csv" data-target="matrix"/);
    assert.match(ok, /data-export="png" data-target="heatmap"/);
    assert.match(
      renderMatrix(matrix(0, { attributes: [] }), state({ tab: 'attribute' }), false),
      /class="empty">No transcript has a participants: front matter/,
    );
    const err = renderMatrix(
      matrix(0, { error: `No participant has the attribute "age" ${HOSTILE}.` }),
      state({ tab: 'attribute', attribute: 'age' }),
      false,
    );
    assert.match(err, /class="empty">No participant has the attribute &#34;age&#34; &#60;script&#62;/);
    assert.match(
      renderMatrix(matrix(2, { units: 0, codedUnits: 0 }), state(), true),
      /The study has no meaning units yet/,
    );
    const big = renderMatrix(matrix(500), state(), true);
    assert.match(big, new RegExp(`Showing the first ${MAX_AXIS} of 500: choose a theme or type a filter`));
    assert.equal((big.match(/data-row=/g) ?? []).length, MAX_AXIS * MAX_AXIS);
    const filtered = renderMatrix(matrix(500), state({ filter: 'c49' }), true);
    assert.equal((filtered.match(/data-row=/g) ?? []).length, 11 * 11, 'c49 and c490..c499');
    assert.match(renderMatrix(matrix(5), state({ filter: 'zzz' }), true), /No code matches “zzz”/);
    assert.equal(matrixResultCsv(matrix(3), 'c1', true), '\ufeffcode,title,c1\r\nc1,Code c1,10\r\n');
  });

  it('saturation, memos and units: hostile text stays text, each unit a click away', () => {
    const sat = renderSaturation(
      {
        order: 'date',
        badDates: [],
        points: [
          {
            uri: 'file:///s/fg1.md',
            path: 'fg1.md',
            name: HOSTILE,
            date: '2024-01-02',
            codes: 2,
            newCodes: ['a', 'b'],
            cumulative: 2,
          },
        ],
      },
      state({ tab: 'saturation' }),
    );
    const doc = wellFormed(sat);
    assert.equal(doc.getElementsByTagName('script').length + doc.getElementsByTagName('img').length, 0);
    assert.match(renderSaturation(null, state()), /No transcripts in the study yet/);
    assert.equal(
      saturationCsv([{ uri: 'u', path: 'fg1.md', name: 'fg1', codes: 2, newCodes: ['a', 'b'], cumulative: 2 }]),
      '\ufefforder,transcript,date,codes,new,cumulative,new_codes\r\n1,fg1.md,,2,2,2,a b\r\n',
    );
    const memos = renderMemos({
      groups: [
        {
          code: 'a',
          title: HOSTILE,
          memos: [{ ...unit(HOSTILE), note: HOSTILE, path: 'fg1.md', transcript: 'fg1', speaker: 'P1' }],
        },
      ],
    });
    const md = wellFormed(memos);
    assert.equal(md.getElementsByTagName('script').length + md.getElementsByTagName('img').length, 0);
    assert.match(memos, /data-uri="file:\/\/\/s\/t\/fg1.md" data-line="2" data-character="4"/);
    assert.match(renderMemos({ groups: [] }), /No meaning unit has a memo yet/);
    const units = renderUnits(`a × ${HOSTILE}`, [unit(HOSTILE, { speaker: 'P1', note: HOSTILE })], () => 't/fg1.md');
    const ud = wellFormed(units);
    assert.equal(ud.getElementsByTagName('script').length + ud.getElementsByTagName('img').length, 0);
    assert.match(units, /t\/fg1.md · P1 · line 3/);
    assert.match(
      renderUnits('x', [], () => ''),
      /No units here/,
    );
  });
});
