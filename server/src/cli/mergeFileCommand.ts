/**
 * `condense merge-file` (git's merge-driver contract: %O %A %B %P; the result goes into
 * %A; exit 0 when clean, 1 with conflict markers, 2 when the files cannot be merged and
 * git's own conflict stands). Kept apart from the other commands, with only what a merge
 * needs, because git starts the driver once per conflicting file: mergeDriver.ts bundles
 * it alone, so each start loads a fraction of the CLI.
 */
import { GitError } from '../node/gitRead';
import { mergeStudyFile, MergeInputError, readDriverFile, writeAtomically } from '../node/mergeFile';

/** `condense merge-file <base> <ours> <theirs> [path]`. */
export function runMergeFile(argv: string[], err: (s: string) => void): number {
  const p = argv.filter((a) => a !== '--');
  if (p.length < 3 || p.length > 4 || p.some((a) => a.startsWith('-') && a !== '-')) {
    err('condense: usage: condense merge-file <base> <ours> <theirs> [path] (git merge driver: %O %A %B %P)');
    return 2;
  }
  const [baseFile, oursFile, theirsFile] = p;
  const rel = p[3] ?? oursFile;
  try {
    const base = readDriverFile(baseFile);
    const ours = readDriverFile(oursFile);
    const theirs = readDriverFile(theirsFile);
    const m = mergeStudyFile(base, ours, theirs, rel, oursFile);
    writeAtomically(oursFile, m.text);
    for (const msg of m.messages) err(`condense: ${msg}`);
    if (m.conflicts) err(`condense: ${rel}: ${m.conflicts} conflict${m.conflicts === 1 ? '' : 's'} left with markers`);
    return m.conflicts ? 1 : 0;
  } catch (e) {
    if (e instanceof MergeInputError || e instanceof GitError) {
      err(`condense: merge-file: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
