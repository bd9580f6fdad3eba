/**
 * The diagnostics of one document of a study: the parser's own, plus those that need the
 * rest of the study (unknown codes in transcripts; duplicates, unused codes and golden
 * quotes not found in the codebook), and in both the identifying text of the study's
 * identifiers file.
 */
import { capDiagnostics, capSequence, type DiagnosticSequence } from './diagnosticCap';
import type { LineIndex } from './lineIndex';
import type { Diagnostic, Position, Range } from './model';
import type { ProblemList } from './problemList';
import type { StudyIndex } from './studyIndex';

/**
 * Every diagnostic of `uri`, sorted by position (empty for a document not indexed); with
 * `max`, capped as {@link capDiagnostics} caps them. A transcript's or codebook's own
 * diagnostics are then made only for those kept: a hostile file has hundreds of thousands.
 */
export function studyDiagnostics(index: StudyIndex, uri: string, max = Infinity): Diagnostic[] {
  const doc = index.getDocument(uri);
  if (!doc) return [];
  if (doc.transcript) {
    const own = doc.transcript.problems;
    const out: Diagnostic[] = [];
    // Without any codebook every code would be unknown: say nothing until there is one.
    if (index.hasCodebook()) {
      const table = doc.transcript.table;
      if (table) {
        // On the table: each interned code is looked up once, a range made only for an unknown one.
        const known = table.columns.codeNames.map((id) => index.getCode(id) !== undefined);
        for (let r = 0; r < table.columns.refCount; r++) {
          const c = table.refCode(r);
          if (!known[c]) out.push(unknownCode(table.codeName(c), table.refRange(r)));
        }
      } else {
        for (const u of doc.transcript.units)
          for (const r of u.codeRefs) if (!index.getCode(r.id)) out.push(unknownCode(r.id, r.range));
      }
    }
    if (index.identifierGuard) out.push(...index.identifierGuard.diagnostics(doc));
    if (own && own.length + out.length > max) return capSequence(merged(own, doc.lines, sortDiagnostics(out)), max);
    return capDiagnostics(sortDiagnostics([...doc.transcript.diagnostics, ...out]), max);
  }
  const out = [...index.duplicatesIn(uri), ...(index.identifierGuard?.diagnostics(doc) ?? [])];
  const used = index.usedCodes();
  const hasTranscripts = index.documents('transcript').length > 0;
  for (const c of doc.codebook?.codes ?? []) {
    if (index.getCode(c.id)?.uri !== uri) continue;
    if (hasTranscripts && !used.has(c.id)) {
      out.push({
        range: c.idRange,
        severity: 'information',
        code: 'unused-code',
        message: `No meaning unit is coded \`${c.id}\` yet (nor any of its subcodes).`,
        data: { id: c.id },
      });
    }
  }
  for (const p of index.quoteProvenance()) {
    if (p.uri !== uri || p.matches.length > 0) continue;
    const hint = p.closest ? ` The closest unit says: "${oneLine(p.closest.unit.text, 120)}"` : '';
    out.push({
      range: p.quote.range,
      severity: 'warning',
      code: 'quote-not-found',
      message: `This golden quote is not found in any meaning unit coded \`${p.quote.code}\` or its subcodes.${hint}`,
      data: p.closest
        ? { id: p.quote.code, closest: p.closest.unit.text, uri: p.closest.uri, range: p.closest.unit.contentRange }
        : { id: p.quote.code },
    });
  }
  const own = doc.codebook?.problems;
  if (own && own.length + out.length > max) return capSequence(merged(own, doc.lines, sortDiagnostics(out)), max);
  return capDiagnostics(sortDiagnostics([...(doc.codebook?.diagnostics ?? []), ...out]), max);
}

/**
 * A document's own problems (in position order) and its other diagnostics (sorted) as
 * one sequence in position order, the problems first where both start at one place: the
 * order sorting them all together gives (a stable sort of the problems, then the rest).
 */
function merged(own: ProblemList, lines: LineIndex, rest: Diagnostic[]): DiagnosticSequence {
  // Where each place of the sequence comes from: a problem's place (>= 0) or ~ a rest's index.
  const from = new Int32Array(own.length + rest.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < from.length; k++) {
    if (j < rest.length && (i >= own.length || before(rest[j].range.start, lines.positionAt(own.startAt(i))))) {
      from[k] = ~j++;
    } else from[k] = i++;
  }
  return {
    length: from.length,
    severityAt: (k) => (from[k] >= 0 ? own.severityAt(from[k]) : rest[~from[k]].severity),
    diagnosticAt: (k) => (from[k] >= 0 ? own.diagnosticAt(from[k], lines) : rest[~from[k]]),
  };
}

/** Whether position `a` comes strictly before `b`. */
function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function unknownCode(id: string, range: Range): Diagnostic {
  return {
    range,
    severity: 'error',
    code: 'unknown-code',
    message: `Unknown code \`${id}\`: no codebook heading defines it. Add a heading such as \`## Title {#${id}}\` to the codebook, or fix the spelling.`,
    data: { id },
  };
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(
    (x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character,
  );
}

/** Collapses whitespace and shortens text for a message. */
function oneLine(text: string, max: number): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
