/**
 * The Results section of a paper, drafted from the codebook: Table 1 (themes and their
 * subthemes) as a Pandoc pipe table, then per theme a `##` heading and per subtheme a
 * `###` heading with its synthesis and its golden quotes, each attributed to speaker,
 * transcript and line. Pure; `pandoc results.md -o results.docx` reads it.
 */
import type { IndexedCode, QuoteProvenance } from '../studyIndex';
import { codeName, resultsSources, unitLine, type ExportInput } from './exportModel';
import { escapeStudyMarkdown, escapeStudyText } from './safeMarkdown';

/** Options of the Results export. */
export interface ResultsOptions {
  /** The top heading (default "Results"). */
  title?: string;
}

/** Renders the Results section as Markdown. */
export function renderResults(input: ExportInput, options: ResultsOptions = {}): string {
  const { index } = input;
  const { names, provenance, themes, children } = resultsSources(input);

  const out: string[] = [`# ${escapeStudyText(options.title ?? 'Results')}`, ''];
  if (!themes.length) {
    out.push('The codebook defines no themes yet.', '');
    return `${out.join('\n')}`;
  }
  out.push('| Themes | Subthemes |', '| --- | --- |');
  for (const t of themes) {
    const subs = children(t);
    const theme = escapeStudyText(oneLine(codeName(index, t.id)));
    if (!subs.length) out.push(`| ${theme} |  |`);
    subs.forEach((s, k) =>
      out.push(`| ${k === 0 ? theme : ''} | ${escapeStudyText(oneLine(codeName(index, s.id)))} |`),
    );
  }
  out.push('', 'Table: Table 1. Themes and subthemes.', '');

  const section = (c: IndexedCode, level: number): void => {
    out.push(
      `${'#'.repeat(Math.min(level, 6))} ${escapeStudyText(codeName(index, c.id).replace(/\s+/g, ' ').trim())}`,
      '',
    );
    const synthesis = c.sections
      .filter((s) => s.kind === 'synthesis' && s.body.trim())
      .map((s) => escapeStudyMarkdown(s.body.trim()));
    if (synthesis.length) out.push(synthesis.join('\n\n'), '');
    else if (level > 2 || !c.children.length)
      out.push(`<!-- No synthesis yet: write one under "### Synthesis" of ${c.id} in the codebook. -->`, '');
    for (const p of provenance.get(c.id) ?? []) {
      out.push(...blockquote(p.quote.text), '>', `> — ${attribution(p, names)}`, '');
    }
    for (const k of children(c)) section(k, level + 1);
  };
  for (const t of themes) section(t, 2);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** Text on one line, for a table cell. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function blockquote(text: string): string[] {
  return text.split(/\r?\n/).map((l) => (l.trim() ? `> ${escapeStudyMarkdown(l)}` : '>'));
}

/** "P3, fg2, line 42" from where the quote was found; the codebook's own attribution when it was not. */
function attribution(p: QuoteProvenance, names: Map<string, string>): string {
  const m = p.matches[0];
  if (!m)
    return p.quote.attribution
      ? `${escapeStudyText(p.quote.attribution)} (not found in the transcripts)`
      : 'not found in the transcripts';
  const parts = [m.unit.speaker, names.get(m.uri), `line ${unitLine(m.unit)}`].filter((x): x is string => !!x);
  return escapeStudyText(parts.join(', '));
}
