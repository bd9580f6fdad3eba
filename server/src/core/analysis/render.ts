/**
 * The analyses as text: matrices as a Markdown table, CSV or JSON; saturation as a
 * table or JSON; memos as Markdown or JSON. Pure; the CLI prints these.
 */
import type { Range } from '../model';
import { csvField, guardFormula } from '../../../../common/csv';
import { escapeCell, escapeInline } from '../export/markdownText';
import type { Matrix } from './matrix';
import type { MemoGroup } from './memos';
import type { Saturation } from './saturation';
import type { AnalysisInput, UnitKey } from './studyView';

/** A unit as the JSON outputs refer to it. */
export interface UnitRefJson {
  file: string;
  /** 1-based line where the unit's content starts. */
  line: number;
  /** The whole unit, markup included (0-based lines, UTF-16 characters). */
  range: Range;
  id?: string;
  speaker?: string;
}

/** The JSON reference of a unit. */
export function unitRefJson(input: AnalysisInput, key: UnitKey): UnitRefJson {
  const u = input.index.unitsOf(key.uri)[key.index];
  const ref: UnitRefJson = { file: input.relPath(key.uri), line: u.contentRange.start.line + 1, range: u.range };
  if (u.id !== undefined) ref.id = u.id;
  if (u.speaker !== undefined) ref.speaker = u.speaker;
  return ref;
}

/** A matrix as JSON: `{rows, titles, cols, cells}` and, when kept, `units`. */
export function matrixJson(input: AnalysisInput, m: Matrix): Record<string, unknown> {
  const out: Record<string, unknown> = { rows: m.rows, titles: m.rowTitles, cols: m.colLabels, cells: m.cells };
  if (m.units) out.units = m.units.map((row) => row.map((cell) => cell.map((k) => unitRefJson(input, k))));
  return out;
}

/** What the cells of a matrix count, in one sentence. */
export function matrixCaption(m: Matrix): string {
  const what = m.rowKind === 'themes' ? 'theme (each unit once per theme)' : 'code';
  switch (m.cols.kind) {
    case 'codes':
      return `Units of the row's ${what} that also carry the column's, or overlap a unit that does; the diagonal is the row's units.`;
    case 'transcript':
      return `Units of the row's ${what} in each transcript.`;
    case 'speaker':
      return `Units of the row's ${what} by each speaker (a speaker is one label in one transcript).`;
    case 'attribute':
      return `Units of the row's ${what} whose speaker has each value of "${m.cols.name}" in the participants: front matter; (none): no speaker, or no value.`;
  }
}

/** A matrix as a Markdown pipe table, with its caption. */
export function matrixTable(m: Matrix): string {
  if (!m.rows.length) return `No codes to count: the codebook defines none and no unit carries one.\n`;
  const head = m.rowKind === 'themes' ? 'Theme' : 'Code';
  const out = [
    `| ${head} | ${m.colLabels.map(escapeCell).join(' | ')} |`,
    `| --- |${m.colLabels.map(() => ' ---: |').join('')}`,
    ...m.rows.map((id, r) => `| ${escapeCell(id)} | ${m.cells[r].join(' | ')} |`),
    '',
    matrixCaption(m),
  ];
  return `${out.join('\n')}\n`;
}

/** A matrix as CSV (RFC 4180, CRLF): `code,title,` then one column per label. */
export function matrixCsv(m: Matrix): string {
  const rows = [
    [m.rowKind === 'themes' ? 'theme' : 'code', 'title', ...m.colLabels],
    ...m.rows.map((id, r) => [id, m.rowTitles[r], ...m.cells[r].map(String)]),
  ];
  return `${rows.map((r) => r.map((c) => csvField(guardFormula(c))).join(',')).join('\r\n')}\r\n`;
}

/** Saturation as JSON: the order, and per transcript its new codes and the running total. */
export function saturationJson(input: AnalysisInput, s: Saturation): Record<string, unknown> {
  return {
    order: s.order,
    rows: s.rowKind,
    transcripts: s.steps.map((t) => {
      const o: Record<string, unknown> = { file: t.relPath, name: t.name };
      if (t.date !== undefined) o.date = t.date;
      Object.assign(o, { codes: t.codes, new: t.newCodes.length, cumulative: t.cumulative, newCodes: t.newCodes });
      if (t.newCodeUnits) o.newCodeUnits = t.newCodeUnits.map((list) => list.map((k) => unitRefJson(input, k)));
      return o;
    }),
    badDates: s.badDates,
  };
}

/** Saturation as a Markdown table with a line on the order. */
export function saturationTable(s: Saturation): string {
  if (!s.steps.length) return 'No transcripts in the study yet.\n';
  const what = s.rowKind === 'themes' ? 'themes' : 'codes';
  const out = [
    `| # | Transcript | Date | ${cap(what)} used | New ${what} | Cumulative | First used here |`,
    '| ---: | --- | --- | ---: | ---: | ---: | --- |',
    ...s.steps.map(
      (t, k) =>
        `| ${k + 1} | ${escapeCell(t.name)} | ${escapeCell(t.date ?? '')} | ${t.codes} | ${t.newCodes.length} | ${t.cumulative} | ${escapeCell(t.newCodes.join(', '))} |`,
    ),
    '',
    `Transcripts in order of ${s.order === 'name' ? 'file name (no front matter gives a date)' : s.order === 'date' ? 'their front matter date' : 'their front matter date, then undated ones by file name'}.`,
  ];
  if (s.badDates.length)
    out.push(`Not an ISO 8601 date (YYYY-MM-DD), so ordered as undated: ${s.badDates.map(escapeInline).join(', ')}.`);
  return `${out.join('\n')}\n`;
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

/** Memos as JSON: `{codes: [{id, title, memos: [...]}]}`, `id` null for units without a code. */
export function memosJson(groups: MemoGroup[]): Record<string, unknown> {
  return {
    codes: groups.map((g) => ({
      id: g.code,
      title: g.title,
      memos: g.memos.map((m) => {
        const o: Record<string, unknown> = { file: m.relPath, transcript: m.transcript, line: m.line };
        if (m.speaker !== undefined) o.speaker = m.speaker;
        if (m.id !== undefined) o.id = m.id;
        Object.assign(o, { codes: m.codes, text: m.text, note: m.note });
        return o;
      }),
    })),
  };
}

/** Memos as Markdown: a heading per code, then each memo with its source and the unit's text quoted. */
export function memosMarkdown(groups: MemoGroup[]): string {
  const out = ['# Memos', ''];
  if (!groups.length) {
    out.push(
      'No meaning unit has a memo yet: write one as `note="..."` in a unit\'s braces, e.g. `[text]{.code note="why"}`.',
    );
    return `${out.join('\n')}\n`;
  }
  for (const g of groups) {
    out.push(
      `## ${escapeInline(g.title.replace(/\s+/g, ' ').trim())}${g.code !== null && g.code !== g.title ? ` (${escapeInline(g.code)})` : ''}`,
      '',
    );
    for (const m of g.memos) {
      const where = [m.speaker, m.transcript, `line ${m.line}`].filter((x): x is string => x !== undefined).join(', ');
      out.push(`**${escapeInline(where)}:** ${escapeInline(m.note.replace(/\s+/g, ' ').trim())}`, '');
      const lines = m.text.split(/\r?\n/).map((l) => l.trim());
      out.push(...lines.map((l) => (l ? `> ${escapeInline(l)}` : '>')), '');
    }
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
