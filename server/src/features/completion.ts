/**
 * Completion. In a transcript, inside a unit's attribute block (`]{.` or a div's
 * `::: {.`), every code of the codebook, most used first. In a codebook's Quotes section,
 * the texts of the units of that code, inserted as a blockquote with an attribution.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import type { LineIndex } from '../core/lineIndex';
import type { Code } from '../core/model';
import type { StudyIndex } from '../core/studyIndex';
import { codePathTitle, countsLine, excerpt, shortName } from './codeInfo';

/** Characters that open completion: `.` of a class, `{` of an attribute block, `>` of a quote. */
export const COMPLETION_TRIGGERS = ['.', '{', '>'];

/** Completion items at `position`, or an empty list where Condense has nothing to offer. */
export function provideCompletion(index: StudyIndex, uri: string, position: Position): CompletionItem[] {
  const doc = index.getDocument(uri);
  if (!doc) return [];
  const lines = doc.lines;
  const offset = lines.offsetAt(position);
  const lineStart = lines.starts[position.line] ?? 0;
  const before = doc.text.slice(lineStart, offset);
  if (doc.transcript) return codeItems(index, doc.text, before, offset, position);
  if (doc.codebook) return quoteItems(index, uri, before, position, lines);
  return [];
}

/** Where the cursor is in an attribute block: the partial class typed so far. */
function attributeContext(before: string): { prefix: string; dotted: boolean } | null {
  const open = before.lastIndexOf('{');
  if (open < 0 || before.indexOf('}', open) >= 0) return null;
  const lead = before.slice(0, open);
  const isSpan = lead.endsWith(']');
  const isDiv = /^:{3,}\s*$/.test(lead);
  if (!isSpan && !isDiv) return null;
  const inside = before.slice(open + 1);
  // Inside a quoted value: no completion.
  if ((inside.match(/"/g)?.length ?? 0) % 2 === 1) return null;
  const m = /(?:^|[\s}])(\.?)([\p{L}\p{N}_:.-]*)$/u.exec(inside);
  if (!m) return null;
  if (!m[1] && m[2]) return null; // typing a key or an id, not a class
  return { prefix: m[2], dotted: m[1] === '.' };
}

function codeItems(
  index: StudyIndex,
  text: string,
  before: string,
  offset: number,
  position: Position,
): CompletionItem[] {
  const ctx = attributeContext(before);
  if (!ctx) return [];
  // Replace the whole identifier under the cursor, also what follows it.
  let end = offset;
  while (end < text.length && /[\p{L}\p{N}_:.-]/u.test(text[end])) end++;
  const range: Range = {
    start: { line: position.line, character: position.character - ctx.prefix.length },
    end: { line: position.line, character: position.character + (end - offset) },
  };
  const counts = index.allCounts();
  const codes = index.codes();
  const order = codes
    .map((c, k) => ({ c, k, n: counts.get(c.id)?.directUnits ?? 0 }))
    .sort((a, b) => b.n - a.n || a.k - b.k);
  return order.map(({ c, n }, rank): CompletionItem => {
    const total = counts.get(c.id) ?? { units: 0, transcripts: 0, speakers: 0 };
    const insert = ctx.dotted ? c.id : `.${c.id}`;
    return {
      label: c.id,
      labelDetails: { description: c.title },
      kind: c.depth === 0 ? CompletionItemKind.Class : CompletionItemKind.EnumMember,
      detail: c.parent ? codePathTitle(index, c.parent) : 'Theme',
      documentation: { kind: MarkupKind.Markdown, value: codeDocumentation(c, total, n) },
      sortText: String(rank).padStart(5, '0'),
      filterText: ctx.dotted ? c.id : `.${c.id}`,
      textEdit: { range, newText: insert },
      insertTextFormat: InsertTextFormat.PlainText,
    };
  });
}

function codeDocumentation(
  c: Code,
  total: { units: number; transcripts: number; speakers: number },
  direct: number,
): string {
  const parts = [`**${c.title}** \`#${c.id}\``];
  if (c.description) parts.push(excerpt(c.description, 400));
  parts.push(`${countsLine(total)}${direct !== total.units ? ` (${direct} coded directly)` : ''}`);
  return parts.join('\n\n');
}

function quoteItems(
  index: StudyIndex,
  uri: string,
  before: string,
  position: Position,
  lines: LineIndex,
): CompletionItem[] {
  if (!/^\s{0,3}>?\s*$/.test(before) && !/^\s{0,3}>/.test(before)) return [];
  // A section's body ends at the start of the next heading's line, so that line passed
  // the test below: never offer a quote that would replace a heading.
  const lineText = lines.text.slice(lines.starts[position.line] ?? 0, lines.lineEnd(position.line));
  if (/^ {0,3}#{1,6}(?:[ \t]|$)/.test(lineText)) return [];
  const doc = index.getDocument(uri);
  const code = doc?.codebook?.codes.find((c) =>
    c.sections.some(
      (s) =>
        s.kind === 'quotes' &&
        s.range.start.line < position.line &&
        position.line <= Math.max(s.bodyRange.end.line, s.range.start.line + 1),
    ),
  );
  if (!code) return [];
  const lineEnd = lines.lineEnd(position.line) - lines.starts[position.line];
  const range: Range = {
    start: { line: position.line, character: 0 },
    end: { line: position.line, character: lineEnd },
  };
  return index.unitsByCode(code.id, true).map((r, k): CompletionItem => {
    const text = r.unit.text.replace(/\s+/g, ' ').trim();
    const attribution = [shortName(r.uri).toUpperCase(), r.unit.speaker].filter(Boolean).join(', ');
    return {
      label: excerpt(text, 60),
      kind: CompletionItemKind.Text,
      detail: `${shortName(r.uri)}${r.unit.speaker ? ` · ${r.unit.speaker}` : ''} · line ${r.unit.range.start.line + 1}`,
      documentation: { kind: MarkupKind.Markdown, value: `> ${text}` },
      sortText: String(k).padStart(5, '0'),
      filterText: `> ${text}`,
      textEdit: { range, newText: `> ${text} (${attribution})` },
    };
  });
}
