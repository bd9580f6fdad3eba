/**
 * The Report view's tables as CSV (RFC 4180, CRLF, a byte order mark so Excel reads
 * UTF-8, cells that a spreadsheet would run as formulas defused with a leading `'`): Table 1, a matrix as shown (filtered, not cut), and the saturation table.
 */
import { csvField, guardFormula } from '../../common/csv';
import type { MatrixResult, SaturationPoint, ThemeNode } from '../../common/protocol';

function csv(rows: (string | number)[][]): string {
  return `\ufeff${rows.map((r) => r.map((c) => csvField(guardFormula(String(c)))).join(',')).join('\r\n')}\r\n`;
}

/** Table 1: one row per code, depth first. */
export function table1Csv(themes: ThemeNode[]): string {
  const rows: (string | number)[][] = [['code', 'theme', 'subtheme', 'depth', 'units', 'transcripts', 'speakers']];
  const walk = (n: ThemeNode, depth: number, theme: string): void => {
    rows.push([
      n.id,
      depth === 0 ? n.title : theme,
      depth === 0 ? '' : n.title,
      depth,
      n.units,
      n.transcripts,
      n.speakers,
    ]);
    for (const k of n.children) walk(k, depth + 1, theme);
  };
  for (const t of themes) walk(t, 0, t.title);
  return csv(rows);
}

/** A matrix: `code,title,` then its columns; rows (and co-occurrence columns) as the text filter keeps them. */
export function matrixResultCsv(m: MatrixResult, filter: string, square: boolean): string {
  const f = filter.trim().toLowerCase();
  const keep = m.rows.map((r) => !f || r.id.toLowerCase().includes(f) || r.title.toLowerCase().includes(f));
  const rows = m.rows.map((_, k) => k).filter((k) => keep[k]);
  const cols = square ? rows : m.cols.map((_, k) => k);
  return csv([
    ['code', 'title', ...cols.map((c) => m.cols[c])],
    ...rows.map((r) => [m.rows[r].id, m.rows[r].title, ...cols.map((c) => m.cells[r][c])]),
  ]);
}

/** The saturation table. */
export function saturationCsv(points: SaturationPoint[]): string {
  return csv([
    ['order', 'transcript', 'date', 'codes', 'new', 'cumulative', 'new_codes'],
    ...points.map((p, k) => [
      k + 1,
      p.path,
      p.date ?? '',
      p.codes,
      p.newCodes.length,
      p.cumulative,
      p.newCodes.join(' '),
    ]),
  ]);
}
