/**
 * The data model every feature reads: what the parser finds in a transcript or a
 * codebook. Plain data only (no classes, no functions) so that results can be cached,
 * compared, serialised to JSON and sent over LSP unchanged.
 *
 * Positions follow LSP: 0-based line and UTF-16 `character`. Offsets named `*Offset`
 * are UTF-16 offsets into the source text; offsets named `plain*` are Unicode code-point
 * offsets into the markup-free plain text (see {@link PlainText}), as REFI-QDA wants.
 */
import type { Range } from 'vscode-languageserver-types';
import type { FileProblemCode } from './fileProblems';
import type { ProblemList } from './problemList';
import type { UnitTable } from './unitTable';

export type { Position, Range } from 'vscode-languageserver-types';

/** Severity names as the CLI prints them; LSP numbers are derived from these. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Stable diagnostic codes (documented in docs/format.md). */
export type DiagnosticCode =
  | FileProblemCode
  | 'unknown-code'
  | 'duplicate-code'
  | 'unclosed-unit'
  | 'unclosed-div'
  | 'empty-unit'
  | 'uncoded-unit'
  | 'unused-code'
  | 'quote-not-found'
  | 'bad-attributes'
  | 'bad-config'
  | 'bad-front-matter'
  | 'file-too-large'
  | 'binary-file'
  | 'identifying-text'
  | 'identifiers-tracked'
  | 'possible-identifier'
  | 'too-deep'
  | 'internal-error'
  // Only from the language server: the diagnostics of a file beyond what it publishes.
  | 'more-diagnostics';

/** A problem found in one document. */
export interface Diagnostic {
  range: Range;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  /** Extra facts a quick fix can use (e.g. the unknown code id, the closest unit text). */
  data?: Record<string, unknown>;
}

/** Where a class (a code reference) is written inside a unit's attribute block. */
export interface CodeRef {
  /** The code id, without the leading dot. */
  id: string;
  /** Range of the id text, without the dot. */
  range: Range;
  startOffset: number;
  endOffset: number;
}

/** A meaning unit: a coded bracketed span or fenced div. */
export interface Unit {
  kind: 'span' | 'div';
  /** Code ids in the order written (Pandoc's own classes such as smallcaps excluded). */
  codes: string[];
  codeRefs: CodeRef[];
  /** The `#id` attribute, if any. */
  id?: string;
  /** The `note="..."` memo, if any. */
  note?: string;
  /** Every other key=value pair, in order. */
  attributes: [string, string][];
  /** The whole construct, from `[` (or the opening fence) to `}` (or the closing fence). */
  range: Range;
  /** The content between the brackets (or between the fences). */
  contentRange: Range;
  /** The attribute block `{...}`, braces included. */
  attrRange: Range;
  startOffset: number;
  endOffset: number;
  contentStartOffset: number;
  contentEndOffset: number;
  /** Content with the markup removed: exactly the plain text between plainStart and plainEnd. */
  text: string;
  /** Code-point offsets into the document's plain text (end exclusive). */
  plainStart: number;
  plainEnd: number;
  /** Label of the speaker whose turn holds the start of the unit. */
  speaker?: string;
  /** Index into {@link Transcript.units} of the enclosing unit, if nested. */
  parent?: number;
  /** Nesting depth, 0 for top-level units. */
  depth: number;
}

/** A speaker turn: from a `**Label:**` paragraph to the next one. */
export interface Turn {
  speaker: string;
  /** The label as written, e.g. `**P1:**`. */
  labelRange: Range;
  range: Range;
  startOffset: number;
  endOffset: number;
  /** Indices of units that start inside this turn. */
  units: number[];
}

/** The markup-free text of a document and the map back to the source. */
export interface PlainText {
  /** The text with Condense and inline Markdown markup removed. */
  text: string;
  /**
   * Segments of source kept in the plain text, as flat triples
   * [sourceStart, plainStart(UTF-16), length, ...]: everything between two segments is markup.
   * Typed: a densely coded transcript has several segments per unit.
   */
  segments: Int32Array;
}

/** Everything the parser finds in one transcript. */
export interface Transcript {
  units: Unit[];
  turns: Turn[];
  /** Parsed YAML front matter (an empty object when there is none). */
  frontMatter: Record<string, unknown>;
  /** `participants:` from the front matter: label to attributes. */
  participants: Record<string, Record<string, unknown>>;
  plain: PlainText;
  diagnostics: Diagnostic[];
  /** Number of lines, for quick range checks. */
  lineCount: number;
  /**
   * The columns `units` and `turns` are made from (not enumerable): what the index counts
   * with, without making a unit object. Absent on a transcript that holds no table.
   */
  readonly table?: UnitTable;
  /**
   * The parse's own diagnostics as numbers (problemList.ts), from which `diagnostics` is
   * made when first read; a few can be made without the rest (the editor is sent at most
   * 1,000). Absent on a transcript made otherwise.
   */
  readonly problems?: ProblemList;
}

/** A section heading inside a code: Condensate, Quotes, Synthesis or another. */
export interface Section {
  /** `condensate`, `quotes`, `synthesis`, or `other`. */
  kind: 'condensate' | 'quotes' | 'synthesis' | 'other';
  title: string;
  range: Range;
  /** The body (from the line after the heading to the next heading), as written. */
  body: string;
  bodyRange: Range;
}

/** A golden quote: a blockquote in a code's Quotes section. */
export interface Quote {
  /** The quote as it must be found, attribution removed, markup kept as written. */
  text: string;
  /** The trailing attribution, e.g. `FG2, P3`, if any. */
  attribution?: string;
  range: Range;
  /** Id of the code whose Quotes section holds it. */
  code: string;
}

/** A code (theme, subtheme or deeper) defined by a codebook heading with an id. */
export interface Code {
  id: string;
  title: string;
  /** Id of the nearest enclosing code heading of a lower level, or null for a theme. */
  parent: string | null;
  /** 0 for a theme, 1 for a subtheme, and so on. */
  depth: number;
  /** Heading level, 1 to 6. */
  level: number;
  color?: string;
  /** Other heading attributes (key=value), in order. */
  attributes: [string, string][];
  /** The whole heading line. */
  range: Range;
  /** The `{#id ...}` identifier text, without `#`. */
  idRange: Range;
  /** Text under the heading up to its first section or child, trimmed. */
  description: string;
  sections: Section[];
  quotes: Quote[];
}

/** Everything the parser finds in one codebook file. */
export interface Codebook {
  codes: Code[];
  diagnostics: Diagnostic[];
  lineCount: number;
  /** The parse's diagnostics as numbers (not enumerable): what a capped list is made from. */
  readonly problems?: ProblemList;
}

/** Section names recognised in a codebook, lower-cased for comparison. */
export interface SectionNames {
  condensate: string[];
  quotes: string[];
  synthesis: string[];
}

/** Options shared by both parsers. */
export interface ParseOptions {
  /** A regular expression source whose first group is the speaker label. */
  speakerPattern?: string;
  sections?: Partial<SectionNames>;
}
