/**
 * What every analysis reads from a study: its transcripts in path order with short
 * names, the code rows (direct codes or themes) and how a unit's codes map onto them.
 * Pure: reads a StudyIndex, touches no file.
 */
import type { Transcript, Unit } from '../model';
import type { StudyIndex } from '../studyIndex';

/** A study as the analyses take it: the index and the relative path of each document. */
export interface AnalysisInput {
  index: StudyIndex;
  /** The path of a document relative to the study root, with `/`. */
  relPath(uri: string): string;
}

/** What the analyses read of a unit: its codes, its speaker and its plain-text range (code points). */
export type AnalysisUnit = Pick<Unit, 'codes' | 'speaker' | 'plainStart' | 'plainEnd'>;

/**
 * A transcript's units as the analyses read them: from its unit table when it has one,
 * without making the unit objects (their ranges and texts are most of a unit's cost, and
 * an analysis reads every unit of the study); the same values as `transcript.units`.
 */
export function analysisUnits(t: Transcript): AnalysisUnit[] {
  const table = t.table;
  if (!table) return t.units;
  const out = new Array<AnalysisUnit>(table.count);
  for (let k = 0; k < table.count; k++) out[k] = table.facts(k);
  return out;
}

/** One transcript of the study. */
export interface StudyTranscript {
  uri: string;
  relPath: string;
  /** The file name without its extension (the relative path without it when two names clash). */
  name: string;
  transcript: Transcript;
}

/** Rows of an analysis: every code as written, or every code rolled up to its theme. */
export type RowKind = 'codes' | 'themes';

/** A unit of a transcript, by position: what click-through needs. */
export interface UnitKey {
  uri: string;
  /** Index into the transcript's units. */
  index: number;
}

/** The transcripts sorted by relative path, each with its display name. */
export function studyTranscripts(input: AnalysisInput): StudyTranscript[] {
  const docs = input.index
    .documents('transcript')
    .map((d) => ({ uri: d.uri, relPath: input.relPath(d.uri), transcript: d.transcript as Transcript }))
    .sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  const base = (rel: string): string => rel.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
  const seen = new Map<string, number>();
  for (const d of docs) seen.set(base(d.relPath), (seen.get(base(d.relPath)) ?? 0) + 1);
  return docs.map((d) => ({
    ...d,
    name: (seen.get(base(d.relPath)) ?? 0) > 1 ? d.relPath.replace(/\.[^./]*$/, '') : base(d.relPath),
  }));
}

/** The rows and the map from a unit to the rows it counts in. */
export interface CodeRows {
  /** Row ids: codebook codes depth first (or themes), then codes used but defined nowhere, by id. */
  ids: string[];
  /** The title of each row (its id when the codebook gives none). */
  titles: string[];
  /** The rows a unit counts in, each once, in row order. */
  rowsOf(unit: Pick<Unit, 'codes'>): number[];
}

/**
 * The rows of an analysis. `codes`: a unit counts in the row of every code written on
 * it. `themes`: every code is replaced by its theme (the top of its path), and a unit
 * counts once per theme. A code no heading defines is its own row (and its own theme).
 * `within`: only the codes of this code's subtree (the code and its descendants).
 */
export function codeRows(index: StudyIndex, kind: RowKind, within?: string): CodeRows {
  const ids: string[] = [];
  const walk = (id: string, seen: Set<string>): void => {
    const c = index.getCode(id);
    if (!c || seen.has(id)) return;
    seen.add(id);
    ids.push(id);
    if (kind === 'codes') for (const k of c.children) walk(k, seen);
  };
  const seen = new Set<string>();
  if (within !== undefined) {
    if (index.getCode(within)) walk(kind === 'themes' ? index.path(within)[0] : within, seen);
  } else for (const r of index.rootCodes()) walk(r, seen);
  const allowed = within === undefined ? null : new Set(index.subtree(within));
  const unknown = new Set<string>();
  for (const doc of index.documents('transcript')) {
    for (const c of doc.byCode.keys()) if (!index.getCode(c) && (allowed === null || allowed.has(c))) unknown.add(c);
  }
  ids.push(...[...unknown].sort());
  const rowOf = new Map<string, number>();
  ids.forEach((id, k) => rowOf.set(id, k));
  const target = new Map<string, number>();
  const targetOf = (code: string): number => {
    let t = target.get(code);
    if (t === undefined) {
      if (allowed !== null && !allowed.has(code)) t = -1;
      else t = rowOf.get(kind === 'themes' ? index.path(code)[0] : code) ?? -1;
      target.set(code, t);
    }
    return t;
  };
  return {
    ids,
    titles: ids.map((id) => index.getCode(id)?.title || id),
    rowsOf(unit: Pick<Unit, 'codes'>): number[] {
      if (unit.codes.length === 0) return EMPTY;
      if (unit.codes.length === 1) {
        const t = targetOf(unit.codes[0]);
        return t < 0 ? EMPTY : [t];
      }
      const out = new Set<number>();
      for (const c of unit.codes) {
        const t = targetOf(c);
        if (t >= 0) out.add(t);
      }
      return [...out].sort((a, b) => a - b);
    },
  };
}

const EMPTY: number[] = [];

/**
 * For each unit of a transcript, the indices of the other units it overlaps: that share
 * at least one code point of plain text with it (ranges [plainStart, plainEnd) that
 * intersect). An empty unit overlaps nothing. One sweep over the units in order of
 * their start, keeping those still open: linear in units times nesting depth.
 */
export function overlaps(units: readonly Pick<Unit, 'plainStart' | 'plainEnd'>[]): number[][] {
  const out: number[][] = units.map(() => []);
  const order = units
    .map((_, k) => k)
    .sort((a, b) => units[a].plainStart - units[b].plainStart || units[b].plainEnd - units[a].plainEnd || a - b);
  const open: number[] = [];
  for (const k of order) {
    const u = units[k];
    if (u.plainEnd <= u.plainStart) continue;
    let kept = 0;
    for (const j of open) {
      if (units[j].plainEnd <= u.plainStart) continue;
      open[kept++] = j;
      // Every open unit starts at or before u and ends after u's start: both hold u's first code point.
      out[j].push(k);
      out[k].push(j);
    }
    open.length = kept;
    open.push(k);
  }
  return out;
}

let collator: Intl.Collator | undefined;

/**
 * Natural order for labels: case-insensitive, numbers by value (P2 before P10). The
 * collator is made on first use: making it loads ICU's collation data, about 9 ms that
 * every start-up paid when it was made at load time (see docs/performance.md).
 */
export function naturalOrder(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b);
}

/** Sorts labels naturally, exact ties by code unit so the order never depends on input order. */
export function sortLabels(labels: Iterable<string>): string[] {
  return [...labels].sort((a, b) => naturalOrder(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}
