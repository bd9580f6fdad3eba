/**
 * Writes the codebook.md of an imported study: one heading per code with its id, colour
 * and original GUID (`{#id color="#4e79a7" guid="..."}`, so that exporting again keeps
 * the GUID), its description, and its notes as sections (Condensate, Quotes, Synthesis
 * or the note's own name).
 */
import { escapeInline } from '../export/markdownText';

/** A code to write, with its sections and subcodes. */
export interface CodebookEntry {
  id: string;
  name: string;
  guid: string;
  color?: string;
  description?: string;
  sections: { title: string; body: string }[];
  children: CodebookEntry[];
}

/** Escapes lines that would start a heading (and so end the code) in free text. */
export function guardHeadings(text: string): string {
  return text.replace(/^( {0,3})(#{1,6})(?=[ \t]|$)/gm, (_m, sp: string, hashes: string) => `${sp}\\${hashes}`);
}

/** Renders codebook.md. `source` names the imported file in the opening line. */
export function writeCodebook(codes: CodebookEntry[], source: string): string {
  const out: string[] = [`Codebook imported from ${escapeInline(source)} by \`condense import\`.`, ''];
  const write = (c: CodebookEntry, level: number): void => {
    const attrs = [`#${c.id}`];
    if (c.color) attrs.push(`color="${c.color}"`);
    attrs.push(`guid="${c.guid}"`);
    const title = escapeInline(c.name.replace(/\s+/g, ' ').trim()) || escapeInline(c.id);
    out.push(`${'#'.repeat(level)} ${title} {${attrs.join(' ')}}`, '');
    if (c.description?.trim()) out.push(guardHeadings(c.description.trim()), '');
    if (level < 6) {
      for (const s of c.sections) {
        out.push(`${'#'.repeat(level + 1)} ${escapeInline(s.title.replace(/\s+/g, ' ').trim())}`, '');
        if (s.body.trim()) out.push(guardHeadings(s.body.trim()), '');
      }
    }
    for (const k of c.children) write(k, Math.min(level + 1, 6));
  };
  for (const c of codes) write(c, 1);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
