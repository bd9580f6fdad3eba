/**
 * Custom LSP requests and notifications between the Condense client and server, typed
 * once and imported by both sides. Requests are sent by the client and answered from the
 * server's index; the server tells the client when the study changed.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Position, Range, WorkspaceEdit } from 'vscode-languageserver-types';

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
  /**
   * Codes whose direct units to include (`""`: the units not yet sorted): the nodes open
   * in the Themes view, so that one request refreshes the whole view.
   */
  unitsOf?: string[];
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
    /** The units of each code asked for in `unitsOf` that this study uses, by code. */
    units?: Record<string, UnitInfo[]>;
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
export const CondensateViewRequest = new RequestType<CondensateViewParams, CondensateView | null, void>(
  'condense/condensateView',
);

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
export const DocumentUnitsRequest = new RequestType<{ uri: string }, DocumentUnitsResult | null, void>(
  'condense/documentUnits',
);

/** Client → server: the study report (themes and subthemes with counts) as Markdown. */
export const ReportRequest = new RequestType<{ uri: string }, { markdown: string } | null, void>('condense/report');

/** A code to create with a coding command: its title and, for a subtheme, its parent's id. */
export interface NewCodeSpec {
  title: string;
  parent?: string;
}

/** What a coding command asks the server to write. */
export type CodingEditParams =
  /** Wrap the selection in `[...]{.code}`; no code and no new code: `[...]{}` (mark only). */
  | { action: 'codeSelection'; uri: string; range: Range; code?: string; newCode?: NewCodeSpec }
  /** Add a code (or a new one) to the innermost unit at `position`. */
  | { action: 'addCode'; uri: string; position: Position; code?: string; newCode?: NewCodeSpec }
  /** Remove a code from the innermost unit at `position`. */
  | { action: 'removeCode'; uri: string; position: Position; code: string }
  /** Recode units (each given by its whole range) from `from` (`""`: no code) to `to`. */
  | { action: 'recode'; units: { uri: string; range: Range }[]; from: string; to: string }
  /** Add a theme, or a subtheme of `newCode.parent`, to the codebook of the study of `uri`. */
  | { action: 'newCode'; uri: string; newCode: NewCodeSpec };

/** The answer to {@link CodingEditRequest}: one edit to apply, or why there is none. */
export interface CodingEditResult {
  /** Every change in one edit (a single undo); absent with `error`. */
  edit?: WorkspaceEdit;
  /** The id of the code written (a new code's id as the server made it from its title). */
  code?: string;
  /** How many units the edit changes. */
  units: number;
  /** A one-line message for the user when nothing can be written. */
  error?: string;
}

/**
 * Client → server: the edit of a coding command. The client picks the code and applies
 * the returned WorkspaceEdit; the server computes it from the text it has indexed (also
 * unsaved), as its code actions do.
 */
export const CodingEditRequest = new RequestType<CodingEditParams, CodingEditResult, void>('condense/codingEdit');

/** What changed in an index update. */
export interface StudyChangedParams {
  /** The study's root folder URI. */
  root: string;
  /** Grows by one with every update of any study, so a view can skip what it has seen. */
  version: number;
  /** The documents whose text or index changed. */
  uris: string[];
  /** True when the change can move anything of the study (a codebook, a reload, a new study). */
  all: boolean;
}

/**
 * Server → client, after each index update (an edit, a file change, the end of a scan):
 * the views refresh from it, at most once per update, instead of polling.
 */
export const StudyChangedNotification = new NotificationType<StudyChangedParams>('condense/studyChanged');

/** What to export, from the study that holds `uri`, into the file `target`. */
export interface ExportParams {
  /** A document of the study, or its root folder. */
  uri: string;
  /** results, csv, qdpx, qdc (and any format the server lists in its answer's error). */
  format: string;
  /** A file URI: where to write. */
  target: string;
  /** CSV: start with a byte order mark (for Excel). */
  bom?: boolean;
  /** Overwrite an existing file that is not the study's (the save dialog has asked). */
  overwrite?: boolean;
  /** Write a file that the study's globs will read (the user was asked, see `confirm`). */
  insideStudy?: boolean;
}

/** The answer to {@link ExportRequest}. */
export interface ExportResult {
  /** The file written, with its size in bytes. */
  written?: string;
  bytes?: number;
  /** A question for the user; send the request again with `insideStudy: true` to go on. */
  confirm?: string;
  /** A one-line reason why nothing was written. */
  error?: string;
}

/**
 * Client → server: exports the study from the live index (unsaved edits included) and
 * writes the file atomically. The client only shows the dialogs.
 */
export const ExportRequest = new RequestType<ExportParams, ExportResult, void>('condense/export');

/** Client → server: where the save dialog proposes to write an export named `fileName`. */
export const ExportTargetRequest = new RequestType<{ uri: string; fileName: string }, { target: string } | null, void>(
  'condense/exportTarget',
);

/** A REFI-QDA project to import into a new study folder under `parent`. */
export interface ImportParams {
  /** The .qdpx file URI. */
  source: string;
  /** The folder URI in which the new study folder is made (named after the project). */
  parent: string;
}

/** The answer to {@link ImportRequest}. */
export interface ImportResult {
  /** The new study folder's URI. */
  folder?: string;
  counts?: { codes: number; transcripts: number; units: number };
  /** Notes on what was split or skipped. */
  messages?: string[];
  error?: string;
}

/** Client → server: imports a REFI-QDA project as a new study, written all at once. */
export const ImportRequest = new RequestType<ImportParams, ImportResult, void>('condense/import');

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
export const MemosRequest = new RequestType<{ uri: string }, { groups: MemoGroupInfo[] } | null, void>(
  'condense/memos',
);

/** A git revision the team views can compare with. */
export interface RevisionInfo {
  /** What to pass as a version: a branch or tag name, or a commit hash. */
  name: string;
  kind: 'branch' | 'remote' | 'tag' | 'commit';
  /** The commit's subject, author and date, for the picker. */
  description: string;
}

/** Client → server: branches, tags and recent commits of the repository that holds the study of `uri`. */
export const RevisionsRequest = new RequestType<{ uri: string }, RevisionInfo[], void>('condense/revisions');

/** One changed unit between a version A and the working state B (the editor's text). */
export interface CodingChangeInfo {
  /** The transcript's path relative to the study root. */
  file: string;
  /** The transcript in the workspace (B), also for removed units. */
  uri: string;
  change: 'recoded' | 'resized' | 'added' | 'removed';
  codesBefore: string[];
  codesAfter: string[];
  text: string;
  /** The unit in A's text of the file (recoded, resized, removed). */
  rangeA?: Range;
  /** The unit in B's text (recoded, resized, added). */
  rangeB?: Range;
}

/** The coding changes from `version` to the working state of the study. */
export interface CompareCodingResult {
  a: string;
  b: string;
  /** The study root's URI. */
  root: string;
  changes: CodingChangeInfo[];
  /** Codebook changes and text differences, as `condense diff --json` gives them. */
  codes: unknown[];
  sections: unknown[];
  textDifferences: unknown[];
}

/**
 * Client → server: compare the study of `uri` as version `version` (a folder path or a git
 * revision) with its working state, open editors included. Fails with the reason (no such
 * revision, not a git repository, study missing in that revision).
 */
export const CompareCodingRequest = new RequestType<{ uri: string; version: string }, CompareCodingResult, void>(
  'condense/compareCoding',
);

/** Client → server: the text of a study file (path relative to the root) in a version; null when absent. */
export const VersionTextRequest = new RequestType<
  { uri: string; version: string; file: string },
  { text: string } | null,
  void
>('condense/versionText');

/** A place where two coders' versions differ for one code. */
export interface DisagreementInfo {
  code: string;
  /** aOnly: a unit only A gave this code; bOnly: only B; different: the same span with other codes; resized: other boundaries. */
  kind: 'aOnly' | 'bOnly' | 'different' | 'resized';
  file: string;
  text: string;
  codesA: string[];
  codesB: string[];
  /** In A's text of the file and in B's; plain-text code points for applying a side's coding. */
  rangeA?: Range;
  rangeB?: Range;
  plainA?: [number, number];
  plainB?: [number, number];
}

/** Agreement per code, as `condense agree --json`, with the disagreements to show. */
export interface AgreementViewResult {
  a: string;
  b: string;
  root: string;
  characters: number;
  threshold: number;
  codes: {
    id: string;
    title: string;
    both: number;
    aOnly: number;
    bOnly: number;
    neither: number;
    percentAgreement: number | null;
    kappa: number | null;
    alpha: number | null;
    segments: { matched: number; aOnly: number; bOnly: number };
  }[];
  pooled: { percentAgreement: number | null; kappa: number | null; alpha: number | null };
  disagreements: DisagreementInfo[];
}

/** Client → server: intercoder agreement between versions `a` and `b` (folders or revisions) of the study of `uri`. */
export const AgreementRequest = new RequestType<
  { uri: string; a: string; b: string; threshold?: number },
  AgreementViewResult,
  void
>('condense/agreement');

/**
 * Client → server: the edit that gives the working-tree transcript `file` one side's coding
 * of a span: the unit over plain range `plain` gets `codes` (a new unit when there is none;
 * no unit when `codes` is empty). Null, with nothing changed, when the working text of
 * that span differs from the side's.
 */
export const ApplyCodingRequest = new RequestType<
  { uri: string; file: string; plain: [number, number]; text: string; codes: string[] },
  { uri: string; edits: { range: Range; newText: string }[] } | null,
  void
>('condense/applyCoding');
