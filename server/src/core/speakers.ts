/**
 * Speaker labels that open a turn: a paragraph starting with `**Label:**`, `**Label**:`
 * or `Label:`. A plain `Label:` is at most 40 characters and 4 words with no sentence
 * punctuation, so that "What I mean is: ..." does not become a speaker.
 */

/** The default pattern; its first non-empty group is the label. */
export const DEFAULT_SPEAKER_PATTERN =
  '^(?:\\*\\*([^*\\n]{1,40}?):\\*\\*|\\*\\*([^*\\n]{1,40}?)\\*\\*:|([\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M} ()\'’._-]{0,39}):)(?=[ \\t]|\\r?$|\\r?\\n)';

/** A compiled speaker matcher. */
export interface SpeakerMatcher {
  /** The label and the length of the marker at the start of `line`, or null. */
  match(line: string): { label: string; length: number } | null;
}

/** Compiles a pattern (the default, or a study's `speakerPattern`); null if it does not compile. */
export function compileSpeakerPattern(source: string | undefined): SpeakerMatcher | null {
  let re: RegExp;
  try {
    re = new RegExp(source ?? DEFAULT_SPEAKER_PATTERN, 'u');
  } catch {
    return null;
  }
  const isDefault = source === undefined || source === DEFAULT_SPEAKER_PATTERN;
  return {
    match(line: string) {
      const m = re.exec(line);
      if (!m || m.index !== 0) return null;
      let label: string | undefined;
      for (let g = 1; g < m.length; g++) {
        if (m[g] !== undefined && m[g] !== '') {
          label = m[g];
          break;
        }
      }
      if (label === undefined) label = m[0];
      label = label.trim();
      if (label === '') return null;
      if (isDefault && m[3] !== undefined && label.split(/\s+/).length > 4) return null;
      return { label, length: m[0].length };
    },
  };
}
