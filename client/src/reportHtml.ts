/**
 * The HTML of the Report view, as pure functions of what the language server answers:
 * the tab bar, Table 1, the co-occurrence and attribute heat maps, the saturation chart,
 * the memos, and the list of units behind a clicked cell or point. Every piece of study
 * text is escaped here; tested without VS Code.
 */
import type { MatrixResult, MemoGroupInfo, SaturationPoint, ThemeNode, UnitInfo } from '../../common/protocol';
import { escapeHtml } from './previewHtml';
import { heatmapSvg, lineChartSvg } from './svgCharts';

/** The tabs of the Report view. */
export const TABS = [
  { id: 'table', label: 'Table 1' },
  { id: 'cooccurrence', label: 'Co-occurrence' },
  { id: 'attribute', label: 'By participant attribute' },
  { id: 'saturation', label: 'Saturation' },
  { id: 'memos', label: 'Memos' },
] as const;

/** A tab id. */
export type TabId = (typeof TABS)[number]['id'];

/** What the user chose in the view. */
export interface ReportState {
  tab: TabId;
  rows: 'codes' | 'themes';
  /** A theme id to keep only its codes ('' for all). */
  within: string;
  attribute: string;
  /** Text that row labels must contain ('' for all). */
  filter: string;
}

/** Above this many rows (or columns) a heat map is cut, with a note to filter it. */
export const MAX_AXIS = 120;

/** The tab bar. */
export function renderTabs(state: ReportState): string {
  return `<nav class="tabs" role="tablist">${TABS.map(
    (t) =>
      `<button type="button" role="tab" class="tab" data-tab="${t.id}" aria-selected="${t.id === state.tab}">${escapeHtml(t.label)}</button>`,
  ).join('')}</nav>`;
}

/** Table 1: themes and subthemes with units, transcripts and speakers; a row lists its units when clicked. */
export function renderTable1(themes: ThemeNode[], uncoded: number, unknown: { id: string; units: number }[]): string {
  if (!themes.length)
    return empty(
      'The codebook defines no codes yet: add a heading such as “# My first theme {#first}” to codebook.md.',
    );
  const rows: string[] = [];
  const walk = (n: ThemeNode, depth: number): void => {
    const name = `${'— '.repeat(Math.max(0, depth - 1))}${escapeHtml(n.title || n.id)}`;
    rows.push(
      `<tr class="depth${Math.min(depth, 3)}" data-code="${escapeHtml(n.id)}" tabindex="0" role="button"><td>${depth === 0 ? `<strong>${name}</strong>` : ''}</td><td>${depth === 0 ? '' : name}</td><td class="n">${n.units}</td><td class="n">${n.transcripts}</td><td class="n">${n.speakers}</td></tr>`,
    );
    for (const k of n.children) walk(k, depth + 1);
  };
  for (const t of themes) walk(t, 0);
  const notes: string[] = [];
  if (uncoded) notes.push(`${uncoded} unit${uncoded === 1 ? '' : 's'} not yet sorted into a code.`);
  if (unknown.length)
    notes.push(
      `Codes used but not in the codebook: ${unknown.map((u) => `<code>${escapeHtml(u.id)}</code> (${u.units})`).join(', ')}.`,
    );
  return (
    toolbar([exportButton('csv', 'table1')]) +
    `<table class="table1" id="table1"><thead><tr><th>Theme</th><th>Subtheme</th><th class="n">Units</th><th class="n">Transcripts</th><th class="n">Speakers</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    notes.map((n) => `<p class="muted">${n}</p>`).join('')
  );
}

/** Filters a matrix's rows (and, for co-occurrence, its columns) by the text filter; cuts it at MAX_AXIS. */
export function visibleMatrix(
  m: MatrixResult,
  filter: string,
  square: boolean,
): { rows: number[]; cols: number[]; cut: boolean } {
  const f = filter.trim().toLowerCase();
  const match = (k: number): boolean =>
    !f || m.rows[k].id.toLowerCase().includes(f) || m.rows[k].title.toLowerCase().includes(f);
  let rows = m.rows.map((_, k) => k).filter(match);
  let cols = square ? rows.slice() : m.cols.map((_, k) => k);
  const cut = rows.length > MAX_AXIS || cols.length > MAX_AXIS;
  rows = rows.slice(0, MAX_AXIS);
  cols = cols.slice(0, MAX_AXIS);
  return { rows, cols, cut };
}

/** A heat map tab: co-occurrence (`square`) or code by attribute, with its pickers and export buttons. */
export function renderMatrix(m: MatrixResult, state: ReportState, square: boolean): string {
  const controls: string[] = [
    select(
      'rows',
      'Rows',
      [
        ['codes', 'Codes'],
        ['themes', 'Themes'],
      ],
      state.rows,
    ),
    select(
      'within',
      'Theme',
      [['', 'All themes'], ...m.themes.map((t): [string, string] => [t.id, t.title || t.id])],
      state.within,
    ),
    `<label>Filter <input type="search" id="filter" data-option="filter" value="${escapeHtml(state.filter)}" placeholder="code or title" /></label>`,
  ];
  if (!square) {
    if (!m.attributes.length) {
      return (
        toolbar(controls) +
        empty(
          'No transcript has a participants: front matter, so there is no attribute to count by. Add one such as “participants: {P1: {role: manager}}” (see the format documentation).',
        )
      );
    }
    controls.unshift(
      select(
        'attribute',
        'Attribute',
        m.attributes.map((a): [string, string] => [a, a]),
        state.attribute,
      ),
    );
  }
  if (m.error) return toolbar(controls) + empty(m.error);
  if (!m.rows.length)
    return toolbar(controls) + empty('No codes to count: the codebook defines none and no unit carries one.');
  const exports = [exportButton('csv', 'matrix'), exportButton('svg', 'heatmap'), exportButton('png', 'heatmap')];
  const v = visibleMatrix(m, state.filter, square);
  const notes: string[] = [];
  if (m.units === 0) notes.push('The study has no meaning units yet: every count is 0.');
  else if (m.codedUnits === 0) notes.push('No unit is sorted into a code yet: every count is 0.');
  if (!v.rows.length) return toolbar(controls.concat(exports)) + empty(`No code matches “${state.filter}”.`);
  if (v.cut)
    notes.push(
      `Showing the first ${MAX_AXIS} of ${square ? m.rows.length : Math.max(m.rows.length, m.cols.length)}: choose a theme or type a filter to see the others.`,
    );
  const what = square
    ? 'Each cell counts the units of the row’s code that also carry the column’s code, or overlap a unit that does. The diagonal is the code’s units.'
    : `Each cell counts the units of the row’s code whose speaker has that value of “${state.attribute}”; (none): no speaker, or no value.`;
  const svg = heatmapSvg({
    rows: v.rows.map((r) => ({
      id: m.rows[r].id,
      label: m.rows[r].title === m.rows[r].id ? m.rows[r].id : `${m.rows[r].title} (${m.rows[r].id})`,
    })),
    cols: v.cols.map((c) => m.cols[c]),
    cells: v.rows.map((r) => v.cols.map((c) => m.cells[r][c])),
    diagonalApart: square,
    title: square ? 'Co-occurrence of codes' : `Codes by ${state.attribute}`,
  });
  return (
    toolbar(controls.concat(exports)) +
    `<p class="muted">${escapeHtml(what)}</p>` +
    notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('') +
    `<div class="scroll" id="heatmap">${svg}</div>`
  );
}

/** The saturation tab: the chart and its table. */
export function renderSaturation(
  s: { order: string; points: SaturationPoint[]; badDates: string[] } | null,
  state: ReportState,
): string {
  const controls = [
    select(
      'rows',
      'Count',
      [
        ['codes', 'Codes'],
        ['themes', 'Themes'],
      ],
      state.rows,
    ),
  ];
  if (!s || !s.points.length) return toolbar(controls) + empty('No transcripts in the study yet.');
  const what = state.rows === 'themes' ? 'themes' : 'codes';
  const svg = lineChartSvg(
    s.points.map((p) => ({
      key: p.uri,
      label: p.date ? `${p.name} (${p.date})` : p.name,
      bar: p.newCodes.length,
      line: p.cumulative,
      tip: `${p.name}${p.date ? `, ${p.date}` : ''}: ${p.newCodes.length} new ${what}, ${p.cumulative} in all`,
    })),
    `Saturation: new ${what} per transcript`,
    { bar: `new ${what}`, line: `${what} so far` },
  );
  const order =
    s.order === 'name'
      ? 'Transcripts by file name (no front matter gives a date).'
      : s.order === 'date'
        ? 'Transcripts in order of their front matter date.'
        : 'Transcripts in order of their front matter date, then undated ones by file name.';
  const rows = s.points
    .map(
      (p, k) =>
        `<tr data-point="${escapeHtml(p.uri)}" tabindex="0" role="button"><td class="n">${k + 1}</td><td>${escapeHtml(p.name)}</td><td>${escapeHtml(p.date ?? '')}</td><td class="n">${p.codes}</td><td class="n">${p.newCodes.length}</td><td class="n">${p.cumulative}</td><td>${p.newCodes.map((c) => `<code>${escapeHtml(c)}</code>`).join(' ')}</td></tr>`,
    )
    .join('');
  return (
    toolbar(
      controls.concat([
        exportButton('csv', 'saturation'),
        exportButton('svg', 'saturation-chart'),
        exportButton('png', 'saturation-chart'),
      ]),
    ) +
    `<p class="muted">${escapeHtml(order)}${s.badDates.length ? ` Not ISO dates, so ordered as undated: ${escapeHtml(s.badDates.join(', '))}.` : ''}</p>` +
    `<div class="scroll" id="saturation-chart">${svg}</div>` +
    `<table class="saturation" id="saturation"><thead><tr><th class="n">#</th><th>Transcript</th><th>Date</th><th class="n">${what[0].toUpperCase()}${what.slice(1)} used</th><th class="n">New</th><th class="n">So far</th><th>First used here</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

/** The memos tab: a section per code, each memo with its unit, a click away. */
export function renderMemos(m: { groups: MemoGroupInfo[] } | null): string {
  if (!m || !m.groups.length)
    return empty(
      'No meaning unit has a memo yet: write one as note="..." in a unit’s braces, e.g. [text]{.code note="why"}.',
    );
  return m.groups
    .map(
      (g) =>
        `<section class="memos"><h2>${escapeHtml(g.title)}${g.code !== null && g.code !== g.title ? ` <code>${escapeHtml(g.code)}</code>` : ''} <span class="muted">${g.memos.length}</span></h2><ul>${g.memos
          .map(
            (u) =>
              `<li class="unit memo" ${reveal(u)}><span class="note">${escapeHtml(u.note)}</span><span class="meta">${escapeHtml([u.speaker, u.transcript, `line ${u.range.start.line + 1}`].filter(Boolean).join(', '))}</span><span class="text">${escapeHtml(collapse(u.text))}</span></li>`,
          )
          .join('')}</ul></section>`,
    )
    .join('');
}

/** The units behind a clicked cell, row or point. */
export function renderUnits(title: string, units: UnitInfo[], pathOf: (uri: string) => string): string {
  const items = units.map(
    (u) =>
      `<li class="unit" ${reveal(u)}><span class="meta">${escapeHtml([pathOf(u.uri), u.speaker, `line ${u.range.start.line + 1}`].filter(Boolean).join(' · '))}${u.codes.length ? ` · ${u.codes.map((c) => `<code>${escapeHtml(c)}</code>`).join(' ')}` : ''}</span><span class="text">${escapeHtml(collapse(u.text))}</span>${u.note ? `<span class="note">${escapeHtml(u.note)}</span>` : ''}</li>`,
  );
  return `<section class="units" id="units" aria-live="polite"><h2>${escapeHtml(title)} <span class="muted">${units.length} unit${units.length === 1 ? '' : 's'}</span></h2>${
    units.length ? `<ul>${items.join('')}</ul>` : '<p class="muted">No units here.</p>'
  }</section>`;
}

function reveal(u: UnitInfo): string {
  return `data-uri="${escapeHtml(u.uri)}" data-line="${u.contentRange.start.line}" data-character="${u.contentRange.start.character}" tabindex="0" role="button"`;
}

function select(option: string, label: string, values: [string, string][], current: string): string {
  return `<label>${escapeHtml(label)} <select data-option="${option}">${values
    .map(([v, l]) => `<option value="${escapeHtml(v)}"${v === current ? ' selected' : ''}>${escapeHtml(l)}</option>`)
    .join('')}</select></label>`;
}

function exportButton(format: 'csv' | 'svg' | 'png', target: string): string {
  return `<button type="button" class="export" data-export="${format}" data-target="${target}">${format.toUpperCase()}</button>`;
}

function toolbar(items: string[]): string {
  return `<div class="toolbar">${items.join('')}</div>`;
}

function empty(text: string): string {
  return `<p class="empty">${escapeHtml(text)}</p>`;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
