/**
 * The CLI's `condense pseudonymize` (the export gate is node/exportGate.ts, shared with
 * the language server's exports). Output names files, counts and pseudonyms only, never a
 * name from the identifiers file.
 */
import { AtomicWriteError, writeFilesAtomically } from '../../../common/atomicWrite';
import type { LoadedStudy } from '../node/loadStudy';
import { planPseudonymize, pseudonymizeDiff } from '../node/pseudonymize';

/** `condense pseudonymize [dir] [--dry-run]`; returns the exit code. */
export function runPseudonymize(
  study: LoadedStudy,
  dryRun: boolean,
  out: (s: string) => void,
  err: (s: string) => void,
  raw: (s: string) => void,
): number {
  if (study.config.identifiers === undefined) {
    err(
      'condense: condense.json names no identifiers file: add "identifiers": "path/to/names.txt" (see docs/privacy.md)',
    );
    return 2;
  }
  if (!study.index.identifierGuard) {
    err(`condense: the identifiers file ${study.config.identifiers} cannot be read; nothing was changed`);
    return 2;
  }
  const files = planPseudonymize(study);
  const total = files.reduce((n, f) => n + f.replacements, 0);
  const summary = `${total} ${total === 1 ? 'replacement' : 'replacements'} in ${files.length} ${files.length === 1 ? 'file' : 'files'}`;
  const counts = files.map(
    (f) => `${f.file}: ${f.replacements} ${f.replacements === 1 ? 'replacement' : 'replacements'}`,
  );
  if (dryRun) {
    raw(pseudonymizeDiff(files));
    for (const c of counts) err(c);
    err(`Dry run: ${summary} would be made; nothing was written.`);
    return 0;
  }
  try {
    writeFilesAtomically(files.map((f) => ({ file: f.path, text: f.after, expected: f.before })));
  } catch (e) {
    if (e instanceof AtomicWriteError) {
      err(`condense: ${e.message}`);
      return 2;
    }
    throw e;
  }
  for (const c of counts) out(c);
  out(`Pseudonymized: ${summary}.`);
  return 0;
}
