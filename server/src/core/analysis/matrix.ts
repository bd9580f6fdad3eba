/**
 * Matrices of codes against something else, the questions of STC's synthesis step:
 * which codes occur together (co-occurrence), and how the units of each code spread
 * over transcripts, speakers or a participant attribute such as role. Exact rules are
 * in docs/analysis.md; one pass over the units after the index is built.
 */
import type { Transcript } from '../model';
import {
  analysisUnits,
  codeRows,
  overlaps,
  sortLabels,
  studyTranscripts,
  type AnalysisInput,
  type RowKind,
  type AnalysisUnit,
  type StudyTranscript,
  type UnitKey,
} from './studyView';

/** What the columns are: the codes again (co-occurrence), transcripts, speakers, or the values of a participant attribute. */
export type ColumnKind =
  { kind: 'codes' } | { kind: 'transcript' } | { kind: 'speaker' } | { kind: 'attribute'; name: string };

/** The column of units without a speaker, or whose speaker has no value for the attribute. */
export const NONE_COLUMN = '(none)';

/** Options of {@link buildMatrix}. */
export interface MatrixOptions {
  cols: ColumnKind;
  /** Codes as written (default) or rolled up to their themes. */
  rows?: RowKind;
  /** Only the codes of this code's subtree (rows, and columns when they are codes). */
  within?: string;
  /** Keep the units of every cell (for click-through and `--units`). */
  units?: boolean;
}

/** A matrix of counts of meaning units. */
export interface Matrix {
  rowKind: RowKind;
  cols: ColumnKind;
  /** Row ids (code or theme ids) and their titles. */
  rows: string[];
  rowTitles: string[];
  /** Column labels: code ids, transcript names, `P1 (fg1)` speakers, or attribute values; `(none)` last where it applies. */
  colLabels: string[];
  /** cells[r][c]: the number of units of row r counted in column c. */
  cells: number[][];
  /** With `units`: the units counted in each cell, in transcript order. */
  units?: UnitKey[][][];
}

/** Raised when a matrix cannot be built as asked (an attribute nobody has, a code not in the codebook). */
export class AnalysisError extends Error {}

/** Attribute names of the study's `participants:` front matter, in natural order. */
export function participantAttributes(input: AnalysisInput): string[] {
  const names = new Set<string>();
  for (const d of input.index.documents('transcript')) {
    for (const attrs of Object.values(d.transcript?.participants ?? {}))
      for (const k of Object.keys(attrs)) names.add(k);
  }
  return sortLabels(names);
}

/**
 * The values an attribute gives a speaker: a string (trimmed) or number or boolean as
 * text, each item of a list; nothing for a missing, empty, null or nested value.
 */
export function attributeValues(value: unknown): string[] {
  const one = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v.trim() || undefined;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return undefined;
  };
  if (Array.isArray(value)) return [...new Set(value.map(one).filter((v): v is string => v !== undefined))];
  const v = one(value);
  return v === undefined ? [] : [v];
}

/** Builds a matrix. Throws AnalysisError for an attribute no participant has or an unknown `within` code. */
export function buildMatrix(input: AnalysisInput, options: MatrixOptions): Matrix {
  const { index } = input;
  if (options.within !== undefined && !index.getCode(options.within)) {
    throw new AnalysisError(`no code "${options.within}" in the codebook`);
  }
  const rowKind = options.rows ?? 'codes';
  const rows = codeRows(index, rowKind, options.within);
  const transcripts = studyTranscripts(input);
  const { labels, columnsOf } = columns(input, transcripts, options.cols, rows.ids);
  const cells = rows.ids.map(() => labels.map(() => 0));
  const keep = options.units === true;
  const units: UnitKey[][][] | undefined = keep ? rows.ids.map(() => labels.map(() => [])) : undefined;
  for (const t of transcripts) {
    const list = analysisUnits(t.transcript);
    const rowsOfUnit = list.map((u) => rows.rowsOf(u));
    const over = options.cols.kind === 'codes' ? overlaps(list) : null;
    for (let k = 0; k < list.length; k++) {
      const mine = rowsOfUnit[k];
      if (mine.length === 0) continue;
      let cols: readonly number[];
      if (!over) cols = columnsOf(t, list[k]);
      else if (over[k].length === 0) cols = mine;
      else {
        // The codes a unit meets: its own, and those of every unit it overlaps.
        const met = new Set<number>(mine);
        for (const j of over[k]) for (const r of rowsOfUnit[j]) met.add(r);
        cols = [...met].sort((a, b) => a - b);
      }
      for (const r of mine) {
        const row = cells[r];
        for (const c of cols) row[c]++;
        if (units) for (const c of cols) units[r][c].push({ uri: t.uri, index: k });
      }
    }
  }
  const matrix: Matrix = {
    rowKind,
    cols: options.cols,
    rows: rows.ids,
    rowTitles: rows.titles,
    colLabels: labels,
    cells,
  };
  if (units) matrix.units = units;
  return matrix;
}

/** The column labels, and the columns one unit of one transcript counts in. */
function columns(
  input: AnalysisInput,
  transcripts: StudyTranscript[],
  cols: ColumnKind,
  rowIds: string[],
): { labels: string[]; columnsOf: (t: StudyTranscript, u: AnalysisUnit) => number[] } {
  switch (cols.kind) {
    case 'codes':
      return { labels: rowIds, columnsOf: () => [] };
    case 'transcript': {
      const at = new Map(transcripts.map((t, k) => [t.uri, [k]]));
      return { labels: transcripts.map((t) => t.name), columnsOf: (t) => at.get(t.uri) ?? [] };
    }
    case 'speaker': {
      const labels: string[] = [];
      // By transcript, then by speaker: a key made per unit (its URI and speaker joined)
      // was a new string to build and hash for every unit, a fifth of the matrix's time.
      const at = new Map<string, Map<string, number[]>>();
      for (const t of transcripts) {
        const speakers = new Set(speakersOf(t.transcript));
        for (const u of analysisUnits(t.transcript)) if (u.speaker !== undefined) speakers.add(u.speaker);
        const mine = new Map<string, number[]>();
        for (const s of sortLabels(speakers)) {
          mine.set(s, [labels.length]);
          labels.push(`${s} (${t.name})`);
        }
        at.set(t.uri, mine);
      }
      const none = [labels.length];
      labels.push(NONE_COLUMN);
      return {
        labels,
        columnsOf: (t, u) => (u.speaker === undefined ? none : (at.get(t.uri)?.get(u.speaker) ?? none)),
      };
    }
    case 'attribute': {
      const name = cols.name;
      const values = new Set<string>();
      let anyone = false;
      for (const t of transcripts) {
        for (const attrs of Object.values(t.transcript.participants)) {
          if (!Object.prototype.hasOwnProperty.call(attrs, name)) continue;
          anyone = true;
          for (const v of attributeValues(attrs[name])) values.add(v);
        }
      }
      if (!anyone) {
        const known = participantAttributes(input);
        throw new AnalysisError(
          known.length
            ? `no participant has the attribute "${name}" (the participants: front matter gives ${known.map((k) => `"${k}"`).join(', ')})`
            : `no transcript has a participants: front matter, so there is no attribute "${name}" to count by (see docs/format.md, "Speakers and turns")`,
        );
      }
      const labels = sortLabels(values);
      const at = new Map(labels.map((l, k) => [l, k]));
      const none = [labels.length];
      labels.push(NONE_COLUMN);
      return {
        labels,
        columnsOf: (t, u) => {
          if (u.speaker === undefined || !Object.prototype.hasOwnProperty.call(t.transcript.participants, u.speaker))
            return none;
          const vs = attributeValues(t.transcript.participants[u.speaker][name]);
          return vs.length ? vs.map((v) => at.get(v) as number) : none;
        },
      };
    }
  }
}

/** The speakers of a transcript's turns, in order (each as often as it speaks), read from its columns when it has them. */
function speakersOf(t: Transcript): string[] {
  const c = t.table?.columns;
  if (!c) return t.turns.map((x) => x.speaker);
  const out = new Array<string>(c.turnCount);
  for (let k = 0; k < c.turnCount; k++) out[k] = c.speakerNames[c.turnSpeakers[k]];
  return out;
}
