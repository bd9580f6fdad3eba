/**
 * Small shared helpers for features that describe codes and units to people:
 * titles with paths, counts in words, short excerpts.
 */
import type { StudyIndex } from '../core/studyIndex';
import { isWhiteSpace } from '../core/whiteSpace';

/** "Theme › Subtheme" for a code (ids stand in for codes the codebook does not define). */
export function codePathTitle(index: StudyIndex, id: string): string {
  return index
    .path(id)
    .map((c) => index.getCode(c)?.title || c)
    .join(' › ');
}

/** "3 units · 2 transcripts · 3 speakers", with singulars where they belong. */
export function countsLine(counts: { units: number; transcripts: number; speakers: number }): string {
  const n = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${n(counts.units, 'unit')} · ${n(counts.transcripts, 'transcript')} · ${n(counts.speakers, 'speaker')}`;
}

/** Collapses whitespace and cuts text to `max` characters at a word boundary. */
export function excerpt(text: string, max: number): string {
  const s = collapsedPrefix(text, max + 1);
  if (s.length <= max) return s;
  const cut = s.lastIndexOf(' ', max - 1);
  return `${s.slice(0, cut > max / 2 ? cut : max - 1)}…`;
}

/**
 * `text` with white-space runs collapsed to one space and trimmed (as
 * `text.replace(/\s+/g, ' ').trim()`), but only up to its first `limit` characters: an
 * excerpt needs no more, and a unit that holds a whole document (deeply nested units)
 * would otherwise be copied whole for a 40-character excerpt.
 */
function collapsedPrefix(text: string, limit: number): string {
  let out = '';
  let pendingSpace = false;
  let chunk = 0;
  for (let i = 0; i < text.length && out.length < limit; i++) {
    const c = text.charCodeAt(i);
    if (isWhiteSpace(c)) {
      if (out.length > 0) pendingSpace = true;
      continue;
    }
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
      if (out.length >= limit) break;
    }
    // A run of other characters goes in as one slice.
    chunk = i + 1;
    while (chunk < text.length && chunk - i < limit - out.length && !isWhiteSpace(text.charCodeAt(chunk))) chunk++;
    out += text.slice(i, chunk);
    i = chunk - 1;
  }
  return out;
}

/** The file name of a URI without folders and without `.md`, for attributions. */
export function shortName(uri: string): string {
  const last = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  return last.replace(/\.(md|markdown)$/i, '');
}

/** Escapes text for Markdown shown in hovers and completion documentation. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
}
