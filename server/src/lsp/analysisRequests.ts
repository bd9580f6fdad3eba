/**
 * The Report view's requests (condense/matrix, matrixCellUnits, saturation, memos),
 * answered from the live index of the study that holds the request's document.
 */
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { provideMatrix, provideMatrixCellUnits, provideMemos, provideSaturation } from '../features/analysisView';
import { MatrixCellUnitsRequest, MatrixRequest, MemosRequest, SaturationRequest } from '../../../common/protocol';
import { normalizeUri, type Study } from '../node/study';
import type { Studies } from './studies';

/** The server's guard: waits for a complete study, then answers; logs a failure and answers `fallback`. */
type Guard = <P, R>(
  name: string,
  fallback: R,
  fn: (p: P) => R | Promise<R>,
) => (p: P, token?: CancellationToken) => Promise<R>;

/** Registers the analysis requests; `guard` logs a failure and answers its fallback instead of crashing. */
export function registerAnalysisRequests(connection: Connection, workspace: Studies, guard: Guard): void {
  const studyOf = (p: { uri?: unknown } | null | undefined): Study | undefined =>
    typeof p?.uri === 'string' && p.uri ? workspace.studyFor(normalizeUri(p.uri)) : workspace.studies[0];
  const input = (s: Study): { index: Study['index']; relPath: (uri: string) => string } => ({
    index: s.index,
    relPath: (u) => s.relPath(u) ?? u,
  });
  const valid = (p: { cols?: unknown } | null | undefined): boolean =>
    typeof p?.cols === 'string' && ['codes', 'transcript', 'speaker', 'attribute'].includes(p.cols);

  connection.onRequest(
    MatrixRequest,
    guard('matrix', null, (p) => {
      const s = studyOf(p);
      return s && valid(p) ? provideMatrix(input(s), p) : null;
    }),
  );
  connection.onRequest(
    MatrixCellUnitsRequest,
    guard('matrixCellUnits', [], (p) => {
      const s = studyOf(p);
      return s && valid(p) && typeof p.row === 'string' && typeof p.col === 'string'
        ? provideMatrixCellUnits(input(s), p)
        : [];
    }),
  );
  connection.onRequest(
    SaturationRequest,
    guard('saturation', null, (p) => {
      const s = studyOf(p);
      if (!s) return null;
      const unitsOf = typeof p?.unitsOf === 'string' ? normalizeUri(p.unitsOf) : undefined;
      return provideSaturation(input(s), { uri: s.rootUri, rows: p?.rows, unitsOf });
    }),
  );
  connection.onRequest(
    MemosRequest,
    guard('memos', null, (p) => {
      const s = studyOf(p);
      return s ? provideMemos(input(s)) : null;
    }),
  );
}
