/**
 * What every export needs to know about a study, computed once: the transcripts in
 * path order with their display names, stored texts and GUIDs, and each code's GUID.
 * Pure: reads a StudyIndex, touches no file.
 */
import type { Transcript, Unit } from '../model';
import type { IndexedCode, QuoteProvenance, StudyIndex } from '../studyIndex';
import { storedText, type StoredText } from './plainSource';
import { normalizeGuid, uuidV5 } from './uuid';

/** A study as the exports read it: the index and the relative path of each document. */
export interface ExportInput {
  index: StudyIndex;
  /** The path of a document relative to the study root, with `/`. */
  relPath(uri: string): string;
}

/** One transcript, ready to export. */
export interface ExportTranscript {
  uri: string;
  relPath: string;
  /** The file name without its extension (the relative path when two names clash). */
  name: string;
  guid: string;
  transcript: Transcript;
  stored: StoredText;
  /** The GUID of each unit's selection, by unit index. */
  selectionGuids: string[];
}

/** The transcripts of a study, sorted by relative path. */
export function exportTranscripts(input: ExportInput): ExportTranscript[] {
  const docs = input.index
    .documents('transcript')
    .map((d) => ({ doc: d, rel: input.relPath(d.uri) }))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const base = (rel: string): string => rel.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
  const counts = new Map<string, number>();
  for (const d of docs) counts.set(base(d.rel), (counts.get(base(d.rel)) ?? 0) + 1);
  const usedGuids = new Set<string>();
  return docs.map(({ doc, rel }) => {
    const t = doc.transcript as Transcript;
    const name = (counts.get(base(rel)) ?? 0) > 1 ? rel.replace(/\.[^./]*$/, '') : base(rel);
    let guid = normalizeGuid(typeof t.frontMatter.guid === 'string' ? t.frontMatter.guid : undefined);
    if (!guid || usedGuids.has(guid)) guid = uuidV5(`source:${rel}`);
    usedGuids.add(guid);
    const stored = storedText(t.plain.text);
    return {
      uri: doc.uri,
      relPath: rel,
      name,
      guid,
      transcript: t,
      stored,
      selectionGuids: selectionGuids(guid, t.units, stored),
    };
  });
}

/**
 * Selection GUIDs from stable names: the unit's id when it has a unique one, else its
 * text and the number of earlier units with the same text, so that editing one unit
 * (or adding one) leaves the GUIDs of the others as they were.
 */
function selectionGuids(sourceGuid: string, units: Unit[], stored: StoredText): string[] {
  const ids = new Map<string, number>();
  for (const u of units) if (u.id !== undefined) ids.set(u.id, (ids.get(u.id) ?? 0) + 1);
  const seen = new Map<string, number>();
  return units.map((u) => {
    if (u.id !== undefined && ids.get(u.id) === 1) return uuidV5(`selection:${sourceGuid}:id:${u.id}`);
    // The text as stored (LF line breaks): a CRLF transcript and its import get the same GUIDs.
    const text = u.text.includes('\r') ? stored.slice(u.plainStart, u.plainEnd) : u.text;
    const n = seen.get(text) ?? 0;
    seen.set(text, n + 1);
    return uuidV5(`selection:${sourceGuid}:text:${n}:${text}`);
  });
}

/** Maps code ids to GUIDs: a code's own `guid` attribute (kept by `condense import`) when valid and unique, else one derived from its id. */
export function codeGuids(index: StudyIndex): (id: string) => string {
  const map = new Map<string, string>();
  const used = new Set<string>();
  for (const c of index.codes()) {
    let g = normalizeGuid(c.attributes.find(([k]) => k === 'guid')?.[1]);
    if (!g || used.has(g)) g = uuidV5(`code:${c.id}`);
    used.add(g);
    map.set(c.id, g);
  }
  return (id) => map.get(id) ?? uuidV5(`code:${id}`);
}

/** The colour as #RRGGBB when it is a valid hex colour (#rgb is expanded), else undefined. */
export function validColor(color: string | undefined): string | undefined {
  if (!color) return undefined;
  const c = color.trim();
  if (/^#[0-9a-fA-F]{6}$/.test(c)) return c.toUpperCase();
  if (/^#[0-9a-fA-F]{3}$/.test(c)) return `#${[...c.slice(1)].map((x) => x + x).join('')}`.toUpperCase();
  return undefined;
}

/** The codes depth first from each theme, as the codebook orders them. */
export function codesInOrder(index: StudyIndex): IndexedCode[] {
  const out: IndexedCode[] = [];
  const walk = (id: string): void => {
    const c = index.getCode(id);
    if (!c) return;
    out.push(c);
    for (const k of c.children) walk(k);
  };
  for (const r of index.rootCodes()) walk(r);
  return out;
}

/** A code's title, or its id when the heading has no text. */
export function codeName(index: StudyIndex, id: string): string {
  return index.getCode(id)?.title || id;
}

/** The line (1-based) in the transcript file where a unit's content starts. */
export function unitLine(u: Unit): number {
  return u.contentRange.start.line + 1;
}

/** What the Results section is drafted from, for its Markdown and its Word writer alike. */
export interface ResultsSources {
  /** The short name of each transcript, by URI. */
  names: Map<string, string>;
  /** The golden quotes of each code, where they were found. */
  provenance: Map<string, QuoteProvenance[]>;
  /** The themes in codebook order. */
  themes: IndexedCode[];
  /** A code's defined children in codebook order. */
  children: (c: IndexedCode) => IndexedCode[];
}

/** The themes, their children, the transcripts' names and the quotes' provenance. */
export function resultsSources(input: ExportInput): ResultsSources {
  const { index } = input;
  const names = new Map(exportTranscripts(input).map((t) => [t.uri, t.name]));
  const provenance = new Map<string, QuoteProvenance[]>();
  for (const p of index.quoteProvenance()) {
    const list = provenance.get(p.quote.code) ?? [];
    list.push(p);
    provenance.set(p.quote.code, list);
  }
  const themes = index
    .rootCodes()
    .map((id) => index.getCode(id))
    .filter((c): c is IndexedCode => c !== undefined);
  const children = (c: IndexedCode): IndexedCode[] =>
    c.children.map((k) => index.getCode(k)).filter((k): k is IndexedCode => k !== undefined);
  return { names, provenance, themes, children };
}
