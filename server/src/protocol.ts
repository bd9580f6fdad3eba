/**
 * Custom LSP requests between the Condense client and server, typed once and imported
 * by both sides. Every request is sent by the client; the server answers from its index.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-types';

/** A code in the theme tree, with its counts and children. */
export interface ThemeNode {
  id: string;
  title: string;
  /** The colour to show: the code's own, else its theme's, else none (the client picks one). */
  color?: string;
  /** URI of the codebook file and the heading's range. */
  uri: string;
  range: Range;
  /** Units coded with this code or a descendant. */
  units: number;
  directUnits: number;
  transcripts: number;
  speakers: number;
  children: ThemeNode[];
}

/** The theme tree of the study that holds `uri` (or of every study when omitted). */
export interface ThemeTreeParams {
  /** A document of the study; omitted: every study of the workspace. */
  uri?: string;
  /** Only count units in this transcript (the Themes view's filter). */
  transcript?: string;
}

/** The answer to {@link ThemeTreeRequest}. */
export interface ThemeTreeResult {
  studies: {
    /** The study's root folder URI. */
    root: string;
    themes: ThemeNode[];
    /** Codes used in transcripts but defined nowhere, with their unit counts. */
    unknownCodes: { id: string; units: number }[];
    /** Units marked but not yet sorted into a code. */
    uncodedUnits: number;
  }[];
}

/** Client → server: the tree of themes, subthemes and deeper codes, with counts. */
export const ThemeTreeRequest = new RequestType<ThemeTreeParams, ThemeTreeResult, void>('condense/themeTree');

/** One meaning unit as the client shows it. */
export interface UnitInfo {
  uri: string;
  /** The whole unit, markup included. */
  range: Range;
  /** The unit's text without markup. */
  contentRange: Range;
  text: string;
  codes: string[];
  id?: string;
  speaker?: string;
  note?: string;
}

/** Which units to list. */
export interface UnitsOfCodeParams {
  /** A document of the study the code belongs to. */
  uri: string;
  /** A code id; `""` lists the units that have no code yet. */
  code: string;
  /** Include units coded with the code's descendants. */
  descendants?: boolean;
  /** Only units of this transcript. */
  transcript?: string;
}

/** Client → server: the meaning units of a code, in transcript order. */
export const UnitsOfCodeRequest = new RequestType<UnitsOfCodeParams, UnitInfo[], void>('condense/unitsOfCode');

/** A golden quote with where it was found. */
export interface QuoteInfo {
  text: string;
  attribution?: string;
  /** Where the quote is written in the codebook. */
  range: Range;
  /** True when a unit of the code (or a descendant) holds it. */
  found: boolean;
  /** The unit that holds it, with its transcript and speaker. */
  source?: UnitInfo;
  /** When not found: the most similar unit of the code. */
  closest?: UnitInfo;
}

/** The units of one transcript in a condensate view. */
export interface TranscriptGroup {
  uri: string;
  /** The transcript's path relative to the study root, for display. */
  path: string;
  title?: string;
  units: UnitInfo[];
}

/** Everything the condensate preview shows for one code. */
export interface CondensateView {
  id: string;
  title: string;
  color?: string;
  /** Titles from the theme down to this code. */
  path: { id: string; title: string }[];
  description: string;
  /** Section bodies as Markdown, empty when the codebook has none. */
  condensate: string;
  synthesis: string;
  quotes: QuoteInfo[];
  groups: TranscriptGroup[];
  counts: { units: number; transcripts: number; speakers: number };
  /** The codebook file and the code's heading, to go there. */
  uri: string;
  range: Range;
}

/** Which code to show. */
export interface CondensateViewParams {
  /** A document of the study. */
  uri: string;
  /** The code id; when omitted, the code at `position` in `uri`. */
  code?: string;
  position?: { line: number; character: number };
}

/** Client → server: the condensate view of a code, or null when there is no such code. */
export const CondensateViewRequest = new RequestType<CondensateViewParams, CondensateView | null, void>('condense/condensateView');

/** A unit of the open document, with what the editor needs to colour it. */
export interface DecoratedUnit {
  range: Range;
  contentRange: Range;
  /** The `{...}` block (spans) or the fence lines (divs). */
  attrRange: Range;
  kind: 'span' | 'div';
  codes: string[];
  /** The theme (top-level code) of the first known code, and its colour if the codebook sets one. */
  theme?: string;
  color?: string;
  /** Nesting depth, 0 for top-level units. */
  depth: number;
  /** True when a code of the unit is defined nowhere. */
  unknown: boolean;
}

/** The units of one document for decorations and the status bar. */
export interface DocumentUnitsResult {
  /** The document version the units belong to (null for a file read from disk). */
  version: number | null;
  units: DecoratedUnit[];
  /** Speaker turns, and how many hold at least one unit. */
  turns: number;
  turnsWithUnits: number;
  /** Every theme of the study in codebook order, so colours stay stable across documents. */
  themes: { id: string; title: string; color?: string }[];
}

/** Client → server: the units of a transcript, for highlighting; null for other documents. */
export const DocumentUnitsRequest = new RequestType<{ uri: string }, DocumentUnitsResult | null, void>('condense/documentUnits');

/** Client → server: the study report (themes and subthemes with counts) as Markdown. */
export const ReportRequest = new RequestType<{ uri: string }, { markdown: string } | null, void>('condense/report');

/** What a matrix of the Report view counts (see docs/analysis.md). */
export interface MatrixParams {
  /** A document of the study. */
  uri: string;
  /** `codes`: co-occurrence; `transcript`, `speaker`; `attribute`: the values of `attribute` in participants:. */
  cols: 'codes' | 'transcript' | 'speaker' | 'attribute';
  attribute?: string;
  /** Codes as written (default) or rolled up to their themes. */
  rows?: 'codes' | 'themes';
  /** Only the codes of this code's subtree (filtering a large heat map to one theme). */
  within?: string;
}

/** A matrix for the Report view: counts, the rows' titles and colours, and what to choose from. */
export interface MatrixResult {
  rows: { id: string; title: string; color?: string; theme?: string }[];
  cols: string[];
  cells: number[][];
  /** Attribute names found in the study's participants: front matter, for the view's picker. */
  attributes: string[];
  /** The themes, for the view's filter. */
  themes: { id: string; title: string }[];
  /** Units in the study, and how many carry a code (0: an empty state, not a blank matrix). */
  units: number;
  codedUnits: number;
  /** Why the matrix could not be made (an attribute nobody has); rows and cells are then empty. */
  error?: string;
}

/** Client → server: a matrix of unit counts (null when no study holds `uri`). */
export const MatrixRequest = new RequestType<MatrixParams, MatrixResult | null, void>('condense/matrix');

/** One cell of a matrix: the row's code id and the column's label as {@link MatrixResult} gives them. */
export interface MatrixCellParams extends MatrixParams {
  row: string;
  col: string;
}

/** Client → server: the units counted in one cell of a matrix, in transcript order. */
export const MatrixCellUnitsRequest = new RequestType<MatrixCellParams, UnitInfo[], void>('condense/matrixCellUnits');

/** One transcript of the saturation curve. */
export interface SaturationPoint {
  uri: string;
  /** The path relative to the study root, and the short name shown. */
  path: string;
  name: string;
  date?: string;
  codes: number;
  newCodes: string[];
  cumulative: number;
  /** Only for the transcript asked for with `unitsOf`: the units that carry its new codes. */
  units?: UnitInfo[];
}

/** Which saturation curve. */
export interface SaturationParams {
  uri: string;
  rows?: 'codes' | 'themes';
  /** A transcript URI whose new codes' units to include. */
  unitsOf?: string;
}

/** Client → server: new codes per transcript in collection order (front matter date, else file name). */
export const SaturationRequest = new RequestType<
  SaturationParams,
  { order: 'date' | 'name' | 'date, then name'; points: SaturationPoint[]; badDates: string[] } | null,
  void
>('condense/saturation');

/** The memos of one code (code null: units not yet sorted into a code). */
export interface MemoGroupInfo {
  code: string | null;
  title: string;
  color?: string;
  memos: (UnitInfo & { note: string; path: string; transcript: string })[];
}

/** Client → server: every unit's `note=` memo, grouped by code in codebook order. */
export const MemosRequest = new RequestType<{ uri: string }, { groups: MemoGroupInfo[] } | null, void>('condense/memos');
