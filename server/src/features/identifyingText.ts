/**
 * Code actions on identifying text: "Replace with pseudonym" on each `identifying-text`
 * diagnostic, and "Replace all identifying text in the study", one workspace edit over
 * every transcript and codebook (so one undo). The edits come from the index's current
 * text, never from the diagnostic's data, which a client may send back stale.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { LineIndex } from '../core/lineIndex';
import type { StudyIndex } from '../core/studyIndex';

/** The title of the study-wide action (also the command's title). */
export const REPLACE_ALL_TITLE = 'Replace all identifying text in the study';

/** Every pseudonymising edit of the study, by document URI (documents without identifying text left out). */
export function identifyingTextEdits(index: StudyIndex): Record<string, TextEdit[]> {
  const guard = index.identifierGuard;
  const out: Record<string, TextEdit[]> = {};
  if (!guard) return out;
  for (const doc of index.documents()) {
    const edits = guard.edits(doc);
    if (edits.length === 0) continue;
    const lines = doc.lines;
    out[doc.uri] = edits.map((e) => ({ range: lines.rangeOf(e.start, e.end), newText: e.newText }));
  }
  return out;
}

/** The quick fixes for the `identifying-text` diagnostics the client sent, and the study-wide replacement. */
export function provideIdentifyingTextActions(
  index: StudyIndex,
  uri: string,
  diagnostics: Diagnostic[],
  toWorkspaceEdit: (edits: Record<string, TextEdit[]>) => CodeAction['edit'],
): CodeAction[] {
  const doc = index.getDocument(uri);
  const guard = index.identifierGuard;
  // A client may send anything as the diagnostics: only well-formed ones of ours count.
  const ours = Array.isArray(diagnostics)
    ? diagnostics.filter((d) => d?.code === 'identifying-text' && d.range?.start && d.range.end)
    : [];
  if (!doc || !guard || ours.length === 0) return [];
  const lines = doc.lines;
  const edits = guard.edits(doc);
  const out: CodeAction[] = [];
  for (const d of ours) {
    const start = lines.offsetAt(d.range.start);
    const end = lines.offsetAt(d.range.end);
    const e = edits.find((x) => x.start === start && x.end === end);
    if (!e) continue;
    out.push({
      title: `Replace with pseudonym "${e.newText}"`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: toWorkspaceEdit({ [uri]: [{ range: lines.rangeOf(e.start, e.end), newText: e.newText }] }),
    });
  }
  const all = identifyingTextEdits(index);
  if (Object.keys(all).length > 0)
    out.push({
      title: REPLACE_ALL_TITLE,
      kind: CodeActionKind.QuickFix,
      diagnostics: ours,
      edit: toWorkspaceEdit(all),
    });
  return out;
}

/** The identifiers file as the quick fix needs it: its URI and current text. */
export interface IdentifiersFileText {
  uri: string;
  text: string;
}

/**
 * "Add ... to the identifiers file" on each `possible-identifier` hint: an edit of that
 * file only, appending the name on a line of its own (in the file's line ending). The
 * watcher then picks up the saved file and the name becomes identifying text.
 */
export function provideAddIdentifierActions(
  diagnostics: Diagnostic[],
  readIdentifiers: () => IdentifiersFileText | null,
  toWorkspaceEdit: (edits: Record<string, TextEdit[]>) => CodeAction['edit'],
): CodeAction[] {
  // Read the file only when there is a hint to act on.
  if (!Array.isArray(diagnostics) || !diagnostics.some((d) => d?.code === 'possible-identifier')) return [];
  const identifiers = readIdentifiers();
  if (!identifiers) return [];
  const lines = new LineIndex(identifiers.text);
  const end = lines.positionAt(identifiers.text.length);
  const eol = identifiers.text.includes('\r\n') ? '\r\n' : '\n';
  const lead = identifiers.text === '' || /[\r\n]$/.test(identifiers.text) ? '' : eol;
  const seen = new Set<string>();
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = (d?.data ?? {}) as { name?: unknown };
    const name =
      d?.code === 'possible-identifier' && typeof data.name === 'string' ? data.name.replace(/\s+/g, ' ').trim() : '';
    if (!name || seen.has(name)) continue;
    seen.add(name);
    out.push({
      title: `Add "${name}" to the identifiers file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: toWorkspaceEdit({ [identifiers.uri]: [{ range: { start: end, end }, newText: `${lead}${name}${eol}` }] }),
    });
  }
  return out;
}
