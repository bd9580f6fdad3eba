/**
 * The edits that code actions and the coding commands make: wrap a selection into a
 * unit, add or remove a code in a unit's attributes, replace one code by another, and
 * insert a codebook heading for a new code. Each is computed from the indexed text, so
 * applying it gives exactly the intended bytes (line endings and the text around it
 * untouched). One place for these edits, used by codeActions.ts and codingEdits.ts.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import { isValidIdentifier, parseAttributes } from '../../../common/attributes';
import type { LineIndex } from '../core/lineIndex';
import type { Unit } from '../core/model';

/** A replacement of text[start, end) by `newText`, as an LSP edit. */
export function replace(lines: LineIndex, start: number, end: number, newText: string): TextEdit {
  return { range: lines.rangeOf(start, end), newText };
}

/** [start, end) with the white space at both ends left out: a unit starts and ends on words. */
export function trimSelection(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = Math.max(start, end);
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return [s, e];
}

/** Why [s, e) cannot become a span, or undefined when it can. */
export function wrapProblem(text: string, units: readonly Unit[], s: number, e: number): string | undefined {
  if (e <= s) return 'Select the words of the meaning unit first.';
  const selected = text.slice(s, e);
  if (/\n[ \t]*\r?\n/.test(selected) || /\n:::/.test(selected)) {
    return 'A span cannot cross paragraphs: select text within one paragraph, or use a fenced div (`::: {.code}`) for several.';
  }
  for (const u of units) {
    const overlaps = s < u.endOffset && u.startOffset < e;
    const holds = s <= u.startOffset && u.endOffset <= e;
    const within = u.contentStartOffset <= s && e <= u.contentEndOffset;
    if (overlaps && !holds && !within) {
      return 'The selection crosses the edge of a meaning unit, and crossing units cannot be written in Markdown: select the whole unit or text inside it.';
    }
  }
  return undefined;
}

/** The two insertions that make [s, e) the span `[...]{attrs}` (`attrs` without braces). */
export function wrapEdits(lines: LineIndex, s: number, e: number, attrs: string): TextEdit[] {
  return [replace(lines, s, s, '['), replace(lines, e, e, `]{${attrs}}`)];
}

/** Where a unit's attributes are written: a `{...}` block, or a div's bare class word. */
type AttributeSite = { braces: true; open: number; close: number } | { braces: false; start: number; end: number };

function attributeSite(text: string, lines: LineIndex, u: Unit): AttributeSite | undefined {
  const from = lines.offsetAt(u.attrRange.start);
  if (u.kind === 'span') return { braces: true, open: from, close: u.endOffset - 1 };
  const to = lines.lineEnd(lines.lineAt(u.startOffset));
  let i = from;
  while (i < to && /[ \t]/.test(text[i])) i++;
  if (text[i] === '{') {
    const r = parseAttributes(text, i, to);
    return 'error' in r ? undefined : { braces: true, open: i, close: r.end - 1 };
  }
  const word = u.codeRefs[0];
  return word ? { braces: false, start: word.startOffset, end: word.endOffset } : undefined;
}

/** The edit that adds `.id` to a unit's attributes; undefined when it has it or they cannot be edited. */
export function addCodeEdit(text: string, lines: LineIndex, u: Unit, id: string): TextEdit | undefined {
  if (u.codes.includes(id)) return undefined;
  const site = attributeSite(text, lines, u);
  if (!site) return undefined;
  if (!site.braces) return replace(lines, site.start, site.end, `{.${text.slice(site.start, site.end)} .${id}}`);
  const before = text[site.close - 1];
  return replace(lines, site.close, site.close, `${before === '{' || /\s/.test(before) ? '' : ' '}.${id}`);
}

/** The edit that removes every `.id` from a unit's attributes, with the space that separated it. */
export function removeCodeEdit(text: string, lines: LineIndex, u: Unit, id: string): TextEdit | undefined {
  if (!u.codes.includes(id)) return undefined;
  const site = attributeSite(text, lines, u);
  if (!site) return undefined;
  if (!site.braces) return replace(lines, site.start, site.end, '{}');
  const refs = u.codeRefs
    .filter((r) => r.id === id)
    .map((r) => ({ start: r.startOffset - 1 - site.open, end: r.endOffset - site.open }));
  return replace(lines, site.open, site.close + 1, removeItems(text.slice(site.open, site.close + 1), refs));
}

/**
 * The edit that recodes a unit from `from` to `to`: the class renamed in place, or
 * `from` removed when the unit has `to` already; with `from` empty, `to` is added.
 */
export function recodeEdit(text: string, lines: LineIndex, u: Unit, from: string, to: string): TextEdit | undefined {
  if (from === to) return undefined;
  if (from === '' || !u.codes.includes(from)) return addCodeEdit(text, lines, u, to);
  if (u.codes.includes(to)) return removeCodeEdit(text, lines, u, from);
  const ref = u.codeRefs.find((r) => r.id === from);
  return ref ? replace(lines, ref.startOffset, ref.endOffset, to) : undefined;
}

/** Removes items [start, end) from an attribute block `{...}` with one space around each. */
function removeItems(block: string, items: { start: number; end: number }[]): string {
  let b = block;
  for (const it of [...items].sort((x, y) => y.start - x.start)) {
    let a = it.start;
    let z = it.end;
    let after = z;
    while (after < b.length && /\s/.test(b[after])) after++;
    if (after > z && b[after] !== '}') z = after;
    else while (a > 1 && /\s/.test(b[a - 1])) a--;
    b = b.slice(0, a) + b.slice(z);
  }
  return b;
}

/**
 * An edit that puts `heading` at `at` (a line start or the end of the text) with one
 * blank line before it and one after, in the text's own line ending. Blank lines
 * already before `at` are replaced; the text of the line before is kept.
 */
export function headingInsertion(text: string, lines: LineIndex, at: number, heading: string): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let cut = at;
  while (cut > 0 && /\s/.test(text[cut - 1])) cut--;
  const lineBreak = text.slice(cut, at).search(/\r?\n/);
  cut = lineBreak >= 0 ? cut + lineBreak : at;
  const before = /\S/.test(text.slice(0, cut)) ? eol + eol : '';
  return replace(lines, cut, at, `${before}${heading}${eol}${eol}`);
}

/** `peer-support` → `Peer support`. */
export function titleFromId(id: string): string {
  const words = id.replace(/[-_:.]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : id;
}

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
