/**
 * The units of a study as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break, quotes doubled), one row per unit and code, for
 * spreadsheets, R and pandas, with cells that a spreadsheet would run as formulas
 * defused unless asked for raw cells. Pure.
 */
import { csvField, guardFormula } from '../../../../common/csv';
import type { Unit } from '../model';
import { codeName, exportTranscripts, unitLine, type ExportInput } from './exportModel';

/** Options of the CSV export. */
export interface CsvOptions {
  /** Start with a UTF-8 byte order mark (for Excel). */
  bom?: boolean;
  /** Write cells as they are, without the formula guard of {@link guardFormula}. */
  raw?: boolean;
}

/** Renders the units as CSV. */
export function renderUnitsCsv(input: ExportInput, options: CsvOptions = {}): string {
  const { index } = input;
  const transcripts = exportTranscripts(input);
  const keys = new Set<string>();
  for (const t of transcripts)
    for (const attrs of Object.values(t.transcript.participants)) for (const k of Object.keys(attrs)) keys.add(k);
  const attrKeys = [...keys].sort();
  const header = [
    'unit_id',
    'transcript',
    'line',
    'speaker',
    ...attrKeys.map((k) => `participant_${k}`),
    'code',
    'code_path',
    'text',
  ];
  const rows: string[][] = [header];
  const attrValue = (v: unknown): string =>
    v === null || v === undefined ? '' : typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  for (const t of transcripts) {
    for (const u of t.transcript.units) {
      const who = u.speaker !== undefined ? t.transcript.participants[u.speaker] : undefined;
      const base = [
        u.id ?? '',
        t.relPath,
        String(unitLine(u)),
        u.speaker ?? '',
        ...attrKeys.map((k) => attrValue(who?.[k])),
      ];
      const text = collapse(u);
      const codes = [...new Set(u.codes)];
      if (!codes.length) rows.push([...base, '', '', text]);
      for (const c of codes)
        rows.push([
          ...base,
          c,
          index
            .path(c)
            .map((id) => codeName(index, id))
            .join(' > '),
          text,
        ]);
    }
  }
  const cell = options.raw ? csvField : (v: string): string => csvField(guardFormula(v));
  const body = rows.map((r) => r.map(cell).join(',')).join('\r\n');
  return `${options.bom ? '\ufeff' : ''}${body}\r\n`;
}

function collapse(u: Unit): string {
  return u.text.replace(/\s+/g, ' ').trim();
}
