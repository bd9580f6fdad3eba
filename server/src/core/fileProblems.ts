/**
 * Why a file or folder of a study was not read, as diagnostics with stable codes, so that
 * no file is ever skipped in silence (docs/format.md, "Files that are not read"). Also the
 * check of condense.json's globs for paths that point outside the study. Pure: the node
 * side finds the facts, this module words them.
 */
import picomatch from 'picomatch';
import { LineIndex } from './lineIndex';
import type { Diagnostic } from './model';

/** The codes of this module. */
export type FileProblemCode =
  | 'unreadable-folder'
  | 'unreadable-file'
  | 'dangling-symlink'
  | 'symlink-loop'
  | 'symlink-outside-study'
  | 'not-regular-file'
  | 'glob-outside-study'
  | 'no-codebook';

const ZERO: Diagnostic['range'] = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const MB = 1048576;

/** A folder whose entries cannot be listed: its files are missing from the study. */
export function unreadableFolder(errno: string): Diagnostic {
  return {
    range: ZERO,
    severity: 'error',
    code: 'unreadable-folder',
    message: `Cannot list this folder (${errno}): the transcripts and codebooks in it are missing from the study.`,
    data: { errno },
  };
}

/** A file of the study that could not be opened or read. */
export function unreadableFile(errno: string): Diagnostic {
  return {
    range: ZERO,
    severity: 'error',
    code: 'unreadable-file',
    message: `Cannot read this file (${errno}): it is missing from the study.`,
    data: { errno },
  };
}

/** A symbolic link whose target does not exist. */
export function danglingSymlink(): Diagnostic {
  return {
    range: ZERO,
    severity: 'warning',
    code: 'dangling-symlink',
    message: 'Skipped: this symbolic link points to a file that does not exist.',
  };
}

/** A symbolic link that leads back to itself or to a folder that holds it. */
export function symlinkLoop(): Diagnostic {
  return {
    range: ZERO,
    severity: 'warning',
    code: 'symlink-loop',
    message: 'Skipped: this symbolic link leads in a loop (to itself, or to a folder that holds it).',
  };
}

/** A symbolic link to a file or folder outside the study, which is not followed. */
export function symlinkOutside(target: string): Diagnostic {
  return {
    range: ZERO,
    severity: 'warning',
    code: 'symlink-outside-study',
    message: `Skipped: this symbolic link points outside the study (to ${target}); Condense reads only files inside the study folder. Copy the file into the study, or open the folder that holds both.`,
  };
}

/** A FIFO, socket or device: never opened, since reading one can block for ever. */
export function notRegularFile(type: string): Diagnostic {
  return {
    range: ZERO,
    severity: 'warning',
    code: 'not-regular-file',
    message: `Skipped: this is a ${type}, not a regular file.`,
  };
}

/** A file above the study's size limit, known from its size before it is read. */
export function fileTooLarge(size: number, maxSize: number): Diagnostic {
  return {
    range: ZERO,
    severity: 'warning',
    code: 'file-too-large',
    message: `Skipped: the file is ${(size / MB).toFixed(1)} MB, above the study's limit of ${(maxSize / MB).toFixed(1)} MB (maxFileSize in condense.json).`,
  };
}

/** No codebook file could be read: every code is unknown. */
export function noCodebook(globs: string[]): Diagnostic {
  return {
    range: ZERO,
    severity: 'warning',
    code: 'no-codebook',
    message: `The study has no codebook: no readable file matches ${globs.map((g) => `"${g}"`).join(', ')}. Codes cannot be checked against a codebook.`,
  };
}

/**
 * The globs of condense.json ("codebook", "transcripts") that point outside the study (an
 * absolute path, a drive letter, a home folder or a `..` part): they can never match,
 * since only files inside the study are read.
 */
export function globsOutsideStudy(text: string, globs: { key: string; patterns: string[] }[]): Diagnostic[] {
  const lines = new LineIndex(text);
  const out: Diagnostic[] = [];
  for (const { key, patterns } of globs) {
    for (const g of patterns) {
      if (!pointsOutside(g)) continue;
      const literal = JSON.stringify(g);
      let at = text.indexOf(literal);
      if (at < 0) at = Math.max(0, text.indexOf(`"${key}"`));
      out.push({
        range: lines.rangeOf(at, at + (text.startsWith(literal, at) ? literal.length : 0)),
        severity: 'error',
        code: 'glob-outside-study',
        message: `"${key}": ${literal} points outside the study, and Condense reads only files inside the study folder. Use a path relative to the folder that holds condense.json, without "..".`,
      });
    }
  }
  return out;
}

/** True when a glob can only match paths outside the study root. */
export function pointsOutside(glob: string): boolean {
  const g = glob.trim().replace(/\\/g, '/');
  if (g.startsWith('/') || g.startsWith('~') || /^[A-Za-z]:/.test(g)) return true;
  return g.split('/').some((part) => part === '..');
}

/**
 * A test for folders (relative paths with `/`, '' for the root) that may hold a file
 * matching one of the globs, from each glob's fixed leading folders: `transcripts/**` can
 * match only under `transcripts`, `**\/*.md` anywhere.
 */
export function folderFilter(globs: string[]): (relDir: string) => boolean {
  const bases = globs.map((g) => picomatch.scan(g.replace(/\\/g, '/').replace(/^\.\//, '')).base.replace(/\/+$/, ''));
  return (relDir) =>
    relDir === '' ||
    bases.some((b) => b === '' || b === relDir || relDir.startsWith(`${b}/`) || b.startsWith(`${relDir}/`));
}
