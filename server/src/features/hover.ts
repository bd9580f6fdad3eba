/**
 * Hover. On a code class or a codebook heading: the code's title, path, description,
 * counts and the start of its condensate. On a unit: its codes and speaker. On a golden
 * quote: where it was found, with the text around it.
 */
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver-types';
import type { Quote } from '../core/model';
import type { StudyIndex } from '../core/studyIndex';
import { codePathTitle, countsLine, escapeMarkdown, excerpt, shortName } from './codeInfo';
import { contains } from './ranges';

/** The hover at `position`, or null. */
export function provideHover(index: StudyIndex, uri: string, position: Position): Hover | null {
  const doc = index.getDocument(uri);
  if (!doc) return null;
  const at = index.codeAt(uri, position);
  if (at) return { contents: { kind: MarkupKind.Markdown, value: codeHover(index, at.id) }, range: at.range };
  if (doc.codebook) {
    for (const c of doc.codebook.codes) {
      const q = c.quotes.find((x) => contains(x.range, position));
      if (q) return { contents: { kind: MarkupKind.Markdown, value: quoteHover(index, q) }, range: q.range };
    }
    return null;
  }
  const unit = index.unitAt(uri, position);
  if (!unit) return null;
  const u = unit.unit;
  const lines: string[] = [];
  const codes = u.codes.length
    ? u.codes.map((c) => `${escapeMarkdown(index.getCode(c)?.title ?? 'unknown code')} (\`${c}\`)`).join(', ')
    : '*not yet sorted into a code*';
  lines.push(`**Meaning unit** · ${codes}`);
  const facts = [u.speaker ? `speaker **${escapeMarkdown(u.speaker)}**` : '', u.id ? `id \`${u.id}\`` : ''].filter(
    Boolean,
  );
  if (facts.length) lines.push(facts.join(' · '));
  if (u.note) lines.push(`*Memo:* ${escapeMarkdown(u.note)}`);
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range: u.range };
}

function codeHover(index: StudyIndex, id: string): string {
  const c = index.getCode(id);
  if (!c) return `**Unknown code** \`${id}\`: no codebook heading defines it.`;
  const parts = [`**${escapeMarkdown(c.title)}** \`#${c.id}\``];
  if (c.parent) parts.push(`*${escapeMarkdown(codePathTitle(index, c.parent))}*`);
  if (c.description) parts.push(escapeMarkdown(excerpt(c.description, 500)));
  parts.push(countsLine(index.counts(id)));
  const condensate = c.sections.find((s) => s.kind === 'condensate' && s.body);
  if (condensate) parts.push(`**Condensate:** ${escapeMarkdown(excerpt(condensate.body, 300))}`);
  return parts.join('\n\n');
}

function quoteHover(index: StudyIndex, q: Quote): string {
  const p = index.quoteProvenance().find((x) => x.quote === q || sameRange(x.quote.range, q.range));
  if (!p || p.matches.length === 0) {
    const closest = p?.closest
      ? `\n\nClosest unit (${shortName(p.closest.uri)}): "${escapeMarkdown(excerpt(p.closest.unit.text, 200))}"`
      : '';
    return `**Golden quote not found** in the units of \`${q.code}\`.${closest}`;
  }
  const out = ['**Golden quote**'];
  for (const m of p.matches.slice(0, 3)) {
    const where = `${shortName(m.uri)}, line ${m.unit.range.start.line + 1}${m.unit.speaker ? `, ${escapeMarkdown(m.unit.speaker)}` : ''}`;
    out.push(`From ${where}:`, `> ${surrounding(index, m.uri, m.unit.startOffset, m.unit.endOffset)}`);
  }
  if (p.matches.length > 3) out.push(`…and ${p.matches.length - 3} more units.`);
  return out.join('\n\n');
}

/** The unit's paragraph with the unit in bold, shortened around it. */
function surrounding(index: StudyIndex, uri: string, start: number, end: number): string {
  const text = index.getDocument(uri)?.text ?? '';
  // Paragraphs end at a blank line, with LF or CR LF line breaks. (Searching for `\n\n`
  // alone missed CR LF paragraphs, and its -1 for "none before" made the start offset 1,
  // dropping the file's first character.)
  const from = Math.max(0, start - 200);
  let paraStart = from;
  for (const m of text.slice(from, start).matchAll(/\n[ \t]*\r?\n/g)) paraStart = from + (m.index ?? 0) + m[0].length;
  const blank = /\r?\n[ \t]*\r?\n/.exec(text.slice(end, end + 200));
  const paraEnd = blank ? end + blank.index : Math.min(text.length, end + 200);
  const clean = (s: string): string => escapeMarkdown(s.replace(/\s+/g, ' '));
  return `${paraStart > 0 && text[paraStart - 1] !== '\n' ? '…' : ''}${clean(text.slice(paraStart, start))}**${clean(text.slice(start, end)).trim()}**${clean(text.slice(end, paraEnd))}`;
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
