/**
 * Code actions. In a transcript: code a selection (wrap it in `[...]{.code}`), add or
 * remove a code of the unit at the cursor, remove a unit's markup. Quick fixes: add an
 * unknown code to the codebook; replace a golden quote no unit holds with the closest
 * unit's text.
 *
 * Every edit is computed from the indexed text, so that applying it gives exactly the
 * intended bytes (line endings and surrounding text untouched).
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import { isValidIdentifier, parseAttributes } from '../core/attributes';
import { LineIndex } from '../core/lineIndex';
import type { Unit } from '../core/model';
import type { IndexedCode, IndexedDocument, WorkspaceIndex } from '../core/workspaceIndex';
import { headingExtentEnd, headingLines } from './symbols';

/** Settings of {@link provideCodeActions}. */
export interface CodeActionOptions {
  /** The codebook to add unknown codes to (default: the index's first codebook). */
  codebookUri?: string;
  /** How many codes to offer for coding a selection or adding to a unit (default 5). */
  maxCodes?: number;
}

/** `textDocument/codeAction` for `range` in `uri`, with the diagnostics the client sent. */
export function provideCodeActions(index: WorkspaceIndex, uri: string, range: Range, diagnostics: Diagnostic[], options: CodeActionOptions = {}): CodeAction[] {
  const doc = index.getDocument(uri);
  if (!doc) return [];
  const max = options.maxCodes ?? 5;
  const out: CodeAction[] = [];
  if (doc.transcript) {
    const lines = new LineIndex(doc.text);
    const units = doc.transcript.units;
    let s = lines.offsetAt(range.start);
    let e = Math.max(s, lines.offsetAt(range.end));
    while (s < e && /\s/.test(doc.text[s])) s++;
    while (e > s && /\s/.test(doc.text[e - 1])) e--;
    // A selection of a whole unit means that unit, even when it is all another's content.
    const exact = units.find((u) => u.startOffset === s && u.endOffset === e) ?? units.find((u) => u.contentStartOffset === s && u.contentEndOffset === e);
    if (e > s && !exact) out.push(...wrapActions(index, doc, lines, s, e, max));
    let target = exact;
    if (!target) for (const u of units) if (u.startOffset <= s && e <= u.endOffset) target = u;
    if (target) out.push(...unitActions(index, doc, lines, target, max));
  }
  const seen = new Set<string>();
  for (const d of diagnostics) {
    if (d.code === 'unknown-code') {
      const id = typeof d.data?.id === 'string' ? (d.data.id as string) : textAt(doc, d.range);
      if (!id || seen.has(id) || index.getCode(id)) continue;
      seen.add(id);
      out.push(...unknownCodeFixes(index, id, d, options.codebookUri));
    } else if (d.code === 'quote-not-found' && typeof d.data?.closest === 'string') {
      const fix = closestQuoteFix(doc, d, d.data.closest as string);
      if (fix) out.push(fix);
    }
  }
  return out;
}

/** The defined codes most used directly (ties in codebook order), without `exclude`. */
function topCodes(index: WorkspaceIndex, max: number, exclude: readonly string[] = []): IndexedCode[] {
  const counts = index.allCounts();
  return index
    .codes()
    .filter((c) => !exclude.includes(c.id))
    .map((c) => ({ c, n: counts.get(c.id)?.directUnits ?? 0 }))
    .sort((a, b) => b.n - a.n)
    .slice(0, max)
    .map((x) => x.c);
}

function edit(uri: string, edits: TextEdit[]): CodeAction['edit'] {
  return { changes: { [uri]: edits } };
}

function replace(lines: LineIndex, start: number, end: number, newText: string): TextEdit {
  return { range: lines.rangeOf(start, end), newText };
}

/** Coding a selection [s, e): one action per frequent code, and one to mark it uncoded. */
function wrapActions(index: WorkspaceIndex, doc: IndexedDocument, lines: LineIndex, s: number, e: number, max: number): CodeAction[] {
  const kind = CodeActionKind.RefactorRewrite;
  const reason = wrapProblem(doc.text, doc.transcript?.units ?? [], s, e);
  if (reason) return [{ title: 'Mark as meaning unit', kind, disabled: { reason } }];
  const wrap = (attrs: string): CodeAction['edit'] => edit(doc.uri, [replace(lines, s, s, '['), replace(lines, e, e, `]{${attrs}}`)]);
  const out: CodeAction[] = topCodes(index, max).map((c) => ({
    title: `Code selection as ${c.title} (${c.id})`,
    kind,
    edit: wrap(`.${c.id}`),
  }));
  out.push({ title: 'Mark as meaning unit', kind, edit: wrap('') });
  return out;
}

/** Why [s, e) cannot become a span, or undefined when it can. */
function wrapProblem(text: string, units: Unit[], s: number, e: number): string | undefined {
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

/** Actions on one unit: add a frequent code, remove each code, remove the markup. */
function unitActions(index: WorkspaceIndex, doc: IndexedDocument, lines: LineIndex, u: Unit, max: number): CodeAction[] {
  const text = doc.text;
  const kind = CodeActionKind.RefactorRewrite;
  const out: CodeAction[] = [];
  const site = attributeSite(text, lines, u);
  if (site) {
    for (const c of topCodes(index, max, u.codes)) {
      let change: TextEdit;
      if (site.braces) {
        const before = text[site.close - 1];
        change = replace(lines, site.close, site.close, `${before === '{' || /\s/.test(before) ? '' : ' '}.${c.id}`);
      } else {
        change = replace(lines, site.start, site.end, `{.${text.slice(site.start, site.end)} .${c.id}}`);
      }
      out.push({ title: `Add code ${c.title}`, kind, edit: edit(doc.uri, [change]) });
    }
    for (const id of new Set(u.codes)) {
      let change: TextEdit;
      if (site.braces) {
        const refs = u.codeRefs.filter((r) => r.id === id).map((r) => ({ start: r.startOffset - 1 - site.open, end: r.endOffset - site.open }));
        change = replace(lines, site.open, site.close + 1, removeItems(text.slice(site.open, site.close + 1), refs));
      } else {
        change = replace(lines, site.start, site.end, '{}');
      }
      out.push({ title: `Remove code ${id}`, kind, edit: edit(doc.uri, [change]) });
    }
  }
  out.push({ title: 'Remove unit markup', kind, edit: edit(doc.uri, unwrapEdits(text, lines, u)) });
  return out;
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

/** Edits that delete a unit's markup and keep its content as it is. */
function unwrapEdits(text: string, lines: LineIndex, u: Unit): TextEdit[] {
  if (u.kind === 'span') {
    return [replace(lines, u.startOffset, u.contentStartOffset, ''), replace(lines, u.contentEndOffset, u.endOffset, '')];
  }
  const closeLine = lines.lineAt(u.endOffset);
  const closeStart = lines.starts[closeLine];
  // Deleting the closing fence's whole line would join the content to a paragraph right
  // after it; leave that line blank instead.
  const nextLine = closeLine + 1 < lines.lineCount ? text.slice(lines.starts[closeLine + 1], lines.lineEnd(closeLine + 1)) : '';
  const closeFrom = /\S/.test(nextLine) ? closeStart : u.contentEndOffset;
  return [replace(lines, u.startOffset, u.contentStartOffset, ''), replace(lines, closeFrom, u.endOffset, '')];
}

function textAt(doc: IndexedDocument, range: Range): string {
  const lines = new LineIndex(doc.text);
  return doc.text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

/** `peer-support` → `Peer support`. */
function titleFromId(id: string): string {
  const words = id.replace(/[-_:.]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : id;
}

/** Quick fixes for an unknown code: add a heading for it at the end, or under a theme. */
function unknownCodeFixes(index: WorkspaceIndex, id: string, d: Diagnostic, codebookUri: string | undefined): CodeAction[] {
  // A bare div class may be any run of non-space characters (`::: x}{#y`), but only an
  // identifier can be a heading's `{#id}`: a heading made from such a class would define
  // some other code (here `y`) and leave this one unknown. No fix is better than that.
  if (!isValidIdentifier(id)) return [];
  const wanted = codebookUri === undefined ? undefined : index.getDocument(codebookUri);
  const book = wanted?.codebook ? wanted : index.documents('codebook')[0];
  if (!book?.codebook) return [];
  const text = book.text;
  const lines = new LineIndex(text);
  const title = titleFromId(id);
  const fix = (label: string, at: number, level: number): CodeAction => ({
    title: label,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: edit(book.uri, [headingInsertion(text, lines, at, `${'#'.repeat(level)} ${title} {#${id}}`)]),
  });
  const out = [fix(`Add \`${id}\` to the codebook`, text.length, 1)];
  out[0].isPreferred = true;
  const headings = headingLines(text);
  for (const theme of book.codebook.codes.filter((c) => c.depth === 0)) {
    const end = headingExtentEnd(text, headings, lines.offsetAt(theme.range.start), theme.level);
    out.push(fix(`Add \`${id}\` to the codebook under ${theme.title}`, end, Math.min(6, theme.level + 1)));
  }
  return out;
}

/**
 * An edit that puts `heading` at `at` (a line start or the end of the text) with one
 * blank line before it and one after, in the text's own line ending. Blank lines
 * already before `at` are replaced; the text of the line before is kept.
 */
function headingInsertion(text: string, lines: LineIndex, at: number, heading: string): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let cut = at;
  while (cut > 0 && /\s/.test(text[cut - 1])) cut--;
  const lineBreak = text.slice(cut, at).search(/\r?\n/);
  cut = lineBreak >= 0 ? cut + lineBreak : at;
  const before = /\S/.test(text.slice(0, cut)) ? eol + eol : '';
  return replace(lines, cut, at, `${before}${heading}${eol}${eol}`);
}

/** The quick fix that replaces a golden quote's words with the closest unit's text. */
function closestQuoteFix(doc: IndexedDocument, d: Diagnostic, closest: string): CodeAction | undefined {
  const quote = doc.codebook?.codes.flatMap((c) => c.quotes).find((q) => q.range.start.line === d.range.start.line);
  if (!quote) return undefined;
  const lines = new LineIndex(doc.text);
  const start = lines.offsetAt(quote.range.start);
  const end = lines.offsetAt(quote.range.end);
  const source = doc.text.slice(start, end).split(/\r?\n/);
  const marker = /^\s{0,3}>\s?/.exec(source[0]);
  if (!marker) return undefined;
  const body = source
    .map((l) => l.replace(/^\s{0,3}>\s?/, ''))
    .join(' ')
    .trim();
  if (!body.startsWith(quote.text)) return undefined;
  const attribution = body.slice(quote.text.length);
  const newText = `${marker[0].trimEnd()} ${closest.replace(/\s+/g, ' ').trim()}${attribution}`;
  return {
    title: 'Replace with the closest unit text',
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: edit(doc.uri, [replace(lines, start, end, newText)]),
  };
}
