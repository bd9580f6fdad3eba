/**
 * The study report: the paper's Table 1 (themes and their subthemes) with the counts
 * that show how well each is grounded, as Markdown or as JSON.
 */
import type { CodeCounts, StudyIndex } from './studyIndex';

/** One row of the report: a theme, a subtheme or a deeper code. */
export interface ReportRow extends CodeCounts {
  id: string;
  title: string;
  depth: number;
  parent: string | null;
  color?: string;
}

/** The report as data. */
export interface Report {
  rows: ReportRow[];
  totals: {
    transcripts: number;
    units: number;
    codedUnits: number;
    uncodedUnits: number;
    speakers: number;
  };
  /** Codes used in transcripts that no codebook heading defines, with their unit counts. */
  unknownCodes: { id: string; units: number }[];
}

/** Builds the report from the index. */
export function buildReport(index: StudyIndex): Report {
  const counts = index.allCounts();
  const rows: ReportRow[] = [];
  const walk = (id: string): void => {
    const c = index.getCode(id);
    if (!c) return;
    const row: ReportRow = {
      id,
      title: c.title,
      depth: c.depth,
      parent: c.parent,
      ...(counts.get(id) ?? { units: 0, directUnits: 0, transcripts: 0, speakers: 0 }),
    };
    if (c.color !== undefined) row.color = c.color;
    rows.push(row);
    for (const k of c.children) walk(k);
  };
  for (const r of index.rootCodes()) walk(r);
  const transcripts = index.documents('transcript');
  let units = 0;
  let coded = 0;
  const speakers = new Set<string>();
  for (const d of transcripts) {
    for (const u of d.transcript?.units ?? []) {
      units++;
      if (u.codes.length) coded++;
    }
    for (const t of d.transcript?.turns ?? []) speakers.add(`${d.uri}\u0000${t.speaker}`);
  }
  const unknownCodes = [...counts.entries()]
    .filter(([id]) => !index.getCode(id))
    .map(([id, n]) => ({ id, units: n.directUnits }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    rows,
    totals: {
      transcripts: transcripts.length,
      units,
      codedUnits: coded,
      uncodedUnits: units - coded,
      speakers: speakers.size,
    },
    unknownCodes,
  };
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Renders the report as Markdown: the table, then a line of totals. */
export function renderReportMarkdown(report: Report, title = 'Themes and subthemes'): string {
  const out: string[] = [`# ${title}`, ''];
  if (report.rows.length === 0) {
    out.push(
      'The codebook defines no codes yet: add a heading such as `# My first theme {#first}` to codebook.md.',
      '',
    );
  } else {
    out.push('| Theme | Subtheme | Units | Transcripts | Speakers |', '| --- | --- | ---: | ---: | ---: |');
    for (const r of report.rows) {
      const name = cell(r.title || r.id);
      const [theme, sub] = r.depth === 0 ? [`**${name}**`, ''] : ['', `${'— '.repeat(r.depth - 1)}${name}`];
      out.push(`| ${theme} | ${sub} | ${r.units} | ${r.transcripts} | ${r.speakers} |`);
    }
    out.push('');
  }
  const t = report.totals;
  out.push(
    `${t.transcripts} transcripts, ${t.speakers} speakers, ${t.units} meaning units (${t.codedUnits} coded, ${t.uncodedUnits} not yet sorted into a code).`,
  );
  if (report.unknownCodes.length) {
    out.push(
      '',
      `Codes used but not in the codebook: ${report.unknownCodes.map((u) => `\`${u.id}\` (${u.units})`).join(', ')}.`,
    );
  }
  return `${out.join('\n')}\n`;
}
