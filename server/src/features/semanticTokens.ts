/**
 * Semantic tokens: the brackets, attribute blocks, code names and texts of meaning
 * units in transcripts, and the code headings of codebooks.
 *
 * As in marksman's Semato.fs, tokens are first computed as a plain sorted list
 * ({@link computeTokens}), then encoded into LSP's relative integers
 * ({@link encodeTokens}); tests can read the list. Tokens never overlap and never span
 * lines (clients need not support multiline tokens); positions are UTF-16.
 */
import type { Range, SemanticTokens, SemanticTokensEdit, SemanticTokensLegend } from 'vscode-languageserver-types';
import { parseAttributes } from '../../../common/attributes';
import type { LineIndex } from '../core/lineIndex';
import type { Code, Unit } from '../core/model';
import type { StudyIndex } from '../core/studyIndex';

/** Token types, in legend order. */
export const TOKEN_TYPES = [
  'condenseUnit',
  'condenseCode',
  'condenseBracket',
  'condenseAttribute',
  'condenseHeading',
] as const;

/** Token modifiers, in legend order (bit k of the encoded set is TOKEN_MODIFIERS[k]). */
export const TOKEN_MODIFIERS = ['unknown', 'nested', 'declaration'] as const;

/** The legend the server announces in its capabilities. */
export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...TOKEN_TYPES],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

/** One of {@link TOKEN_TYPES}. */
export type TokenType = (typeof TOKEN_TYPES)[number];
/** One of {@link TOKEN_MODIFIERS}. */
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

/** A token before encoding: on one line, `length` UTF-16 code units long. */
export interface Token {
  line: number;
  character: number;
  length: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

/** A stretch of source [start, end) to emit with one type (split per line on output). */
interface Piece {
  start: number;
  end: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

/** The tokens of one document, sorted by position; empty for an unknown URI. */
export function computeTokens(index: StudyIndex, uri: string): Token[] {
  const doc = index.getDocument(uri);
  if (!doc) return [];
  const lines = doc.lines;
  const pieces: Piece[] = [];
  if (doc.transcript) {
    const checkCodes = index.documents('codebook').length > 0;
    const known = (id: string): boolean => !checkCodes || index.getCode(id) !== undefined;
    transcriptPieces(doc.text, lines, doc.transcript.units, known, pieces);
  } else if (doc.codebook) {
    for (const code of doc.codebook.codes) codebookPieces(doc.text, lines, code, pieces);
  }
  const tokens: Token[] = [];
  for (const p of pieces) splitLines(doc.text, lines, p, tokens);
  return tokens.sort((a, b) => a.line - b.line || a.character - b.character);
}

function transcriptPieces(
  text: string,
  lines: LineIndex,
  units: Unit[],
  known: (id: string) => boolean,
  out: Piece[],
): void {
  const children = new Map<number, Unit[]>();
  for (const u of units) {
    if (u.parent === undefined) continue;
    const list = children.get(u.parent);
    if (list) list.push(u);
    else children.set(u.parent, [u]);
  }
  units.forEach((u, k) => {
    const codes: Piece[] = u.codeRefs.map((r) => ({
      start: r.startOffset,
      end: r.endOffset,
      type: 'condenseCode',
      modifiers: known(r.id) ? [] : ['unknown'],
    }));
    const attrStart = lines.offsetAt(u.attrRange.start);
    // A div's fence may go on after its attributes with optional colons: read to its end.
    const attrEnd = u.kind === 'span' ? u.endOffset : lines.lineEnd(lines.lineAt(u.startOffset));
    if (u.kind === 'span') {
      out.push({ start: u.startOffset, end: u.startOffset + 1, type: 'condenseBracket', modifiers: [] });
      out.push({ start: u.contentEndOffset, end: u.contentEndOffset + 1, type: 'condenseBracket', modifiers: [] });
    } else {
      out.push({ start: u.startOffset, end: attrStart, type: 'condenseBracket', modifiers: [] });
      const closeStart = lines.starts[lines.lineAt(u.endOffset)];
      out.push({ start: closeStart, end: u.endOffset, type: 'condenseBracket', modifiers: [] });
    }
    attributePieces(text, attrStart, attrEnd, codes, out);
    // The content, minus the nested units (which get tokens of their own).
    const modifiers: TokenModifier[] = u.depth > 0 ? ['nested'] : [];
    let from = u.contentStartOffset;
    for (const c of children.get(k) ?? []) {
      out.push({ start: from, end: c.startOffset, type: 'condenseUnit', modifiers });
      from = c.endOffset;
    }
    out.push({ start: from, end: u.contentEndOffset, type: 'condenseUnit', modifiers });
  });
}

function codebookPieces(text: string, lines: LineIndex, code: Code, out: Piece[]): void {
  const lineStart = lines.offsetAt(code.range.start);
  const lineEnd = lines.offsetAt(code.range.end);
  const idStart = lines.offsetAt(code.idRange.start);
  const idEnd = lines.offsetAt(code.idRange.end);
  // The attribute block is the `{` before the id whose block holds the id.
  let brace = text.lastIndexOf('{', idStart);
  let blockEnd = -1;
  while (brace >= lineStart) {
    const r = parseAttributes(text, brace, lineEnd);
    if (!('error' in r) && r.items.some((it) => it.kind === 'id' && it.nameStart === idStart)) {
      blockEnd = r.end;
      break;
    }
    brace = text.lastIndexOf('{', brace - 1);
  }
  if (blockEnd < 0) return;
  // Past the indentation, the `#` marks and the space after them.
  const titleStart = lineStart + (/^[ \t]*#+[ \t]*/.exec(text.slice(lineStart, brace))?.[0].length ?? 0);
  out.push({ start: titleStart, end: brace, type: 'condenseHeading', modifiers: ['declaration'] });
  const id: Piece = { start: idStart - 1, end: idEnd, type: 'condenseCode', modifiers: ['declaration'] };
  attributePieces(text, brace, blockEnd, [id], out);
}

const SPACE = /\s/;

/**
 * The pieces of an attribute block [start, end): the given code pieces as they are,
 * and every other word (`{#id`, `.`, `key="a value"`, `}`) as an attribute; a run of
 * colons (a div fence's optional trailing colons) as a bracket.
 */
function attributePieces(text: string, start: number, end: number, codes: Piece[], out: Piece[]): void {
  const sorted = [...codes].sort((a, b) => a.start - b.start);
  let next = 0;
  let i = start;
  while (i < end) {
    while (next < sorted.length && sorted[next].start < i) next++;
    if (next < sorted.length && sorted[next].start === i) {
      out.push(sorted[next]);
      i = sorted[next].end;
      continue;
    }
    if (SPACE.test(text[i])) {
      i++;
      continue;
    }
    const stop = next < sorted.length ? sorted[next].start : end;
    let j = i;
    let quote = '';
    while (j < stop) {
      const ch = text[j];
      if (quote) {
        if (ch === '\\') j++;
        else if (ch === quote) quote = '';
      } else if (SPACE.test(ch)) break;
      else if (ch === '"' || ch === "'") quote = ch;
      j++;
    }
    j = Math.min(j, stop);
    const colons = /^:+$/.test(text.slice(i, j));
    out.push({ start: i, end: j, type: colons ? 'condenseBracket' : 'condenseAttribute', modifiers: [] });
    i = j;
  }
}

/** Emits a piece as one token per line, each trimmed of white space; blank parts are dropped. */
function splitLines(text: string, lines: LineIndex, p: Piece, out: Token[]): void {
  if (p.end <= p.start) return;
  for (let line = lines.lineAt(p.start); line < lines.lineCount && lines.starts[line] < p.end; line++) {
    let s = Math.max(p.start, lines.starts[line]);
    let e = Math.min(p.end, lines.lineEnd(line));
    while (s < e && SPACE.test(text[s])) s++;
    while (e > s && SPACE.test(text[e - 1])) e--;
    if (e > s)
      out.push({ line, character: s - lines.starts[line], length: e - s, type: p.type, modifiers: p.modifiers });
  }
}

/** Encodes sorted tokens as LSP's relative integers (5 per token). */
export function encodeTokens(tokens: readonly Token[]): number[] {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const t of tokens) {
    const dl = t.line - line;
    data.push(
      dl,
      dl === 0 ? t.character - character : t.character,
      t.length,
      TOKEN_TYPES.indexOf(t.type),
      modifierBits(t.modifiers),
    );
    line = t.line;
    character = t.character;
  }
  return data;
}

function modifierBits(modifiers: readonly TokenModifier[]): number {
  let bits = 0;
  for (const m of modifiers) bits |= 1 << TOKEN_MODIFIERS.indexOf(m);
  return bits;
}

/** `textDocument/semanticTokens/full`. */
export function provideSemanticTokens(index: StudyIndex, uri: string): SemanticTokens {
  return { data: encodeTokens(computeTokens(index, uri)) };
}

/** `textDocument/semanticTokens/range`: the tokens that touch the range. */
export function provideSemanticTokensRange(index: StudyIndex, uri: string, range: Range): SemanticTokens {
  const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 < c2);
  const inside = computeTokens(index, uri).filter(
    (t) =>
      before(t.line, t.character, range.end.line, range.end.character) &&
      before(range.start.line, range.start.character, t.line, t.character + t.length),
  );
  return { data: encodeTokens(inside) };
}

/**
 * `textDocument/semanticTokens/full/delta`: the edits that turn `previous` into
 * `current` — one edit replacing what lies between their common prefix and suffix,
 * none when they are equal.
 */
export function provideSemanticTokensDelta(
  previous: readonly number[],
  current: readonly number[],
): SemanticTokensEdit[] {
  const max = Math.min(previous.length, current.length);
  let prefix = 0;
  while (prefix < max && previous[prefix] === current[prefix]) prefix++;
  if (prefix === previous.length && prefix === current.length) return [];
  let suffix = 0;
  while (suffix < max - prefix && previous[previous.length - 1 - suffix] === current[current.length - 1 - suffix]) {
    suffix++;
  }
  const edit: SemanticTokensEdit = { start: prefix, deleteCount: previous.length - prefix - suffix };
  const data = current.slice(prefix, current.length - suffix);
  if (data.length > 0) edit.data = data;
  return [edit];
}
