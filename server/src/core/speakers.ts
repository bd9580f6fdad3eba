/**
 * Speaker labels that open a turn: a paragraph starting with `**Label:**`, `**Label**:`
 * or `Label:`. A plain `Label:` is at most 40 characters and 3 words with no sentence
 * punctuation, so that "What I mean is: ..." does not become a speaker.
 */
import { speakerPatternRisk } from './speakerSafety';

/** The default pattern; its first non-empty group is the label. */
export const DEFAULT_SPEAKER_PATTERN =
  "^(?:\\*\\*([^*\\n]{1,40}?):\\*\\*|\\*\\*([^*\\n]{1,40}?)\\*\\*:|([\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M} ()'’._-]{0,39}):)(?=[ \\t]|\\r?$|\\r?\\n)";

/** A speaker label found at the start of a paragraph. */
export interface SpeakerLabel {
  label: string;
  /** Length of the whole marker, e.g. 7 for `**P1:**`. */
  length: number;
  /** For `**Label:**` and `**Label**:`: offset of the closing `**` within the line. */
  boldClose?: number;
}

/** A compiled speaker matcher. */
export interface SpeakerMatcher {
  /** The label and the length of the marker at the start of `line`, or null. */
  match(line: string): SpeakerLabel | null;
}

/** `**Label:**` or `**Label**:` without a regular expression: the common case, read fast. */
function boldLabel(line: string): SpeakerLabel | null {
  if (line.charCodeAt(0) !== 42 || line.charCodeAt(1) !== 42) return null;
  const close = line.indexOf('**', 2);
  if (close < 3 || close > 43) return null;
  const inner = line.slice(2, close);
  if (inner.includes('*') || inner.includes('\n')) return null;
  let label: string;
  let length: number;
  if (inner.endsWith(':') && inner.length > 1) {
    label = inner.slice(0, -1);
    length = close + 2;
  } else if (line.charCodeAt(close + 2) === 58) {
    label = inner;
    length = close + 3;
  } else return null;
  const after = line.charCodeAt(length);
  if (!(Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13)) return null;
  label = label.trim();
  return label ? { label, length, boldClose: close } : null;
}

/** Compiled patterns by source: a transcript parse asks for its study's pattern each time. */
const compiled = new Map<string, SpeakerMatcher | null>();

/**
 * Compiles a pattern (the default, or a study's `speakerPattern`); null if it does not
 * compile or is unsafe to run (see speakerSafety.ts).
 */
export function compileSpeakerPattern(source: string | undefined): SpeakerMatcher | null {
  if (source === undefined) return compile(undefined);
  let m = compiled.get(source);
  if (m === undefined) {
    m = speakerPatternRisk(source) === null ? compile(source) : null;
    if (compiled.size > 16) compiled.clear();
    compiled.set(source, m);
  }
  return m;
}

function compile(source: string | undefined): SpeakerMatcher | null {
  let re: RegExp;
  try {
    re = new RegExp(source ?? DEFAULT_SPEAKER_PATTERN, 'u');
  } catch {
    return null;
  }
  const isDefault = source === undefined || source === DEFAULT_SPEAKER_PATTERN;
  return {
    match(line: string) {
      // Every default label ends with a colon within its first 45 characters.
      if (isDefault) {
        if (line.lastIndexOf(':', 45) === -1) return null;
        const fast = boldLabel(line);
        if (fast) return fast;
      }
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
      if (isDefault && m[3] !== undefined && label.split(/\s+/).length > 3) return null;
      return { label, length: m[0].length };
    },
  };
}
