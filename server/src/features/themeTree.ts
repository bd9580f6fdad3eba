/**
 * The theme tree the Themes view shows: themes, subthemes and deeper codes with their
 * counts (for the whole study, or one transcript), plus the codes used but never
 * defined and the number of units not yet sorted into a code.
 */
import type { CodeCounts, StudyIndex } from '../core/studyIndex';
import type { ThemeNode } from '../../../common/protocol';

/** Settings of {@link buildThemeTree}. */
export interface ThemeTreeOptions {
  /** Count only the units of this transcript URI. */
  transcript?: string;
}

/** The code tree from the themes down, with counts and colours (own or inherited). */
export function buildThemeTree(index: StudyIndex, options: ThemeTreeOptions = {}): ThemeNode[] {
  const counts = options.transcript === undefined ? index.allCounts() : transcriptCounts(index, options.transcript);
  const zero: CodeCounts = { units: 0, directUnits: 0, transcripts: 0, speakers: 0 };
  const node = (id: string, inherited: string | undefined, seen: Set<string>): ThemeNode | undefined => {
    const code = index.getCode(id);
    if (!code || seen.has(id)) return undefined;
    seen.add(id);
    const color = code.color ?? inherited;
    const n = counts.get(id) ?? zero;
    const out: ThemeNode = {
      id,
      title: code.title,
      uri: code.uri,
      range: code.range,
      units: n.units,
      directUnits: n.directUnits,
      transcripts: n.transcripts,
      speakers: n.speakers,
      children: [],
    };
    if (color !== undefined) out.color = color;
    for (const child of code.children) {
      const c = node(child, color, seen);
      if (c) out.children.push(c);
    }
    return out;
  };
  const seen = new Set<string>();
  return index.rootCodes().flatMap((id) => node(id, undefined, seen) ?? []);
}

/** Counts like {@link StudyIndex.allCounts}, over the units of one transcript only. */
function transcriptCounts(index: StudyIndex, uri: string): Map<string, CodeCounts> {
  const out = new Map<string, CodeCounts>();
  const speakers = new Map<string, Set<string>>();
  for (const u of index.unitsOf(uri)) {
    const direct = new Set(u.codes);
    const all = new Set<string>();
    for (const c of direct) for (const a of index.path(c)) all.add(a);
    for (const c of all) {
      let n = out.get(c);
      if (!n) out.set(c, (n = { units: 0, directUnits: 0, transcripts: 1, speakers: 0 }));
      n.units++;
      if (direct.has(c)) n.directUnits++;
      if (u.speaker !== undefined) {
        let s = speakers.get(c);
        if (!s) speakers.set(c, (s = new Set()));
        s.add(u.speaker);
        n.speakers = s.size;
      }
    }
  }
  return out;
}

/**
 * Codes written in transcripts that no codebook defines, with their units, by id; with
 * `transcript`, only those of that transcript (as the tree's counts, so that a filtered
 * Themes view does not list another transcript's unknown codes).
 */
export function unknownCodes(index: StudyIndex, transcript?: string): { id: string; units: number }[] {
  const out: { id: string; units: number }[] = [];
  const counts = transcript === undefined ? index.allCounts() : transcriptCounts(index, transcript);
  for (const [id, n] of counts) if (!index.getCode(id)) out.push({ id, units: n.units });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Units marked but not yet sorted into a code, in every transcript (or only in `transcript`). */
export function uncodedUnitCount(index: StudyIndex, transcript?: string): number {
  let n = 0;
  for (const doc of index.documents('transcript')) {
    if (transcript !== undefined && doc.uri !== transcript) continue;
    const table = doc.transcript?.table;
    // From the unit table when there is one: no unit object is made for a count.
    if (table) for (let k = 0; k < table.count; k++) n += table.firstRef(k) === table.endRef(k) ? 1 : 0;
    else for (const u of doc.transcript?.units ?? []) if (u.codes.length === 0) n++;
  }
  return n;
}
