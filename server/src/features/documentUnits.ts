/**
 * The units of one transcript as the editor colours them: each unit's ranges, codes,
 * theme and theme colour, plus the coverage figures of the status bar.
 */
import type { StudyIndex } from '../core/studyIndex';
import type { DecoratedUnit, DocumentUnitsResult } from '../../../common/protocol';

/** The decorations data of `uri`, or null when it is not an indexed transcript. */
export function provideDocumentUnits(index: StudyIndex, uri: string): DocumentUnitsResult | null {
  const doc = index.getDocument(uri);
  const t = doc?.transcript;
  if (!doc || !t) return null;
  const units = t.units.map((u): DecoratedUnit => {
    const known = u.codes.find((c) => index.getCode(c) !== undefined);
    const theme = known !== undefined ? index.path(known)[0] : undefined;
    const out: DecoratedUnit = {
      range: u.range,
      contentRange: u.contentRange,
      attrRange: u.attrRange,
      kind: u.kind,
      codes: u.codes,
      depth: u.depth,
      unknown: u.codes.some((c) => index.getCode(c) === undefined),
    };
    if (theme !== undefined) {
      out.theme = theme;
      const color = themeColor(index, known as string);
      if (color) out.color = color;
    }
    return out;
  });
  return {
    version: doc.version,
    units,
    turns: t.turns.length,
    turnsWithUnits: t.turns.filter((turn) => turn.units.length > 0).length,
    themes: index.rootCodes().map((id) => {
      const c = index.getCode(id);
      return c?.color ? { id, title: c.title, color: c.color } : { id, title: c?.title ?? id };
    }),
  };
}

/** The colour of a code: its own, else the nearest ancestor's. */
export function themeColor(index: StudyIndex, id: string): string | undefined {
  const path = index.path(id);
  for (let k = path.length - 1; k >= 0; k--) {
    const c = index.getCode(path[k])?.color;
    if (c) return c;
  }
  return undefined;
}
