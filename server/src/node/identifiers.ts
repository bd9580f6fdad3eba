/**
 * Reads a study's identifiers file from disk into an {@link IdentifierGuard}, with the
 * `bad-config` and `identifiers-tracked` diagnostics that belong on condense.json.
 * Messages name the file's path and line numbers, never its content.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StudyConfig } from '../core/config';
import { IdentifierGuard } from '../core/identifiers/guard';
import { parseIdentifiersFile } from '../core/identifiers/identifiersFile';
import { LineIndex } from '../core/lineIndex';
import type { Diagnostic } from '../core/model';
import type { GitFileStatus } from './git';

/** The identifiers of a study as read from disk. */
export interface LoadedIdentifiers {
  /** Absolute path of the identifiers file, or null when condense.json names none. */
  file: string | null;
  /** The compiled names; null without an identifiers file or when it cannot be read. */
  guard: IdentifierGuard | null;
  /** Diagnostics for condense.json. */
  diagnostics: Diagnostic[];
}

/** Marks the diagnostic of an identifiers file that cannot be read: exports refuse, other commands go on. */
export const UNREADABLE = 'unreadable';

/** The range of `"key"` in condense.json's text, or its start. */
function keyRange(configText: string, key: string): Diagnostic['range'] {
  const at = configText.indexOf(`"${key}"`);
  return new LineIndex(configText).rangeOf(Math.max(0, at), at < 0 ? 0 : at + key.length + 2);
}

/** Reads the identifiers file named by `config` (paths relative to `root`). */
export function loadIdentifiers(root: string, config: StudyConfig, configText: string): LoadedIdentifiers {
  if (config.identifiers === undefined) return { file: null, guard: null, diagnostics: [] };
  const file = path.resolve(root, config.identifiers);
  const range = keyRange(configText, 'identifiers');
  const diagnostics: Diagnostic[] = [];
  let text: string;
  try {
    const bytes = fs.readFileSync(file);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? 'not UTF-8 text';
    diagnostics.push({
      range,
      severity: 'error',
      code: 'bad-config',
      message: `The identifiers file ${config.identifiers} cannot be read (${why}), so identifying text cannot be checked; exports refuse until it can.`,
      data: { identifiers: UNREADABLE },
    });
    return { file, guard: null, diagnostics };
  }
  const parsed = parseIdentifiersFile(text);
  for (const p of parsed.problems)
    diagnostics.push({
      range,
      severity: 'warning',
      code: 'bad-config',
      message: `Identifiers file ${config.identifiers}: ${p}.`,
    });
  return { file, guard: new IdentifierGuard(parsed.entries, { hints: config.identifierHints === true }), diagnostics };
}

/** The `identifiers-tracked` warning for a file git tracks, or that lies in the study and is not git-ignored. */
export function trackedDiagnostic(
  root: string,
  config: StudyConfig,
  configText: string,
  file: string,
  status: GitFileStatus,
): Diagnostic | null {
  const rel = path.relative(root, file);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  let why: string | null = null;
  if (status.tracked === true)
    why =
      'is tracked by git: its names are in the repository. Remove it with `git rm --cached`, rewrite the history that holds it, and keep it outside the study';
  else if (inside && status.ignored !== true)
    why =
      'lies inside the study and is not git-ignored: one `git add .` would commit every real name. Move it outside the study or add it to .gitignore';
  if (!why) return null;
  return {
    range: keyRange(configText, 'identifiers'),
    severity: 'warning',
    code: 'identifiers-tracked',
    message: `The identifiers file ${config.identifiers} ${why}.`,
  };
}
