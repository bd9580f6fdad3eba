/**
 * condense.json: which files of a study are codebooks and which are transcripts, the
 * section names and the speaker pattern. Parsing never fails: a broken file gives
 * `bad-config` diagnostics and the defaults for whatever could not be read.
 */
import picomatch from 'picomatch';
import { DEFAULT_SECTION_NAMES } from './codebook';
import { LineIndex } from './lineIndex';
import type { Diagnostic, SectionNames } from './model';
import { compileSpeakerPattern } from './speakers';
import { speakerPatternRisk } from './speakerSafety';

/** The study configuration with every default filled in. */
export interface StudyConfig {
  /** Globs (or paths) of codebook files, relative to the study root. */
  codebook: string[];
  /** Globs of transcripts; undefined means the default (every Markdown file but a few). */
  transcripts?: string[];
  sections: SectionNames;
  speakerPattern?: string;
  /** Files larger than this many bytes are skipped with a warning. */
  maxFileSize: number;
  /** The identifiers file (real names and pseudonyms), relative to the study root. */
  identifiers?: string;
  /** Mark likely names not yet in the identifiers file as `possible-identifier` hints. */
  identifierHints?: boolean;
}

/** The configuration file's name. */
export const CONFIG_FILE = 'condense.json';

/** Default size limit: 10 MB is several hundred hours of transcript. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** The defaults, as used when there is no condense.json. */
export function defaultConfig(): StudyConfig {
  return {
    codebook: ['codebook.md'],
    sections: {
      condensate: [...DEFAULT_SECTION_NAMES.condensate],
      quotes: [...DEFAULT_SECTION_NAMES.quotes],
      synthesis: [...DEFAULT_SECTION_NAMES.synthesis],
    },
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
  };
}

const KNOWN_KEYS = new Set([
  '$schema',
  'codebook',
  'transcripts',
  'sections',
  'speakerPattern',
  'maxFileSize',
  'identifiers',
  'identifierHints',
]);

/** Reads condense.json text. */
export function parseConfig(text: string): { config: StudyConfig; diagnostics: Diagnostic[] } {
  const config = defaultConfig();
  const diagnostics: Diagnostic[] = [];
  const lines = new LineIndex(text);
  const problem = (message: string, key?: string, severity: Diagnostic['severity'] = 'error'): void => {
    let at = key ? text.indexOf(`"${key}"`) : 0;
    if (at < 0) at = 0;
    diagnostics.push({
      range: lines.rangeOf(at, key ? at + key.length + 2 : at),
      severity,
      code: 'bad-config',
      message,
    });
  };
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    // The position counts from after a BOM, which was sliced off before parsing.
    const at = pos ? Number(pos[1]) + (text.charCodeAt(0) === 0xfeff ? 1 : 0) : 0;
    diagnostics.push({
      range: lines.rangeOf(at, at),
      severity: 'error',
      code: 'bad-config',
      message: `condense.json is not valid JSON (${msg}); using the defaults.`,
    });
    return { config, diagnostics };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problem('condense.json should hold a JSON object such as {"codebook": "codebook.md"}; using the defaults.');
    return { config, diagnostics };
  }
  const obj = data as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!KNOWN_KEYS.has(key))
      problem(
        `Unknown setting "${key}" in condense.json (known: codebook, transcripts, sections, speakerPattern, maxFileSize, identifiers, identifierHints).`,
        key,
        'warning',
      );
  }
  const globs = (key: string): string[] | undefined => {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string' && v.trim()) return [v];
    if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.trim())) return v as string[];
    problem(`"${key}" should be a path or glob, or a non-empty list of them; using the default.`, key);
    return undefined;
  };
  config.codebook = globs('codebook') ?? config.codebook;
  const transcripts = globs('transcripts');
  if (transcripts) config.transcripts = transcripts;
  if (obj.sections !== undefined) {
    const s = obj.sections;
    if (s === null || typeof s !== 'object' || Array.isArray(s))
      problem('"sections" should be an object such as {"condensate": "Kondensat"}.', 'sections');
    else {
      for (const [k, v] of Object.entries(s as Record<string, unknown>)) {
        if (k !== 'condensate' && k !== 'quotes' && k !== 'synthesis') {
          problem(`Unknown section "${k}" (known: condensate, quotes, synthesis).`, k, 'warning');
          continue;
        }
        const names =
          typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
        if (!names || names.length === 0) problem(`"sections.${k}" should be a heading name or a list of names.`, k);
        else config.sections[k] = names.map((n) => n.trim().toLowerCase());
      }
    }
  }
  if (obj.speakerPattern !== undefined) {
    const p = obj.speakerPattern;
    const risk = typeof p === 'string' ? speakerPatternRisk(p) : null;
    if (typeof p === 'string' && risk !== null && compileSpeakerPattern(p) === null && isRegExpSource(p))
      problem(`"speakerPattern" is refused, since ${risk}; using the default speaker labels.`, 'speakerPattern');
    else if (typeof p !== 'string' || compileSpeakerPattern(p) === null)
      problem(
        '"speakerPattern" should be a valid regular expression whose first group is the speaker label.',
        'speakerPattern',
      );
    else config.speakerPattern = p;
  }
  if (obj.maxFileSize !== undefined) {
    const m = obj.maxFileSize;
    if (typeof m !== 'number' || !Number.isFinite(m) || m <= 0)
      problem('"maxFileSize" should be a positive number of bytes.', 'maxFileSize');
    else config.maxFileSize = m;
  }
  if (obj.identifiers !== undefined) {
    const v = obj.identifiers;
    if (typeof v !== 'string' || !v.trim())
      problem('"identifiers" should be the path of the identifiers file, relative to the study.', 'identifiers');
    else config.identifiers = v.trim();
  }
  if (obj.identifierHints !== undefined) {
    if (typeof obj.identifierHints !== 'boolean')
      problem('"identifierHints" should be true or false.', 'identifierHints');
    else config.identifierHints = obj.identifierHints;
  }
  return { config, diagnostics };
}

/** True when `source` compiles as a regular expression (with the `u` flag speaker patterns use). */
function isRegExpSource(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**', 'node_modules/**', '.git/**'];
const DEFAULT_EXCLUDED = ['**/README*', '**/CHANGELOG*', 'README*', 'CHANGELOG*'];

/** Decides what a file (path relative to the study root, with `/`) is to the study. */
export function createClassifier(config: StudyConfig): (relPath: string) => 'codebook' | 'transcript' | null {
  const opts = { dot: false, nocase: false };
  const isCodebook = picomatch(config.codebook, opts);
  const excluded = picomatch(ALWAYS_EXCLUDED, opts);
  // readme.md and Readme.md are as much a README as README.md.
  const excludedByDefault = picomatch(DEFAULT_EXCLUDED, { ...opts, nocase: true });
  const isTranscript = picomatch(config.transcripts ?? ['**/*.md'], opts);
  return (relPath: string) => {
    const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
    if (isCodebook(p)) return 'codebook';
    if (excluded(p) || (!config.transcripts && excludedByDefault(p))) return null;
    return isTranscript(p) ? 'transcript' : null;
  };
}
