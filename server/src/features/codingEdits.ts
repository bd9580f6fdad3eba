/**
 * The edits behind the coding commands of an editor (Code Selection, Mark Meaning Unit,
 * Add / Remove Code, New Theme / Subtheme, recoding by drag and drop): the client picks
 * the code, the server computes the edit from the indexed text. One request answers with
 * every change in one edit (the unit and, for a new code, its codebook heading), so one
 * undo takes it all back.
 */
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { CodingEditParams, NewCodeSpec } from '../../../common/protocol';
import type { Unit } from '../core/model';
import type { StudyIndex } from '../core/studyIndex';
import { headingExtentEnd, headingLines } from './symbols';
import {
  addCodeEdit,
  headingInsertion,
  recodeEdit,
  removeCodeEdit,
  slugify,
  trimSelection,
  wrapEdits,
  wrapProblem,
} from './unitEdits';

/** Edits by URI, the id of a new code, and how many units changed; or a refusal to show. */
export type CodingEditOutcome =
  { edits: Record<string, TextEdit[]>; createFile?: string; code?: string; units: number } | { error: string };

/**
 * Computes the edit of a coding command. `newCodebookUri` is where a first codebook is
 * created when the study has none.
 */
export function codingEdit(
  index: StudyIndex,
  params: CodingEditParams,
  newCodebookUri: string | undefined,
): CodingEditOutcome {
  switch (params.action) {
    case 'codeSelection':
      return codeSelection(index, params.uri, params.range, params.code, params.newCode, newCodebookUri);
    case 'addCode':
      return changeUnit(index, params.uri, params.position, params.code, params.newCode, newCodebookUri);
    case 'removeCode':
      return changeUnit(index, params.uri, params.position, undefined, undefined, newCodebookUri, params.code);
    case 'recode':
      return recode(index, params.units, params.from, params.to);
    case 'newCode':
      return withNewCode(index, {}, params.newCode, newCodebookUri, 0);
  }
}

function codeSelection(
  index: StudyIndex,
  uri: string,
  range: Range,
  code: string | undefined,
  newCode: NewCodeSpec | undefined,
  newCodebookUri: string | undefined,
): CodingEditOutcome {
  const doc = index.getDocument(uri);
  if (!doc?.transcript) return { error: 'Code Selection works in a transcript of the study.' };
  const lines = doc.lines;
  const [s, e] = trimSelection(doc.text, lines.offsetAt(range.start), lines.offsetAt(range.end));
  const problem = wrapProblem(doc.text, doc.transcript.units, s, e);
  if (problem) return { error: problem };
  if (newCode) {
    const id = newCodeId(index, newCode);
    return withNewCode(index, { [uri]: wrapEdits(lines, s, e, `.${id}`) }, newCode, newCodebookUri, 1, id);
  }
  return { edits: { [uri]: wrapEdits(lines, s, e, code ? `.${code}` : '') }, units: 1 };
}

/** Adds `code` (or a new code) to, or removes `remove` from, the innermost unit at `position`. */
function changeUnit(
  index: StudyIndex,
  uri: string,
  position: Position,
  code: string | undefined,
  newCode: NewCodeSpec | undefined,
  newCodebookUri: string | undefined,
  remove?: string,
): CodingEditOutcome {
  const doc = index.getDocument(uri);
  const at = index.unitAt(uri, position);
  if (!doc || !at) return { error: 'Put the cursor inside a meaning unit first.' };
  const lines = doc.lines;
  if (remove !== undefined) {
    const change = removeCodeEdit(doc.text, lines, at.unit, remove);
    return change ? { edits: { [uri]: [change] }, units: 1 } : { error: `This unit has no code \`${remove}\`.` };
  }
  const id = newCode ? newCodeId(index, newCode) : code;
  if (!id) return { error: 'Pick a code to add.' };
  const change = addCodeEdit(doc.text, lines, at.unit, id);
  if (!change)
    return {
      error: at.unit.codes.includes(id)
        ? `This unit has the code \`${id}\` already.`
        : "This unit's attributes cannot be edited automatically; add the code by hand.",
    };
  return newCode
    ? withNewCode(index, { [uri]: [change] }, newCode, newCodebookUri, 1, id)
    : { edits: { [uri]: [change] }, units: 1 };
}

/** Recodes units (found by their range) from `from` to `to`. */
function recode(
  index: StudyIndex,
  units: { uri: string; range: Range }[],
  from: string,
  to: string,
): CodingEditOutcome {
  const edits: Record<string, TextEdit[]> = {};
  // Each transcript's units by start offset, made once however many of its units are dragged.
  const byStart = new Map<string, Map<number, Unit>>();
  let count = 0;
  for (const target of units) {
    const doc = index.getDocument(target.uri);
    if (!doc?.transcript) continue;
    let starts = byStart.get(doc.uri);
    if (!starts) {
      starts = new Map();
      // The outermost unit first: a nested unit starting at the same offset ends earlier.
      for (const u of doc.transcript.units) if (!starts.has(u.startOffset)) starts.set(u.startOffset, u);
      byStart.set(doc.uri, starts);
    }
    const lines = doc.lines;
    const start = lines.offsetAt(target.range.start);
    const end = lines.offsetAt(target.range.end);
    let unit = starts.get(start);
    if (unit && unit.endOffset !== end)
      unit = doc.transcript.units.find((u) => u.startOffset === start && u.endOffset === end);
    const change = unit ? recodeEdit(doc.text, lines, unit, from, to) : undefined;
    if (!change) continue;
    (edits[target.uri] ??= []).push(change);
    count++;
  }
  return count
    ? { edits, units: count, code: to }
    : { error: 'No unit could be recoded: the transcripts changed, or they have that code already.' };
}

/** A fresh id for a new code: the given one if free and valid, else one made from its title. */
function newCodeId(index: StudyIndex, spec: NewCodeSpec): string {
  const taken = new Set(index.codes().map((c) => c.id));
  for (const u of index.documents('transcript')) for (const id of u.byCode.keys()) taken.add(id);
  return slugify(spec.title, taken);
}

/**
 * Adds the heading of a new code to `edits`: at the end of its parent's section one level
 * deeper, or as a theme at the end of the codebook. With no codebook yet, the file is
 * created (`createFile`) and holds the heading alone.
 */
function withNewCode(
  index: StudyIndex,
  edits: Record<string, TextEdit[]>,
  spec: NewCodeSpec,
  newCodebookUri: string | undefined,
  units: number,
  id = newCodeId(index, spec),
): CodingEditOutcome {
  const title = spec.title.replace(/\s+/g, ' ').trim();
  if (!title) return { error: 'Give the new code a title.' };
  if (/[{}]/.test(title)) return { error: 'A code title cannot hold { or }.' };
  const parent = spec.parent ? index.getCode(spec.parent) : undefined;
  if (spec.parent && !parent) return { error: `There is no code \`${spec.parent}\` in the codebook.` };
  const book = parent ? index.getDocument(parent.uri) : index.documents('codebook')[0];
  if (!book) {
    if (!newCodebookUri) return { error: 'The study has no codebook to add the code to.' };
    return {
      edits: {
        ...edits,
        [newCodebookUri]: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            newText: `# ${title} {#${id}}\n`,
          },
        ],
      },
      createFile: newCodebookUri,
      code: id,
      units,
    };
  }
  const lines = book.lines;
  let at = book.text.length;
  let level = 1;
  if (parent) {
    const start = lines.offsetAt(parent.range.start);
    at = headingExtentEnd(book.text, headingLines(book.text), start, parent.level);
    level = Math.min(6, parent.level + 1);
  }
  const heading = headingInsertion(book.text, lines, at, `${'#'.repeat(level)} ${title} {#${id}}`);
  return { edits: { ...edits, [book.uri]: [...(edits[book.uri] ?? []), heading] }, code: id, units };
}
