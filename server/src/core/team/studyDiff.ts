/**
 * `condense diff`: everything that changed in the coding between two versions of a
 * study: units (by the rule of unitChanges.ts), the codebook, and the transcripts' text.
 */
import type { Transcript } from '../model';
import { codebookChanges, type CodeChange, type SectionChange } from './codebookChanges';
import type { ParsedSnapshot } from './snapshot';
import { textChanges, type TextChange } from './textAlignment';
import { pairTranscripts, unitChanges, type TranscriptPair, type UnitChange } from './unitChanges';

/** A text difference of one transcript, or a transcript present in one version only. */
export type TextDifference = ({ file: string } & TextChange) | { file: string; onlyIn: 'a' | 'b' };

/** The result of comparing two versions. */
export interface StudyDiff {
  a: string;
  b: string;
  units: UnitChange[];
  codes: CodeChange[];
  sections: SectionChange[];
  textDifferences: TextDifference[];
}

/** Every transcript of either version, by path, with its alignment. */
export function transcriptPairs(a: ParsedSnapshot, b: ParsedSnapshot): TranscriptPair[] {
  const files = new Map<string, { a?: Transcript; b?: Transcript }>();
  for (const d of a.index.documents('transcript')) files.set(d.uri, { a: d.transcript });
  for (const d of b.index.documents('transcript')) {
    const e = files.get(d.uri);
    if (e) e.b = d.transcript;
    else files.set(d.uri, { b: d.transcript });
  }
  return [...files.keys()].sort().map((f) => {
    const e = files.get(f) as { a?: Transcript; b?: Transcript };
    return pairTranscripts(f, e.a, e.b);
  });
}

/** The text differences of the pairs, transcript by transcript. */
export function textDifferences(pairs: TranscriptPair[]): TextDifference[] {
  const out: TextDifference[] = [];
  for (const p of pairs) {
    if (!p.a) out.push({ file: p.file, onlyIn: 'b' });
    else if (!p.b) out.push({ file: p.file, onlyIn: 'a' });
    else if (p.alignment && !p.alignment.identical) {
      for (const c of textChanges(p.alignment, p.a.plain.text, p.b.plain.text)) out.push({ file: p.file, ...c });
    }
  }
  return out;
}

/** Compares two parsed versions of a study. */
export function diffStudies(a: ParsedSnapshot, b: ParsedSnapshot): StudyDiff {
  return diffOfPairs(a, b, transcriptPairs(a, b));
}

/**
 * Compares two versions given their codebooks (in `index`) and their transcripts as
 * pairs, in path order; each pair is read once, so that pairs made on demand can be
 * dropped as soon as they are compared.
 */
export function diffOfPairs(
  a: Pick<ParsedSnapshot, 'label' | 'index'>,
  b: Pick<ParsedSnapshot, 'label' | 'index'>,
  pairs: Iterable<TranscriptPair>,
): StudyDiff {
  const d = new DiffTally();
  for (const p of pairs) d.add(p);
  return d.result(a, b);
}

/**
 * A diff made one transcript pair at a time (in path order), so that a caller can pause
 * between pairs (the language server, to hear a cancellation).
 */
export class DiffTally {
  private readonly units: UnitChange[] = [];
  private readonly texts: TextDifference[] = [];

  /** Compares one pair. */
  add(p: TranscriptPair): void {
    for (const u of unitChanges(p)) this.units.push(u);
    for (const t of textDifferences([p])) this.texts.push(t);
  }

  /** The diff of every pair added, with the codebook changes from `a` to `b`. */
  result(a: Pick<ParsedSnapshot, 'label' | 'index'>, b: Pick<ParsedSnapshot, 'label' | 'index'>): StudyDiff {
    const cb = codebookChanges(a.index, b.index);
    return {
      a: a.label,
      b: b.label,
      units: this.units,
      codes: cb.codes,
      sections: cb.sections,
      textDifferences: this.texts,
    };
  }
}

/** The JSON of `condense diff --json`: unit changes with exactly the documented keys. */
export function diffJson(d: StudyDiff): unknown {
  return {
    a: d.a,
    b: d.b,
    units: d.units.map((u) => ({
      file: u.file,
      change: u.change,
      codesBefore: u.codesBefore,
      codesAfter: u.codesAfter,
      plainStart: u.plainStart,
      plainEnd: u.plainEnd,
      range: u.range,
      text: u.text,
    })),
    codes: d.codes,
    sections: d.sections,
    textDifferences: d.textDifferences,
  };
}
