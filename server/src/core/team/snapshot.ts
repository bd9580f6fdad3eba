/**
 * A version of a study as plain data: its files' texts by path relative to the study
 * root. Where the texts came from (a folder, a git revision) is the node side's business;
 * here a snapshot is parsed into a {@link StudyIndex} keyed by those relative paths.
 */
import { CONFIG_FILE, createClassifier, defaultConfig, parseConfig, type StudyConfig } from '../config';
import { StudyIndex } from '../studyIndex';

/** One version of a study. */
export interface StudySnapshot {
  /** What the user named: a folder, a revision, or "working tree". */
  label: string;
  /** Relative path (with `/`) to text, for condense.json, codebooks and transcripts. */
  files: Map<string, string>;
}

/** A parsed snapshot. Document URIs in the index are the relative paths themselves. */
export interface ParsedSnapshot {
  label: string;
  config: StudyConfig;
  index: StudyIndex;
}

/** The configuration of a version from the text of its condense.json (defaults when absent). */
export function configOf(configText: string | undefined): StudyConfig {
  return configText === undefined ? defaultConfig() : parseConfig(configText).config;
}

/** What each path is to a version with this configuration. */
export function classifierOf(config: StudyConfig): (relPath: string) => 'codebook' | 'transcript' | null {
  return createClassifier(config);
}

/** Parses every codebook and transcript of a snapshot. */
export function parseSnapshot(s: StudySnapshot): ParsedSnapshot {
  const config = configOf(s.files.get(CONFIG_FILE));
  const classify = classifierOf(config);
  const index = new StudyIndex({ speakerPattern: config.speakerPattern, sections: config.sections });
  for (const [rel, text] of s.files) {
    const kind = classify(rel);
    if (kind) index.setDocument(rel, text, kind);
  }
  return { label: s.label, config, index };
}
