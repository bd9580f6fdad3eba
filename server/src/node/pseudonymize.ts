/**
 * `condense pseudonymize` on disk: the new text of every transcript and codebook file
 * with identifying text, a unified diff of them, and the writing of them all at once.
 */
import { createTwoFilesPatch } from 'diff';
import * as path from 'node:path';
import { applyPseudonymEdits } from '../core/identifiers/pseudonyms';
import type { LoadedStudy } from './loadStudy';

/** One file to pseudonymise. */
export interface PseudonymizedFile {
  /** Path relative to the study, with `/`. */
  file: string;
  /** Absolute path. */
  path: string;
  before: string;
  after: string;
  replacements: number;
}

/** The files of a loaded study that hold identifying text, with their pseudonymised text, by path. */
export function planPseudonymize(study: LoadedStudy): PseudonymizedFile[] {
  const guard = study.index.identifierGuard;
  if (!guard) return [];
  const out: PseudonymizedFile[] = [];
  for (const doc of study.index.documents()) {
    const edits = guard.edits(doc);
    if (edits.length === 0) continue;
    const file = study.relPath(doc.uri);
    out.push({
      file,
      path: path.join(study.root, file),
      before: doc.text,
      after: applyPseudonymEdits(doc.text, edits),
      replacements: edits.length,
    });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** A unified diff (`a/` and `b/` paths, 3 lines of context) of the planned changes. */
export function pseudonymizeDiff(files: readonly PseudonymizedFile[]): string {
  return files
    .map((f) =>
      createTwoFilesPatch(`a/${f.file}`, `b/${f.file}`, f.before, f.after, undefined, undefined, {
        context: 3,
      }).replace(/^=+\n/, ''),
    )
    .join('');
}
