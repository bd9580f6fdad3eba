/**
 * parseTranscript: the meaning units, speaker turns, front matter and plain text of one
 * transcript. Pure and total: any string in, a Transcript out, never an exception.
 */
import { ItemKind, PANDOC_CLASSES } from '../../../common/attributes';
import { scanBlocks, type Block } from './blocks';
import { readFrontMatter } from './frontMatter';
import { addSpanProblem, formattingOnly, Raw, scanInline, SpecialFinder, type InlineSink } from './inline';
import { IntList } from './intList';
import { ProblemList } from './problemList';
import { LineIndex } from './lineIndex';
import { MAX_UNIT_DEPTH, SPEAKER_PREFIX } from './limits';
import type { Diagnostic, ParseOptions, PlainText, Transcript, Turn, Unit } from './model';
import { buildPlainText, lazyPlainText, PlainCursor } from './plainText';
import { compileSpeakerPattern, type SpeakerMatcher } from './speakers';
import { ColumnsBuilder, U, UnitTable, type UnitColumns } from './unitTable';
import {
  blocksInWasm,
  ColumnProblem,
  endParseInWasm,
  SpanProblem,
  spansInWasm,
  unitColumnsInWasm,
} from './wasmColumns';

interface RawTurn {
  speaker: string;
  start: number;
  labelEnd: number;
  end: number;
}

const ASTRAL = /[\ud800-\udbff][\udc00-\udfff]/;

const scratchUnits = new IntList(1024);
/** The inline text of the paragraphs and headings of a parse: [from, end) pairs. */
const inlines = new IntList(1024);
/**
 * Where the inline scan's units and markup pairs begin in the lists, and where those the
 * module's scan gave end (units, units, pairs, pairs): the lists are in three parts,
 * each nearly in order, which the second half of the parse sorts apart and merges.
 */
const parts = new Int32Array(4);
const scratchMarkup = new IntList(1024);
const scratchItems = new IntList(1024);

const defaultSpeakers = compileSpeakerPattern(undefined) as SpeakerMatcher;

/**
 * Parses a transcript. `options.speakerPattern` overrides the speaker label pattern;
 * `lines` is the line index of `text`, when the caller keeps one.
 */
export function parseTranscript(
  text: string,
  options: ParseOptions = {},
  lines: LineIndex = new LineIndex(text),
): Transcript {
  try {
    return parse(text, options, lines);
  } catch (e) {
    // A bug of ours must not take the editor down with it: report it on the first line.
    return {
      units: [],
      turns: [],
      frontMatter: {},
      participants: {},
      plain: { text, segments: new Int32Array(text.length ? [0, 0, text.length] : []) },
      diagnostics: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 'error',
          code: 'internal-error',
          message: `Condense could not read this file (internal error: ${(e as Error).message}). Please report it.`,
        },
      ],
      lineCount: 1,
    };
  } finally {
    // A large file's WebAssembly memory is not kept (wasmColumns.ts).
    endParseInWasm();
  }
}

/** The numbers of an open div on the parse's stack. */
const enum DivOpen {
  Start,
  End,
  Next,
  ContentStart,
  ItemsFrom,
  ItemsTo,
  AttrEnd,
  Stride,
}

function parse(text: string, options: ParseOptions, lines: LineIndex): Transcript {
  // The parse's own diagnostics, as numbers until asked for (problemList.ts).
  const problems = new ProblemList();
  // The flat lists are used up within this parse (the columns and the plain text are
  // copied out of them), and a parse never runs inside another: they are kept from one
  // parse to the next, so that a study's parses allocate them once, not per file (typed
  // storage is memory outside the heap, and allocating it per file made garbage
  // collections that cost more than the lists save).
  scratchUnits.length = scratchMarkup.length = scratchItems.length = inlines.length = 0;
  const sink: InlineSink = {
    units: scratchUnits,
    items: scratchItems,
    markup: scratchMarkup,
    problems: new ProblemList(),
  };
  const speakers =
    (options.speakerPattern !== undefined && compileSpeakerPattern(options.speakerPattern)) || defaultSpeakers;

  let from = 0;
  if (text.charCodeAt(0) === 0xfeff) {
    sink.markup.push2(0, 1);
    from = 1;
  }
  const fm = readFrontMatter(text, from);
  if (fm) {
    sink.markup.push2(fm.start, fm.end);
    from = fm.end;
    if (fm.error) {
      const at = fm.error.offset;
      problems.add(at, lines.lineEnd(lines.lineAt(at)), 'warning', 'bad-front-matter', fm.error.message);
    }
  }

  const finder = new SpecialFinder(text);
  // Units go here: the divs as the block scan closes them, then the spans as the inline
  // scans close them (see scanInlines); sorted once at the end.
  const raw = sink.units;
  const rawTurns: RawTurn[] = [];
  // Open divs, seven numbers each (DivOpen), innermost last: numbers, since a hostile
  // file holds tens of thousands open at once.
  const divStack: number[] = [];
  const visit = (b: Block): void => {
    switch (b.kind) {
      case 'paragraph': {
        let inlineFrom = b.start;
        if (!b.container) {
          const m = speakers.match(text, b.start, b.end);
          if (m) {
            rawTurns.push({ speaker: m.label, start: b.start, labelEnd: b.start + m.length, end: b.end });
            if (m.boldClose !== undefined) {
              // `**Label:**` is always a matched pair of delimiters: record it here and
              // scan after it, which spares the emphasis matcher most paragraphs.
              sink.markup.push4(b.start, b.start + 2, b.start + m.boldClose, b.start + m.boldClose + 2);
              inlineFrom = b.start + m.length;
            }
          }
        }
        inlines.push2(inlineFrom, b.end);
        break;
      }
      case 'heading':
        inlines.push2(b.contentStart, b.end);
        break;
      case 'divOpen': {
        const a = b.error;
        if (a) {
          const message = `This fence opens no meaning unit: ${a.error}.`;
          problems.add(a.offset, a.unclosed ? b.end : a.offset + 1, 'error', 'bad-attributes', message);
        } else divStack.push(b.start, b.end, b.next, b.contentStart, b.itemsFrom ?? 0, b.itemsTo ?? 0, b.attrEnd ?? 0);
        return;
      }
      case 'divClose': {
        if (divStack.length === 0) return;
        const o = divStack.length - DivOpen.Stride;
        const start = divStack[o + DivOpen.Start];
        const next = divStack[o + DivOpen.Next];
        const itemsFrom = divStack[o + DivOpen.ItemsFrom];
        const itemsTo = divStack[o + DivOpen.ItemsTo];
        const attrStart = divAttrStart(text, divStack[o + DivOpen.ContentStart]);
        const attrEnd = divStack[o + DivOpen.AttrEnd];
        divStack.length = o;
        sink.markup.push4(start, next, b.start, b.next);
        if (!formattingOnly(text, sink.items.data, itemsFrom, itemsTo)) {
          let contentEnd = b.start;
          if (contentEnd > next && text.charCodeAt(contentEnd - 1) === 10) contentEnd--;
          if (contentEnd > next && text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
          // The attribute block itself (`{...}` or the bare class word), as for spans:
          // not the spaces before it nor the optional colons after it.
          const at = raw.reserve(Raw.Stride);
          const u = raw.data;
          u[at + Raw.Start] = start;
          u[at + Raw.End] = b.end;
          u[at + Raw.ContentStart] = next;
          u[at + Raw.ContentEnd] = Math.max(next, contentEnd);
          u[at + Raw.AttrStart] = attrStart;
          u[at + Raw.AttrEnd] = attrEnd;
          u[at + Raw.ItemsFrom] = itemsFrom;
          u[at + Raw.ItemsTo] = itemsTo;
          u[at + Raw.Div] = 1;
        }
        return;
      }
      case 'html':
        sink.markup.push2(b.start, b.next);
        break;
      case 'code':
        break;
    }
    if (rawTurns.length) rawTurns[rawTurns.length - 1].end = b.end;
  };
  // The blocks, and what visit does with them, in WebAssembly where it reads them
  // (wasmColumns.ts; for the default speaker labels), else here.
  const scanned = speakers.isDefault ? blocksInWasm(text, from, lines.starts, sink, inlines, SPEAKER_PREFIX) : null;
  if (scanned) turnsOf(text, scanned.turns, speakers, rawTurns);
  else scanBlocks(text, from, lines.starts, visit, sink.items);
  scanInlines(text, sink, finder);
  if (scanned)
    for (let k = 0; k < scanned.unclosed.length; k += 2)
      problems.add(scanned.unclosed[k], scanned.unclosed[k + 1], 'error', 'unclosed-div', UNCLOSED_DIV);
  for (let o = 0; o < divStack.length; o += DivOpen.Stride)
    problems.add(divStack[o + DivOpen.Start], divStack[o + DivOpen.End], 'error', 'unclosed-div', UNCLOSED_DIV);
  // After the unclosed divs, as they always came: problems at one place keep this order.
  problems.append(sink.problems);

  // The second half, from these lists to the columns: in WebAssembly where it can be
  // (wasmColumns.ts), else here. Both give the same answers.
  let plain: PlainText;
  let columns: UnitColumns;
  const fast = unitColumnsInWasm(text, raw, sink.items, sink.markup, rawTurns, MAX_UNIT_DEPTH, parts);
  if (fast) {
    plain = lazyPlainText(text, fast.segments);
    const out = new ColumnsBuilder(0, 0, rawTurns.length);
    for (const t of rawTurns) out.addTurn(t.speaker, t.start, t.labelEnd, t.end);
    columns = out.columns(fast);
    addColumnProblems(fast.problems, problems);
  } else {
    const order = sortedUnits(raw.data, raw.length / Raw.Stride, text.length);
    const rd = raw.data;
    plain = buildPlainText(text, sink.markup);
    // Room for every unit and turn, and for the code references of every class (pandoc's
    // own among them, so at least enough).
    let classes = 0;
    const items = sink.items.data;
    for (let b = 0; b < raw.length; b += Raw.Stride)
      for (let j = rd[b + Raw.ItemsFrom]; j < rd[b + Raw.ItemsTo]; j += 6)
        if ((items[j] as ItemKind) === ItemKind.Class) classes++;
    const out = new ColumnsBuilder(order.length, classes, rawTurns.length);
    for (const t of rawTurns) out.addTurn(t.speaker, t.start, t.labelEnd, t.end);
    addUnits(text, rd, order, items, rawTurns, plain, out, problems);
    columns = out.columns();
  }

  problems.sort();
  // Only a text with astral characters (emoji) needs the plain string to count code points.
  const table = new UnitTable(columns, lines, plain, ASTRAL.test(text));
  return transcriptOf(table, fm?.data ?? {}, fm?.participants ?? {}, problems);
}

/**
 * The speaker turns the WebAssembly block scan found (wasmColumns.ts's WasmBlocks.turns),
 * appended to `out` as visit makes them: a bold label it read, or a paragraph whose label
 * the speaker pattern decides (a paragraph that has none leaves its text to the turn before).
 */
function turnsOf(text: string, found: Int32Array, speakers: SpeakerMatcher, out: RawTurn[]): void {
  for (let k = 0; k < found.length; k += 7) {
    const start = found[k + 1];
    if (found[k] === 1) {
      const speaker = speakers.label(text, found[k + 4], found[k + 5]);
      out.push({ speaker, start, labelEnd: found[k + 2], end: found[k + 3] });
      continue;
    }
    const m = speakers.match(text, start, found[k + 6]);
    if (m) out.push({ speaker: m.label, start, labelEnd: start + m.length, end: found[k + 3] });
    else if (out.length) out[out.length - 1].end = found[k + 3];
  }
}

/** Adds the units' problems the WebAssembly found (wasmColumns.ts), as addUnits adds them. */
function addColumnProblems(found: Int32Array, problems: ProblemList): void {
  for (let k = 0; k < found.length; k += 4) {
    const start = found[k + 1];
    const end = found[k + 2];
    switch (found[k] as ColumnProblem) {
      case ColumnProblem.TooDeep:
        problems.add(start, end, 'error', 'too-deep', tooDeepMessage(found[k + 3]));
        break;
      case ColumnProblem.Empty:
        problems.add(start, end, 'warning', 'empty-unit', EMPTY_UNIT);
        break;
      case ColumnProblem.Uncoded:
        problems.add(start, end, 'hint', 'uncoded-unit', UNCODED_UNIT);
        break;
    }
  }
}

/**
 * The inline scan of every paragraph and heading the block scan listed (`inlines`), once
 * the blocks are read: in WebAssembly, one call for the file, which hands back the
 * paragraphs it does not read (wasmColumns.ts); scanInline reads those, or all of them
 * where the module cannot be used. Units, items and markup go to the lists in another
 * order than a scan block by block would put them (the divs' first): the second half of
 * the parse sorts them.
 */
function scanInlines(text: string, sink: InlineSink, finder: SpecialFinder): void {
  const problems = sink.problems;
  parts[0] = sink.units.length / Raw.Stride;
  parts[2] = sink.markup.length / 2;
  const back = spansInWasm(text, inlines, sink, (kind, start, end) =>
    addSpanProblem(problems, kind === SpanProblem.NeverOpened, start, end),
  );
  parts[1] = sink.units.length / Raw.Stride;
  parts[3] = sink.markup.length / 2;
  const at = inlines.data;
  if (back === null) for (let k = 0; k < inlines.length; k += 2) scanInline(text, at[k], at[k + 1], sink, finder);
  else for (const k of back) scanInline(text, at[2 * k], at[2 * k + 1], sink, finder);
}

/**
 * Adds the units of a parse to `out` in order of their starts (`order`, over the raw
 * records `rd`), with their nesting, turn and plain-text range, and their problems. A
 * function of its own, apart from the parse of blocks: the JIT compiles this loop, which
 * runs once per unit, without the rest of the parse, and so sooner on a cold start.
 */
function addUnits(
  text: string,
  rd: Int32Array,
  order: Int32Array,
  items: Int32Array,
  rawTurns: readonly RawTurn[],
  plain: PlainText,
  out: ColumnsBuilder,
  problems: ProblemList,
): void {
  const plainCursor = new PlainCursor(plain.segments);
  // Ends of the open units, innermost last, and their indices.
  const stack: number[] = [];
  const stackEnds: number[] = [];
  let turn = -1;
  // The outermost unit too deep to read, and the end of what it holds.
  // The open too-deep problem (its message counts the units it skips), or -1.
  let tooDeep = -1;
  let skipEnd = -1;
  let skipped = 0;
  for (let n = 0; n < order.length; n++) {
    const r = order[n] * Raw.Stride;
    const start = rd[r + Raw.Start];
    const end = rd[r + Raw.End];
    const contentStart = rd[r + Raw.ContentStart];
    const contentEnd = rd[r + Raw.ContentEnd];
    const div = rd[r + Raw.Div];
    if (start < skipEnd) {
      skipped++;
      continue;
    }
    if (tooDeep >= 0) {
      problems.setMessage(tooDeep, tooDeepMessage(skipped));
      tooDeep = -1;
    }
    while (stack.length && stackEnds[stackEnds.length - 1] <= start) {
      stack.pop();
      stackEnds.pop();
    }
    if (stack.length >= MAX_UNIT_DEPTH) {
      tooDeep = problems.add(start, div < 0 ? start + 1 : rd[r + Raw.AttrEnd], 'error', 'too-deep', '');
      skipEnd = end;
      skipped = 1;
      continue;
    }
    while (turn + 1 < rawTurns.length && rawTurns[turn + 1].start <= contentStart) turn++;
    const p16s = plainCursor.at(contentStart);
    const p16e = Math.max(p16s, plainCursor.after(contentEnd));
    const k = out.addUnit();
    let coded = false;
    // A unit's classes, read as parseAttributes would build them (`-` is `unnumbered`,
    // Pandoc's own); its id and pairs stay items until asked for (UnitTable.extras).
    const from = rd[r + Raw.ItemsFrom];
    const to = rd[r + Raw.ItemsTo];
    for (let j = from; j < to; j += 6) {
      if ((items[j] as ItemKind) !== ItemKind.Class) continue;
      const name = text.slice(items[j + 1], items[j + 2]);
      if (isPandocClass(name)) continue;
      out.addRef(name, items[j + 1], items[j + 2]);
      coded = true;
    }
    out.addSpanAttributes(k, items, from, to);
    const d = out.data;
    const at = k * U.Stride;
    d[at + U.Start] = start;
    d[at + U.End] = end;
    d[at + U.ContentStart] = contentStart;
    d[at + U.ContentEnd] = contentEnd;
    d[at + U.AttrStart] = rd[r + Raw.AttrStart];
    d[at + U.AttrEnd] = rd[r + Raw.AttrEnd];
    d[at + U.PlainStart16] = p16s;
    d[at + U.PlainEnd16] = p16e;
    d[at + U.Parent] = stack.length ? stack[stack.length - 1] : -1;
    d[at + U.Depth] = stack.length;
    d[at + U.Turn] = turn >= 0 && contentStart <= rawTurns[turn].end ? turn : -1;
    d[at + U.Kind] = div < 0 ? 0 : 1;
    if (plainBlank(text, plain, plainCursor.segment(), contentStart, contentEnd)) {
      problems.add(start, end, 'warning', 'empty-unit', EMPTY_UNIT);
    } else if (!coded) {
      problems.add(contentStart, contentEnd, 'hint', 'uncoded-unit', UNCODED_UNIT);
    }
    stack.push(k);
    stackEnds.push(end);
  }

  if (tooDeep >= 0) problems.setMessage(tooDeep, tooDeepMessage(skipped));
}

const UNCLOSED_DIV = 'This fenced div is never closed: add a line with `:::` where the meaning unit ends.';
const EMPTY_UNIT = 'This meaning unit holds no text.';
const UNCODED_UNIT = 'Meaning unit not yet sorted into a code: add one, e.g. `{.code}`.';

/**
 * A Transcript over a unit table: `units` and `turns` are made when first read (they are
 * enumerable, so the object still reads, compares and serialises as plain data); the
 * table itself is not enumerable. So are the diagnostics when given as a ProblemList,
 * which is kept (not enumerable) as `problems`.
 */
export function transcriptOf(
  table: UnitTable,
  frontMatter: Transcript['frontMatter'],
  participants: Transcript['participants'],
  diagnostics: Diagnostic[] | ProblemList,
): Transcript {
  // Properties added in the order they are listed (JSON writes them so), the accessors with
  // getters shared by every transcript that read the table from the object: transcripts
  // share one hidden class and keep fast properties. (A literal whose data properties were
  // then redefined as getters, each a closure of its own, made every transcript a
  // dictionary of properties; see also lazyPlainText.)
  const t = {} as Transcript;
  Object.defineProperty(t, 'units', { enumerable: true, configurable: true, get: unitsOfTable });
  Object.defineProperty(t, 'turns', { enumerable: true, configurable: true, get: turnsOfTable });
  t.frontMatter = frontMatter;
  t.participants = participants;
  t.plain = table.plain;
  if (diagnostics instanceof ProblemList)
    Object.defineProperty(t, 'diagnostics', { enumerable: true, configurable: true, get: diagnosticsOfProblems });
  else t.diagnostics = diagnostics;
  t.lineCount = table.lines.lineCount;
  if (diagnostics instanceof ProblemList)
    Object.defineProperty(t, 'problems', { enumerable: false, value: diagnostics });
  Object.defineProperty(t, 'table', { enumerable: false, value: table });
  return t;
}

/** The getters of {@link transcriptOf}'s transcripts. */
function unitsOfTable(this: Transcript): Unit[] {
  return (this.table as UnitTable).units();
}
function turnsOfTable(this: Transcript): Turn[] {
  return (this.table as UnitTable).turns();
}
function diagnosticsOfProblems(this: Transcript): Diagnostic[] {
  return (this.problems as ProblemList).all((this.table as UnitTable).lines);
}

/**
 * True when the plain text of source range [from, to) is blank, read in place; `first` is
 * the last segment starting at or before `from` (0 when none does).
 */
function plainBlank(source: string, plain: PlainText, first: number, from: number, to: number): boolean {
  const seg = plain.segments;
  for (let k = 3 * first; k < seg.length; k += 3) {
    const s = seg[k];
    const e = s + seg[k + 2];
    if (e <= from) continue;
    if (s >= to) break;
    if (!isBlank(source, Math.max(s, from), Math.min(e, to))) return false;
  }
  return true;
}

function tooDeepMessage(skipped: number): string {
  const inner = skipped > 1 ? ` and the ${skipped - 1} inside it are` : ' is';
  return `Meaning units nest more than ${MAX_UNIT_DEPTH} levels deep here: this unit${inner} not read. Close some units before opening others.`;
}

/** Where a div's attributes begin: the first character after the fence's colons and spaces. */
function divAttrStart(text: string, from: number): number {
  let i = from;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return i;
}

/** Pandoc's own classes all start with s, u or m: test the first letter before hashing. */
function isPandocClass(name: string): boolean {
  const c = name.charCodeAt(0);
  return (c === 115 || c === 117 || c === 109) && PANDOC_CLASSES.has(name);
}

/** True when `s` holds nothing but whitespace in [from, to) (a loop: most texts answer at their first character). */
function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9 && c !== 0xa0 && !(c > 127 && /\s/.test(s[i]))) return false;
  }
  return true;
}

/**
 * The order of the units of `raw` (record numbers) by start, outer before inner. Spans
 * arrive in the order they close, so a unit nested in another comes just before it: the
 * input is nearly sorted, and an insertion sort puts it in order in time linear in the
 * units plus the places each one moves. A deeply nested input moves units far: past 8
 * moves per unit on average, a slot per start offset orders them in linear time
 * ({@link bySlot}). No two units start at the same place, so both give the one order
 * there is.
 */
function sortedUnits(raw: Int32Array, n: number, size: number): Int32Array {
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  const before = (a: number, b: number): boolean => {
    const sa = raw[a * Raw.Stride + Raw.Start];
    const sb = raw[b * Raw.Stride + Raw.Start];
    return sa < sb || (sa === sb && raw[a * Raw.Stride + Raw.End] > raw[b * Raw.Stride + Raw.End]);
  };
  let budget = 8 * n;
  for (let i = 1; i < n; i++) {
    const u = order[i];
    let j = i - 1;
    if (!before(u, order[j])) continue;
    do {
      order[j + 1] = order[j];
      j--;
      budget--;
    } while (j >= 0 && before(u, order[j]));
    order[j + 1] = u;
    if (budget < 0) return bySlot(raw, n, size) ?? order.sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));
  }
  return order;
}

/**
 * The units in order of their starts, each put in a slot by its start offset (below
 * `size`) and the slots read in order: linear in the units and the text. Null when two
 * units start at the same offset, which the parse never makes (each starts at its own
 * `[` or fence), so the comparison sort orders them then.
 */
function bySlot(raw: Int32Array, n: number, size: number): Int32Array | null {
  const slots = new Int32Array(size + 1);
  for (let k = 0; k < n; k++) {
    const start = raw[k * Raw.Stride + Raw.Start];
    if (slots[start] !== 0) return null;
    slots[start] = k + 1;
  }
  const order = new Int32Array(n);
  let j = 0;
  for (let s = 0; s <= size; s++) if (slots[s] !== 0) order[j++] = slots[s] - 1;
  return order;
}
