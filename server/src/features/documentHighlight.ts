/**
 * Document highlights: on a code (or a unit) in a transcript, every unit of the file
 * carrying that code and every place the code is written; on a code heading in a
 * codebook, its id.
 */
import { DocumentHighlightKind, type DocumentHighlight, type Position } from 'vscode-languageserver-types';
import type { StudyIndex } from '../core/studyIndex';

/** `textDocument/documentHighlight`. */
export function provideDocumentHighlights(index: StudyIndex, uri: string, position: Position): DocumentHighlight[] {
  const doc = index.getDocument(uri);
  if (!doc) return [];
  const at = index.codeAt(uri, position);
  if (doc.codebook) return at ? [{ range: at.range, kind: DocumentHighlightKind.Text }] : [];
  const units = doc.transcript?.units ?? [];
  const ids = at ? [at.id] : (index.unitAt(uri, position)?.unit.codes ?? []);
  const wanted = new Set(ids);
  const out: DocumentHighlight[] = [];
  const seen = new Set<number>();
  for (const id of wanted) {
    for (const k of doc.byCode.get(id) ?? []) {
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ range: units[k].contentRange, kind: DocumentHighlightKind.Read });
    }
  }
  for (const u of units) {
    for (const r of u.codeRefs) if (wanted.has(r.id)) out.push({ range: r.range, kind: DocumentHighlightKind.Text });
  }
  return out.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.kind ?? 0) - (b.kind ?? 0),
  );
}
