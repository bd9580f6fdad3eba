/**
 * Rename a code: from a class in a transcript or from its codebook heading, the id
 * changes everywhere (every unit's class and every heading that defines it) in one
 * WorkspaceEdit, so a single undo takes it back.
 */
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import { isValidIdentifier, PANDOC_CLASSES } from '../../../common/attributes';
import { walkAtOnce, type FileWalk } from '../core/fileWalk';
import type { StudyIndex } from '../core/studyIndex';

/** A refusal, with the message to show. */
export interface RenameRefusal {
  error: string;
}

/** The range and current id of the code at `position`, or a refusal. */
export function prepareRename(
  index: StudyIndex,
  uri: string,
  position: Position,
): { range: Range; placeholder: string } | RenameRefusal {
  const at = index.codeAt(uri, position);
  if (!at)
    return {
      error: 'Place the cursor on a code (a `.class` of a unit, or the `#id` of a codebook heading) to rename it.',
    };
  return { range: at.range, placeholder: at.id };
}

/**
 * The edits that rename the code at `position` to `newName`, by URI, or a refusal. The
 * files are gone through by `walk` (which may pause between them, or stop a cancelled request).
 */
export async function rename(
  index: StudyIndex,
  uri: string,
  position: Position,
  newName: string,
  walk: FileWalk = walkAtOnce,
): Promise<Record<string, TextEdit[]> | RenameRefusal> {
  const at = index.codeAt(uri, position);
  if (!at) return { error: 'There is no code here to rename.' };
  const name = newName.trim().replace(/^[.#]/, '');
  if (!isValidIdentifier(name)) {
    return {
      error: `"${newName}" is not a valid code id: start with a letter, then letters, digits, -, _, : or . (no spaces).`,
    };
  }
  if (PANDOC_CLASSES.has(name)) return { error: `"${name}" is one of Pandoc's own classes and cannot be a code.` };
  if (name === at.id) return {};
  const clash = index.getCode(name);
  if (clash)
    return {
      error: `A code \`${name}\` already exists ("${clash.title}"). Choose another id, or recode the units instead.`,
    };
  const edits: Record<string, TextEdit[]> = {};
  const add = (u: string, range: Range): void => {
    (edits[u] ??= []).push({ range, newText: name });
  };
  // Every heading with the id, in every codebook file, so that no stale definition stays.
  await walk(index.documents('codebook'), (doc) => {
    for (const c of doc.codebook?.codes ?? []) if (c.id === at.id) add(doc.uri, c.idRange);
  });
  await walk(index.documents('transcript'), (doc) => {
    for (const range of index.refRangesIn(doc, at.id)) add(doc.uri, range);
  });
  return edits;
}
