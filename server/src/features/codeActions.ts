/**
 * Code actions. In a transcript: code a selection (wrap it in `[...]{.code}`), add or
 * remove a code of the unit at the cursor, remove a unit's markup. Quick fixes: add an
 * unknown code to the codebook; replace a golden quote no unit holds with the closest
 * unit's text.
 *
 * Every edit is computed from the indexed text, so that applying it gives exactly the
 * intended bytes (line endings and surrounding text untouched).
 */
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import { isValidIdentifier } from '../../../common/attributes';
import type { LineIndex } from '../core/lineIndex';
import type { Unit } from '../core/model';
import type { IndexedCode, IndexedDocument, StudyIndex } from '../core/studyIndex';
import { headingExtentEnd, headingLines } from './symbols';
import {
  addCodeEdit,
  headingInsertion,
  removeCodeEdit,
  replace,
  titleFromId,
  wrapEdits,
  wrapProblem,
} from './unitEdits';

/** Settings of {@link provideCodeActions}. */
export interface CodeActionOptions {
  /** The codebook to add unknown codes to (default: the index's first codebook). */
  codebookUri?: string;
  /** How many codes to offer for coding a selection or adding to a unit (default 5). */
  maxCodes?: number;
}

/** `textDocument/codeAction` for `range` in `uri`, with the diagnostics the client sent. */
export function provideCodeActions(
  index: StudyIndex,
  uri: string,
  range: Range,
  diagnostics: Diagnostic[],
  options: CodeActionOptions = {},
): CodeAction[] {
  const doc = index.getDocument(uri);
  if (!doc) return [];
  const max = options.maxCodes ?? 5;
  const out: CodeAction[] = [];
  if (doc.transcript) {
    const lines = doc.lines;
    const units = doc.transcript.units;
    let s = lines.offsetAt(range.start);
    let e = Math.max(s, lines.offsetAt(range.end));
    while (s < e && /\s/.test(doc.text[s])) s++;
    while (e > s && /\s/.test(doc.text[e - 1])) e--;
    // A selection of a whole unit means that unit, even when it is all another's content.
    const exact =
      units.find((u) => u.startOffset === s && u.endOffset === e) ??
      units.find((u) => u.contentStartOffset === s && u.contentEndOffset === e);
    if (e > s && !exact) out.push(...wrapActions(index, doc, lines, s, e, max));
    let target = exact;
    if (!target) for (const u of units) if (u.startOffset <= s && e <= u.endOffset) target = u;
    if (target) out.push(...unitActions(index, doc, lines, target, max));
  }
  const seen = new Set<string>();
  for (const d of diagnostics) {
    // A client sends back what the server published; still, nothing in it is trusted.
    const data = (d.data ?? {}) as { id?: unknown; closest?: unknown };
    if (d.code === 'unknown-code') {
      const id = typeof data.id === 'string' ? data.id : textAt(doc, d.range);
      if (!id || seen.has(id) || index.getCode(id)) continue;
      seen.add(id);
      out.push(...unknownCodeFixes(index, id, d, options.codebookUri));
    } else if (d.code === 'quote-not-found' && typeof data.closest === 'string') {
      const fix = closestQuoteFix(doc, d, data.closest);
      if (fix) out.push(fix);
    }
  }
  return out;
}

/** The defined codes most used directly (ties in codebook order), without `exclude`. */
function topCodes(index: StudyIndex, max: number, exclude: readonly string[] = []): IndexedCode[] {
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

/** Coding a selection [s, e): one action per frequent code, and one to mark it uncoded. */
function wrapActions(
  index: StudyIndex,
  doc: IndexedDocument,
  lines: LineIndex,
  s: number,
  e: number,
  max: number,
): CodeAction[] {
  const kind = CodeActionKind.RefactorRewrite;
  const reason = wrapProblem(doc.text, doc.transcript?.units ?? [], s, e);
  if (reason) return [{ title: 'Mark as meaning unit', kind, disabled: { reason } }];
  const wrap = (attrs: string): CodeAction['edit'] => edit(doc.uri, wrapEdits(lines, s, e, attrs));
  const out: CodeAction[] = topCodes(index, max).map((c) => ({
    title: `Code selection as ${c.title} (${c.id})`,
    kind,
    edit: wrap(`.${c.id}`),
  }));
  out.push({ title: 'Mark as meaning unit', kind, edit: wrap('') });
  return out;
}

/** Actions on one unit: add a frequent code, remove each code, remove the markup. */
function unitActions(index: StudyIndex, doc: IndexedDocument, lines: LineIndex, u: Unit, max: number): CodeAction[] {
  const text = doc.text;
  const kind = CodeActionKind.RefactorRewrite;
  const out: CodeAction[] = [];
  for (const c of topCodes(index, max, u.codes)) {
    const change = addCodeEdit(text, lines, u, c.id);
    if (change) out.push({ title: `Add code ${c.title}`, kind, edit: edit(doc.uri, [change]) });
  }
  for (const id of new Set(u.codes)) {
    const change = removeCodeEdit(text, lines, u, id);
    if (change) out.push({ title: `Remove code ${id}`, kind, edit: edit(doc.uri, [change]) });
  }
  out.push({ title: 'Remove unit markup', kind, edit: edit(doc.uri, unwrapEdits(text, lines, u)) });
  return out;
}

/** Edits that delete a unit's markup and keep its content as it is. */
function unwrapEdits(text: string, lines: LineIndex, u: Unit): TextEdit[] {
  if (u.kind === 'span') {
    return [
      replace(lines, u.startOffset, u.contentStartOffset, ''),
      replace(lines, u.contentEndOffset, u.endOffset, ''),
    ];
  }
  const closeLine = lines.lineAt(u.endOffset);
  const closeStart = lines.starts[closeLine];
  // Deleting the closing fence's whole line would join the content to a paragraph right
  // after it; leave that line blank instead.
  const nextLine =
    closeLine + 1 < lines.lineCount ? text.slice(lines.starts[closeLine + 1], lines.lineEnd(closeLine + 1)) : '';
  const closeFrom = /\S/.test(nextLine) ? closeStart : u.contentEndOffset;
  return [replace(lines, u.startOffset, u.contentStartOffset, ''), replace(lines, closeFrom, u.endOffset, '')];
}

function textAt(doc: IndexedDocument, range: Range): string {
  const lines = doc.lines;
  return doc.text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}

/** Quick fixes for an unknown code: add a heading for it at the end, or under a theme. */
function unknownCodeFixes(index: StudyIndex, id: string, d: Diagnostic, codebookUri: string | undefined): CodeAction[] {
  // A bare div class may be any run of non-space characters (`::: x}{#y`), but only an
  // identifier can be a heading's `{#id}`: a heading made from such a class would define
  // some other code (here `y`) and leave this one unknown. No fix is better than that.
  if (!isValidIdentifier(id)) return [];
  const wanted = codebookUri === undefined ? undefined : index.getDocument(codebookUri);
  const book = wanted?.codebook ? wanted : index.documents('codebook')[0];
  if (!book?.codebook) return [];
  const text = book.text;
  const lines = book.lines;
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

/** The quick fix that replaces a golden quote's words with the closest unit's text. */
function closestQuoteFix(doc: IndexedDocument, d: Diagnostic, closest: string): CodeAction | undefined {
  const quote = doc.codebook?.codes.flatMap((c) => c.quotes).find((q) => q.range.start.line === d.range.start.line);
  if (!quote) return undefined;
  const lines = doc.lines;
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
