/**
 * Edits to the codebook made by commands (New Theme, New Subtheme, New code): where a
 * new heading goes and what it says. Pure, so they are tested without VS Code.
 */
import { isValidIdentifier } from '../../common/attributes';
import type { OffsetEdit } from './attributeEdits';

/** A code id from a title: lower case, words joined by `-`, starting with a letter, unique. */
export function slugify(title: string, taken: ReadonlySet<string>): string {
  let base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 4)
    .join('-');
  if (!base || !/^[a-z]/.test(base)) base = `code-${base}`.replace(/-$/, '');
  if (!isValidIdentifier(base)) base = 'code';
  let id = base;
  for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
  return id;
}

/**
 * Inserts a heading `level` deep with `title {#id}`: at the end of the code whose heading
 * is on line `parentLine` (before the next heading of the same or a lower level), or at
 * the end of the file when there is no parent. Keeps the file's line endings.
 */
export function newHeadingEdit(text: string, title: string, id: string, level: number, parentLine: number | null): OffsetEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let at = text.length;
  if (parentLine !== null) {
    const lines = text.split('\n');
    let offset = 0;
    let parentLevel = 7;
    let inFence = false;
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l].replace(/\r$/, '');
      if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
      const m = inFence ? null : /^(#{1,6})\s/.exec(line);
      if (l === parentLine && m) parentLevel = m[1].length;
      else if (l > parentLine && m && m[1].length <= parentLevel) {
        at = offset;
        break;
      }
      offset += lines[l].length + 1;
    }
  }
  const before = text.slice(0, at);
  // Exactly one blank line before the new heading, and one after it.
  const trimmed = before.replace(/(\r?\n)*$/, '');
  const removed = before.length - trimmed.length;
  const lead = trimmed.length === 0 ? '' : `${eol}${eol}`;
  const tail = at < text.length ? `${eol}${eol}` : eol;
  return { start: at - removed, end: at, text: `${lead}${'#'.repeat(level)} ${title} {#${id}}${tail}` };
}
