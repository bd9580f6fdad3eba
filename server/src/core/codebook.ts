/**
 * parseCodebook: the codes of a codebook file. A heading with an identifier attribute
 * (`## Title {#id color="#4e79a7"}`) defines a code whose parent is the nearest enclosing
 * code heading of a lower level; headings without an identifier inside a code are its
 * sections (Condensate, Quotes, Synthesis, or others); Quotes holds golden quotes as
 * blockquotes. Pure and total.
 */
import { parseAttributes, type ParsedAttributes } from '../../../common/attributes';
import { scanBlocks, type Block } from './blocks';
import { readFrontMatter } from './frontMatter';
import { inlinePlain } from './inline';
import { LineIndex } from './lineIndex';
import type { Code, Codebook, Diagnostic, ParseOptions, Quote, Section, SectionNames } from './model';

/** The section names recognised when a study does not configure its own. */
export const DEFAULT_SECTION_NAMES: SectionNames = {
  condensate: ['condensate', 'condensates'],
  quotes: ['quotes', 'golden quotes', 'quotations'],
  synthesis: ['synthesis', 'analytic text'],
};

/** Parses one codebook file; `lines` is the line index of `text`, when the caller keeps one. */
export function parseCodebook(text: string, options: ParseOptions = {}, lines: LineIndex = new LineIndex(text)): Codebook {
  try {
    return parse(text, options, lines);
  } catch (e) {
    return {
      codes: [],
      diagnostics: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 'error',
          code: 'bad-config',
          message: `Condense could not read this codebook (internal error: ${(e as Error).message}). Please report it.`,
        },
      ],
      lineCount: 1,
    };
  }
}

interface Open {
  level: number;
  code: Code | null;
}

function parse(text: string, options: ParseOptions, lines: LineIndex): Codebook {
  const names = resolveSectionNames(options.sections);
  const diagnostics: Diagnostic[] = [];
  let from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fm = readFrontMatter(text, from);
  if (fm) from = fm.end;
  const blocks = scanBlocks(text, from, lines.starts);
  const codes: Code[] = [];
  const seen = new Map<string, Code>();
  const stack: Open[] = [];
  let current: { code: Code; section: Section | null; bodyFrom: number } | null = null;

  const closeBody = (upTo: number): void => {
    if (!current) return;
    const body = text.slice(current.bodyFrom, upTo).trim();
    if (current.section) {
      current.section.body = body;
      current.section.bodyRange = lines.rangeOf(current.bodyFrom, upTo);
    } else if (current.code.description === '') current.code.description = body;
  };

  for (let bi = 0; bi < blocks.length; bi++) {
    const b = blocks[bi];
    if (b.kind === 'heading') {
      closeBody(b.start);
      while (stack.length && stack[stack.length - 1].level >= b.level) stack.pop();
      const attrs = headingAttributes(text, b, lines, diagnostics);
      const titleEnd = attrs ? attrs.start : trimEnd(text, b.contentStart, b.end);
      const title = inlinePlain(text, b.contentStart, titleEnd).trim();
      const id = attrs?.parsed.attributes.id;
      const enclosing = [...stack].reverse().find((o) => o.code !== null)?.code ?? null;
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
          diagnostics.push({
            range: code.idRange,
            severity: 'error',
            code: 'duplicate-code',
            message: `The code \`${id}\` is already defined on line ${prior.range.start.line + 1} ("${prior.title}"). Give this one another id.`,
            data: { id },
          });
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
      continue;
    }
    if (current?.section?.kind === 'quotes' && b.kind === 'paragraph' && text.charCodeAt(firstNonSpace(text, b.start)) === 62) {
      current.code.quotes.push(readQuote(text, b, current.code.id, lines));
    }
  }
  closeBody(text.length);
  return { codes, diagnostics, lineCount: lines.lineCount };
}

function resolveSectionNames(custom: Partial<SectionNames> | undefined): SectionNames {
  const lower = (xs: string[] | undefined, dflt: string[]): string[] => (xs && xs.length ? xs.map((x) => x.trim().toLowerCase()) : dflt);
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
function headingAttributes(text: string, b: Block, lines: LineIndex, diagnostics: Diagnostic[]): { start: number; parsed: ParsedAttributes } | null {
  const end = trimEnd(text, b.contentStart, b.end);
  if (text.charCodeAt(end - 1) !== 125 /* } */) {
    const brace = text.lastIndexOf('{#', end);
    if (brace >= b.contentStart) {
      diagnostics.push({
        range: lines.rangeOf(brace, end),
        severity: 'error',
        code: 'bad-attributes',
        message: "This heading's attribute block is never closed with `}`, so it defines no code.",
      });
    }
    return null;
  }
  let k = text.lastIndexOf('{', end - 1);
  let firstError: { offset: number; error: string } | null = null;
  while (k >= b.contentStart) {
    const r = parseAttributes(text, k, end);
    if (!('error' in r)) {
      if (r.end === end) return { start: k, parsed: r };
    } else if (!firstError) firstError = { offset: r.offset, error: r.error };
    k = k > b.contentStart ? text.lastIndexOf('{', k - 1) : -1;
  }
  // Report only a block that tried to define a code (it holds a `#id`), not stray braces in a title.
  if (firstError && text.slice(b.contentStart, end).includes('#')) {
    diagnostics.push({
      range: lines.rangeOf(firstError.offset, end),
      severity: 'error',
      code: 'bad-attributes',
      message: `This heading defines no code: ${firstError.error}.`,
    });
  }
  return null;
}

const ATTRIBUTION = /\s*(?:\(([^()]*)\)|[—–]\s*([^—–]+?)|\s-{1,2}\s+([^-]+?))\s*$/;

function readQuote(text: string, b: Block, code: string, lines: LineIndex): Quote {
  const body = text
    .slice(b.start, b.end)
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s{0,3}>\s?/, ''))
    .join(' ')
    .trim();
  const quote: Quote = { text: body, range: lines.rangeOf(b.start, b.end), code };
  const m = ATTRIBUTION.exec(body);
  if (m && m.index > 0) {
    quote.text = body.slice(0, m.index).trim();
    quote.attribution = (m[1] ?? m[2] ?? m[3] ?? '').trim();
  }
  return quote;
}
