/**
 * parseCodebook: the codes of a codebook file. A heading with an identifier attribute
 * (`## Title {#id color="#4e79a7"}`) defines a code whose parent is the nearest enclosing
 * code heading of a lower level; headings without an identifier inside a code are its
 * sections (Condensate, Quotes, Synthesis, or others); Quotes holds golden quotes as
 * blockquotes. Pure and total.
 */
import { AttributeMemo, parseAttributes, probeAttributes, type ParsedAttributes } from '../../../common/attributes';
import { scanBlocks, type Block } from './blocks';
import { readFrontMatter } from './frontMatter';
import { inlinePlain, SpecialFinder } from './inline';
import { LineIndex } from './lineIndex';
import type { Code, Codebook, Diagnostic, ParseOptions, Quote, Section, SectionNames } from './model';
import { ProblemList } from './problemList';

/** The section names recognised when a study does not configure its own. */
export const DEFAULT_SECTION_NAMES: SectionNames = {
  condensate: ['condensate', 'condensates'],
  quotes: ['quotes', 'golden quotes', 'quotations'],
  synthesis: ['synthesis', 'analytic text'],
};

/** Parses one codebook file; `lines` is the line index of `text`, when the caller keeps one. */
export function parseCodebook(
  text: string,
  options: ParseOptions = {},
  lines: LineIndex = new LineIndex(text),
): Codebook {
  try {
    return parse(text, options, lines);
  } catch (e) {
    return {
      codes: [],
      diagnostics: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 'error',
          code: 'internal-error',
          message: `Condense could not read this codebook (internal error: ${(e as Error).message}). Please report it.`,
        },
      ],
      lineCount: 1,
    };
  }
}

const UNCLOSED_HEADING_BLOCK = "This heading's attribute block is never closed with `}`, so it defines no code.";

/** Where a codebook keeps its line index for its diagnostics (not enumerable). */
const LINES = Symbol('lines');

/**
 * A Codebook whose diagnostics are made from `problems` when first read (enumerable, so
 * the object still reads, compares and serialises as plain data); the list itself is kept,
 * not enumerable, as `problems`, for a capped list made from the numbers. The getter is
 * the same for every codebook, as transcripts' are (see transcriptOf).
 */
function codebookOf(codes: Code[], problems: ProblemList, lines: LineIndex): Codebook {
  const book = { codes } as Codebook & { [LINES]: LineIndex };
  Object.defineProperty(book, 'diagnostics', { enumerable: true, configurable: true, get: diagnosticsOfBook });
  book.lineCount = lines.lineCount;
  Object.defineProperty(book, 'problems', { enumerable: false, value: problems });
  Object.defineProperty(book, LINES, { enumerable: false, value: lines });
  return book;
}

/** The diagnostics getter of {@link codebookOf}'s codebooks. */
function diagnosticsOfBook(this: Codebook & { [LINES]: LineIndex }): Diagnostic[] {
  return (this.problems as ProblemList).all(this[LINES]);
}

interface Open {
  level: number;
  code: Code | null;
}

function parse(text: string, options: ParseOptions, lines: LineIndex): Codebook {
  const names = resolveSectionNames(options.sections);
  // Diagnostics as numbers until asked for (problemList.ts): a hostile codebook has one
  // per heading, and the editor is sent 1,000.
  const problems = new ProblemList();
  const duplicateMessages = new Map<Code, string>();
  let from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fm = readFrontMatter(text, from);
  if (fm) from = fm.end;
  const codes: Code[] = [];
  const seen = new Map<string, Code>();
  const stack: Open[] = [];
  // One finder and one attribute memo for the whole file: a fresh finder per title would
  // search the rest of the file for every special character at each heading.
  const finder = new SpecialFinder(text);
  const memo = new AttributeMemo(text);
  let current: { code: Code; section: Section | null; bodyFrom: number } | null = null;

  const closeBody = (upTo: number): void => {
    if (!current) return;
    const body = text.slice(current.bodyFrom, upTo).trim();
    if (current.section) {
      current.section.body = body;
      current.section.bodyRange = lines.rangeOf(current.bodyFrom, upTo);
    } else if (current.code.description === '') current.code.description = body;
  };

  scanBlocks(text, from, lines.starts, (b) => {
    if (b.kind === 'heading') {
      closeBody(b.start);
      while (stack.length && stack[stack.length - 1].level >= b.level) stack.pop();
      const attrs = headingAttributes(text, b, problems, memo);
      const titleEnd = attrs ? attrs.start : trimEnd(text, b.contentStart, b.end);
      const title = inlinePlain(text, b.contentStart, titleEnd, finder).trim();
      const id = attrs?.parsed.attributes.id;
      let enclosing: Code | null = null;
      for (let k = stack.length - 1; k >= 0 && enclosing === null; k--) enclosing = stack[k].code;
      if (id !== undefined && attrs) {
        const a = attrs.parsed;
        const idItem = a.items.find((it) => it.kind === 'id' && it.name === id) ?? a.items[0];
        const color = a.attributes.pairs.find(([k]) => k === 'color')?.[1];
        const code: Code = {
          id,
          title,
          parent: enclosing ? enclosing.id : null,
          depth: enclosing ? enclosing.depth + 1 : 0,
          level: b.level,
          attributes: a.attributes.pairs.filter(([k]) => k !== 'color'),
          range: lines.rangeOf(b.start, b.end),
          idRange: lines.rangeOf(idItem.nameStart, idItem.nameEnd),
          description: '',
          sections: [],
          quotes: [],
        };
        if (color !== undefined) code.color = color;
        const prior = seen.get(id);
        if (prior) {
          // One message per code defined first (the same string each time, hashed once).
          let message = duplicateMessages.get(prior);
          if (message === undefined) {
            message = `The code \`${id}\` is already defined on line ${prior.range.start.line + 1} ("${prior.title}"). Give this one another id.`;
            duplicateMessages.set(prior, message);
          }
          problems.add(idItem.nameStart, idItem.nameEnd, 'error', 'duplicate-code', message, { id });
        } else {
          seen.set(id, code);
          codes.push(code);
        }
        stack.push({ level: b.level, code });
        current = { code, section: null, bodyFrom: b.next };
      } else if (enclosing) {
        const section: Section = {
          kind: sectionKind(title, names),
          title,
          range: lines.rangeOf(b.start, b.end),
          body: '',
          bodyRange: lines.rangeOf(b.next, b.next),
        };
        enclosing.sections.push(section);
        stack.push({ level: b.level, code: null });
        current = { code: enclosing, section, bodyFrom: b.next };
      } else {
        current = null;
      }
      return;
    }
    if (
      current?.section?.kind === 'quotes' &&
      b.kind === 'paragraph' &&
      text.charCodeAt(firstNonSpace(text, b.start)) === 62
    ) {
      current.code.quotes.push(readQuote(text, b, current.code.id, lines));
    }
  });
  closeBody(text.length);
  problems.sort();
  return codebookOf(codes, problems, lines);
}

function resolveSectionNames(custom: Partial<SectionNames> | undefined): SectionNames {
  const lower = (xs: string[] | undefined, dflt: string[]): string[] =>
    xs && xs.length ? xs.map((x) => x.trim().toLowerCase()) : dflt;
  return {
    condensate: lower(custom?.condensate, DEFAULT_SECTION_NAMES.condensate),
    quotes: lower(custom?.quotes, DEFAULT_SECTION_NAMES.quotes),
    synthesis: lower(custom?.synthesis, DEFAULT_SECTION_NAMES.synthesis),
  };
}

function sectionKind(title: string, names: SectionNames): Section['kind'] {
  const t = title.trim().toLowerCase();
  if (names.condensate.includes(t)) return 'condensate';
  if (names.quotes.includes(t)) return 'quotes';
  if (names.synthesis.includes(t)) return 'synthesis';
  return 'other';
}

function firstNonSpace(text: string, i: number): number {
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  // Optional closing hashes of an ATX heading.
  let e = end;
  while (e > start && text.charCodeAt(e - 1) === 35) e--;
  if (e < end && (e === start || /\s/.test(text[e - 1]))) {
    end = e;
    while (end > start && /\s/.test(text[end - 1])) end--;
  }
  return end;
}

/** The trailing `{...}` of a heading, if any: where it starts and what it holds. */
function headingAttributes(
  text: string,
  b: Block,
  problems: ProblemList,
  memo: AttributeMemo,
): { start: number; parsed: ParsedAttributes } | null {
  const end = trimEnd(text, b.contentStart, b.end);
  if (text.charCodeAt(end - 1) !== 125 /* } */) {
    // Searched in the heading only: a search of the whole text before it, at every heading
    // without attributes, made a codebook of many such headings quadratic.
    const at = text.slice(b.contentStart, end).lastIndexOf('{#');
    const brace = at < 0 ? -1 : b.contentStart + at;
    if (brace >= b.contentStart) {
      problems.add(brace, end, 'error', 'bad-attributes', UNCLOSED_HEADING_BLOCK);
    }
    return null;
  }
  let k = lastBrace(text, end - 1, b.contentStart);
  let firstError: { offset: number; error: string } | null = null;
  // Probes first (where each block would end), sharing what they learn: the scans from
  // many braces of one heading run over the same text.
  while (k >= b.contentStart) {
    const r = probeAttributes(text, k, end, memo);
    if (typeof r === 'number') {
      if (r === end) return { start: k, parsed: parseAttributes(text, k, end) as ParsedAttributes };
    } else if (!firstError) firstError = { offset: r.offset, error: r.error };
    k = lastBrace(text, k - 1, b.contentStart);
  }
  // Report only a block that tried to define a code (it holds a `#id`), not stray braces in a title.
  if (firstError && text.slice(b.contentStart, end).includes('#')) {
    problems.add(
      firstError.offset,
      end,
      'error',
      'bad-attributes',
      `This heading defines no code: ${firstError.error}.`,
    );
  }
  return null;
}

/** The last `{` in `text[min, at]`, or -1: a search that never leaves the heading. */
function lastBrace(text: string, at: number, min: number): number {
  for (let k = at; k >= min; k--) if (text.charCodeAt(k) === 123) return k;
  return -1;
}

/** JavaScript's `\s`, the set String.prototype.trim removes. */
const SPACE = /\s/;

function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  return c > 127 && SPACE.test(text[i]);
}

/** Start of the run of white space that ends at `at` (exclusive). */
function spaceRunStart(text: string, at: number): number {
  while (at > 0 && isSpaceAt(text, at - 1)) at--;
  return at;
}

/**
 * The attribution at the end of a quote: `(Name)`, `— Name` (em or en dash) or ` - Name`
 * (one or two hyphens between spaces), as the leftmost match of
 * `/\s*(?:\(([^()]*)\)|[—–]\s*([^—–]+?)|\s-{1,2}\s+([^-]+?))\s*$/` would find it. Written
 * out by hand: that expression backtracks quadratically on long runs of spaces. Each
 * alternative can only start at one place (the last `(`, the last dash, the last
 * hyphens), so the match is the one of those whose leading spaces begin first.
 */
export function findAttribution(body: string): { index: number; attribution: string } | null {
  const len = body.length;
  let end = len;
  while (end > 0 && isSpaceAt(body, end - 1)) end--;
  const found: { start: number; index: number; attribution: string }[] = [];
  // `(...)`: the last `(` before a closing `)` with no parenthesis between.
  if (end > 0 && body.charCodeAt(end - 1) === 41) {
    const open = body.lastIndexOf('(', end - 2);
    if (open >= 0 && body.indexOf(')', open + 1) === end - 1) {
      found.push({ start: open, index: spaceRunStart(body, open), attribution: body.slice(open + 1, end - 1).trim() });
    }
  }
  // `— name`: the last dash, with at least one character after it.
  const dash = Math.max(body.lastIndexOf('—'), body.lastIndexOf('–'));
  if (dash >= 0 && dash + 1 < len)
    found.push({ start: dash, index: spaceRunStart(body, dash), attribution: body.slice(dash + 1).trim() });
  // ` - name`: the last hyphens (one or two), a space before and after, and one more character.
  const hy = body.lastIndexOf('-');
  if (hy >= 0) {
    let run = 1;
    while (hy - run >= 0 && body.charCodeAt(hy - run) === 45) run++;
    const at = hy - run;
    if (run <= 2 && at >= 0 && isSpaceAt(body, at) && hy + 1 < len && isSpaceAt(body, hy + 1) && hy + 2 < len) {
      found.push({ start: at, index: spaceRunStart(body, at), attribution: body.slice(hy + 1).trim() });
    }
  }
  // The leftmost match wins; at the same start the greedy `\s*` tries the latest alternative first.
  let best: (typeof found)[number] | null = null;
  for (const f of found)
    if (!best || f.index < best.index || (f.index === best.index && f.start > best.start)) best = f;
  return best ? { index: best.index, attribution: best.attribution } : null;
}

function readQuote(text: string, b: Block, code: string, lines: LineIndex): Quote {
  const body = text
    .slice(b.start, b.end)
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s{0,3}>\s?/, ''))
    .join(' ')
    .trim();
  const quote: Quote = { text: body, range: lines.rangeOf(b.start, b.end), code };
  const m = findAttribution(body);
  if (m && m.index > 0) {
    quote.text = body.slice(0, m.index).trim();
    quote.attribution = m.attribution;
  }
  return quote;
}
