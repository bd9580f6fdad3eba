/**
 * Adds to a unit's hover who last changed its coding and when: the git blame of the lines
 * that hold its markup (the opening bracket or fence, and the attribute block).
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { StudyIndex } from '../core/studyIndex';
import { blameFile, latestChange } from '../node/blame';

/** The hover with a "coding last changed" line appended, when the position is in a unit of a file in git. */
export function withBlame(
  hover: Hover | null,
  index: StudyIndex,
  uri: string,
  position: Position,
  filePath: string | null,
): Hover | null {
  if (!hover || !filePath) return hover;
  const doc = index.getDocument(uri);
  if (!doc?.transcript || index.codeAt(uri, position)) return hover;
  const unit = index.unitAt(uri, position)?.unit;
  if (!unit) return hover;
  const lines = blameFile(filePath, doc.text);
  if (!lines) return hover;
  const start = unit.range.start.line;
  const attr = unit.attrRange;
  const a = latestChange(lines, start, start);
  const b = latestChange(lines, attr.start.line, attr.end.line);
  const last = [a, b]
    .filter((x) => x !== undefined)
    .sort((x, y) => (x.commit === null ? -1 : y.commit === null ? 1 : y.time - x.time))[0];
  if (!last) return hover;
  const line =
    last.commit === null
      ? '*Coding changed since the last commit (not committed yet)*'
      : `*Coding last changed by ${last.author.replace(/[*_`[\]\\]/g, '\\$&')}, ${new Date(last.time * 1000).toISOString().slice(0, 10)}* (\`${last.commit.slice(0, 7)}\` ${last.summary.replace(/[*_`[\]\\]/g, '\\$&')})`;
  const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  return { ...hover, contents: { kind: MarkupKind.Markdown, value: `${value}\n\n${line}` } };
}
