/**
 * Edits to a unit's attribute block, computed from the document text with the core's
 * Pandoc attribute parser: add a code, remove a code, replace one code by another.
 * Pure (offsets in, text edits out), so they are tested without VS Code.
 */
import { parseAttributes } from '../../common/attributes';

/** A replacement of text[start, end) by `text`. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** Finds the attribute block `{...}` that starts at `braceStart`; null if it does not parse. */
function block(text: string, braceStart: number) {
  if (text.charCodeAt(braceStart) !== 123) return null;
  const r = parseAttributes(text, braceStart, text.length);
  return 'error' in r ? null : r;
}

/** Adds `.code` at the end of the block at `braceStart` (no edit if it is already there). */
export function addCodeEdit(text: string, braceStart: number, code: string): OffsetEdit | null {
  const b = block(text, braceStart);
  if (!b) return null;
  if (b.items.some((it) => it.kind === 'class' && it.name === code)) return null;
  const close = b.end - 1;
  const needsSpace = close > braceStart + 1 && !/\s/.test(text[close - 1]);
  return { start: close, end: close, text: `${needsSpace ? ' ' : ''}.${code}` };
}

/** Removes `.code` from the block at `braceStart`, with the whitespace that separated it. */
export function removeCodeEdit(text: string, braceStart: number, code: string): OffsetEdit | null {
  const b = block(text, braceStart);
  if (!b) return null;
  const item = b.items.find((it) => it.kind === 'class' && it.name === code);
  if (!item) return null;
  let start = item.nameStart - 1; // the dot
  let end = item.nameEnd;
  // Take the spaces before it; if it was first, the spaces after it instead.
  let s = start;
  while (s > braceStart + 1 && /[ \t]/.test(text[s - 1])) s--;
  if (s > braceStart + 1) start = s;
  else while (end < b.end - 1 && /[ \t]/.test(text[end])) end++;
  return { start, end, text: '' };
}

/** Replaces `.from` by `.to` (or removes `.from` if `.to` is already there; adds `.to` if `from` is ""). */
export function recodeEdit(text: string, braceStart: number, from: string, to: string): OffsetEdit | null {
  if (from === to) return null;
  if (from === '') return addCodeEdit(text, braceStart, to);
  const b = block(text, braceStart);
  if (!b) return null;
  if (b.items.some((it) => it.kind === 'class' && it.name === to)) return removeCodeEdit(text, braceStart, from);
  const item = b.items.find((it) => it.kind === 'class' && it.name === from);
  return item ? { start: item.nameStart, end: item.nameEnd, text: to } : null;
}

/**
 * The offset of the `{` of a unit's attribute block, from the unit's start and the end of
 * its content: right after the `]` for a span, on the opening fence line for a div
 * (-1 for a div written with a bare word, `::: code`, which has no braces).
 */
export function unitBrace(text: string, unitStart: number, contentEnd: number): number {
  if (text.charCodeAt(unitStart) === 91) return text.charCodeAt(contentEnd + 1) === 123 ? contentEnd + 1 : -1;
  const k = text.indexOf('{', unitStart);
  const nl = text.indexOf('\n', unitStart);
  return k >= 0 && (nl < 0 || k < nl) ? k : -1;
}
