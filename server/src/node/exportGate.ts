/**
 * The gate that keeps exports from carrying identifying text, for the CLI and the
 * language server alike. Its messages name counts and files, never a name from the
 * identifiers file.
 */
import { UNREADABLE } from './identifiers';
import type { LoadedStudy } from './loadStudy';

/** Whether a diagnostic says the identifiers file cannot be read (a config error that stops exports only). */
export function isUnreadableIdentifiers(d: { data?: Record<string, unknown> }): boolean {
  return d.data?.identifiers === UNREADABLE;
}

/**
 * Why an export must not run, as one line, or null when it may: identifying text remains
 * in the study, or the identifiers file cannot be read so none can be ruled out.
 */
export function exportRefusal(study: Pick<LoadedStudy, 'config' | 'index' | 'fileDiagnostics'>): string | null {
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
