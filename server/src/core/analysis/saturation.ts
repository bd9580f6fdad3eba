/**
 * Saturation: taking the transcripts in the order they were collected, how many codes
 * each one used for the first time, and how many codes the study had after it. A study
 * near saturation shows late transcripts that bring few or no new codes.
 */
import { analysisUnits, codeRows, studyTranscripts, type AnalysisInput, type RowKind, type UnitKey } from './studyView';

/** One transcript in the saturation order. */
export interface SaturationStep {
  uri: string;
  relPath: string;
  name: string;
  /** The `date` of its front matter as written, when it is an ISO 8601 date. */
  date?: string;
  /** Distinct codes (or themes) its units carry. */
  codes: number;
  /** The codes it used first, in codebook order. */
  newCodes: string[];
  /** Distinct codes used in it and in every transcript before it. */
  cumulative: number;
  /** With `units`: for each new code, the units of this transcript that carry it. */
  newCodeUnits?: UnitKey[][];
}

/** Saturation of a study. */
export interface Saturation {
  rowKind: RowKind;
  /** How the transcripts were ordered. */
  order: 'date' | 'name' | 'date, then name';
  steps: SaturationStep[];
  /** Transcripts whose `date` is not an ISO 8601 date (they are ordered as if undated). */
  badDates: string[];
}

const ISO_DATE = /^\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/** The front matter's `date` as an ISO 8601 string, or undefined (no date); `null` for a date that is not ISO 8601. */
export function transcriptDate(frontMatter: Record<string, unknown>): string | undefined | null {
  const v = frontMatter.date;
  if (v === undefined || v === null || v === '') return undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1000 && v <= 9999) return String(v);
  if (typeof v === 'string' && ISO_DATE.test(v.trim())) return v.trim();
  return null;
}

/**
 * Orders the transcripts by front matter `date` (ISO 8601, compared as text, which for
 * ISO dates is chronological), ties and undated transcripts by relative path, undated
 * after dated; then counts the codes each one used first.
 */
export function buildSaturation(input: AnalysisInput, options: { rows?: RowKind; units?: boolean } = {}): Saturation {
  const rowKind = options.rows ?? 'codes';
  const rows = codeRows(input.index, rowKind);
  const badDates: string[] = [];
  const dated = studyTranscripts(input).map((t) => {
    const d = transcriptDate(t.transcript.frontMatter);
    if (d === null) badDates.push(t.relPath);
    return { t, date: d ?? undefined };
  });
  dated.sort((a, b) => {
    if (a.date !== undefined && b.date !== undefined && a.date !== b.date) return a.date < b.date ? -1 : 1;
    if ((a.date === undefined) !== (b.date === undefined)) return a.date === undefined ? 1 : -1;
    return a.t.relPath < b.t.relPath ? -1 : a.t.relPath > b.t.relPath ? 1 : 0;
  });
  const nDated = dated.filter((d) => d.date !== undefined).length;
  const seen = new Set<number>();
  const steps: SaturationStep[] = dated.map(({ t, date }) => {
    const used = new Map<number, number[]>();
    analysisUnits(t.transcript).forEach((u, k) => {
      for (const r of rows.rowsOf(u)) {
        const list = used.get(r);
        if (list) list.push(k);
        else used.set(r, [k]);
      }
    });
    const fresh = [...used.keys()].filter((r) => !seen.has(r)).sort((a, b) => a - b);
    for (const r of fresh) seen.add(r);
    const step: SaturationStep = {
      uri: t.uri,
      relPath: t.relPath,
      name: t.name,
      codes: used.size,
      newCodes: fresh.map((r) => rows.ids[r]),
      cumulative: seen.size,
    };
    if (date !== undefined) step.date = date;
    if (options.units)
      step.newCodeUnits = fresh.map((r) => (used.get(r) ?? []).map((index) => ({ uri: t.uri, index })));
    return step;
  });
  const order = nDated === 0 ? 'name' : nDated === steps.length ? 'date' : 'date, then name';
  return { rowKind, order, steps, badDates };
}
