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
import { R, U, type UnitTable } from '../core/unitTable';
import { sharedIntPrefix, sharedIntSuffix, sharedPrefix, sharedSuffix } from '../core/sharedRuns';
import type { StudyIndex } from '../core/studyIndex';
import { isWhiteSpace } from '../core/whiteSpace';

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

const UNIT = 0;
const CODE = 1;
const BRACKET = 2;
const ATTRIBUTE = 3;
const HEADING = 4;
const UNKNOWN = 1;
const NESTED = 2;
const DECLARATION = 4;

/** The tokens of one document, sorted by position; empty for an unknown URI. */
export function computeTokens(index: StudyIndex, uri: string): Token[] {
  const data = sortedTokens(index, uri);
  const tokens: Token[] = [];
  for (let k = 0; k < data.length; k += 5) {
    tokens.push({
      line: data[k],
      character: data[k + 1],
      length: data[k + 2],
      type: TOKEN_TYPES[data[k + 3]],
      modifiers: TOKEN_MODIFIERS.filter((_, b) => (data[k + 4] & (1 << b)) !== 0),
    });
  }
  return tokens;
}

/** The tokens of one document sorted by position, 5 absolute numbers each (line, character, length, type, modifiers). */
function sortedTokens(index: StudyIndex, uri: string): Int32Array {
  return pieces(index, uri)?.sorted() ?? new Int32Array(0);
}

/** The pieces of one document's tokens, or null for an unknown URI. */
function pieces(index: StudyIndex, uri: string): Pieces | null {
  const doc = index.getDocument(uri);
  if (!doc) return null;
  const table = doc.transcript?.table;
  // About six tokens per unit (brackets, content, attribute words): room for them at once.
  const out = new Pieces(doc.text, doc.lines, table ? 6 * table.count : 0);
  if (doc.transcript) {
    if (table) tablePieces(doc.text, doc.lines, table, knownCodes(index, table), out);
    else transcriptPieces(doc.text, doc.lines, doc.transcript.units, knownTest(index), out);
  } else if (doc.codebook) {
    for (const code of doc.codebook.codes) codebookPieces(doc.text, doc.lines, code, out);
  }
  return out;
}

/** Numbers per token in {@link Pieces}: UTF-16 start offset, line, character, length, type, modifier bits. */
const STRIDE = 6;

/**
 * Receives pieces, stretches of source [start, end) to emit with one type, and splits
 * each into one token per line, trimmed of white space (blank parts are dropped). The
 * tokens are kept flat in a typed array: a dense transcript has hundreds of thousands,
 * and one object per token (or a growing array of numbers) made a keystroke's tokens
 * cost more in garbage collection than in work.
 */
class Pieces {
  private data: Int32Array;
  private length = 0;
  /** The line and character of the last token {@link encoded} wrote (its base if none). */
  lastLine = 0;
  lastCharacter = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    tokens: number,
  ) {
    this.data = new Int32Array(STRIDE * Math.max(1024, tokens));
  }

  /** How many tokens have been added. */
  get count(): number {
    return this.length / STRIDE;
  }

  add(start: number, end: number, type: number, modifiers: number): void {
    if (end <= start) return;
    const { text, lines } = this;
    const starts = lines.starts;
    for (let line = lines.lineAt(start); line < lines.lineCount && starts[line] < end; line++) {
      let s = Math.max(start, starts[line]);
      let e = Math.min(end, lines.lineEnd(line));
      while (s < e && isWhiteSpace(text.charCodeAt(s))) s++;
      while (e > s && isWhiteSpace(text.charCodeAt(e - 1))) e--;
      if (e <= s) continue;
      if (this.length + STRIDE > this.data.length) {
        const bigger = new Int32Array(this.data.length * 2);
        bigger.set(this.data);
        this.data = bigger;
      }
      const d = this.data;
      const at = this.length;
      d[at] = s;
      d[at + 1] = line;
      d[at + 2] = s - starts[line];
      d[at + 3] = e - s;
      d[at + 4] = type;
      d[at + 5] = modifiers;
      this.length += STRIDE;
    }
  }

  /**
   * The tokens sorted by position, 5 numbers each. Tokens never overlap, so their start
   * offsets are distinct and order them as (line, character) does. Mostly they come in
   * order already; otherwise (a nested unit's tokens come after its parent's, far from
   * their place) each token is put in a slot by its start offset and the slots are read
   * in order: linear in the tokens and the text.
   */
  sorted(): Int32Array {
    const data = this.data;
    const n = this.length / STRIDE;
    const order = this.order();
    const out = new Int32Array(5 * n);
    for (let j = 0; j < n; j++) {
      const at = (order ? order[j] : j) * STRIDE;
      out[5 * j] = data[at + 1];
      out[5 * j + 1] = data[at + 2];
      out[5 * j + 2] = data[at + 3];
      out[5 * j + 3] = data[at + 4];
      out[5 * j + 4] = data[at + 5];
    }
    return out;
  }

  /**
   * The tokens sorted and encoded as LSP's relative integers, in one pass (as encodeInto
   * would make of {@link sorted}), into `out` from number `at` on (a new array by default);
   * the first token is relative to a token at (`line`, `character`).
   */
  encoded(out = new Int32Array(this.length - this.length / STRIDE), at = 0, line = 0, character = 0): Int32Array {
    const data = this.data;
    const n = this.length / STRIDE;
    const order = this.order();
    for (let j = 0; j < n; j++) {
      const from = (order ? order[j] : j) * STRIDE;
      const to = at + 5 * j;
      const dl = data[from + 1] - line;
      out[to] = dl;
      out[to + 1] = dl === 0 ? data[from + 2] - character : data[from + 2];
      out[to + 2] = data[from + 3];
      out[to + 3] = data[from + 4];
      out[to + 4] = data[from + 5];
      line = data[from + 1];
      character = data[from + 2];
    }
    this.lastLine = line;
    this.lastCharacter = character;
    return out;
  }

  /** Null when the tokens came in order (the usual case), else their order by start offset. */
  private order(): Int32Array | null {
    const data = this.data;
    const n = this.length / STRIDE;
    let inOrder = true;
    for (let k = 1; k < n && inOrder; k++) inOrder = data[k * STRIDE] > data[(k - 1) * STRIDE];
    return inOrder ? null : slotOrder(data, n, this.text.length);
  }
}

/**
 * The indexes of the `n` tokens of `data` ordered by start offset (each below `size`).
 * Two tokens that start at the same offset would be a bug of the pieces above; they are
 * still ordered then, by a comparison sort that keeps them in the order they came.
 */
function slotOrder(data: Int32Array, n: number, size: number): Int32Array {
  const slots = new Int32Array(size + 1);
  let distinct = true;
  for (let k = 0; k < n && distinct; k++) {
    const start = data[k * STRIDE];
    distinct = slots[start] === 0;
    slots[start] = k + 1;
  }
  const order = new Int32Array(n);
  if (!distinct) {
    for (let k = 0; k < n; k++) order[k] = k;
    return order.sort((x, y) => data[x * STRIDE] - data[y * STRIDE] || x - y);
  }
  let j = 0;
  for (let s = 0; s <= size; s++) if (slots[s] !== 0) order[j++] = slots[s] - 1;
  return order;
}

/** Whether a code name is known to the study (every name is when it has no codebook). */
function knownTest(index: StudyIndex): (id: string) => boolean {
  const checkCodes = index.documents('codebook').length > 0;
  return (id) => !checkCodes || index.getCode(id) !== undefined;
}

/** Per code name of the table: the modifier bits its code tokens get (UNKNOWN or none). */
function knownCodes(index: StudyIndex, table: UnitTable): number[] {
  const known = knownTest(index);
  return table.columns.codeNames.map((id) => (known(id) ? 0 : UNKNOWN));
}

/**
 * The pieces of a transcript's units, read from the parse's columns (no unit objects
 * made), in position order: each unit's opening bracket (a div's fence and attribute
 * block), its content around its children, each child in its place (units come sorted by
 * start, parents first), then a span's closing bracket and attribute block (a div's
 * closing fence). Tokens in order need no sorting, which was most of the cost of a dense
 * file's tokens. Recursion goes as deep as units nest, which the parser caps.
 *
 * Only the units [from, to) are read, which must be whole top-level units with their
 * nested ones. With `firstToken`, each top-level unit's first token's index (counted from
 * `tokenBase`) is written there.
 */
function tablePieces(
  text: string,
  lines: LineIndex,
  table: UnitTable,
  knownCode: readonly number[],
  out: Pieces,
  from = 0,
  to = table.count,
  firstToken?: Int32Array,
  tokenBase = 0,
): void {
  const d = table.columns.data;
  const refs = table.columns.refs;
  // Each unit's children, as a linked list in unit order: first child and next sibling
  // (indexes from `from`; a nested unit's parent is never before `from`).
  const n = to - from;
  const firstChild = new Int32Array(n).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  const lastChild = new Int32Array(n).fill(-1);
  for (let k = from; k < to; k++) {
    const parent = d[k * U.Stride + U.Parent] - from;
    if (parent < 0) continue;
    if (lastChild[parent] < 0) firstChild[parent] = k;
    else nextSibling[lastChild[parent] - from] = k;
    lastChild[parent] = k;
  }
  // Code names of the unit at hand, flat: start, end, modifiers.
  const codes: number[] = [];
  const unitCodes = (k: number): number[] => {
    codes.length = 0;
    for (let r = table.firstRef(k), last = table.endRef(k); r < last; r++) {
      const ref = r * R.Stride;
      codes.push(refs[ref + R.NameStart], refs[ref + R.NameEnd], knownCode[refs[ref + R.Code]]);
    }
    return codes;
  };
  const unit = (k: number): void => {
    const at = k * U.Stride;
    const start = d[at + U.Start];
    const end = d[at + U.End];
    const contentStart = d[at + U.ContentStart];
    const contentEnd = d[at + U.ContentEnd];
    const isSpan = d[at + U.Kind] === 0;
    // As the unit's attrRange says: a span's block starts after its `]`.
    const attrStart = isSpan ? contentEnd + 1 : lines.offsetAt(lines.positionAt(d[at + U.AttrStart]));
    if (isSpan) out.add(start, start + 1, BRACKET, 0);
    else {
      out.add(start, attrStart, BRACKET, 0);
      // A div's fence may go on after its attributes with optional colons: read to its end.
      attributePieces(text, attrStart, lines.lineEnd(lines.lineAt(start)), unitCodes(k), out);
    }
    // The content, minus the nested units (which get tokens of their own, in their place).
    const modifiers = d[at + U.Depth] > 0 ? NESTED : 0;
    let gap = contentStart;
    for (let c = firstChild[k - from]; c >= 0; c = nextSibling[c - from]) {
      out.add(gap, d[c * U.Stride + U.Start], UNIT, modifiers);
      unit(c);
      gap = d[c * U.Stride + U.End];
    }
    out.add(gap, contentEnd, UNIT, modifiers);
    if (isSpan) {
      out.add(contentEnd, contentEnd + 1, BRACKET, 0);
      attributePieces(text, attrStart, end, unitCodes(k), out);
    } else out.add(lines.starts[lines.lineAt(end)], end, BRACKET, 0);
  };
  for (let k = from; k < to; k++) {
    if (d[k * U.Stride + U.Parent] >= 0) continue;
    if (firstToken) firstToken[k] = tokenBase + out.count;
    unit(k);
  }
}

/** The same pieces from unit objects (a transcript parsed without columns). */
function transcriptPieces(
  text: string,
  lines: LineIndex,
  units: Unit[],
  known: (id: string) => boolean,
  out: Pieces,
): void {
  const children = new Map<number, Unit[]>();
  for (const u of units) {
    if (u.parent === undefined) continue;
    const list = children.get(u.parent);
    if (list) list.push(u);
    else children.set(u.parent, [u]);
  }
  units.forEach((u, k) => {
    const codes = u.codeRefs.flatMap((r) => [r.startOffset, r.endOffset, known(r.id) ? 0 : UNKNOWN]);
    const attrStart = lines.offsetAt(u.attrRange.start);
    const attrEnd = u.kind === 'span' ? u.endOffset : lines.lineEnd(lines.lineAt(u.startOffset));
    if (u.kind === 'span') {
      out.add(u.startOffset, u.startOffset + 1, BRACKET, 0);
      out.add(u.contentEndOffset, u.contentEndOffset + 1, BRACKET, 0);
    } else {
      out.add(u.startOffset, attrStart, BRACKET, 0);
      out.add(lines.starts[lines.lineAt(u.endOffset)], u.endOffset, BRACKET, 0);
    }
    attributePieces(text, attrStart, attrEnd, codes, out);
    const modifiers = u.depth > 0 ? NESTED : 0;
    let from = u.contentStartOffset;
    for (const c of children.get(k) ?? []) {
      out.add(from, c.startOffset, UNIT, modifiers);
      from = c.endOffset;
    }
    out.add(from, u.contentEndOffset, UNIT, modifiers);
  });
}

function codebookPieces(text: string, lines: LineIndex, code: Code, out: Pieces): void {
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
  out.add(titleStart, brace, HEADING, DECLARATION);
  attributePieces(text, brace, blockEnd, [idStart - 1, idEnd, DECLARATION], out);
}

/**
 * The pieces of an attribute block [start, end): the given code pieces (flat: start,
 * end, modifiers) as they are, and every other word (`{#id`, `.`, `key="a value"`, `}`)
 * as an attribute; a run of colons (a div fence's optional trailing colons) as a bracket.
 */
function attributePieces(text: string, start: number, end: number, codes: number[], out: Pieces): void {
  let sorted = codes;
  for (let k = 3; k < codes.length; k += 3) {
    if (codes[k] < codes[k - 3]) {
      const order = [...Array(codes.length / 3).keys()].sort((a, b) => codes[3 * a] - codes[3 * b]);
      sorted = order.flatMap((j) => [codes[3 * j], codes[3 * j + 1], codes[3 * j + 2]]);
      break;
    }
  }
  let next = 0;
  let i = start;
  while (i < end) {
    while (next < sorted.length && sorted[next] < i) next += 3;
    if (next < sorted.length && sorted[next] === i) {
      out.add(sorted[next], sorted[next + 1], CODE, sorted[next + 2]);
      i = sorted[next + 1];
      continue;
    }
    if (isWhiteSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const stop = next < sorted.length ? sorted[next] : end;
    let j = i;
    let quote = 0;
    while (j < stop) {
      const ch = text.charCodeAt(j);
      if (quote) {
        if (ch === 92) j++;
        else if (ch === quote) quote = 0;
      } else if (isWhiteSpace(ch)) break;
      else if (ch === 34 || ch === 39) quote = ch;
      j++;
    }
    j = Math.min(j, stop);
    out.add(i, j, onlyColons(text, i, j) ? BRACKET : ATTRIBUTE, 0);
    i = j;
  }
}

function onlyColons(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let k = from; k < to; k++) if (text.charCodeAt(k) !== 58) return false;
  return true;
}

/** Encodes sorted tokens as LSP's relative integers (5 per token). */
export function encodeTokens(tokens: readonly Token[]): number[] {
  const flat: number[] = [];
  for (const t of tokens)
    flat.push(t.line, t.character, t.length, TOKEN_TYPES.indexOf(t.type), modifierBits(t.modifiers));
  return encodeFlat(flat);
}

/** Encodes sorted tokens given as 5 absolute numbers each into LSP's relative integers. */
function encodeFlat(tokens: ArrayLike<number>): number[] {
  return encodeInto(tokens, new Array<number>(tokens.length));
}

function encodeInto<T extends number[] | Int32Array>(tokens: ArrayLike<number>, data: T): T {
  let line = 0;
  let character = 0;
  for (let k = 0; k < tokens.length; k += 5) {
    const dl = tokens[k] - line;
    data[k] = dl;
    data[k + 1] = dl === 0 ? tokens[k + 1] - character : tokens[k + 1];
    data[k + 2] = tokens[k + 2];
    data[k + 3] = tokens[k + 3];
    data[k + 4] = tokens[k + 4];
    line = tokens[k];
    character = tokens[k + 1];
  }
  return data;
}

function modifierBits(modifiers: readonly TokenModifier[]): number {
  let bits = 0;
  for (const m of modifiers) bits |= 1 << TOKEN_MODIFIERS.indexOf(m);
  return bits;
}

/**
 * A document's encoded tokens (as {@link provideSemanticTokens} gives them) in a typed
 * array: what the server keeps between requests to answer `full/delta` with, which then
 * makes a JavaScript array only of the edit, not of every token of a dense file.
 */
export function encodedTokens(index: StudyIndex, uri: string): Int32Array {
  return tokenState(index, uri).encoded;
}

/**
 * A document's encoded tokens with what they were made from, kept by the server between
 * requests so that the next tokens of the document reuse those of the units an edit left
 * alone (see {@link tokenState}).
 */
export interface TokenState {
  readonly encoded: Int32Array;
  readonly text: string;
  /** The transcript's unit table the tokens came from; null for a codebook (never reused). */
  readonly table: UnitTable | null;
  /** Per code name of the table: its code tokens' modifier bits (UNKNOWN or none). */
  readonly knownCode: readonly number[];
  /** Per unit: the index of its first token in {@link encoded} (top-level units only, else -1). */
  readonly firstToken: Int32Array;
}

/**
 * A document's tokens, as {@link encodedTokens}. Given the state of the document's
 * previous tokens, the top-level units (with their nested ones) that an edit left as
 * they were, before the edit and after it, keep their tokens: only the units in between
 * are read again, and the first token after them is encoded anew (tokens are relative to
 * the one before). A keystroke in a transcript of 64,000 units re-reads a few.
 */
export function tokenState(index: StudyIndex, uri: string, previous?: TokenState): TokenState {
  const doc = index.getDocument(uri);
  const table = doc?.transcript?.table ?? null;
  if (!doc || !table) {
    const encoded = doc ? (pieces(index, uri)?.encoded() ?? new Int32Array(0)) : new Int32Array(0);
    return { encoded, text: doc?.text ?? '', table: null, knownCode: [], firstToken: new Int32Array(0) };
  }
  const text = doc.text;
  const lines = doc.lines;
  const knownCode = knownCodes(index, table);
  const firstToken = new Int32Array(table.count).fill(-1);
  const same = previous?.table ? unchangedUnits(previous, text, table, knownCode) : null;
  if (!previous || !same) {
    const out = new Pieces(text, lines, 6 * table.count);
    tablePieces(text, lines, table, knownCode, out, 0, table.count, firstToken);
    return { encoded: out.encoded(), text, table, knownCode, firstToken };
  }
  const old = previous.encoded;
  const oldFirst = previous.firstToken;
  const oldCount = old.length / 5;
  const { head, tail } = same;
  // Tokens of the units kept before the edit, and of those kept after it (old indexes).
  const headTokens = head < oldFirst.length ? oldFirst[head] : oldCount;
  const tailFrom = tail - table.count + oldFirst.length;
  const tailTokens = tailFrom < oldFirst.length ? oldCount - oldFirst[tailFrom] : 0;
  // Where the last kept token before the edit stands: the sum of the relative lines, and
  // the characters since the last line change.
  let line = 0;
  let character = 0;
  for (let j = 0; j < 5 * headTokens; j += 5) {
    line += old[j];
    character = old[j] === 0 ? character + old[j + 1] : old[j + 1];
  }
  const middle = new Pieces(text, lines, 6 * (tail - head));
  tablePieces(text, lines, table, knownCode, middle, head, tail, firstToken, headTokens);
  const count = headTokens + middle.count + tailTokens;
  const encoded = new Int32Array(5 * count);
  encoded.set(old.subarray(0, 5 * headTokens));
  middle.encoded(encoded, 5 * headTokens, line, character);
  if (middle.count > 0) {
    line = middle.lastLine;
    character = middle.lastCharacter;
  }
  if (tailTokens > 0) {
    const from = 5 * (oldCount - tailTokens);
    const at = 5 * (count - tailTokens);
    encoded.set(old.subarray(from), at);
    // The first kept token after the edit is its unit's opening bracket (a span's `[`, a
    // div's fence at the start of its line): where that unit now starts.
    const start = table.columns.data[tail * U.Stride + U.Start];
    const tokenLine = lines.lineAt(start);
    const tokenCharacter = start - lines.starts[tokenLine];
    encoded[at] = tokenLine - line;
    encoded[at + 1] = tokenLine === line ? tokenCharacter - character : tokenCharacter;
    const shift = at / 5 - oldFirst[tailFrom];
    for (let k = tail; k < table.count; k++) {
      const f = oldFirst[k - tail + tailFrom];
      firstToken[k] = f < 0 ? -1 : f + shift;
    }
  }
  firstToken.set(oldFirst.subarray(0, head));
  return { encoded, text, table, knownCode, firstToken };
}

/**
 * The units a new parse shares with the one a token state was made from: the new units
 * [0, head) are the old ones, at the same offsets, and the new units [tail, count) are
 * the old last ones, moved by the length the text changed by; both runs start and end at
 * top-level units, and lie in the text before the edit and after it. Null when nothing
 * can be kept. A unit is the same when every field its tokens are made from is (offsets,
 * kind, depth, parent, and its code names' offsets and whether the codebook knows them).
 */
function unchangedUnits(
  previous: TokenState,
  text: string,
  table: UnitTable,
  knownCode: readonly number[],
): { head: number; tail: number } | null {
  const oldTable = previous.table as UnitTable;
  const oldText = previous.text;
  const n0 = oldTable.count;
  const n1 = table.count;
  if (n0 === 0 || n1 === 0) return null;
  // The edit lies between the texts' common prefix and common suffix.
  const l0 = oldText.length;
  const l1 = text.length;
  const prefix = sharedPrefix(oldText, text);
  const suffix = sharedSuffix(oldText, text, Math.min(l0, l1) - prefix);
  const c0 = oldTable.columns;
  const c1 = table.columns;
  const d0 = c0.data;
  const d1 = c1.data;
  const f0 = c0.refs;
  const f1 = c1.refs;
  const known0 = previous.knownCode;
  // Whether a code the codebook knew is now unknown, or the reverse: then every unit may change.
  for (let id = 0; id < Math.min(known0.length, knownCode.length); id++) {
    if (c0.codeNames[id] === c1.codeNames[id] && known0[id] !== knownCode[id]) return null;
  }
  const topLevel = (d: Int32Array, n: number, k: number): boolean => k === n || d[k * U.Stride + U.Parent] < 0;

  // Before the edit the records are the same numbers, refs included (the same text gives
  // the same offsets, indexes and interned codes): the first number that differs, then
  // units ending before the edit (a line break split by it moves no line start before
  // them), then back to where a top-level unit starts in both parses.
  let head = Math.floor(sharedIntPrefix(d0, d1) / U.Stride);
  const refEnd0 = (k: number): number => (k + 1 < n0 ? d0[(k + 1) * U.Stride + U.FirstRef] : c0.refCount);
  const refEnd1 = (k: number): number => (k + 1 < n1 ? d1[(k + 1) * U.Stride + U.FirstRef] : c1.refCount);
  // The run's last unit may have gained or lost references (the next unit's first moved).
  if (head > 0 && refEnd0(head - 1) !== refEnd1(head - 1)) head--;
  const refNumbers = head > 0 ? refEnd1(head - 1) * R.Stride : 0;
  const j = sharedIntPrefix(f0, f1, refNumbers);
  if (j < refNumbers) {
    // The unit holding the reference that differs, and those after it, are not kept.
    const r = Math.floor(j / R.Stride);
    while (head > 0 && d1[(head - 1) * U.Stride + U.FirstRef] > r) head--;
    head--;
  }
  let ended = 0;
  while (ended < head && d1[ended * U.Stride + U.End] < prefix) ended++;
  head = ended;
  while (head > 0 && !(topLevel(d0, n0, head) && topLevel(d1, n1, head))) head--;

  // After the edit: the last units, moved by the length the text changed by (and their
  // parents' and references' indexes by how many more there are), from the last on, then
  // on to where a top-level unit starts in both.
  const offsets = l1 - l0;
  const indexes = n1 - n0;
  const refShift = c1.refCount - c0.refCount;
  let kept = 0;
  const most = Math.min(n0, n1) - head;
  for (; kept < most; kept++) {
    const k0 = n0 - 1 - kept;
    const k1 = n1 - 1 - kept;
    const a = k0 * U.Stride;
    const b = k1 * U.Stride;
    if (d0[a + U.Start] < l0 - suffix) break;
    const p0 = d0[a + U.Parent];
    if (
      d1[b + U.Start] !== d0[a + U.Start] + offsets ||
      d1[b + U.End] !== d0[a + U.End] + offsets ||
      d1[b + U.ContentStart] !== d0[a + U.ContentStart] + offsets ||
      d1[b + U.ContentEnd] !== d0[a + U.ContentEnd] + offsets ||
      d1[b + U.AttrStart] !== d0[a + U.AttrStart] + offsets ||
      d1[b + U.AttrEnd] !== d0[a + U.AttrEnd] + offsets ||
      d1[b + U.Kind] !== d0[a + U.Kind] ||
      d1[b + U.Depth] !== d0[a + U.Depth] ||
      d1[b + U.Parent] !== (p0 < 0 ? -1 : p0 + indexes) ||
      d1[b + U.FirstRef] !== d0[a + U.FirstRef] + refShift
    )
      break;
    const r0 = d0[a + U.FirstRef];
    const r1 = d1[b + U.FirstRef];
    const count = (k0 + 1 < n0 ? d0[a + U.Stride + U.FirstRef] : c0.refCount) - r0;
    let same = true;
    for (let r = 0; r < count && same; r++) {
      const x = (r0 + r) * R.Stride;
      const y = (r1 + r) * R.Stride;
      same =
        f1[y + R.NameStart] === f0[x + R.NameStart] + offsets &&
        f1[y + R.NameEnd] === f0[x + R.NameEnd] + offsets &&
        knownCode[f1[y + R.Code]] === known0[f0[x + R.Code]];
    }
    if (!same) break;
  }
  let tail = n1 - kept;
  while (tail < n1 && !(topLevel(d0, n0, tail - indexes) && topLevel(d1, n1, tail))) tail++;
  if (head === 0 && tail === n1) return null;
  return { head, tail };
}

/** The numbers of {@link encodedTokens} as the JavaScript array a response carries. */
export function tokensArray(encoded: Int32Array): number[] {
  // A loop into a preallocated array: Array.from is several times slower on a million numbers.
  const out = new Array<number>(encoded.length);
  for (let k = 0; k < encoded.length; k++) out[k] = encoded[k];
  return out;
}

/** `textDocument/semanticTokens/full`. */
export function provideSemanticTokens(index: StudyIndex, uri: string): SemanticTokens {
  return { data: encodeFlat(sortedTokens(index, uri)) };
}

/** `textDocument/semanticTokens/range`: the tokens that touch the range. */
export function provideSemanticTokensRange(index: StudyIndex, uri: string, range: Range): SemanticTokens {
  const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 < c2);
  const all = sortedTokens(index, uri);
  const inside: number[] = [];
  for (let k = 0; k < all.length; k += 5) {
    const [line, character, length] = [all[k], all[k + 1], all[k + 2]];
    if (
      before(line, character, range.end.line, range.end.character) &&
      before(range.start.line, range.start.character, line, character + length)
    )
      inside.push(all[k], all[k + 1], all[k + 2], all[k + 3], all[k + 4]);
  }
  return { data: encodeFlat(inside) };
}

/**
 * `textDocument/semanticTokens/full/delta`: the edits that turn `previous` into
 * `current` — one edit replacing what lies between their common prefix and suffix,
 * none when they are equal.
 */
export function provideSemanticTokensDelta(
  previous: ArrayLike<number>,
  current: ArrayLike<number>,
): SemanticTokensEdit[] {
  const max = Math.min(previous.length, current.length);
  const typed = previous instanceof Int32Array && current instanceof Int32Array;
  let prefix = 0;
  if (typed) prefix = sharedIntPrefix(previous, current);
  else while (prefix < max && previous[prefix] === current[prefix]) prefix++;
  if (prefix === previous.length && prefix === current.length) return [];
  let suffix = 0;
  if (typed) suffix = sharedIntSuffix(previous, current, max - prefix);
  else
    while (suffix < max - prefix && previous[previous.length - 1 - suffix] === current[current.length - 1 - suffix]) {
      suffix++;
    }
  const edit: SemanticTokensEdit = { start: prefix, deleteCount: previous.length - prefix - suffix };
  const data = Array.prototype.slice.call(current, prefix, current.length - suffix) as number[];
  if (data.length > 0) edit.data = data;
  return [edit];
}
