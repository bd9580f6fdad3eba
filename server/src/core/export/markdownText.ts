/**
 * Escaping plain text for Markdown output (Pandoc's Markdown, as Condense reads it).
 */

/** Escapes the characters that inline Markdown would read as markup. */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}

/** Escapes text for a pipe-table cell: inline markup, and line breaks become spaces. */
export function escapeCell(text: string): string {
  return escapeInline(text.replace(/\s+/g, ' ').trim());
}
