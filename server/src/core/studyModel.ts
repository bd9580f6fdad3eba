/**
 * The whole model of a study as plain JSON: the shape of `condense index --json`
 * (codes, units, diagnostics). Field names are a public contract: add, never rename.
 */
import type { Diagnostic, Range } from './model';
import type { IndexedDocument, StudyIndex } from './studyIndex';

/** A code in the JSON model. */
export interface CodeJson {
  id: string;
  title: string;
  parent: string | null;
  depth: number;
  file: string;
  range: Range;
  color?: string;
  units: number;
  directUnits: number;
  transcripts: number;
  speakers: number;
  description: string;
}

/** A unit in the JSON model. */
export interface UnitJson {
  file: string;
  range: Range;
  codes: string[];
  id?: string;
  speaker?: string;
  text: string;
  note?: string;
  kind: 'span' | 'div';
  contentRange: Range;
  plainStart: number;
  plainEnd: number;
}

/** A diagnostic in the JSON model. */
export interface DiagnosticJson {
  file: string;
  range: Range;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
}

/** The JSON model of a study. */
export interface StudyJson {
  codes: CodeJson[];
  units: UnitJson[];
  diagnostics: DiagnosticJson[];
}

/**
 * Builds the JSON model. `relPath` turns an index URI into the path shown to people;
 * `extra` adds diagnostics that belong to no indexed document (config, skipped files).
 */
export function studyModel(
  index: StudyIndex,
  relPath: (uri: string) => string,
  extra: { file: string; diagnostic: Diagnostic }[] = [],
): StudyJson {
  const counts = index.allCounts();
  const codes: CodeJson[] = index.codes().map((c) => {
    const n = counts.get(c.id);
    const json: CodeJson = {
      id: c.id,
      title: c.title,
      parent: c.parent,
      depth: c.depth,
      file: relPath(c.uri),
      range: c.range,
      units: n?.units ?? 0,
      directUnits: n?.directUnits ?? 0,
      transcripts: n?.transcripts ?? 0,
      speakers: n?.speakers ?? 0,
      description: c.description,
    };
    if (c.color !== undefined) json.color = c.color;
    return json;
  });
  const units: UnitJson[] = [];
  for (const { doc, file } of byFile(index, relPath)) {
    for (const u of doc.transcript?.units ?? []) {
      const json: UnitJson = {
        file,
        range: u.range,
        codes: u.codes,
        text: u.text,
        kind: u.kind,
        contentRange: u.contentRange,
        plainStart: u.plainStart,
        plainEnd: u.plainEnd,
      };
      if (u.id !== undefined) json.id = u.id;
      if (u.speaker !== undefined) json.speaker = u.speaker;
      if (u.note !== undefined) json.note = u.note;
      units.push(json);
    }
  }
  return { codes, units, diagnostics: studyDiagnosticsJson(index, relPath, extra) };
}

/**
 * The diagnostics of the JSON model alone, as {@link studyModel} lists them: what `check`
 * prints. No unit is made for it (the counts and unknown codes are read from the units'
 * tables).
 */
export function studyDiagnosticsJson(
  index: StudyIndex,
  relPath: (uri: string) => string,
  extra: { file: string; diagnostic: Diagnostic }[] = [],
): DiagnosticJson[] {
  const diagnostics: DiagnosticJson[] = [];
  for (const { file, diagnostic } of extra) diagnostics.push({ file, ...pick(diagnostic) });
  for (const { doc, file } of byFile(index, relPath))
    for (const d of index.diagnostics(doc.uri)) diagnostics.push({ file, ...pick(d) });
  return diagnostics;
}

/** The number of units in the study's transcripts. */
export function unitCount(index: StudyIndex): number {
  let n = 0;
  for (const doc of index.documents('transcript')) {
    const t = doc.transcript;
    n += t?.table ? t.table.count : (t?.units.length ?? 0);
  }
  return n;
}

/** Every document with the path shown for it, by that path. */
function byFile(index: StudyIndex, relPath: (uri: string) => string): { doc: IndexedDocument; file: string }[] {
  const docs = index.documents().map((d) => ({ doc: d, file: relPath(d.uri) }));
  docs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return docs;
}

function pick(d: Diagnostic): Omit<DiagnosticJson, 'file'> {
  return { range: d.range, severity: d.severity, code: d.code, message: d.message };
}
