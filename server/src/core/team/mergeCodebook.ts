/**
 * Merges two versions of a codebook by sections: a section is one code's heading with
 * the text up to the next code heading (the text before the first code heading is a
 * section too). Sections are merged three-way as wholes; where both sides changed the
 * same section, its text is merged by the text merge the caller gives (git's), with
 * ordinary conflict markers inside that section only. Blank lines at the end of a section
 * are spacing, not content: the result has one blank line between sections.
 */
import { parseCodebook } from '../codebook';

/** A three-way text merge: the result and its number of conflicts. */
export type TextMerge = (base: string, ours: string, theirs: string) => { text: string; conflicts: number };

interface Section {
  key: string;
  text: string;
}

/** Splits a codebook into sections keyed by code id (the text before the first code: key ''). */
export function codebookSections(text: string): Section[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const starts = parseCodebook(text).codes.map((c) => ({ line: c.range.start.line, id: c.id }));
  const out: Section[] = [];
  const seen = new Map<string, number>();
  let from = 0;
  let key = '';
  const flush = (to: number): void => {
    if (to > from || key === '') out.push({ key, text: lines.slice(from, to).join('') });
    from = to;
  };
  for (const s of starts) {
    flush(s.line);
    const n = seen.get(s.id) ?? 0;
    seen.set(s.id, n + 1);
    // A duplicated id (an error the codebook reports) still needs its own key.
    key = n === 0 ? `#${s.id}` : `#${s.id}\u0000${n}`;
  }
  flush(lines.length);
  return out;
}

function withEol(text: string, eol: string): string {
  return text === '' || text.endsWith('\n') ? text : text + eol;
}

/** A section without its trailing blank lines: the spacing between sections is not content. */
function trimSection(text: string): string {
  return text.replace(/(\r?\n)(?:[ \t]*\r?\n)+$/, '$1');
}

/** Merges three versions of a codebook; conflicts counts the sections left with markers. */
export function mergeCodebook(
  base: string,
  ours: string,
  theirs: string,
  mergeText: TextMerge,
): { text: string; conflicts: number } {
  const B = new Map(codebookSections(base).map((s) => [s.key, trimSection(s.text)]));
  const oList = codebookSections(ours);
  const O = new Map(oList.map((s) => [s.key, trimSection(s.text)]));
  const tList = codebookSections(theirs);
  const T = new Map(tList.map((s) => [s.key, trimSection(s.text)]));
  const eol = ours.includes('\r\n') ? '\r\n' : '\n';
  // Ours' order, with sections only theirs added placed after their predecessor in theirs.
  const order = oList.map((s) => s.key);
  tList.forEach((s, k) => {
    if (O.has(s.key) || B.has(s.key)) return;
    let at = 0;
    for (let j = k - 1; j >= 0; j--) {
      const p = order.indexOf(tList[j].key);
      if (p >= 0) {
        at = p + 1;
        break;
      }
    }
    order.splice(at, 0, s.key);
  });
  for (const k of B.keys()) if (!order.includes(k) && T.has(k) && T.get(k) !== B.get(k)) order.push(k);
  let conflicts = 0;
  const parts: string[] = [];
  for (const k of order) {
    const b = B.get(k);
    const o = O.get(k);
    const t = T.get(k);
    let text: string | undefined;
    if (o === t) text = o;
    else if (o === b) text = t;
    else if (t === b) text = o;
    else if (o === undefined || t === undefined) {
      // Removed on one side and changed on the other.
      conflicts++;
      text = `<<<<<<< ours${eol}${withEol(o ?? '', eol)}=======${eol}${withEol(t ?? '', eol)}>>>>>>> theirs${eol}`;
    } else {
      const m = mergeText(b ?? '', o, t);
      if (m.conflicts > 0) conflicts++;
      text = m.text;
    }
    if (text !== undefined) parts.push(text);
  }
  // Sections are joined by one blank line; the last keeps its own ending.
  const out = parts.map((p, k) => (k < parts.length - 1 ? withEol(p, eol) + (p.trim() === '' ? '' : eol) : p)).join('');
  return { text: out, conflicts };
}
