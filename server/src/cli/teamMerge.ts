/** `condense merge-file` and `condense git-setup` (placeholder file replaced below). */
export function runMergeFile(_argv: string[], err: (s: string) => void): number {
  err('condense: merge-file is not built yet');
  return 2;
}

/** See above. */
export function runGitSetup(_argv: string[], _out: (s: string) => void, err: (s: string) => void): number {
  err('condense: git-setup is not built yet');
  return 2;
}
