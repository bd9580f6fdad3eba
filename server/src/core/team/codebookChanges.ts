/**
 * How the codebook changed between two versions: codes added, removed, renamed, moved
 * to another parent, retitled or recoloured, and the text of their Condensate, Quotes
 * and Synthesis sections, as a word diff (the `diff` library's diffWords).
 */
import { diffWords } from 'diff';
import type { IndexedCode, StudyIndex } from '../studyIndex';

/** One change to a code. `id` is the code's id in B (in A for a removed code). */
export type CodeChange =
  | { change: 'added'; id: string; title: string; parent: string | null }
  | { change: 'removed'; id: string; title: string; parent: string | null }
  | { change: 'renamed'; id: string; idBefore: string; title: string }
  | { change: 'moved'; id: string; parentBefore: string | null; parentAfter: string | null }
  | { change: 'retitled'; id: string; titleBefore: string; titleAfter: string }
  | { change: 'recoloured'; id: string; colorBefore: string | null; colorAfter: string | null };

/** A piece of a word diff: kept (`=`), removed (`-`) or added (`+`) text. */
export interface WordDiffPart {
  op: '=' | '-' | '+';
  text: string;
}

/** A changed Condensate, Quotes or Synthesis section of a code present in both versions. */
export interface SectionChange {
  code: string;
  section: 'condensate' | 'quotes' | 'synthesis';
  before: string;
  after: string;
  diff: WordDiffPart[];
}

const SECTION_KINDS = ['condensate', 'quotes', 'synthesis'] as const;

/** The word diff of two texts. */
export function wordDiff(before: string, after: string): WordDiffPart[] {
  return diffWords(before, after).map((c) => ({ op: c.added ? '+' : c.removed ? '-' : '=', text: c.value }));
}

function sectionText(c: IndexedCode, kind: (typeof SECTION_KINDS)[number]): string {
  return c.sections
    .filter((s) => s.kind === kind)
    .map((s) => s.body)
    .join('\n\n');
}

/** Position of each code among its siblings (same parent), in codebook order. */
function siblingIndex(codes: IndexedCode[]): Map<string, number> {
  const count = new Map<string, number>();
  const out = new Map<string, number>();
  for (const c of codes) {
    const key = `${c.uri}\u0000${c.parent ?? ''}`;
    const n = count.get(key) ?? 0;
    out.set(c.id, n);
    count.set(key, n + 1);
  }
  return out;
}

/**
 * The codebook changes from A to B. A code of A missing from B and a code of B missing
 * from A are one renamed code when they sit at the same place (same codebook file, same
 * parent after renames, same position among its siblings) or, failing that, have the same
 * title under the same parent; otherwise they are removed and added.
 */
export function codebookChanges(a: StudyIndex, b: StudyIndex): { codes: CodeChange[]; sections: SectionChange[] } {
  const aCodes = a.codes();
  const bCodes = b.codes();
  const bIds = new Set(bCodes.map((c) => c.id));
  const aIds = new Set(aCodes.map((c) => c.id));
  const removed = aCodes.filter((c) => !bIds.has(c.id));
  const added = bCodes.filter((c) => !aIds.has(c.id));
  const aPos = siblingIndex(aCodes);
  const bPos = siblingIndex(bCodes);
  // renamed: A id -> B id. Codes come parents first, so a parent's rename is known in time.
  const renamed = new Map<string, string>();
  const parentInB = (p: string | null): string | null => (p === null ? null : (renamed.get(p) ?? p));
  const taken = new Set<string>();
  for (const pass of ['place', 'title'] as const) {
    for (const r of removed) {
      if (renamed.has(r.id)) continue;
      const match = added.find(
        (n) =>
          !taken.has(n.id) &&
          n.parent === parentInB(r.parent) &&
          (pass === 'place' ? n.uri === r.uri && bPos.get(n.id) === aPos.get(r.id) : n.title === r.title),
      );
      if (match) {
        renamed.set(r.id, match.id);
        taken.add(match.id);
      }
    }
  }
  const codes: CodeChange[] = [];
  const sections: SectionChange[] = [];
  const bById = new Map(bCodes.map((c) => [c.id, c]));
  for (const c of aCodes) {
    const newId = renamed.get(c.id) ?? c.id;
    const n = bById.get(newId);
    if (!n) {
      codes.push({ change: 'removed', id: c.id, title: c.title, parent: c.parent });
      continue;
    }
    if (newId !== c.id) codes.push({ change: 'renamed', id: newId, idBefore: c.id, title: n.title });
    if (parentInB(c.parent) !== n.parent)
      codes.push({ change: 'moved', id: newId, parentBefore: c.parent, parentAfter: n.parent });
    if (c.title !== n.title) codes.push({ change: 'retitled', id: newId, titleBefore: c.title, titleAfter: n.title });
    if ((c.color ?? null) !== (n.color ?? null))
      codes.push({ change: 'recoloured', id: newId, colorBefore: c.color ?? null, colorAfter: n.color ?? null });
    for (const kind of SECTION_KINDS) {
      const before = sectionText(c, kind);
      const after = sectionText(n, kind);
      if (before !== after) sections.push({ code: newId, section: kind, before, after, diff: wordDiff(before, after) });
    }
  }
  for (const n of added)
    if (!taken.has(n.id)) codes.push({ change: 'added', id: n.id, title: n.title, parent: n.parent });
  return { codes, sections };
}
