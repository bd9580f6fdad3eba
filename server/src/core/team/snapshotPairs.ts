/**
 * Two snapshots compared transcript by transcript, for the CLI's `diff` and `agree` on
 * whole studies: each transcript of A and B is parsed when its pair is reached and let
 * go once the pair is counted, so two large versions are never held parsed at once.
 * The results are those of {@link diffStudies} and {@link computeAgreement} on the two
 * snapshots parsed whole (the same pairs, in the same path order).
 */
import { CONFIG_FILE } from '../config';
import { StudyIndex } from '../studyIndex';
import { parseTranscript } from '../transcript';
import type { Transcript } from '../model';
import { agreementOfPairs, type AgreementResult } from './agreement';
import { classifierOf, configOf, type ParsedSnapshot, type StudySnapshot } from './snapshot';
import { diffOfPairs, type StudyDiff } from './studyDiff';
import { pairTranscripts, type TranscriptPair } from './unitChanges';

/** One version with its codebooks indexed and its transcripts left as text. */
interface LazyVersion {
  label: string;
  index: StudyIndex;
  /** Transcript path to its text. */
  transcripts: Map<string, string>;
  configText: string | undefined;
}

function lazyVersion(s: StudySnapshot): LazyVersion {
  const configText = s.files.get(CONFIG_FILE);
  const config = configOf(configText);
  const classify = classifierOf(config);
  const index = new StudyIndex({ speakerPattern: config.speakerPattern, sections: config.sections });
  const transcripts = new Map<string, string>();
  // The codebooks go in in the snapshot's order, as parseSnapshot puts them.
  for (const [rel, text] of s.files) {
    const kind = classify(rel);
    if (kind === 'codebook') index.setDocument(rel, text, kind);
    else if (kind === 'transcript') transcripts.set(rel, text);
  }
  return { label: s.label, index, transcripts, configText };
}

/** Two versions to compare one transcript at a time. */
export interface VersionPair {
  /** The versions' labels and codebooks. */
  a: Pick<ParsedSnapshot, 'label' | 'index'>;
  b: Pick<ParsedSnapshot, 'label' | 'index'>;
  /** Every transcript path of either version, sorted. */
  files: string[];
  /**
   * The pair of one path, parsed now. A file whose text is the same in both versions
   * (under the same condense.json) is parsed once for both sides, or, with `skipSame`,
   * not at all (null): it holds no change.
   */
  pair(file: string, skipSame: boolean): TranscriptPair | null;
}

/** Versions A and B, their codebooks indexed, their transcripts left to parse pair by pair. */
export function versionPair(a: StudySnapshot, b: StudySnapshot): VersionPair {
  const la = lazyVersion(a);
  const lb = lazyVersion(b);
  const sameOptions = la.configText === lb.configText;
  return {
    a: la,
    b: lb,
    files: [...new Set([...la.transcripts.keys(), ...lb.transcripts.keys()])].sort(),
    pair: (f, skipSame) => {
      const at = la.transcripts.get(f);
      const bt = lb.transcripts.get(f);
      if (sameOptions && at !== undefined && at === bt) {
        if (skipSame) return null;
        const t = parseTranscript(at, la.index.options);
        return pairTranscripts(f, t, t);
      }
      const ta: Transcript | undefined = at === undefined ? undefined : parseTranscript(at, la.index.options);
      const tb: Transcript | undefined = bt === undefined ? undefined : parseTranscript(bt, lb.index.options);
      return pairTranscripts(f, ta, tb);
    },
  };
}

function* pairsOf(v: VersionPair, skipSame: boolean): Generator<TranscriptPair> {
  for (const f of v.files) {
    const p = v.pair(f, skipSame);
    if (p) yield p;
  }
}

/** {@link diffStudies} of two snapshots, one transcript pair at a time. */
export function diffSnapshots(a: StudySnapshot, b: StudySnapshot): StudyDiff {
  const v = versionPair(a, b);
  return diffOfPairs(v.a, v.b, pairsOf(v, true));
}

/** {@link computeAgreement} of two snapshots, one transcript pair at a time. */
export function agreeSnapshots(a: StudySnapshot, b: StudySnapshot, threshold = 0.8): AgreementResult {
  const v = versionPair(a, b);
  return agreementOfPairs(v.a, v.b, pairsOf(v, false), threshold);
}
