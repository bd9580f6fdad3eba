/** Helpers for the feature tests: in-memory studies, ranges, and applying edits. */
import * as assert from 'node:assert/strict';
import type { CodeAction, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { StudyIndex } from '../../../server/src/core/studyIndex';

/** The URI of the codebook in {@link study}. */
export const BOOK = 'file:///s/codebook.md';

/** The URI of transcript `name` in {@link study}. */
export function T(name: string): string {
  return `file:///s/${name}.md`;
}

/** An index holding a codebook (omitted when null) and transcripts by short name. */
export function study(codebook: string | null, transcripts: Record<string, string> = {}): StudyIndex {
  const index = new StudyIndex();
  if (codebook !== null) index.setDocument(BOOK, codebook, 'codebook');
  for (const [name, text] of Object.entries(transcripts)) index.setDocument(T(name), text, 'transcript');
  return index;
}

/** A range from 0-based line/character pairs. */
export function R(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/** A position from a 0-based line and character. */
export function P(line: number, character: number): Position {
  return { line, character };
}

/**
 * The UTF-16 offset of an LSP position, computed independently of the code under test:
 * lines end at `\n` (a `\r` before it belongs to the line break).
 */
export function offsetOf(text: string, p: Position): number {
  let start = 0;
  for (let l = 0; l < p.line; l++) {
    const nl = text.indexOf('\n', start);
    assert.ok(nl >= 0, `line ${p.line} is past the end of the text`);
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  else if (end > start && text[end - 1] === '\r') end--;
  assert.ok(start + p.character <= end, `character ${p.character} is past the end of line ${p.line}`);
  return start + p.character;
}

/** Applies LSP text edits (all relative to the original text, none overlapping). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const spans = edits
    .map((e) => ({ start: offsetOf(text, e.range.start), end: offsetOf(text, e.range.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let k = 1; k < spans.length; k++) assert.ok(spans[k - 1].end <= spans[k].start, 'edits overlap');
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.newText;
    at = s.end;
  }
  return out + text.slice(at);
}

/** Applies a code action's edit to `text`, the document at `uri`; it must edit only that one. */
export function applyAction(action: CodeAction | undefined, uri: string, text: string): string {
  assert.ok(action, 'no such action');
  const changes = action.edit?.changes ?? {};
  assert.deepEqual(Object.keys(changes), [uri]);
  return applyEdits(text, changes[uri]);
}

/** The text `[from, to)` of a one-line range: handy to say what a token covers. */
export function slice(text: string, line: number, character: number, length: number): string {
  return text.split('\n')[line].slice(character, character + length);
}
