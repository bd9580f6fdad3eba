/**
 * Text taken from a study (a synthesis, a golden quote, a title) made safe for the
 * Results Markdown, so that Pandoc shows it literally in Word and HTML: a transcription
 * note such as `<inaudible>` survives, and no markup from a transcript or codebook
 * becomes live HTML (`<script>`, `<img onerror>`, a raw `{=html}` block, an attribute
 * such as `onclick`, a `javascript:` link). Emphasis, lists and citations still work.
 */
import { escapeInline } from './markdownText';

/**
 * Escapes a Markdown body with backslashes, which Pandoc's Markdown (and CommonMark)
 * reads as the literal characters:
 * - `<`, `>` and `&`: no raw HTML, no autolink, no entity, no blockquote of the writer's;
 * - `{` and `}`: no attribute block (spans, headings, divs, code with `{=html}`);
 * - `]` before `(`, `[` or `:`: no link or image target, inline, by reference or defined,
 *   except an inline link to a web or mail address (`[the paper](https://…)`), which
 *   cannot run anything and which the Word export shows as its text too.
 * Code spans and code blocks are escaped too (they then show the backslashes): telling
 * code from text exactly as Pandoc does is what an exporter must not get wrong.
 */
/** `(https://…)`, `(http://…)` or `(mailto:…)` right after a link's text: a target that runs nothing. */
const SAFE_LINK = /^\((?:https?:\/\/|mailto:)[^\s()<>{}\\"'`]*\)/i;

export function escapeStudyMarkdown(text: string): string {
  let out = '';
  let backslashes = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    const special =
      c === '<' ||
      c === '>' ||
      c === '&' ||
      c === '{' ||
      c === '}' ||
      (c === ']' && '([:'.includes(text[k + 1] ?? ' ') && !SAFE_LINK.test(text.slice(k + 1, k + 2050)));
    // After an odd run of backslashes the character is escaped already; after an even
    // one (`\\<`) the backslashes escape each other and the `<` needs its own.
    if (special && backslashes % 2 === 0) out += '\\';
    out += c;
    backslashes = c === '\\' ? backslashes + 1 : 0;
  }
  return out;
}

/** Escapes one line of plain text (a title, a speaker, an attribution) for inline Markdown. */
export function escapeStudyText(text: string): string {
  return escapeInline(text).replace(/[&{}]/g, (c) => `\\${c}`);
}
