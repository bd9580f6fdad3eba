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
    files: unionOfPaths(la.transcripts.keys(), lb.transcripts.keys()),
    pair: (f, skipSame) =>
      pairOf(f, la.transcripts.get(f), lb.transcripts.get(f), la.index, lb.index, sameOptions, skipSame),
  };
}

function unionOfPaths(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}

/** The pair of path `f` from its texts in A and B (see {@link VersionPair.pair}). */
function pairOf(
  f: string,
  at: string | undefined,
  bt: string | undefined,
  ia: StudyIndex,
  ib: StudyIndex,
  sameOptions: boolean,
  skipSame: boolean,
): TranscriptPair | null {
  if (sameOptions && at !== undefined && at === bt) {
    if (skipSame) return null;
    const t = parseTranscript(at, ia.options);
    return pairTranscripts(f, t, t);
  }
  const ta: Transcript | undefined = at === undefined ? undefined : parseTranscript(at, ia.options);
  const tb: Transcript | undefined = bt === undefined ? undefined : parseTranscript(bt, ib.options);
  return pairTranscripts(f, ta, tb);
}

/** What a {@link PairStream} knows of one version once it is planned. */
interface StreamSide {
  label: string;
  configText: string | undefined;
  classify: (rel: string) => 'codebook' | 'transcript' | null;
  index: StudyIndex;
  /** Its transcripts' paths. */
  transcripts: Set<string>;
  /** Texts that have come and wait for their pair. */
  texts: Map<string, string>;
}

/**
 * The pairs of {@link versionPair}, made while the two versions are still being read: each
 * version is planned (its condense.json and the paths of its files) and then gives its
 * files one by one, each version's transcripts in path order; each pair is handed to
 * `onPair` as soon as both sides of it are there, in the same order as
 * {@link VersionPair.files}, and its texts are let go. The codebooks are indexed as they
 * come, in each version's order. So reading (git writing the next files) and comparing
 * overlap, and the texts of two versions are never all held at once.
 */
export class PairStream {
  private readonly sides: [StreamSide | null, StreamSide | null] = [null, null];
  private files: string[] = [];
  private next = 0;

  constructor(
    private readonly skipSame: boolean,
    private readonly onPair: (pair: TranscriptPair) => void,
  ) {}

  /** Version `side` (0 for A, 1 for B) holds these files (`paths`, sorted) under this condense.json. */
  plan(side: 0 | 1, label: string, configText: string | undefined, paths: readonly string[]): void {
    const config = configOf(configText);
    const classify = classifierOf(config);
    this.sides[side] = {
      label,
      configText,
      classify,
      index: new StudyIndex({ speakerPattern: config.speakerPattern, sections: config.sections }),
      transcripts: new Set(paths.filter((p) => classify(p) === 'transcript')),
      texts: new Map(),
    };
    const [a, b] = this.sides;
    if (a && b) {
      this.files = unionOfPaths(a.transcripts, b.transcripts);
      this.flush();
    }
  }

  /** One file of version `side`, in its order. */
  file(side: 0 | 1, rel: string, text: string): void {
    const s = this.sides[side] as StreamSide;
    const kind = s.classify(rel);
    if (kind === 'codebook') s.index.setDocument(rel, text, kind);
    else if (kind === 'transcript') {
      s.texts.set(rel, text);
      this.flush();
    }
  }

  /** The two versions' labels and codebooks, for the tallies' results (once both are planned). */
  versions(): [Pick<ParsedSnapshot, 'label' | 'index'>, Pick<ParsedSnapshot, 'label' | 'index'>] {
    const [a, b] = this.sides as [StreamSide, StreamSide];
    return [a, b];
  }

  /** Hands on every pair whose sides have both come. */
  private flush(): void {
    const [a, b] = this.sides;
    if (!a || !b) return;
    const sameOptions = a.configText === b.configText;
    while (this.next < this.files.length) {
      const f = this.files[this.next];
      // Each side gives its transcripts in path order: f waits only for a side that has it.
      const inA = a.transcripts.has(f);
      const inB = b.transcripts.has(f);
      if ((inA && !a.texts.has(f)) || (inB && !b.texts.has(f))) return;
      const at = a.texts.get(f);
      const bt = b.texts.get(f);
      a.texts.delete(f);
      b.texts.delete(f);
      this.next++;
      const pair = pairOf(f, at, bt, a.index, b.index, sameOptions, this.skipSame);
      if (pair) this.onPair(pair);
    }
  }
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
