/**
 * `condense matrix`, `condense saturation` and `condense memos`: the analyses of the
 * core printed as a table, CSV or JSON. Bad requests (an attribute nobody has, a code
 * not in the codebook) get one line and exit 2; an empty study gets an empty result.
 */
import { AnalysisError, buildMatrix, type ColumnKind } from '../core/analysis/matrix';
import { buildMemos } from '../core/analysis/memos';
import {
  matrixCsv,
  matrixJson,
  matrixTable,
  memosJson,
  memosMarkdown,
  saturationJson,
  saturationTable,
} from '../core/analysis/render';
import { buildSaturation } from '../core/analysis/saturation';
import type { RowKind } from '../core/analysis/studyView';
import type { LoadedStudy } from '../node/loadStudy';

/** The analysis commands. */
export const ANALYSIS_COMMANDS = ['matrix', 'saturation', 'memos'];

/** The options an analysis command reads. */
export interface AnalysisArgs {
  command: string;
  json: boolean;
  csv: boolean;
  units: boolean;
  cols?: string;
  rows?: string;
  theme?: string;
}

/** Checks the options of an analysis command before the study is read; returns a message for bad usage. */
export function analysisUsageError(a: AnalysisArgs): string | undefined {
  if (a.command !== 'matrix' && (a.cols !== undefined || a.csv || a.theme !== undefined))
    return '--cols, --csv and --theme go with matrix only';
  if (a.command === 'memos' && (a.rows !== undefined || a.units))
    return '--rows and --units go with matrix and saturation only';
  if (a.command === 'matrix' && a.cols === undefined)
    return 'matrix needs --cols codes|transcript|speaker|<attribute> (e.g. --cols role)';
  if (a.rows !== undefined && a.rows !== 'codes' && a.rows !== 'themes')
    return `--rows is codes or themes (not "${a.rows}")`;
  if (a.json && a.csv) return 'choose --json or --csv, not both';
  if (a.units && !a.json) return '--units goes with --json';
  return undefined;
}

/** Reads `--cols`: the reserved words, `attribute:NAME` for an attribute with a reserved name, or an attribute name. */
export function parseColumns(cols: string): ColumnKind {
  if (cols === 'codes' || cols === 'transcript' || cols === 'speaker') return { kind: cols };
  return { kind: 'attribute', name: cols.startsWith('attribute:') ? cols.slice('attribute:'.length) : cols };
}

/** Runs an analysis command on a loaded study; returns the exit code. */
export function runAnalysis(
  a: AnalysisArgs,
  study: LoadedStudy,
  out: (s: string) => void,
  err: (s: string) => void,
): number {
  const input = { index: study.index, relPath: study.relPath };
  const rows = (a.rows ?? 'codes') as RowKind;
  try {
    switch (a.command) {
      case 'matrix': {
        const m = buildMatrix(input, { cols: parseColumns(a.cols as string), rows, within: a.theme, units: a.units });
        if (a.json) out(JSON.stringify(matrixJson(input, m), null, 2));
        else if (a.csv) out(matrixCsv(m).replace(/\r\n$/, ''));
        else {
          const none = study.index.documents('transcript').every((d) => (d.transcript?.units.length ?? 0) === 0);
          out(
            matrixTable(m).trimEnd() +
              (none && m.rows.length ? '\n\nThe study has no meaning units yet: every count is 0.' : ''),
          );
        }
        return 0;
      }
      case 'saturation': {
        const s = buildSaturation(input, { rows, units: a.units });
        out(a.json ? JSON.stringify(saturationJson(input, s), null, 2) : saturationTable(s).trimEnd());
        return 0;
      }
      default: {
        const groups = buildMemos(input);
        out(a.json ? JSON.stringify(memosJson(groups), null, 2) : memosMarkdown(groups).trimEnd());
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof AnalysisError) {
      err(`condense: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
