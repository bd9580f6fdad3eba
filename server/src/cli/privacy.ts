/**
 * The CLI's privacy parts: the gate that keeps exports from carrying identifying text,
 * and `condense pseudonymize`. Output names files, counts and pseudonyms only, never a
 * name from the identifiers file.
 */
import { UNREADABLE } from '../node/identifiers';
import { AtomicWriteError, writeFilesAtomically } from '../node/atomicWrite';
import type { LoadedStudy } from '../node/loadStudy';
import { planPseudonymize, pseudonymizeDiff } from '../node/pseudonymize';

/** Whether a diagnostic says the identifiers file cannot be read (a config error that stops exports only). */
export function isUnreadableIdentifiers(d: { data?: Record<string, unknown> }): boolean {
  return d.data?.identifiers === UNREADABLE;
}

/**
 * Why an export must not run, as one line, or null when it may: identifying text remains
 * in the study, or the identifiers file cannot be read so none can be ruled out.
 */
export function exportRefusal(study: LoadedStudy): string | null {
  if (study.fileDiagnostics.some((d) => isUnreadableIdentifiers(d.diagnostic))) {
    return `the identifiers file ${study.config.identifiers} cannot be read, so identifying text cannot be ruled out; fix condense.json or pass --allow-identifying-text`;
  }
  const guard = study.index.identifierGuard;
  if (!guard) return null;
  let matches = 0;
  let files = 0;
  for (const doc of study.index.documents()) {
    const n = guard.matches(doc).length;
    matches += n;
    if (n) files++;
  }
  if (matches === 0) return null;
  return `refusing to export: ${matches} identifying ${matches === 1 ? 'name remains' : 'names remain'} in ${files} ${files === 1 ? 'file' : 'files'} (see condense check); run condense pseudonymize, or pass --allow-identifying-text`;
}

/** `condense pseudonymize [dir] [--dry-run]`; returns the exit code. */
export function runPseudonymize(study: LoadedStudy, dryRun: boolean, out: (s: string) => void, err: (s: string) => void, raw: (s: string) => void): number {
  if (study.config.identifiers === undefined) {
    err('condense: condense.json names no identifiers file: add "identifiers": "path/to/names.txt" (see docs/privacy.md)');
    return 2;
  }
  if (!study.index.identifierGuard) {
    err(`condense: the identifiers file ${study.config.identifiers} cannot be read; nothing was changed`);
    return 2;
  }
  const files = planPseudonymize(study);
  const total = files.reduce((n, f) => n + f.replacements, 0);
  const summary = `${total} ${total === 1 ? 'replacement' : 'replacements'} in ${files.length} ${files.length === 1 ? 'file' : 'files'}`;
  const counts = files.map((f) => `${f.file}: ${f.replacements} ${f.replacements === 1 ? 'replacement' : 'replacements'}`);
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
