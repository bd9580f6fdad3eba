/**
 * The cap on the diagnostics one file sends to an editor: VS Code itself shows no more than
 * 1000 per file, and a hostile file (170,000 unclosed brackets) would otherwise cost every
 * keystroke a 30 MB message to build, compare and send. `condense check` lists them all.
 */
import type { Diagnostic } from './model';

/** At most this many diagnostics of one file go to the editor (and one more that counts the rest). */
export const MAX_PUBLISHED_PER_FILE = 1000;

const RANK: Record<Diagnostic['severity'], number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Diagnostics in position order, read one at a time, so that only those kept are made. */
export interface DiagnosticSequence {
  readonly length: number;
  severityAt(i: number): Diagnostic['severity'];
  diagnosticAt(i: number): Diagnostic;
}

/**
 * The diagnostics of a file as published: all of them when there are at most `max`;
 * otherwise the `max` most severe (errors first, then warnings, information and hints;
 * by position within a severity), in position order, and then one `more-diagnostics`
 * information diagnostic, at the first one left out, that says how many were left out.
 * `ds` is sorted by position, as the index gives it.
 */
export function capDiagnostics(ds: Diagnostic[], max = MAX_PUBLISHED_PER_FILE): Diagnostic[] {
  if (ds.length <= max) return ds;
  return capSequence({ length: ds.length, severityAt: (i) => ds[i].severity, diagnosticAt: (i) => ds[i] }, max);
}

/** {@link capDiagnostics} of a sequence, making only the diagnostics it keeps and the first it leaves out. */
export function capSequence(seq: DiagnosticSequence, max = MAX_PUBLISHED_PER_FILE): Diagnostic[] {
  const n = seq.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => seq.diagnosticAt(i));
  // The least severe rank that still fits, and how many of that rank fit.
  const perRank = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) perRank[RANK[seq.severityAt(i)]]++;
  let rank = 0;
  let room = max;
  while (perRank[rank] <= room) room -= perRank[rank++];
  const kept: Diagnostic[] = [];
  let firstLeftOut: Diagnostic | null = null;
  for (let i = 0; i < n; i++) {
    const r = RANK[seq.severityAt(i)];
    if (r < rank || (r === rank && room-- > 0)) kept.push(seq.diagnosticAt(i));
    else firstLeftOut ??= seq.diagnosticAt(i);
  }
  const more = n - kept.length;
  kept.push({
    range: (firstLeftOut ?? seq.diagnosticAt(n - 1)).range,
    severity: 'information',
    code: 'more-diagnostics',
    message: `${more} more problems in this file are not shown (at most ${max} per file are sent to the editor); \`condense check\` lists them all.`,
    data: { more },
  });
  return kept;
}
