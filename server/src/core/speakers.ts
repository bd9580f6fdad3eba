/**
 * Speaker labels that open a turn: a paragraph starting with `**Label:**`, `**Label**:`
 * or `Label:`. A plain `Label:` is at most 40 characters and 3 words with no sentence
 * punctuation, so that "What I mean is: ..." does not become a speaker.
 */
import { SPEAKER_PREFIX } from './limits';
import { detached } from './plainText';
import { speakerPatternRisk } from './speakerSafety';
import { isWhiteSpace } from './whiteSpace';

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
  /**
   * The label and the length of the marker at the start of `text[start, end)` (a
   * paragraph: at most its first SPEAKER_PREFIX characters are read), or null.
   */
  match(text: string, start: number, end: number): SpeakerLabel | null;
  /** Whether this is the default pattern (whose bold labels the WebAssembly block scan reads: wasmColumns.ts). */
  readonly isDefault: boolean;
  /** The label `text[from, to)` as {@link match} gives it (one string per label while there are few). */
  label(text: string, from: number, to: number): string;
}

/**
 * The labels read so far, to hand out the same string for the same label: a transcript
 * has a few speakers and a turn per paragraph, and a label sliced out of each paragraph
 * anew is a new string to hash where the turns are interned (a few thousand per file).
 * Each label is kept as a string of its own ({@link detached}), so that no text is held
 * by it and the labels serve every text. (They were once kept per text, cleared when
 * `text !== this.text`; but that compares two texts' characters when they are different
 * strings with the same characters, as a document opened over its own file's text is, so
 * every paragraph compared the whole text: 0.7 s instead of 50 ms for 500 KB of short
 * turns. test/unit/linearParsing.test.ts parses such a text.)
 */
class LabelCache {
  private readonly labels: string[] = [];

  /** The label `text[from, to)`, as a string already handed out when it is one of them. */
  label(text: string, from: number, to: number): string {
    const length = to - from;
    const labels = this.labels;
    for (let k = 0; k < labels.length; k++) {
      const l = labels[k];
      if (l.length === length && text.startsWith(l, from)) return l;
    }
    // A study with many speakers keeps only the first few: the rest are sliced each time.
    if (labels.length >= 16) return text.slice(from, to);
    const made = detached(text.slice(from, to));
    labels.push(made);
    return made;
  }
}

/**
 * `**Label:**` or `**Label**:` at `start`, read on the text's offsets without a regular
 * expression or a slice of the line: the common case, read fast. `end` bounds the line
 * (the paragraph, at most SPEAKER_PREFIX characters).
 */
function boldLabel(text: string, start: number, end: number, cache: LabelCache): SpeakerLabel | null {
  if (end - start < 2 || text.charCodeAt(start) !== 42 || text.charCodeAt(start + 1) !== 42) return null;
  // The closing `**`: the first `*` after the opening (a `*` inside the label fails).
  let close = start + 2;
  const limit = Math.min(end, start + 44);
  while (close < limit) {
    const c = text.charCodeAt(close);
    if (c === 42) break;
    if (c === 10) return null;
    close++;
  }
  if (close >= limit || text.charCodeAt(close + 1) !== 42 || close + 2 > end) return null;
  const rel = close - start;
  if (rel < 3) return null;
  let labelEnd: number;
  let length: number;
  if (text.charCodeAt(close - 1) === 58 && rel > 3) {
    labelEnd = close - 1;
    length = rel + 2;
  } else if (close + 2 < end && text.charCodeAt(close + 2) === 58) {
    labelEnd = close;
    length = rel + 3;
  } else return null;
  if (start + length < end) {
    const after = text.charCodeAt(start + length);
    if (!(after === 32 || after === 9 || after === 10 || after === 13)) return null;
  }
  let from = start + 2;
  while (from < labelEnd && isWhiteSpace(text.charCodeAt(from))) from++;
  while (labelEnd > from && isWhiteSpace(text.charCodeAt(labelEnd - 1))) labelEnd--;
  if (labelEnd === from) return null;
  return { label: cache.label(text, from, labelEnd), length, boldClose: rel };
}

/** Whether a `:` stands in `text[from, to)` (a bounded search: indexOf would read on to the text's end). */
function hasColon(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 58) return true;
  return false;
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
  const cache = new LabelCache();
  return {
    isDefault,
    label: (text, from, to) => cache.label(text, from, to),
    match(text: string, start: number, end: number) {
      end = Math.min(end, start + SPEAKER_PREFIX);
      // Every default label ends with a colon within its first 45 characters.
      if (isDefault) {
        if (!hasColon(text, start, Math.min(end, start + 46))) return null;
        const fast = boldLabel(text, start, end, cache);
        if (fast) return fast;
      }
      const line = text.slice(start, end);
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
