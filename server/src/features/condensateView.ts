/**
 * The data of the condensate preview of one code (its path, description, condensate,
 * golden quotes with where they were found, synthesis, and its units grouped by
 * transcript), and the unit lists the Units view asks for.
 */
import type { Unit } from '../core/model';
import type { IndexedDocument, UnitRef, StudyIndex } from '../core/studyIndex';
import type { CondensateView, QuoteInfo, TranscriptGroup, UnitInfo } from '../../../common/protocol';

/** A unit as the client shows it. */
export function unitInfo(uri: string, unit: Unit): UnitInfo {
  const info: UnitInfo = {
    uri,
    range: unit.range,
    contentRange: unit.contentRange,
    text: unit.text,
    codes: unit.codes,
  };
  if (unit.id !== undefined) info.id = unit.id;
  if (unit.speaker !== undefined) info.speaker = unit.speaker;
  if (unit.note !== undefined) info.note = unit.note;
  return info;
}

/** Which units {@link unitsOfCode} lists. */
export interface UnitsOfCodeOptions {
  /** Include units coded with the code's descendants. */
  descendants?: boolean;
  /** Only units of this transcript URI. */
  transcript?: string;
}

/** The units of a code in transcript order; `""` lists the units with no code yet. */
export function unitsOfCode(index: StudyIndex, code: string, options: UnitsOfCodeOptions = {}): UnitInfo[] {
  return index.documents('transcript').flatMap((doc) => unitsOfCodeIn(index, doc, code, options));
}

/** {@link unitsOfCode} in one transcript, for a walk that goes file by file. */
export function unitsOfCodeIn(
  index: StudyIndex,
  doc: IndexedDocument,
  code: string,
  options: UnitsOfCodeOptions = {},
): UnitInfo[] {
  if (options.transcript !== undefined && doc.uri !== options.transcript) return [];
  let refs: UnitRef[];
  if (code === '') {
    refs = [];
    (doc.transcript?.units ?? []).forEach((unit, k) => {
      if (unit.codes.length === 0) refs.push({ uri: doc.uri, index: k, unit });
    });
  } else refs = index.unitsIn(doc, options.descendants ? index.subtree(code) : [code]);
  return refs.map((r) => unitInfo(r.uri, r.unit));
}

/** The condensate view of a code, or null when no codebook defines it. */
export function buildCondensateView(
  index: StudyIndex,
  codeId: string,
  relPath: (uri: string) => string,
): CondensateView | null {
  const code = index.getCode(codeId);
  if (!code) return null;
  const path = index.path(codeId).map((id) => ({ id, title: index.getCode(id)?.title ?? id }));
  const color = [...path]
    .reverse()
    .map((p) => index.getCode(p.id)?.color)
    .find((c) => c !== undefined);
  const body = (kind: 'condensate' | 'synthesis'): string =>
    code.sections
      .filter((s) => s.kind === kind && s.body !== '')
      .map((s) => s.body)
      .join('\n\n');
  const quotes = index
    .quoteProvenance()
    .filter((p) => p.quote.code === codeId && p.uri === code.uri)
    .map((p) => {
      const q: QuoteInfo = { text: p.quote.text, range: p.quote.range, found: p.matches.length > 0 };
      if (p.quote.attribution !== undefined) q.attribution = p.quote.attribution;
      if (p.matches[0]) q.source = unitInfo(p.matches[0].uri, p.matches[0].unit);
      if (p.closest) q.closest = unitInfo(p.closest.uri, p.closest.unit);
      return q;
    });
  const groups: TranscriptGroup[] = [];
  for (const r of index.unitsByCode(codeId, true)) {
    let g = groups[groups.length - 1];
    if (!g || g.uri !== r.uri) {
      g = { uri: r.uri, path: relPath(r.uri), units: [] };
      const title = index.getDocument(r.uri)?.transcript?.frontMatter.title;
      if (typeof title === 'string') g.title = title;
      groups.push(g);
    }
    g.units.push(unitInfo(r.uri, r.unit));
  }
  const n = index.counts(codeId);
  const view: CondensateView = {
    id: codeId,
    title: code.title,
    path,
    description: code.description,
    condensate: body('condensate'),
    synthesis: body('synthesis'),
    quotes,
    groups,
    counts: { units: n.units, transcripts: n.transcripts, speakers: n.speakers },
    uri: code.uri,
    range: code.range,
  };
  if (color !== undefined) view.color = color;
  return view;
}
