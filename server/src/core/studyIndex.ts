/**
 * The workspace index: every transcript and codebook of one study, parsed once per
 * version, and the questions features ask of them (code tree, units by code, counts,
 * unused codes, quote provenance, diagnostics across files).
 *
 * Updating one document re-parses only that document, and keeps the parse's line index
 * for the features. What is computed across documents is cached: the counts are a sum of
 * per-file shares, so a transcript edit recomputes that file's share only; golden quotes
 * are checked again only for the codes the edited file uses (or used); a codebook edit
 * recomputes everything, lazily.
 */
import { parseCodebook } from './codebook';
import type { IdentifierGuard } from './identifiers/guard';
import type { IdentifierMatch } from './identifiers/matcher';
import type { FileWalk } from './fileWalk';
import { studyDiagnostics } from './studyDiagnostics';
import { LineIndex } from './lineIndex';
import type { Code, Codebook, Diagnostic, ParseOptions, Position, Quote, Range, Transcript, Unit } from './model';
import { quoteFragments } from './quotes';
import { mergeClosest, searchQuotesInFile, type FileQuoteResult, type QuoteSpec } from './quoteSearch';
import { parseTranscript } from './transcript';
import type { UnitTable } from './unitTable';

/** What a document is to the study. */
export type DocumentKind = 'transcript' | 'codebook';

/** One indexed document. */
export interface IndexedDocument {
  uri: string;
  kind: DocumentKind;
  version: number | null;
  text: string;
  /** The line table of `text`, built once by the parse and reused by every feature. */
  lines: LineIndex;
  transcript?: Transcript;
  codebook?: Codebook;
  /** Transcripts: code id to indices of the units that carry it directly. */
  byCode: Map<string, number[]>;
  /** Transcripts: this file's share of the counts, for the codebook it was computed with. */
  counts?: FileCounts;
  /**
   * Transcripts: this file's golden-quote answers by code (one per quote), found where it
   * was parsed (a worker thread), for the codebook generation they were looked for with.
   */
  quotes?: { generation: number; byCode: Map<string, FileQuoteResult[]> };
  /**
   * Transcripts: this file's golden-quote answers by code (one per quote), with the key of
   * what they were looked for (see StudyIndex.quoteKey), kept with the file: after an edit
   * of another file, only that one is searched again, and the study's answer is these
   * merged (see StudyIndex.findQuotes).
   */
  quoteAnswers?: Map<string, { key: string; results: FileQuoteResult[] }>;
}

/** One transcript's share of the counts, by code. */
interface FileCounts {
  /** The index's codebook generation it was computed with (code paths change with it). */
  generation: number;
  byCode: Map<string, { units: number; directUnits: number; speakers: number }>;
}

/** A code as the index knows it: where it is defined, and its children. */
export interface IndexedCode extends Code {
  uri: string;
  children: string[];
}

/** A unit together with the document that holds it. */
export interface UnitRef {
  uri: string;
  index: number;
  unit: Unit;
}

/** Counts for one code. */
export interface CodeCounts {
  /** Units coded with the code or a descendant (a unit counts once). */
  units: number;
  /** Units coded with the code itself. */
  directUnits: number;
  /** Transcripts holding at least one of those units. */
  transcripts: number;
  /** Distinct speakers (transcript and label) of those units. */
  speakers: number;
}

/** Where a golden quote was found. */
export interface QuoteProvenance {
  quote: Quote;
  uri: string;
  /** The units whose text holds the quote (empty when it is not found). */
  matches: UnitRef[];
  /** When not found: the unit of the code most like the quote, if any is at all alike. */
  closest?: UnitRef;
}

interface Derived {
  codes: Map<string, IndexedCode>;
  roots: string[];
  duplicates: Diagnostic[];
  duplicateUris: string[];
}

/** The index of one study. */
export class StudyIndex {
  private readonly docs = new Map<string, IndexedDocument>();
  private derived: Derived | null = null;
  /** The study's identifiers file, compiled; its matches are `identifying-text` errors. */
  identifierGuard: IdentifierGuard | null = null;
  /**
   * Bumped whenever the code hierarchy changes (a code's parent, a code defined or no
   * longer defined): per-file count shares of older generations are stale. An edit of a
   * codebook's text that leaves every code's parent as it was (a description, a
   * condensate, a quote) keeps them, so that typing in the codebook of a large study does
   * not recount every transcript at each keystroke (docs/performance.md).
   */
  private generation = 0;
  /** Each defined code's parent when the generation was last set (see {@link derive}). */
  private countedParents: Map<string, string | null> | null = null;
  /** See {@link definedCodesVersion}. */
  private definedCodes = 0;
  /** Whether a codebook was indexed when {@link definedCodes} was last set. */
  private hadCodebook = false;
  /** Bumped whenever a codebook changes: golden quotes a parse worker looked for with an older codebook are not used. */
  private quoteGeneration = 0;
  /** The sum of every transcript's share, or null until {@link allCounts} or {@link prepare} runs again. */
  private totals: Map<string, CodeCounts> | null = null;
  private countsView: Map<string, CodeCounts> | null = null;
  /**
   * Golden quote provenance by code id, with the key of what it was looked for (the code's
   * subtree and its quotes' texts, see {@link quoteKey}): dropped for the codes an edit of
   * a transcript touches, and used after a codebook edit only while its key is the same.
   */
  private readonly quoteCache = new Map<string, { key: string; found: QuoteProvenance[] }>();
  /** The last key of each code (see {@link quoteKey}). */
  private readonly quoteKeys = new Map<string, string>();
  private quotesView: QuoteProvenance[] | null = null;

  constructor(readonly options: ParseOptions = {}) {}

  /**
   * Adds or replaces a document. Same version and text: nothing is re-parsed. `parsed`:
   * a transcript's parse made elsewhere (a worker thread) with these options. Returns the entry.
   */
  setDocument(
    uri: string,
    text: string,
    kind: DocumentKind,
    version: number | null = null,
    parsed?: {
      transcript: Transcript;
      lines: LineIndex;
      quotes?: Map<string, FileQuoteResult[]>;
      /** Identifying text found with the named guard's names (used only if it is still this index's guard). */
      identifiers?: { guard: IdentifierGuard; matches: IdentifierMatch[] };
    },
  ): IndexedDocument {
    const old = this.docs.get(uri);
    if (old && old.kind === kind && old.text === text && (version === null || old.version === version)) {
      old.version = version;
      return old;
    }
    const lines = parsed?.lines ?? new LineIndex(text);
    const doc: IndexedDocument = { uri, kind, version, text, lines, byCode: new Map() };
    if (kind === 'codebook') {
      doc.codebook = parseCodebook(text, this.options, lines);
      this.codebookChanged();
    } else {
      const t = parsed?.transcript ?? parseTranscript(text, this.options, lines);
      doc.transcript = t;
      indexCodes(t, doc.byCode);
      if (parsed?.quotes) doc.quotes = { generation: this.quoteGeneration, byCode: parsed.quotes };
      if (parsed?.identifiers && parsed.identifiers.guard === this.identifierGuard)
        this.identifierGuard.prime(doc, parsed.identifiers.matches);
      if (old?.kind === 'codebook') this.codebookChanged();
    }
    if (old?.kind === 'transcript') this.transcriptLeaves(old);
    this.docs.set(uri, doc);
    if (kind === 'transcript') this.transcriptEnters(doc);
    return doc;
  }

  /** Removes a document; unknown URIs are ignored. */
  removeDocument(uri: string): void {
    const old = this.docs.get(uri);
    if (!old) return;
    this.docs.delete(uri);
    if (old.kind === 'codebook') this.codebookChanged();
    else this.transcriptLeaves(old);
  }

  /**
   * Codes and their paths must be derived again; what was counted and found with them is
   * kept until {@link derive} and {@link quoteProvenance} find what it depends on changed.
   */
  private codebookChanged(): void {
    this.derived = null;
    this.quoteGeneration++;
    this.countsView = null;
    this.quotesView = null;
  }

  /** A transcript's units leave the study: its share of the counts and its codes' quotes go. */
  private transcriptLeaves(doc: IndexedDocument): void {
    // Called before the document is replaced, so nothing is derived here (it would be from
    // the documents as they were). Running sums are of the current generation's shares:
    // should a codebook edit not derived yet have changed the hierarchy, they are dropped
    // whole when it is derived, and this subtraction with them.
    if (this.totals && doc.counts) addShare(this.totals, doc.counts.byCode, -1);
    this.transcriptTouched(doc);
  }

  /** A transcript's units enter the study. */
  private transcriptEnters(doc: IndexedDocument): void {
    // Derived first (the documents are up to date here): a codebook edit that changed the
    // hierarchy drops the running sums there.
    this.derive();
    if (this.totals) addShare(this.totals, this.fileCounts(doc), 1);
    this.transcriptTouched(doc);
  }

  private transcriptTouched(doc: IndexedDocument): void {
    this.countsView = null;
    this.quotesView = null;
    // A code's quotes are looked for in its units and its subcodes': drop it and its ancestors
    // (nothing to drop while a study loads: each file's walk up its codes' paths cost more).
    // With a codebook edit not derived yet, the paths are not known: drop every code's
    // (each file keeps its own answers, so they are merged again, not looked for).
    if (this.quoteCache.size === 0) return;
    if (!this.derived) this.quoteCache.clear();
    else for (const c of doc.byCode.keys()) for (const a of this.path(c)) this.quoteCache.delete(a);
  }

  /** A transcript's share of the counts, computed once per generation of the code hierarchy. */
  private fileCounts(doc: IndexedDocument): FileCounts['byCode'] {
    this.derive();
    if (doc.counts?.generation === this.generation) return doc.counts.byCode;
    const byCode: FileCounts['byCode'] = new Map();
    const speakers = new Map<string, Set<string>>();
    const share = (c: string): { units: number; directUnits: number; speakers: number } => {
      let v = byCode.get(c);
      if (!v) byCode.set(c, (v = { units: 0, directUnits: 0, speakers: 0 }));
      return v;
    };
    const t = doc.transcript;
    const table = t?.table;
    if (table) this.tableShares(table, share, speakers);
    else {
      for (const u of t?.units ?? []) {
        if (u.codes.length === 0) continue;
        const all = new Set<string>();
        // A class written twice (`{.a .a}`) still codes the unit once.
        for (const c of u.codes.length > 1 ? new Set(u.codes) : u.codes) {
          share(c).directUnits++;
          for (const a of this.path(c)) all.add(a);
        }
        for (const c of all) {
          share(c).units++;
          if (u.speaker === undefined) continue;
          let set = speakers.get(c);
          if (!set) speakers.set(c, (set = new Set()));
          set.add(u.speaker);
        }
      }
    }
    for (const [c, set] of speakers) share(c).speakers = set.size;
    doc.counts = { generation: this.generation, byCode };
    return byCode;
  }

  /**
   * {@link fileCounts} from a unit table, on interned numbers: each interned code's path
   * is resolved once per file, and a unit's codes and their ancestors are marked in a
   * small array (stamped with the unit's index) instead of a set per unit.
   */
  private tableShares(
    table: UnitTable,
    share: (c: string) => { units: number; directUnits: number; speakers: number },
    speakers: Map<string, Set<string>>,
  ): void {
    const names = table.columns.codeNames;
    // Interned code -> interned ids of its path (the code itself last); codes of the path
    // that no unit of this file names are interned after the file's own.
    const all = [...names];
    const ids = new Map<string, number>(names.map((n, k) => [n, k]));
    // Flat: code c's path is pathIds[pathFrom[c], pathFrom[c + 1]) (an array per code costs
    // an iterator per reference in the loop below).
    const pathFrom = new Int32Array(names.length + 1);
    const flat: number[] = [];
    names.forEach((n, c) => {
      for (const a of this.path(n)) {
        let id = ids.get(a);
        if (id === undefined) {
          id = all.length;
          ids.set(a, id);
          all.push(a);
        }
        flat.push(id);
      }
      pathFrom[c + 1] = flat.length;
    });
    const pathIds = Int32Array.from(flat);
    const direct = new Int32Array(all.length);
    const units = new Int32Array(all.length);
    const directStamp = new Int32Array(all.length).fill(-1);
    const stamp = new Int32Array(all.length).fill(-1);
    // Speakers per code, as a bit per (code, interned speaker) pair.
    const nSpeakers = table.speakerNames.length;
    const spoke = new Uint8Array(all.length * nSpeakers);
    for (let k = 0; k < table.count; k++) {
      const first = table.firstRef(k);
      const last = table.endRef(k);
      if (first === last) continue;
      const speaker = table.speakerId(k);
      for (let r = first; r < last; r++) {
        const c = table.refCode(r);
        if (directStamp[c] === k) continue;
        directStamp[c] = k;
        direct[c]++;
        for (let q = pathFrom[c]; q < pathFrom[c + 1]; q++) {
          const a = pathIds[q];
          if (stamp[a] === k) continue;
          stamp[a] = k;
          units[a]++;
          if (speaker >= 0) spoke[a * nSpeakers + speaker] = 1;
        }
      }
    }
    for (let c = 0; c < all.length; c++) {
      if (units[c] === 0) continue;
      const v = share(all[c]);
      v.directUnits += direct[c];
      v.units += units[c];
      let set: Set<string> | undefined;
      for (let sp = 0; sp < nSpeakers; sp++) {
        if (!spoke[c * nSpeakers + sp]) continue;
        if (!set) speakers.set(all[c], (set = new Set()));
        set.add(table.speakerNames[sp]);
      }
    }
  }

  /**
   * Brings the counts up to date file by file through `walk`, which may pause between
   * files and stop the work (a cancelled request). Afterwards {@link allCounts} is a lookup.
   */
  async prepare(walk: FileWalk): Promise<void> {
    // Derived first: a codebook edit that changed the hierarchy drops the running sums there.
    this.derive();
    if (this.totals) return;
    const docs = this.documents('transcript');
    await walk(docs, (doc) => this.fileCounts(doc));
    this.sumShares(docs);
  }

  private sumShares(docs: IndexedDocument[]): Map<string, CodeCounts> {
    const totals = new Map<string, CodeCounts>();
    for (const doc of docs) addShare(totals, this.fileCounts(doc), 1);
    this.totals = totals;
    return totals;
  }

  /** The document, if indexed. */
  getDocument(uri: string): IndexedDocument | undefined {
    return this.docs.get(uri);
  }

  /** Every indexed document, in URI order. */
  documents(kind?: DocumentKind): IndexedDocument[] {
    const all = [...this.docs.values()].filter((d) => kind === undefined || d.kind === kind);
    return all.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  private derive(): Derived {
    if (this.derived) return this.derived;
    const codes = new Map<string, IndexedCode>();
    const roots: string[] = [];
    const duplicates: Diagnostic[] = [];
    const duplicateUris: string[] = [];
    for (const doc of this.documents('codebook')) {
      for (const c of doc.codebook?.codes ?? []) {
        const prior = codes.get(c.id);
        if (prior) {
          duplicates.push({
            range: c.idRange,
            severity: 'error',
            code: 'duplicate-code',
            message: `The code \`${c.id}\` is already defined in another codebook file ("${prior.title}"). Give this one another id.`,
            data: { id: c.id },
          });
          duplicateUris.push(doc.uri);
          continue;
        }
        codes.set(c.id, { ...c, uri: doc.uri, children: [] });
      }
    }
    for (const c of codes.values()) {
      if (c.parent !== null && codes.has(c.parent)) codes.get(c.parent)?.children.push(c.id);
      else roots.push(c.id);
    }
    this.derived = { codes, roots, duplicates, duplicateUris };
    // The counts depend on each code's path, which each defined code's parent decides.
    const parents = new Map<string, string | null>();
    for (const c of codes.values()) parents.set(c.id, c.parent);
    const before = this.countedParents;
    const codebook = this.hasCodebook();
    if (!before || !sameKeys(before, parents) || codebook !== this.hadCodebook) {
      this.definedCodes++;
      this.hadCodebook = codebook;
    }
    if (!before || !sameEntries(before, parents)) {
      this.countedParents = parents;
      this.generation++;
      this.totals = null;
    }
    return this.derived;
  }

  /**
   * Changes exactly when the set of codes the codebooks define changes, or whether there
   * is a codebook: all a transcript's diagnostics read of the codebook (its unknown codes).
   * A codebook edit that leaves it as it was (a description, a title, a quote) changes no
   * transcript's diagnostics, and the language server publishes the codebooks' alone.
   */
  get definedCodesVersion(): number {
    this.derive();
    return this.definedCodes;
  }

  /** Every code, in codebook order (file by file). */
  codes(): IndexedCode[] {
    return [...this.derive().codes.values()];
  }

  /** The code with this id, if defined. */
  getCode(id: string): IndexedCode | undefined {
    return this.derive().codes.get(id);
  }

  /** Ids of the themes (codes without a parent), in codebook order. */
  rootCodes(): string[] {
    return this.derive().roots;
  }

  /** The code and all its descendants, depth first. */
  subtree(id: string): string[] {
    const out: string[] = [];
    const codes = this.derive().codes;
    const walk = (c: string): void => {
      out.push(c);
      for (const k of codes.get(c)?.children ?? []) walk(k);
    };
    if (codes.has(id)) walk(id);
    else out.push(id);
    return out;
  }

  /** The ids from the theme down to this code. */
  path(id: string): string[] {
    const codes = this.derive().codes;
    const out: string[] = [];
    const seen = new Set<string>();
    let c: string | null | undefined = id;
    while (c && !seen.has(c)) {
      seen.add(c);
      out.unshift(c);
      c = codes.get(c)?.parent;
    }
    return out;
  }

  /** Units coded with `id` (and, if asked, with its descendants), each once, by document then position. */
  unitsByCode(id: string, descendants = false): UnitRef[] {
    const ids = descendants ? this.subtree(id) : [id];
    return this.documents('transcript').flatMap((doc) => this.unitsIn(doc, ids));
  }

  /** The units of one transcript (empty for other documents). */
  unitsOf(uri: string): Unit[] {
    return this.docs.get(uri)?.transcript?.units ?? [];
  }

  /** The units of one transcript coded with any of `ids`, each once, by position. */
  unitsIn(doc: IndexedDocument, ids: readonly string[]): UnitRef[] {
    const t = doc.transcript;
    if (!t) return [];
    if (ids.length === 1)
      return (doc.byCode.get(ids[0]) ?? []).map((k) => ({ uri: doc.uri, index: k, unit: unitOf(t, k) }));
    const set = new Set<number>();
    for (const c of ids) for (const k of doc.byCode.get(c) ?? []) set.add(k);
    return [...set].sort((a, b) => a - b).map((k) => ({ uri: doc.uri, index: k, unit: unitOf(t, k) }));
  }

  /**
   * The ranges of every reference to code `id` in one transcript, by position, read from
   * its unit table (no unit objects made: a rename of a dense study's code touches
   * thousands of units).
   */
  refRangesIn(doc: IndexedDocument, id: string): Range[] {
    const t = doc.transcript;
    if (!t) return [];
    const units = doc.byCode.get(id) ?? [];
    const table = t.table;
    const out: Range[] = [];
    for (const k of units) {
      if (!table) {
        for (const ref of t.units[k].codeRefs) if (ref.id === id) out.push(ref.range);
        continue;
      }
      for (let r = table.firstRef(k), last = table.endRef(k); r < last; r++)
        if (table.codeName(table.refCode(r)) === id) out.push(table.refRange(r));
    }
    return out;
  }

  /** The innermost unit whose range holds the position. */
  unitAt(uri: string, position: Position): UnitRef | undefined {
    const doc = this.docs.get(uri);
    const t = doc?.transcript;
    if (!doc || !t) return undefined;
    const offset = doc.lines.offsetAt(position);
    const table = t.table;
    if (table) {
      let at = -1;
      for (let k = 0; k < table.count; k++) {
        if (table.start(k) > offset) break;
        if (offset <= table.end(k)) at = k;
      }
      return at < 0 ? undefined : { uri, index: at, unit: table.unit(at) };
    }
    const units = t.units;
    let found: UnitRef | undefined;
    for (let k = 0; k < units.length; k++) {
      const u = units[k];
      if (u.startOffset > offset) break;
      if (offset <= u.endOffset) found = { uri, index: k, unit: u };
    }
    return found;
  }

  /** The code written at a position: a class in a unit's attributes, or a codebook heading. */
  codeAt(uri: string, position: Position): { id: string; range: Code['idRange']; defined: boolean } | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const within = (r: Code['idRange']): boolean =>
      (position.line > r.start.line || (position.line === r.start.line && position.character >= r.start.character)) &&
      (position.line < r.end.line || (position.line === r.end.line && position.character <= r.end.character));
    if (doc.codebook) {
      for (const c of doc.codebook.codes) if (within(c.range)) return { id: c.id, range: c.idRange, defined: true };
      return undefined;
    }
    for (const u of doc.transcript?.units ?? []) {
      // Units are sorted by where they start, not by where their attributes are: an outer
      // span wrapped over lines has its `{...}` after its nested units, so stop only at a
      // unit that starts below the position, and skip those whose attributes end above it.
      if (u.range.start.line > position.line) break;
      if (u.attrRange.end.line < position.line) continue;
      for (const r of u.codeRefs)
        if (within(r.range)) return { id: r.id, range: r.range, defined: this.getCode(r.id) !== undefined };
    }
    return undefined;
  }

  /** Counts for a code (zeros for an id that no unit uses). */
  counts(id: string): CodeCounts {
    return this.allCounts().get(id) ?? { units: 0, directUnits: 0, transcripts: 0, speakers: 0 };
  }

  /**
   * Counts for every code defined or used: the defined codes in codebook order, then the
   * codes used but not defined, by id. The sum of the files' shares, kept up to date.
   */
  allCounts(): Map<string, CodeCounts> {
    if (this.countsView) return this.countsView;
    const d = this.derive();
    const totals = this.totals ?? this.sumShares(this.documents('transcript'));
    const out = new Map<string, CodeCounts>();
    const zero = (): CodeCounts => ({ units: 0, directUnits: 0, transcripts: 0, speakers: 0 });
    for (const id of d.codes.keys()) out.set(id, { ...(totals.get(id) ?? zero()) });
    for (const id of [...totals.keys()].filter((k) => !d.codes.has(k)).sort())
      out.set(id, { ...(totals.get(id) as CodeCounts) });
    this.countsView = out;
    return out;
  }

  /** Codes defined in the codebook that no unit uses, directly or through a descendant. */
  unusedCodes(): IndexedCode[] {
    const used = this.usedCodes();
    return this.codes().filter((c) => !used.has(c.id));
  }

  /**
   * The codes some unit uses, directly or through a descendant: the codes its units name
   * and their ancestors (the codes whose `units` count is above 0). Read from each
   * transcript's interned code names, not from the counts: `check` asks only this, and
   * counting units, transcripts and speakers of every code cost it about 55 ms on the
   * dense benchmark study.
   */
  usedCodes(): Set<string> {
    const named = new Set<string>();
    for (const d of this.documents('transcript')) {
      const t = d.transcript;
      if (!t) continue;
      // A table interns a name when a unit names it, so its names are all used.
      if (t.table) for (const id of t.table.columns.codeNames) named.add(id);
      else for (const u of t.units) for (const id of u.codes) named.add(id);
    }
    const codes = this.derive().codes;
    const used = new Set<string>();
    for (const id of named) {
      // Up the code's path, until a code already counted (its ancestors are too).
      for (let c: string | null | undefined = id; c && !used.has(c); c = codes.get(c)?.parent) used.add(c);
    }
    return used;
  }

  /** Every golden quote of every code, with the units it was found in. */
  quoteProvenance(): QuoteProvenance[] {
    if (this.quotesView) return this.quotesView;
    const codes = [...this.derive().codes.values()].filter((c) => c.quotes.length > 0);
    const missing = codes.filter((c) => this.quoteCache.get(c.id)?.key !== this.quoteKey(c));
    if (missing.length) this.findQuotes(missing);
    const out: QuoteProvenance[] = [];
    for (const c of codes) {
      const cached = this.quoteCache.get(c.id) as { key: string; found: QuoteProvenance[] };
      // Found for the same texts and units: the quotes themselves are this codebook's (their
      // ranges move when lines are added above them).
      cached.found = cached.found.map((p, i) =>
        p.quote === c.quotes[i] && p.uri === c.uri ? p : { ...p, quote: c.quotes[i], uri: c.uri },
      );
      out.push(...cached.found);
    }
    this.quotesView = out;
    return out;
  }

  /**
   * What a code's quote provenance depends on besides the transcripts: its subtree and its
   * quotes' texts. The same string each time while they stay the same, so that the files'
   * kept answers are matched to it by identity, not character by character.
   */
  private quoteKey(c: IndexedCode): string {
    const key = JSON.stringify([this.subtree(c.id), c.quotes.map((q) => q.text)]);
    const prior = this.quoteKeys.get(c.id);
    if (prior === key) return prior;
    this.quoteKeys.set(c.id, key);
    return key;
  }

  /**
   * The golden quotes to look for, by code (the codes with quotes, in codebook order), for
   * a search run file by file elsewhere (a worker thread) whose answers come back through
   * {@link setDocument}.
   */
  quoteSpecs(): { code: string; specs: QuoteSpec[] }[] {
    const out: { code: string; specs: QuoteSpec[] }[] = [];
    for (const c of this.derive().codes.values()) {
      if (c.quotes.length === 0) continue;
      const codes = this.subtree(c.id);
      out.push({ code: c.id, specs: c.quotes.map((q) => ({ fragments: quoteFragments(q.text), codes })) });
    }
    return out;
  }

  /**
   * Looks for the golden quotes of `codes` in the units of each code and its subcodes, one
   * file at a time for all of them (quoteSearch.ts reads a file once for every quote),
   * taking a file's answers from those it keeps or from its worker when it has them, and
   * caches each code's provenance. A study's answer is the files' answers in file order
   * (mergeClosest); a unit object is made only for a match or the closest. So after an
   * edit of one transcript, that file alone is read again: its codes' answers are merged
   * anew from every file's (a keystroke in a transcript of the 1,000-transcript benchmark
   * study looked for its codes' quotes in every file: docs/performance.md).
   */
  private findQuotes(codes: IndexedCode[]): void {
    const wanted = codes.map((c) => {
      const subtree = this.subtree(c.id);
      return {
        c,
        key: this.quoteKey(c),
        specs: c.quotes.map((q): QuoteSpec => ({ fragments: quoteFragments(q.text), codes: subtree })),
      };
    });
    const docs = this.documents('transcript');
    // The quotes to look for in a file, one list per set of codes a file lacks (the same
    // list object for every file that lacks the same codes: the search makes its plan, the
    // quotes' vocabulary and the like, once per list).
    const all = wanted.flatMap((w) => w.specs);
    const lists = new Map<string, QuoteSpec[]>();
    // Per file and wanted code, its answers (one per quote): kept with the file when they
    // were looked for the same way, else its worker's, else looked for now, in one read
    // of the file for all the codes it lacks.
    const answers = docs.map((doc): FileQuoteResult[][] => {
      const kept = (doc.quoteAnswers ??= new Map<string, { key: string; results: FileQuoteResult[] }>());
      const given = doc.quotes?.generation === this.quoteGeneration ? doc.quotes.byCode : undefined;
      const out = wanted.map((w): FileQuoteResult[] | undefined => {
        const k = kept.get(w.c.id);
        if (k && k.key === w.key) return k.results;
        const g = given?.get(w.c.id);
        if (!g || g.length < w.specs.length) return undefined;
        const results = g.slice(0, w.specs.length);
        kept.set(w.c.id, { key: w.key, results });
        return results;
      });
      const missing = wanted.filter((_, i) => out[i] === undefined);
      if (missing.length === 0) return out as FileQuoteResult[][];
      let specs = all;
      if (missing.length < wanted.length) {
        const which = wanted.map((_, i) => (out[i] === undefined ? 1 : 0)).join('');
        specs = lists.get(which) ?? missing.flatMap((w) => w.specs);
        lists.set(which, specs);
      }
      const found = searchQuotesInFile({ transcript: doc.transcript as Transcript, byCode: doc.byCode }, specs);
      let at = 0;
      wanted.forEach((w, i) => {
        if (out[i] !== undefined) return;
        const results = found.slice(at, at + w.specs.length);
        at += w.specs.length;
        kept.set(w.c.id, { key: w.key, results });
        out[i] = results;
      });
      return out as FileQuoteResult[][];
    });
    const ref = (doc: IndexedDocument, k: number): UnitRef => ({
      uri: doc.uri,
      index: k,
      unit: unitOf(doc.transcript as Transcript, k),
    });
    wanted.forEach(({ c, key }, w) => {
      const found = c.quotes.map((q, i): QuoteProvenance => {
        const matches: UnitRef[] = [];
        docs.forEach((doc, d) => {
          for (const k of answers[d][w][i].matches) matches.push(ref(doc, k));
        });
        const p: QuoteProvenance = { quote: q, uri: c.uri, matches };
        if (matches.length === 0) {
          const best = mergeClosest(answers.map((a) => a[w][i]));
          if (best >= 0) p.closest = ref(docs[best], answers[best][w][i].closest);
        }
        return p;
      });
      this.quoteCache.set(c.id, { key, found });
    });
  }

  /** True when a codebook is indexed. */
  hasCodebook(): boolean {
    for (const d of this.docs.values()) if (d.kind === 'codebook') return true;
    return false;
  }

  /** Diagnostics of one document: its own, plus those that need the rest of the study; at most `max` (see capDiagnostics). */
  diagnostics(uri: string, max = Infinity): Diagnostic[] {
    return studyDiagnostics(this, uri, max);
  }

  /** The duplicate-code diagnostics that belong to the codebook file `uri`. */
  duplicatesIn(uri: string): Diagnostic[] {
    const d = this.derive();
    // duplicateUris[k] is the file of duplicates[k]: matching on the file (not on the line
    // of the id) keeps two other files' duplicates on the same line out of this one.
    return d.duplicates.filter((_, k) => d.duplicateUris[k] === uri);
  }
}

/** Unit `k` of a transcript, made alone when the transcript has a table. */
export function unitOf(t: Transcript, k: number): Unit {
  return t.table ? t.table.unit(k) : t.units[k];
}

/** Code id to the indices of the units that carry it, in order, for a transcript. */
export function codeIndex(t: Transcript): Map<string, number[]> {
  const byCode = new Map<string, number[]>();
  indexCodes(t, byCode);
  return byCode;
}

/** Fills `byCode` (code id to the indices of the units that carry it) from a transcript. */
function indexCodes(t: Transcript, byCode: Map<string, number[]>): void {
  const table = t.table;
  if (!table) {
    for (let k = 0; k < t.units.length; k++) {
      for (const c of t.units[k].codes) {
        const list = byCode.get(c);
        if (list) {
          if (list[list.length - 1] !== k) list.push(k);
        } else byCode.set(c, [k]);
      }
    }
    return;
  }
  // Made by push, so that every file's array of lists has the same elements kind (one
  // map), which the JIT's code for the loop below expects.
  const lists: number[][] = [];
  for (let c = 0; c < table.columns.codeNames.length; c++) lists.push([]);
  for (let k = 0; k < table.count; k++) {
    const first = table.firstRef(k);
    const last = table.endRef(k);
    for (let r = first; r < last; r++) {
      const list = lists[table.refCode(r)];
      if (list[list.length - 1] !== k) list.push(k);
    }
  }
  // In the order codes are first met, as a unit-by-unit walk fills it (a stable sort keeps
  // codes first met in one unit in the order of their numbers, which is their order there).
  // Code numbers rather than pairs: one shape of array, so the JIT's code for this does
  // not meet a second one and start over.
  const order: number[] = [];
  for (let c = 0; c < lists.length; c++) order.push(c);
  order.sort((x, y) => lists[x][0] - lists[y][0]);
  for (let i = 0; i < order.length; i++) byCode.set(table.codeName(order[i]), lists[order[i]]);
}

/** Adds (sign 1) or takes away (sign -1) one file's share of the counts. */
function addShare(totals: Map<string, CodeCounts>, share: FileCounts['byCode'], sign: 1 | -1): void {
  for (const [c, v] of share) {
    let t = totals.get(c);
    if (!t) totals.set(c, (t = { units: 0, directUnits: 0, transcripts: 0, speakers: 0 }));
    t.units += sign * v.units;
    t.directUnits += sign * v.directUnits;
    t.speakers += sign * v.speakers;
    t.transcripts += sign;
    if (t.units === 0 && t.directUnits === 0) totals.delete(c);
  }
}

/** Whether two maps hold the same keys. */
function sameKeys<K, V>(a: Map<K, V>, b: Map<K, V>): boolean {
  if (a.size !== b.size) return false;
  for (const k of a.keys()) if (!b.has(k)) return false;
  return true;
}

/** Whether two maps hold the same keys with the same values. */
function sameEntries<K, V>(a: Map<K, V>, b: Map<K, V>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!b.has(k) || b.get(k) !== v) return false;
  return true;
}
