/** Range and position comparisons shared by features. */
import type { Position, Range } from 'vscode-languageserver-types';

/** True when `p` lies within `r` (both ends included). */
export function contains(r: Range, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

/** -1, 0 or 1 as `a` is before, at or after `b`. */
export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? Math.sign(a.line - b.line) : Math.sign(a.character - b.character);
}
