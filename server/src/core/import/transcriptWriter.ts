/**
 * Writes an imported text source as a Condense transcript: the text with every
 * Markdown-significant character escaped, so that Condense's plain text of the file is
 * exactly the source text, and each selection as a unit (`[text]{.code}` or a fenced
 * div). The result is checked by parsing it back: what is written reads back exactly.
 */
import { parseTranscript } from '../transcript';
import { MAX_UNIT_DEPTH } from '../limits';
import { layout, nestingDepth, nestSelections, shapeOf, type LayoutNode, type Placed, type RawSplit } from './layout';

/** A unit to write, in code points of the source text. */
export interface UnitSpec {
  start: number;
  end: number;
  /** Code ids, in order. */
  codes: string[];
  id?: string;
  note?: string;
  /** Names the selection in reports (e.g. its name or GUID). */
  label: string;
}

/** A selection that was cut into pieces, in code points. */
export interface SplitReport {
  label: string;
  reason: 'crossing' | 'paragraphs';
  pieces: [number, number][];
}

/** The written transcript. */
export interface WrittenTranscript {
  markdown: string;
  splits: SplitReport[];
}

/** Writes `text` with `units` after the given front matter (which ends with a line break). */
export function writeTranscript(text: string, units: UnitSpec[], frontMatter: string): WrittenTranscript {
  const { toU16, fromU16 } = offsetMaps(text);
  // Selections with the same range stay apart (nested, the first outside): each has its
  // own codes, name and memo, as in the project.
  const placed: Placed[] = units.map((u) => {
    const p: Placed = { start: toU16[u.start], end: toU16[u.end], codes: [...new Set(u.codes)], labels: [u.label] };
    if (u.id !== undefined) p.id = u.id;
    if (u.note !== undefined) p.note = u.note;
    return p;
  });
  // Checked before the recursive layout, which deep nesting would overflow, and since
  // Condense reads no unit deeper than MAX_UNIT_DEPTH.
  const depth = nestingDepth(nestSelections(placed, []));
  if (depth > MAX_UNIT_DEPTH)
    throw new Error(
      `its selections nest ${depth} levels deep, more than the ${MAX_UNIT_DEPTH} levels of meaning units Condense reads`,
    );
  const shape = shapeOf(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let lastProblem = '';
  for (const allowDivs of [true, false]) {
    const raw: RawSplit[] = [];
    const nested = nestSelections(placed, raw);
    const tree = layout(nested, shape, allowDivs, raw);
    const markdown = frontMatter + emit(text, tree, eol);
    const problem = verify(markdown, text, tree, fromU16);
    if (!problem) {
      const splits = raw.map((r) => ({
        label: r.label,
        reason: r.reason,
        pieces: r.pieces.map(([a, b]): [number, number] => [cpOf(fromU16, a), cpOf(fromU16, b)]),
      }));
      return { markdown, splits };
    }
    lastProblem = problem;
  }
  throw new Error(`could not write the units of this text as Markdown that reads back exactly (${lastProblem})`);
}

/**
 * The offset maps of a text: the UTF-16 offset of every code-point offset 0..n, and the
 * code-point offset of every UTF-16 offset (-1 inside a surrogate pair). Typed arrays,
 * 8 bytes per character in all: a JS array and a Map of one entry per character took
 * gigabytes for a large source and crashed the importer.
 */
function offsetMaps(text: string): { toU16: Uint32Array; fromU16: Int32Array } {
  const fromU16 = new Int32Array(text.length + 1).fill(-1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    fromU16[i] = cp++;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  fromU16[text.length] = cp;
  const toU16 = new Uint32Array(cp + 1);
  for (let i = 0; i <= text.length; i++) if (fromU16[i] >= 0) toU16[fromU16[i]] = i;
  return { toU16, fromU16 };
}

/** The code-point offset of UTF-16 offset `u` (itself when it falls inside a pair). */
function cpOf(fromU16: Int32Array, u: number): number {
  const cp = u >= 0 && u < fromU16.length ? fromU16[u] : -1;
  return cp >= 0 ? cp : u;
}

/** Attribute block `{#id .a .b note="..."}`. */
function attributes(n: LayoutNode): string {
  const parts: string[] = [];
  if (n.id !== undefined) parts.push(`#${n.id}`);
  for (const c of n.codes) parts.push(`.${c}`);
  if (n.note !== undefined)
    parts.push(`note="${n.note.replace(/\s+/g, ' ').trim().replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return `{${parts.join(' ')}}`;
}

interface Events {
  closes: { depth: number; text: string }[];
  /** `bracket`: the open starts with `[` (a span or an empty unit), so a `!` before it must be escaped. */
  opens: { depth: number; text: string; span: boolean; bracket: boolean }[];
}

/** The Markdown body: escaped text with the units' markup inserted. */
function emit(text: string, tree: LayoutNode[], eol: string): string {
  const events = new Map<number, Events>();
  const at = (p: number): Events => {
    let e = events.get(p);
    if (!e) events.set(p, (e = { closes: [], opens: [] }));
    return e;
  };
  const walk = (ns: LayoutNode[]): void => {
    for (const n of ns) {
      if (n.kind === 'div') {
        at(n.start).opens.push({ depth: n.depth, text: `::: ${attributes(n)}${eol}`, span: false, bracket: false });
        const nl = text.charCodeAt(n.end) === 13 && text.charCodeAt(n.end + 1) === 10 ? 2 : 1;
        at(n.end + nl).closes.push({ depth: n.depth, text: `:::${eol}` });
      } else if (n.start === n.end) {
        at(n.start).opens.push({ depth: n.depth, text: `[]${attributes(n)}`, span: false, bracket: true });
      } else {
        at(n.start).opens.push({ depth: n.depth, text: '[', span: true, bracket: true });
        at(n.end).closes.push({ depth: n.depth, text: `]${attributes(n)}` });
      }
      walk(n.children);
    }
  };
  walk(tree);
  const spanOpenAt = (p: number): boolean => events.get(p)?.opens.some((o) => o.span) ?? false;
  const bracketAt = (p: number): boolean => {
    const e = events.get(p);
    if (!e) return false;
    // Closes come first: `]{...}` ends in `}`, so only a first open right at p follows the character.
    return e.closes.length === 0 && e.opens.length > 0 && [...e.opens].sort((a, b) => a.depth - b.depth)[0].bracket;
  };

  const out: string[] = [];
  // Unchanged characters are copied in runs (one slice each), not one string per
  // character: for a source of millions of characters that was most of the memory.
  let runStart = 0;
  const flush = (at: number): void => {
    if (at > runStart) out.push(text.slice(runStart, at));
    runStart = at;
  };
  let lineStart = true;
  let first = -1;
  for (let i = 0; i <= text.length; i++) {
    const ev = events.get(i);
    if (ev) {
      flush(i);
      ev.closes.sort((a, b) => b.depth - a.depth).forEach((c) => out.push(c.text));
      ev.opens.sort((a, b) => a.depth - b.depth).forEach((o) => out.push(o.text));
    }
    if (i === text.length) break;
    const ch = text[i];
    const c = text.charCodeAt(i);
    if (lineStart) {
      let j = i;
      while (text[j] === ' ' || text[j] === '\t') j++;
      first = j;
      lineStart = false;
    }
    const written = escapeChar(
      text,
      i,
      ch,
      i === first,
      events.has(i) || events.has(i + 1),
      spanOpenAt(i),
      bracketAt(i + 1),
    );
    if (written !== ch) {
      flush(i);
      out.push(written);
      runStart = i + 1;
    }
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lineStart = true;
  }
  flush(text.length);
  return guardIndentedLines(out.join(''), eol);
}

const ALWAYS = new Set(['\\', '`', '[', ']', '*', '<']);
const ALNUM = /^[\p{L}\p{N}]$/u;

/** The character at `i` as written: escaped when Markdown would read it as markup there. */
function escapeChar(
  text: string,
  i: number,
  ch: string,
  isFirst: boolean,
  nearEvent: boolean,
  openHere: boolean,
  openNext: boolean,
): string {
  if (ALWAYS.has(ch)) return `\\${ch}`;
  if (ch === '_') return !nearEvent && ALNUM.test(text[i - 1] ?? '') && ALNUM.test(text[i + 1] ?? '') ? ch : '\\_';
  if (ch === '!' && openNext) return '\\!';
  if (ch === '^' && openHere) return '\\^';
  if (ch === '&' && /^&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/.test(text.slice(i, i + 40))) return '\\&';
  if (isFirst) {
    if (ch === '#' || ch === '>' || ch === '-' || ch === '+' || ch === '=' || ch === '|') return `\\${ch}`;
    if (ch === '~' && text.startsWith('~~~', i)) return '\\~';
    if (ch === ':' && text.startsWith(':::', i)) return '\\:';
  }
  if ((ch === '.' || ch === ')') && /^\d{1,9}$/.test(lineDigitsBefore(text, i))) return `\\${ch}`;
  return ch;
}

/** The run of digits from the first non-space character of the line up to `i`, or '' when something else stands before. */
function lineDigitsBefore(text: string, i: number): string {
  let j = i;
  while (j > 0 && text.charCodeAt(j - 1) >= 48 && text.charCodeAt(j - 1) <= 57) j--;
  if (j === i) return '';
  let k = j;
  while (k > 0 && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
  return k === 0 || text[k - 1] === '\n' || text[k - 1] === '\r' ? text.slice(j, i) : '';
}

/**
 * A line indented by four columns or more after a blank line (or a fence) would be read
 * as indented code, where escapes and units mean nothing: an empty HTML comment line
 * before it (markup, left out of the plain text) makes it an ordinary paragraph.
 */
function guardIndentedLines(body: string, eol: string): string {
  const lines = body.split(/(?<=\n|\r(?!\n))/);
  const out: string[] = [];
  let open = true;
  for (const line of lines) {
    if (/^[ \t]*(?:\r\n?|\n)?$/.test(line)) {
      open = true;
      out.push(line);
      continue;
    }
    if (open && indentWidth(line) >= 4) out.push(`<!-- -->${eol}`);
    out.push(line);
    open = /^:::/.test(line);
  }
  return out.join('');
}

function indentWidth(line: string): number {
  let w = 0;
  for (const ch of line) {
    if (ch === ' ') w++;
    else if (ch === '\t') w += 4 - (w % 4);
    else break;
  }
  return w;
}

/** Parses the written Markdown back and says what differs, or null when it reads back exactly. */
function verify(markdown: string, text: string, tree: LayoutNode[], fromU16: Int32Array): string | null {
  const t = parseTranscript(markdown);
  if (t.plain.text !== text) {
    let k = 0;
    while (k < text.length && t.plain.text[k] === text[k]) k++;
    return `the text differs at offset ${k}`;
  }
  const want: string[] = [];
  const walk = (ns: LayoutNode[]): void => {
    for (const n of ns) {
      want.push(`${cpOf(fromU16, n.start)}:${cpOf(fromU16, n.end)}:${n.codes.join(' ')}:${n.id ?? ''}`);
      walk(n.children);
    }
  };
  walk(tree);
  const got = t.units.map((u) => `${u.plainStart}:${u.plainEnd}:${u.codes.join(' ')}:${u.id ?? ''}`);
  want.sort();
  got.sort();
  for (let k = 0; k < Math.max(want.length, got.length); k++) {
    if (want[k] !== got[k]) return `unit ${want[k] ?? got[k]} was not read back`;
  }
  return null;
}
