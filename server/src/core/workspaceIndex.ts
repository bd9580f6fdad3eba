/**
 * The workspace index: every transcript and codebook of one study, parsed once per
 * version, and the questions features ask of them (code tree, units by code, counts,
 * unused codes, quote provenance, diagnostics across files).
 *
 * Updating one document re-parses only that document; everything computed across
 * documents is cached and recomputed lazily after a change.
 */
import { parseCodebook } from './codebook';
import { studyDiagnostics } from './studyDiagnostics';
import { LineIndex } from './lineIndex';
import type { Code, Codebook, Diagnostic, ParseOptions, Position, Quote, Transcript, Unit } from './model';
import { fragmentsMatch, normalizeForQuote, quoteFragments, similarityAbove } from './quotes';
import { parseTranscript } from './transcript';

/** What a document is to the study. */
export type DocumentKind = 'transcript' | 'codebook';

/** One indexed document. */
export interface IndexedDocument {
  uri: string;
  kind: DocumentKind;
  version: number | null;
  text: string;
  transcript?: Transcript;
  codebook?: Codebook;
  /** Transcripts: code id to indices of the units that carry it directly. */
  byCode: Map<string, number[]>;
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
  counts?: Map<string, CodeCounts>;
  quotes?: QuoteProvenance[];
}

/** The index of one study. */
export class WorkspaceIndex {
  private readonly docs = new Map<string, IndexedDocument>();
  private derived: Derived | null = null;
  private statsValid = false;

  constructor(readonly options: ParseOptions = {}) {}

  /** Adds or replaces a document. Same version and text: nothing is re-parsed. Returns the entry. */
  setDocument(uri: string, text: string, kind: DocumentKind, version: number | null = null): IndexedDocument {
    const old = this.docs.get(uri);
    if (old && old.kind === kind && old.text === text && (version === null || old.version === version)) {
      old.version = version;
      return old;
    }
    const doc: IndexedDocument = { uri, kind, version, text, byCode: new Map() };
    if (kind === 'codebook') {
      doc.codebook = parseCodebook(text, this.options);
      this.derived = null;
    } else {
      const t = parseTranscript(text, this.options);
      doc.transcript = t;
      for (let k = 0; k < t.units.length; k++) {
        for (const c of t.units[k].codes) {
          const list = doc.byCode.get(c);
          if (list) {
            if (list[list.length - 1] !== k) list.push(k);
          } else doc.byCode.set(c, [k]);
        }
      }
      if (old?.kind === 'codebook') this.derived = null;
    }
    this.docs.set(uri, doc);
    this.invalidateStats();
    return doc;
  }

  /** Removes a document; unknown URIs are ignored. */
  removeDocument(uri: string): void {
    const old = this.docs.get(uri);
    if (!old) return;
    this.docs.delete(uri);
    if (old.kind === 'codebook') this.derived = null;
    this.invalidateStats();
  }

  private invalidateStats(): void {
    this.statsValid = false;
    if (this.derived) {
      this.derived.counts = undefined;
      this.derived.quotes = undefined;
    }
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
    return this.derived;
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
    const out: UnitRef[] = [];
    for (const doc of this.documents('transcript')) {
      const t = doc.transcript as Transcript;
      if (ids.length === 1) {
        for (const k of doc.byCode.get(id) ?? []) out.push({ uri: doc.uri, index: k, unit: t.units[k] });
        continue;
      }
      const set = new Set<number>();
      for (const c of ids) for (const k of doc.byCode.get(c) ?? []) set.add(k);
      for (const k of [...set].sort((a, b) => a - b)) out.push({ uri: doc.uri, index: k, unit: t.units[k] });
    }
    return out;
  }

  /** The units of one transcript (empty for other documents). */
  unitsOf(uri: string): Unit[] {
    return this.docs.get(uri)?.transcript?.units ?? [];
  }

  /** The innermost unit whose range holds the position. */
  unitAt(uri: string, position: Position): UnitRef | undefined {
    const doc = this.docs.get(uri);
    const units = doc?.transcript?.units;
    if (!doc || !units) return undefined;
    const offset = new LineIndex(doc.text).offsetAt(position);
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
      for (const r of u.codeRefs) if (within(r.range)) return { id: r.id, range: r.range, defined: this.getCode(r.id) !== undefined };
    }
    return undefined;
  }

  /** Counts for a code (zeros for an id that no unit uses). */
  counts(id: string): CodeCounts {
    return this.allCounts().get(id) ?? { units: 0, directUnits: 0, transcripts: 0, speakers: 0 };
  }

  /** Counts for every code defined or used, computed in one pass and cached until a change. */
  allCounts(): Map<string, CodeCounts> {
    const d = this.derive();
    if (d.counts && this.statsValid) return d.counts;
    const units = new Map<string, number>();
    const direct = new Map<string, number>();
    const files = new Map<string, Set<string>>();
    const speakers = new Map<string, Set<string>>();
    const bump = (m: Map<string, number>, k: string): void => {
      m.set(k, (m.get(k) ?? 0) + 1);
    };
    const add = (m: Map<string, Set<string>>, k: string, v: string): void => {
      let s = m.get(k);
      if (!s) m.set(k, (s = new Set()));
      s.add(v);
    };
    for (const doc of this.documents('transcript')) {
      for (const u of (doc.transcript as Transcript).units) {
        if (u.codes.length === 0) continue;
        const all = new Set<string>();
        // A class written twice (`{.a .a}`) still codes the unit once.
        for (const c of u.codes.length > 1 ? new Set(u.codes) : u.codes) {
          bump(direct, c);
          for (const a of this.path(c)) all.add(a);
        }
        for (const c of all) {
          bump(units, c);
          add(files, c, doc.uri);
          if (u.speaker !== undefined) add(speakers, c, `${doc.uri}\u0000${u.speaker}`);
        }
      }
    }
    const out = new Map<string, CodeCounts>();
    const ids = new Set([...d.codes.keys(), ...units.keys()]);
    for (const id of ids) {
      out.set(id, {
        units: units.get(id) ?? 0,
        directUnits: direct.get(id) ?? 0,
        transcripts: files.get(id)?.size ?? 0,
        speakers: speakers.get(id)?.size ?? 0,
      });
    }
    d.counts = out;
    this.statsValid = true;
    return out;
  }

  /** Codes defined in the codebook that no unit uses, directly or through a descendant. */
  unusedCodes(): IndexedCode[] {
    const counts = this.allCounts();
    return this.codes().filter((c) => (counts.get(c.id)?.units ?? 0) === 0);
  }

  /** Every golden quote of every code, with the units it was found in. */
  quoteProvenance(): QuoteProvenance[] {
    const d = this.derive();
    if (d.quotes && this.statsValid) return d.quotes;
    this.allCounts();
    const out: QuoteProvenance[] = [];
    const normalized = new Map<Unit, string>();
    const norm = (u: Unit): string => {
      let s = normalized.get(u);
      if (s === undefined) normalized.set(u, (s = normalizeForQuote(u.text)));
      return s;
    };
    for (const c of d.codes.values()) {
      if (c.quotes.length === 0) continue;
      const candidates = this.unitsByCode(c.id, true);
      for (const q of c.quotes) {
        const fragments = quoteFragments(q.text);
        const matches = candidates.filter((r) => fragmentsMatch(fragments, norm(r.unit)));
        const p: QuoteProvenance = { quote: q, uri: c.uri, matches };
        if (matches.length === 0) {
          const target = fragments.join(' ');
          let best: UnitRef | undefined;
          let bestScore = 0.2;
          for (const r of candidates) {
            const s = similarityAbove(target, norm(r.unit), bestScore);
            if (s > bestScore) {
              bestScore = s;
              best = r;
            }
          }
          if (best) p.closest = best;
        }
        out.push(p);
      }
    }
    d.quotes = out;
    return out;
  }

  /** Diagnostics of one document: its own, plus those that need the rest of the study. */
  diagnostics(uri: string): Diagnostic[] {
    return studyDiagnostics(this, uri);
  }

  /** The duplicate-code diagnostics that belong to the codebook file `uri`. */
  duplicatesIn(uri: string): Diagnostic[] {
    const d = this.derive();
    // duplicateUris[k] is the file of duplicates[k]: matching on the file (not on the line
    // of the id) keeps two other files' duplicates on the same line out of this one.
    return d.duplicates.filter((_, k) => d.duplicateUris[k] === uri);
  }
}
