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
import { classifierOf, configOf, type StudySnapshot } from './snapshot';
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

/**
 * The transcript pairs of A and B in path order, parsed one pair at a time. A file whose
 * text is the same in both versions (under the same condense.json) is parsed once for
 * both sides, or, with `skipSame`, not at all: it holds no change.
 */
function* pairsOf(a: LazyVersion, b: LazyVersion, skipSame: boolean): Generator<TranscriptPair> {
  const files = [...new Set([...a.transcripts.keys(), ...b.transcripts.keys()])].sort();
  const sameOptions = a.configText === b.configText;
  for (const f of files) {
    const at = a.transcripts.get(f);
    const bt = b.transcripts.get(f);
    if (sameOptions && at !== undefined && at === bt) {
      if (skipSame) continue;
      const t = parseTranscript(at, a.index.options);
      yield pairTranscripts(f, t, t);
      continue;
    }
    const ta: Transcript | undefined = at === undefined ? undefined : parseTranscript(at, a.index.options);
    const tb: Transcript | undefined = bt === undefined ? undefined : parseTranscript(bt, b.index.options);
    yield pairTranscripts(f, ta, tb);
  }
}

/** {@link diffStudies} of two snapshots, one transcript pair at a time. */
export function diffSnapshots(a: StudySnapshot, b: StudySnapshot): StudyDiff {
  const la = lazyVersion(a);
  const lb = lazyVersion(b);
  return diffOfPairs(la, lb, pairsOf(la, lb, true));
}

/** {@link computeAgreement} of two snapshots, one transcript pair at a time. */
export function agreeSnapshots(a: StudySnapshot, b: StudySnapshot, threshold = 0.8): AgreementResult {
  const la = lazyVersion(a);
  const lb = lazyVersion(b);
  return agreementOfPairs(la, lb, pairsOf(la, lb, false), threshold);
}
