/**
 * Definition and references. A code class goes to its codebook heading; a golden quote
 * goes to the unit that holds it. References of a code are the units coded with it
 * (directly) and, if asked, its heading.
 */
import type { Location, Position } from 'vscode-languageserver-types';
import { walkAtOnce, type FileWalk } from '../core/fileWalk';
import type { StudyIndex } from '../core/studyIndex';
import { contains } from './ranges';

/** Where the thing at `position` is defined, or null. */
export function provideDefinition(index: StudyIndex, uri: string, position: Position): Location[] | null {
  const doc = index.getDocument(uri);
  if (!doc) return null;
  const at = index.codeAt(uri, position);
  if (at && doc.transcript) {
    const c = index.getCode(at.id);
    return c ? [{ uri: c.uri, range: c.range }] : null;
  }
  if (doc.codebook) {
    for (const p of index.quoteProvenance()) {
      if (p.uri === uri && contains(p.quote.range, position)) {
        return p.matches.length ? p.matches.map((m) => ({ uri: m.uri, range: m.unit.contentRange })) : null;
      }
    }
  }
  return null;
}

/**
 * Every unit coded with the code at `position` (and its heading when asked), going through
 * the transcripts by `walk` (which may pause between them, or stop a cancelled request).
 */
export async function provideReferences(
  index: StudyIndex,
  uri: string,
  position: Position,
  includeDeclaration: boolean,
  walk: FileWalk = walkAtOnce,
): Promise<Location[] | null> {
  const at = index.codeAt(uri, position);
  if (!at) return null;
  const out: Location[] = [];
  const c = index.getCode(at.id);
  if (includeDeclaration && c) out.push({ uri: c.uri, range: c.range });
  await walk(index.documents('transcript'), (doc) => {
    for (const r of index.unitsIn(doc, [at.id])) out.push({ uri: r.uri, range: r.unit.range });
  });
  return out;
}
