/**
 * Small shared helpers for features that describe codes and units to people:
 * titles with paths, counts in words, short excerpts.
 */
import type { StudyIndex } from '../core/studyIndex';

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
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  const cut = s.lastIndexOf(' ', max - 1);
  return `${s.slice(0, cut > max / 2 ? cut : max - 1)}…`;
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
