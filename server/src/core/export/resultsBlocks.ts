/**
 * The Results section as a list of blocks (headings, Table 1, paragraphs, golden quotes
 * with their sources), for writers that are not Markdown, such as the Word export. It
 * holds what `renderResults` writes as Markdown, in the same order; texts are as the
 * codebook has them (paragraph bodies keep their inline Markdown).
 */
import type { IndexedCode, QuoteProvenance } from '../studyIndex';
import { codeName, resultsSources, unitLine, type ExportInput } from './exportModel';

/** One block of the Results section. */
export type ResultsBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'table'; header: string[]; rows: string[][]; caption: string }
  /** Markdown text of one or more paragraphs (a synthesis as written). */
  | { kind: 'markdown'; text: string }
  /** A golden quote (inline Markdown as written) and where it was found. */
  | { kind: 'quote'; text: string; source: string };

/** The blocks of the Results section, as {@link renderResults} orders them. */
export function resultsBlocks(input: ExportInput, title = 'Results'): ResultsBlock[] {
  const { index } = input;
  const { names, provenance, themes, children } = resultsSources(input);
  const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

  const out: ResultsBlock[] = [{ kind: 'heading', level: 1, text: title }];
  if (!themes.length) {
    out.push({ kind: 'markdown', text: 'The codebook defines no themes yet.' });
    return out;
  }
  const rows: string[][] = [];
  for (const t of themes) {
    const subs = children(t);
    const theme = oneLine(codeName(index, t.id));
    if (!subs.length) rows.push([theme, '']);
    subs.forEach((s, k) => rows.push([k === 0 ? theme : '', oneLine(codeName(index, s.id))]));
  }
  out.push({ kind: 'table', header: ['Themes', 'Subthemes'], rows, caption: 'Table 1. Themes and subthemes.' });

  const section = (c: IndexedCode, level: number): void => {
    out.push({ kind: 'heading', level: Math.min(level, 6), text: oneLine(codeName(index, c.id)) });
    const synthesis = c.sections.filter((s) => s.kind === 'synthesis' && s.body.trim()).map((s) => s.body.trim());
    if (synthesis.length) out.push({ kind: 'markdown', text: synthesis.join('\n\n') });
    for (const p of provenance.get(c.id) ?? [])
      out.push({ kind: 'quote', text: p.quote.text, source: source(p, names) });
    for (const k of children(c)) section(k, level + 1);
  };
  for (const t of themes) section(t, 2);
  return out;
}

/** "P3, fg2, line 42" from where the quote was found; the codebook's own attribution when it was not. */
function source(p: QuoteProvenance, names: Map<string, string>): string {
  const m = p.matches[0];
  if (!m)
    return p.quote.attribution
      ? `${p.quote.attribution} (not found in the transcripts)`
      : 'not found in the transcripts';
  return [m.unit.speaker, names.get(m.uri), `line ${unitLine(m.unit)}`].filter((x): x is string => !!x).join(', ');
}
