/**
 * A transcript's parse in a compact, transferable form, for parsing on worker threads:
 * the unit and turn columns, the plain text's segments and the few diagnostics. Every
 * array is a typed array whose buffer is moved (transferred), not copied; no unit or turn
 * object crosses, and none is made on either side until a feature asks for it.
 */
import { LineIndex } from './lineIndex';
import type { Diagnostic, ParseOptions, Transcript } from './model';
import { lazyPlainText } from './plainText';
import { parseTranscript, transcriptOf } from './transcript';
import { UnitTable, type UnitColumns } from './unitTable';

/** A parse as one message. */
export interface PackedTranscript {
  columns: UnitColumns;
  segments: Int32Array;
  astral: boolean;
  frontMatter: Transcript['frontMatter'];
  participants: Transcript['participants'];
  diagnostics: Diagnostic[];
}

/**
 * Parses `text` and packs the result; `transfer` lists the buffers to move with the
 * message (after which `transcript`, the parse itself, must not be read again).
 */
export function parsePacked(
  text: string,
  options: ParseOptions,
): { packed: PackedTranscript; transfer: ArrayBuffer[]; transcript: Transcript } {
  const t = parseTranscript(text, options);
  const table = t.table ?? null;
  const columns = table ? table.columns : emptyColumns();
  const segments = t.plain.segments;
  const packed: PackedTranscript = {
    columns,
    segments,
    astral: table?.astral ?? false,
    frontMatter: t.frontMatter,
    participants: t.participants,
    diagnostics: t.diagnostics,
  };
  const transfer = [
    columns.data,
    columns.refs,
    columns.attrItems,
    columns.turnData,
    columns.turnSpeakers,
    segments,
  ].map((a) => a.buffer);
  return { packed, transfer, transcript: t };
}

/** The transcript (and the line index it was read with) of a packed parse of `text`. */
export function unpackTranscript(text: string, packed: PackedTranscript): { transcript: Transcript; lines: LineIndex } {
  const lines = new LineIndex(text);
  const plain = lazyPlainText(text, packed.segments);
  const table = new UnitTable(packed.columns, lines, plain, packed.astral);
  return { transcript: transcriptOf(table, packed.frontMatter, packed.participants, packed.diagnostics), lines };
}

function emptyColumns(): UnitColumns {
  return {
    count: 0,
    data: new Int32Array(0),
    refCount: 0,
    refs: new Int32Array(0),
    codeNames: [],
    attrItems: new Int32Array(0),
    turnCount: 0,
    turnData: new Int32Array(0),
    turnSpeakers: new Int32Array(0),
    speakerNames: [],
  };
}
