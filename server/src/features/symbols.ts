/**
 * Document and workspace symbols. A codebook's outline is its code tree (themes,
 * subthemes, deeper codes) with each code's sections; a transcript's outline is its
 * speaker turns, each holding its meaning units (nested units under their unit).
 */
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver-types';
import { scanBlocks } from '../core/blocks';
import { readFrontMatter } from '../core/frontMatter';
import type { LineIndex } from '../core/lineIndex';
import type { Code, Transcript, Unit } from '../core/model';
import { plainSlice } from '../core/plainText';
import { U, type UnitTable } from '../core/unitTable';
import type { IndexedCode, StudyIndex } from '../core/studyIndex';
import { excerpt } from './codeInfo';

/** A heading of a Markdown file: where its line starts and its level. */
export interface HeadingLine {
  start: number;
  level: number;
}

/** Every ATX heading of a text, in order (headings inside code blocks and front matter excluded). */
export function headingLines(text: string): HeadingLine[] {
  let from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  from = readFrontMatter(text, from)?.end ?? from;
  const headings: HeadingLine[] = [];
  scanBlocks(text, from, undefined, (b) => {
    if (b.kind === 'heading') headings.push({ start: b.start, level: b.level });
  });
  return headings;
}

/**
 * Offset where the section of a heading of `level` at `start` ends: the start of the
 * next heading of the same or a lower level, or the end of the text.
 */
export function headingExtentEnd(text: string, headings: readonly HeadingLine[], start: number, level: number): number {
  return headings.find((h) => h.start > start && h.level <= level)?.start ?? text.length;
}

/**
 * A transcript's outline holds at most this many symbols (turns and units). Editors ask
 * for the outline after every edit (breadcrumbs, sticky scroll); a hostile file with
 * 64,000 units made each answer 12 MB. A real interview of 500 KB coded densely has
 * about 4,000 units.
 */
export const MAX_OUTLINE_SYMBOLS = 5000;

/** `textDocument/documentSymbol`; a transcript's outline is cut after `maxSymbols` symbols (see {@link capOutline}). */
export function provideDocumentSymbols(
  index: StudyIndex,
  uri: string,
  maxSymbols = MAX_OUTLINE_SYMBOLS,
): DocumentSymbol[] {
  const doc = index.getDocument(uri);
  if (!doc) return [];
  const lines = doc.lines;
  if (doc.codebook) return codebookSymbols(index, doc.text, lines, doc.codebook.codes);
  if (doc.transcript) return transcriptSymbols(doc.text, lines, doc.transcript, maxSymbols);
  return [];
}

/**
 * The outline cut after its first `max` symbols in document order (a symbol before its
 * children, then its next sibling), with one more symbol at the top level, at the first
 * symbol left out, that says how many were left out. Unchanged when it has at most `max`.
 */
export function capOutline(top: DocumentSymbol[], max: number): DocumentSymbol[] {
  const count = (list: DocumentSymbol[]): number => list.reduce((n, s) => n + 1 + count(s.children ?? []), 0);
  const total = count(top);
  if (total <= max) return top;
  // Where the walk is: symbols it may still keep, and the first one it left out.
  const walk: { budget: number; firstLeftOut?: DocumentSymbol } = { budget: max };
  const keep = (list: DocumentSymbol[]): DocumentSymbol[] => {
    const kept: DocumentSymbol[] = [];
    for (const s of list) {
      if (walk.budget === 0) {
        walk.firstLeftOut ??= s;
        break;
      }
      walk.budget--;
      kept.push(s.children?.length ? { ...s, children: keep(s.children) } : s);
    }
    return kept;
  };
  const out = keep(top);
  const at = walk.firstLeftOut ?? top[top.length - 1];
  out.push(moreSymbol(total - max, max, at));
  return out;
}

function codebookSymbols(index: StudyIndex, text: string, lines: LineIndex, codes: Code[]): DocumentSymbol[] {
  const headings = headingLines(text);
  const symbols = new Map<string, DocumentSymbol>();
  const roots: DocumentSymbol[] = [];
  for (const code of codes) {
    const start = lines.offsetAt(code.range.start);
    const end = trimmedEnd(text, lines.offsetAt(code.range.end), headingExtentEnd(text, headings, start, code.level));
    const units = index.counts(code.id).units;
    const symbol: DocumentSymbol = {
      name: code.title || code.id,
      detail: `#${code.id} · ${units} unit${units === 1 ? '' : 's'}`,
      kind: code.depth === 0 ? SymbolKind.Class : SymbolKind.Interface,
      range: lines.rangeOf(start, end),
      selectionRange: code.range,
      children: code.sections.map((s) => ({
        name: s.title || '(untitled)',
        kind: SymbolKind.String,
        range: {
          start: s.range.start,
          end: lines.positionAt(trimmedEnd(text, lines.offsetAt(s.range.end), lines.offsetAt(s.bodyRange.end))),
        },
        selectionRange: s.range,
      })),
    };
    symbols.set(code.id, symbol);
    const parent = code.parent === null ? undefined : symbols.get(code.parent);
    if (parent) parent.children?.push(symbol);
    else roots.push(symbol);
  }
  for (const s of symbols.values()) s.children?.sort(byStart);
  return roots;
}

/**
 * A transcript's outline: its turns, each holding its units (nested units under their
 * unit when both are in the same turn, or both in none), and the units outside any turn,
 * sorted by start; at most `max` symbols (see {@link capOutline}). The tree is laid out
 * on unit and turn indexes first, and symbols are made only for what the outline keeps:
 * a dense transcript has tens of thousands of units, and making a symbol (and a unit
 * object) for each cost more than the rest of the outline.
 */
function transcriptSymbols(text: string, lines: LineIndex, t: Transcript, max: number): DocumentSymbol[] {
  const table = t.table;
  const d = table?.columns.data;
  const n = table ? table.count : t.units.length;
  const unitStart = (k: number): number => (d ? d[k * U.Stride + U.Start] : t.units[k].startOffset);
  const unitEnd = (k: number): number => (d ? d[k * U.Stride + U.End] : t.units[k].endOffset);
  const unitParent = (k: number): number => (d ? d[k * U.Stride + U.Parent] : (t.units[k].parent ?? -1));
  // Turns from the columns too (a turn object per paragraph costs, with many short ones).
  const turns = turnsOf(t, lines);
  const turnCount = turns.count;
  const turnOf = new Int32Array(n).fill(-1);
  if (d) for (let k = 0; k < n; k++) turnOf[k] = d[k * U.Stride + U.Turn];
  else t.turns.forEach((turn, k) => turn.units.forEach((u) => (turnOf[u] = k)));
  // Children as linked lists in unit order: nodes 0..n-1 are units, n.. are turns.
  const firstChild = new Int32Array(n + turnCount).fill(-1);
  const lastChild = new Int32Array(n + turnCount).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  const topUnits: number[] = [];
  for (let k = 0; k < n; k++) {
    const parent = unitParent(k);
    const turn = turnOf[k];
    const node = parent >= 0 && turnOf[parent] === turn ? parent : turn >= 0 ? n + turn : -1;
    if (node < 0) {
      topUnits.push(k);
      continue;
    }
    if (lastChild[node] < 0) firstChild[node] = k;
    else nextSibling[lastChild[node]] = k;
    lastChild[node] = k;
  }
  // A turn's range must hold its children: a div unit's fence may lie before the label.
  const turnStart = new Array<number>(turnCount);
  const turnEnd = new Array<number>(turnCount);
  for (let k = 0; k < turnCount; k++) {
    turnStart[k] = turns.start(k);
    turnEnd[k] = turns.end(k);
    for (let c = firstChild[n + k]; c >= 0; c = nextSibling[c]) {
      turnStart[k] = Math.min(turnStart[k], unitStart(c));
      turnEnd[k] = Math.max(turnEnd[k], unitEnd(c));
    }
  }
  // Turns and the units outside turns by start, a turn first on a tie.
  const startOf = (node: number): number => (node >= n ? turnStart[node - n] : unitStart(node));
  const top = topNodesByStart(turnCount, topUnits, n, startOf);

  const symbolOf = (node: number): DocumentSymbol =>
    node >= n ? turnSymbol(node - n) : table ? tableUnitSymbol(lines, table, node) : unitSymbol(t.units[node]);
  const turnSymbol = (k: number): DocumentSymbol => {
    // As the turn's own ranges (Turn.labelRange, Turn.range), extended to hold its units.
    const labelRange = lines.rangeOf(turns.start(k), turns.labelEnd(k));
    return {
      name: turns.speaker(k),
      detail: excerpt(plainSlice(text, t.plain, lines.offsetAt(labelRange.end), turns.end(k)), 40),
      kind: SymbolKind.Event,
      range: lines.rangeOf(turnStart[k], turnEnd[k]),
      selectionRange: labelRange,
      children: [],
    };
  };
  const total = n + turnCount;
  let budget = Math.min(max, total);
  let firstLeftOut = -1;
  const build = (nodes: Iterable<number>): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    for (const node of nodes) {
      if (budget === 0) {
        if (firstLeftOut < 0) firstLeftOut = node;
        break;
      }
      budget--;
      const symbol = symbolOf(node);
      symbol.children = build(childrenOf(node));
      out.push(symbol);
    }
    return out;
  };
  function* childrenOf(node: number): Generator<number> {
    for (let c = firstChild[node]; c >= 0; c = nextSibling[c]) yield c;
  }
  const outline = build(top);
  if (total <= max) return outline;
  const at = symbolOf(firstLeftOut);
  outline.push(moreSymbol(total - max, max, at));
  return outline;
}

/**
 * The turns (nodes n..n+turnCount-1) and the units outside turns (`topUnits`, nodes
 * below n) in order of their start, a turn before a unit that starts where it does.
 * Both come in order already (turns and units are read in text order): merged in one
 * pass. A comparison sort of the 64,000 units of one hostile paragraph took about 10 ms
 * of every keystroke; it is kept for the case where either list is out of order.
 */
function topNodesByStart(
  turnCount: number,
  topUnits: number[],
  n: number,
  startOf: (node: number) => number,
): number[] {
  let sorted = true;
  for (let k = 1; k < turnCount && sorted; k++) sorted = startOf(n + k - 1) <= startOf(n + k);
  for (let j = 1; j < topUnits.length && sorted; j++) sorted = startOf(topUnits[j - 1]) <= startOf(topUnits[j]);
  const top: number[] = new Array<number>(turnCount + topUnits.length);
  if (!sorted) {
    for (let k = 0; k < turnCount; k++) top[k] = n + k;
    for (let j = 0; j < topUnits.length; j++) top[turnCount + j] = topUnits[j];
    // Stable: turns come first, so they stay first on ties.
    return top.sort((x, y) => startOf(x) - startOf(y));
  }
  let k = 0;
  let j = 0;
  for (let at = 0; at < top.length; at++) {
    if (j >= topUnits.length || (k < turnCount && startOf(n + k) <= startOf(topUnits[j]))) top[at] = n + k++;
    else top[at] = topUnits[j++];
  }
  return top;
}

/** A transcript's turns by index: from the parse's columns when it has them, else from the turn objects. */
function turnsOf(
  t: Transcript,
  lines: LineIndex,
): {
  count: number;
  start(k: number): number;
  labelEnd(k: number): number;
  end(k: number): number;
  speaker(k: number): string;
} {
  const c = t.table?.columns;
  if (c) {
    return {
      count: c.turnCount,
      start: (k) => c.turnData[3 * k],
      labelEnd: (k) => c.turnData[3 * k + 1],
      end: (k) => c.turnData[3 * k + 2],
      speaker: (k) => c.speakerNames[c.turnSpeakers[k]],
    };
  }
  const turns = t.turns;
  return {
    count: turns.length,
    start: (k) => turns[k].startOffset,
    labelEnd: (k) => lines.offsetAt(turns[k].labelRange.end),
    end: (k) => turns[k].endOffset,
    speaker: (k) => turns[k].speaker,
  };
}

/** A unit's symbol from its object. */
function unitSymbol(u: Unit): DocumentSymbol {
  return {
    name: excerpt(u.text, 40) || '(empty)',
    detail: u.codes.length ? u.codes.join(', ') : 'uncoded',
    kind: SymbolKind.String,
    range: u.range,
    selectionRange: u.contentRange,
    children: [],
  };
}

/** Unit `k`'s symbol from the parse's columns, without making the unit object. */
function tableUnitSymbol(lines: LineIndex, table: UnitTable, k: number): DocumentSymbol {
  const d = table.columns.data;
  const at = k * U.Stride;
  const codes: string[] = [];
  for (let r = table.firstRef(k), last = table.endRef(k); r < last; r++) codes.push(table.codeName(table.refCode(r)));
  // As the unit's own ranges: a span's content starts one character after its `[`.
  const start = lines.positionAt(d[at + U.Start]);
  const contentStart =
    d[at + U.Kind] === 0
      ? { line: start.line, character: start.character + 1 }
      : lines.positionAt(d[at + U.ContentStart]);
  return {
    name: excerpt(table.text(k), 40) || '(empty)',
    detail: codes.length ? codes.join(', ') : 'uncoded',
    kind: SymbolKind.String,
    range: { start, end: lines.positionAt(d[at + U.End]) },
    selectionRange: { start: contentStart, end: lines.positionAt(d[at + U.ContentEnd]) },
    children: [],
  };
}

/** The symbol that ends a cut outline: how many were left out, at the first of them. */
function moreSymbol(more: number, max: number, at: DocumentSymbol): DocumentSymbol {
  return {
    name: `${more} more not shown`,
    detail: `the outline lists at most ${max} turns and units`,
    kind: SymbolKind.Null,
    range: at.range,
    selectionRange: at.selectionRange,
    children: [],
  };
}

/** `workspace/symbol`: the codes (of the study, or `codes`) whose id or title holds the query (any case). */
export function provideWorkspaceSymbols(
  index: StudyIndex,
  query: string,
  codes: readonly IndexedCode[] = index.codes(),
): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  return codes
    .filter((c) => c.id.toLowerCase().includes(q) || c.title.toLowerCase().includes(q))
    .map((c) => {
      const s: SymbolInformation = {
        name: `${c.title} (${c.id})`,
        kind: SymbolKind.Class,
        location: { uri: c.uri, range: c.range },
      };
      const parent = c.parent === null ? undefined : index.getCode(c.parent);
      if (parent) s.containerName = parent.title;
      return s;
    });
}

/** The offset just past the last non-space character in [from, to), or `from`. */
function trimmedEnd(text: string, from: number, to: number): number {
  let e = to;
  while (e > from && /\s/.test(text[e - 1])) e--;
  return Math.max(e, from);
}

function byStart(a: DocumentSymbol, b: DocumentSymbol): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
