/**
 * `condense git-setup` and the diff driver git runs for `git diff` (`condense
 * git-diff-driver`, git's seven arguments). `condense merge-file` is in mergeFileCommand.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { renderDiffText } from '../core/team/render';
import { parseSnapshot } from '../core/team/snapshot';
import { diffStudies } from '../core/team/studyDiff';
import { CONFIG_FILE } from '../core/config';
import { configOf } from '../core/team/snapshot';
import { git, GitError, repositoryOf } from '../node/gitRead';
import { MergeInputError, readDriverFile, studyKindOf, writeAtomically } from '../node/mergeFile';

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs this condense, by absolute paths, for git's configuration. */
function selfCommand(): string {
  const script = process.argv[1] ? path.resolve(process.argv[1]) : '';
  return [process.execPath, script]
    .filter((x) => x)
    .map(shellQuote)
    .join(' ');
}

/** The .gitattributes patterns of a study's Markdown files, relative to the study folder. */
function attributePatterns(dir: string): string[] {
  const cfgPath = path.join(dir, CONFIG_FILE);
  const config = configOf(fs.existsSync(cfgPath) ? fs.readFileSync(cfgPath, 'utf8') : undefined);
  const globs = [...config.codebook, ...(config.transcripts ?? ['*.md'])];
  // A pattern with a slash is anchored at the study folder in .gitattributes, as in condense.json.
  return [...new Set(globs.map((g) => (g.includes('/') && !g.startsWith('/') && !g.startsWith('**/') ? `/${g}` : g)))];
}

/** `condense git-setup [dir]`: .gitattributes lines and the drivers in the local git config. */
export function runGitSetup(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const p = argv.filter((a) => a !== '--');
  if (p.length > 1 || p.some((a) => a.startsWith('-'))) {
    err('condense: usage: condense git-setup [dir]');
    return 2;
  }
  const dir = p[0] ?? '.';
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    err(`condense: ${dir}: no such folder`);
    return 2;
  }
  const repo = repositoryOf(dir);
  if (!repo) {
    err(`condense: ${dir} is not in a git repository (run git init first)`);
    return 2;
  }
  const attrFile = path.join(dir, '.gitattributes');
  const existing = fs.existsSync(attrFile) ? fs.readFileSync(attrFile, 'utf8') : '';
  const have = new Set(existing.split(/\r?\n/).map((l) => l.trim()));
  const wanted = attributePatterns(dir).map((g) => `${g} merge=condense diff=condense`);
  const missing = wanted.filter((l) => !have.has(l));
  try {
    if (missing.length) {
      const sep = existing === '' || existing.endsWith('\n') ? '' : '\n';
      writeAtomically(attrFile, `${existing}${sep}${missing.join('\n')}\n`);
      out(`${attrFile}: added ${missing.map((l) => `"${l}"`).join(', ')}`);
    } else out(`${attrFile}: already set up`);
    const self = selfCommand();
    const settings: [string, string][] = [
      ['merge.condense.name', 'Condense: merge meaning units and codes'],
      ['merge.condense.driver', `${self} merge-file %O %A %B %P`],
      ['diff.condense.command', `${self} git-diff-driver`],
    ];
    for (const [key, value] of settings) {
      let current: string | null = null;
      try {
        current = git(repo.top, ['config', '--local', '--get', key]);
      } catch {
        current = null;
      }
      if (current === value) out(`git config ${key}: already set`);
      else {
        git(repo.top, ['config', '--local', key, value]);
        out(`git config ${key} = ${value}`);
      }
    }
  } catch (e) {
    if (e instanceof GitError || e instanceof MergeInputError) {
      err(`condense: git-setup: ${e.message}`);
      return 2;
    }
    throw e;
  }
  return 0;
}

/** `condense git-diff-driver path old-file old-hex old-mode new-file new-hex new-mode`, run by `git diff`. */
export function runGitDiffDriver(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  if (argv.length !== 7 && argv.length !== 9) {
    err('condense: git-diff-driver is run by git diff (see condense git-setup)');
    return 2;
  }
  const [rel, oldFile, , , newFile] = argv;
  let before: string;
  let after: string;
  try {
    before = readDriverFile(oldFile);
    after = readDriverFile(newFile);
  } catch (e) {
    if (e instanceof MergeInputError) {
      out(`Binary files a/${rel} and b/${rel} differ`);
      return 0;
    }
    throw e;
  }
  const kind = studyKindOf(rel);
  out(`diff --condense a/${rel} b/${rel}`);
  if (kind !== null) {
    // The file alone, under the name that makes it what it is to its study.
    const name = kind === 'codebook' ? 'codebook.md' : 'transcript.md';
    const a = parseSnapshot({ label: `a/${rel}`, files: new Map([[name, before]]) });
    const b = parseSnapshot({ label: `b/${rel}`, files: new Map([[name, after]]) });
    const d = diffStudies(a, b);
    const text = renderDiffText({ ...d, units: d.units.map((u) => ({ ...u, file: rel })), textDifferences: [] });
    for (const line of text.split('\n')) out(`# ${line}`.trimEnd());
  }
  const patch = createTwoFilesPatch(`a/${rel}`, `b/${rel}`, before, after, undefined, undefined, { context: 3 });
  out(patch.split('\n').slice(1).join('\n').replace(/\n$/, ''));
  return 0;
}
