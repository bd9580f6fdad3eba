/**
 * The Report view's data: matrices, the units of a matrix cell, the saturation curve and
 * the memos, as the custom requests of protocol.ts return them. Pure functions of the
 * index; the language server calls them on the live index, so the view follows edits.
 */
import { AnalysisError, buildMatrix, participantAttributes, type ColumnKind } from '../core/analysis/matrix';
import { buildMemos } from '../core/analysis/memos';
import { buildSaturation } from '../core/analysis/saturation';
import type { AnalysisInput } from '../core/analysis/studyView';
import type { StudyIndex } from '../core/studyIndex';
import type {
  MatrixCellParams,
  MatrixParams,
  MatrixResult,
  MemoGroupInfo,
  SaturationParams,
  SaturationPoint,
  UnitInfo,
} from '../../../common/protocol';
import { unitInfo } from './condensateView';

function columnKind(p: MatrixParams): ColumnKind {
  if (p.cols === 'attribute') return { kind: 'attribute', name: typeof p.attribute === 'string' ? p.attribute : '' };
  return { kind: p.cols === 'transcript' || p.cols === 'speaker' ? p.cols : 'codes' };
}

/** The colour of a code: its own, else the nearest ancestor's. */
function colorOf(index: StudyIndex, id: string): string | undefined {
  const path = index.path(id);
  for (let k = path.length - 1; k >= 0; k--) {
    const c = index.getCode(path[k])?.color;
    if (c !== undefined) return c;
  }
  return undefined;
}

/** A matrix for the view; an attribute nobody has comes back as `error`, with no rows. */
export function provideMatrix(input: AnalysisInput, p: MatrixParams): MatrixResult {
  const { index } = input;
  let units = 0;
  let coded = 0;
  for (const d of index.documents('transcript')) {
    for (const u of d.transcript?.units ?? []) {
      units++;
      if (u.codes.length) coded++;
    }
  }
  const base: MatrixResult = {
    rows: [],
    cols: [],
    cells: [],
    attributes: participantAttributes(input),
    themes: index.rootCodes().map((id) => ({ id, title: index.getCode(id)?.title || id })),
    units,
    codedUnits: coded,
  };
  try {
    const m = buildMatrix(input, {
      cols: columnKind(p),
      rows: p.rows === 'themes' ? 'themes' : 'codes',
      within: p.within || undefined,
    });
    base.rows = m.rows.map((id, k) => {
      const row: MatrixResult['rows'][number] = { id, title: m.rowTitles[k] };
      const color = colorOf(index, id);
      if (color !== undefined) row.color = color;
      const theme = index.getCode(id) ? index.path(id)[0] : undefined;
      if (theme !== undefined) row.theme = theme;
      return row;
    });
    base.cols = m.colLabels;
    base.cells = m.cells;
  } catch (e) {
    if (!(e instanceof AnalysisError)) throw e;
    base.error = e.message[0].toUpperCase() + e.message.slice(1) + '.';
  }
  return base;
}

/** The units counted in one cell; empty for a row or column that does not exist. */
export function provideMatrixCellUnits(input: AnalysisInput, p: MatrixCellParams): UnitInfo[] {
  let m;
  try {
    m = buildMatrix(input, {
      cols: columnKind(p),
      rows: p.rows === 'themes' ? 'themes' : 'codes',
      within: p.within || undefined,
      units: true,
    });
  } catch (e) {
    if (e instanceof AnalysisError) return [];
    throw e;
  }
  const r = m.rows.indexOf(p.row);
  const c = m.colLabels.indexOf(p.col);
  if (r < 0 || c < 0 || !m.units) return [];
  return m.units[r][c].map((k) => unitInfo(k.uri, input.index.unitsOf(k.uri)[k.index]));
}

/** The saturation curve; with `unitsOf`, the units of that transcript's new codes. */
export function provideSaturation(
  input: AnalysisInput,
  p: SaturationParams,
): { order: 'date' | 'name' | 'date, then name'; points: SaturationPoint[]; badDates: string[] } {
  const s = buildSaturation(input, { rows: p.rows === 'themes' ? 'themes' : 'codes', units: p.unitsOf !== undefined });
  return {
    order: s.order,
    badDates: s.badDates,
    points: s.steps.map((t) => {
      const point: SaturationPoint = {
        uri: t.uri,
        path: t.relPath,
        name: t.name,
        codes: t.codes,
        newCodes: t.newCodes,
        cumulative: t.cumulative,
      };
      if (t.date !== undefined) point.date = t.date;
      if (t.uri === p.unitsOf && t.newCodeUnits) {
        const seen = new Set<number>();
        point.units = t.newCodeUnits
          .flat()
          .filter((k) => !seen.has(k.index) && seen.add(k.index))
          .sort((a, b) => a.index - b.index)
          .map((k) => unitInfo(k.uri, input.index.unitsOf(k.uri)[k.index]));
      }
      return point;
    }),
  };
}

/** The memos grouped by code, each with its unit. */
export function provideMemos(input: AnalysisInput): { groups: MemoGroupInfo[] } {
  return {
    groups: buildMemos(input).map((g) => {
      const group: MemoGroupInfo = {
        code: g.code,
        title: g.title,
        memos: g.memos.map((m) => ({
          ...unitInfo(m.uri, input.index.unitsOf(m.uri)[m.index]),
          note: m.note,
          path: m.relPath,
          transcript: m.transcript,
        })),
      };
      const color = g.code === null ? undefined : colorOf(input.index, g.code);
      if (color !== undefined) group.color = color;
      return group;
    }),
  };
}
