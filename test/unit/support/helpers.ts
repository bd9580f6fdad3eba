/** Small helpers shared by the unit tests. */
import type { Diagnostic, Range } from '../../../server/src/core/model';

/** An LSP range from 0-based line/character pairs. */
export function R(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/** Diagnostics reduced to what tests compare: code, severity and range. */
export function brief(ds: Diagnostic[]): { code: string; severity: string; range: Range }[] {
  return ds.map((d) => ({ code: d.code, severity: d.severity, range: d.range }));
}

/** The diagnostic codes, in order. */
export function codesOf(ds: Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}
