/**
 * The identifiers guard of one study: the compiled names of its identifiers file, and
 * the identifying text they find in each indexed document (cached per document
 * version). The `identifying-text` diagnostics name the pseudonym, never the name.
 */
import { LineIndex } from '../lineIndex';
import type { Diagnostic } from '../model';
import type { IdentifierEntry } from './identifiersFile';
import { findNameHints } from './hints';
import { IdentifierMatcher, type IdentifierMatch } from './matcher';
import { pseudonymEdits, type PseudonymEdit } from './pseudonyms';

/** A document as the guard needs it: its text (documents are replaced, never mutated, on change). */
export interface GuardedDocument {
  text: string;
  /** The line index of `text`, where the document has one already (an indexed document does). */
  lines?: LineIndex;
}

/** The names of an identifiers file, compiled once, and what they find. */
export class IdentifierGuard {
  private readonly matcher: IdentifierMatcher;
  private readonly pseudonyms: string[];
  /** The names, in the order of the file (what a worker thread compiles its own matcher from). */
  readonly names: readonly string[];
  private readonly cache = new WeakMap<
    GuardedDocument,
    { matches: IdentifierMatch[]; edits?: PseudonymEdit[]; diagnostics?: Diagnostic[] }
  >();

  /** `hints`: also mark likely names not listed as `possible-identifier` hints (slow: about 3,000 words a second). */
  constructor(
    entries: readonly IdentifierEntry[],
    private readonly options: { hints?: boolean } = {},
  ) {
    this.names = entries.map((e) => e.name);
    this.matcher = new IdentifierMatcher([...this.names]);
    this.pseudonyms = entries.map((e) => e.pseudonym);
  }

  /** How many names are listed. */
  get size(): number {
    return this.matcher.size;
  }

  private entry(doc: GuardedDocument): {
    matches: IdentifierMatch[];
    edits?: PseudonymEdit[];
    diagnostics?: Diagnostic[];
  } {
    let c = this.cache.get(doc);
    if (!c) this.cache.set(doc, (c = { matches: this.matcher.find(doc.text) }));
    return c;
  }

  /** The identifying text of a text not (yet) indexed, in order: for {@link prime}. */
  find(text: string): IdentifierMatch[] {
    return this.matcher.find(text);
  }

  /**
   * Gives the matches of a document found elsewhere (a worker thread, with a matcher of
   * the same {@link names}), so that they are not looked for again.
   */
  prime(doc: GuardedDocument, matches: IdentifierMatch[]): void {
    if (!this.cache.has(doc)) this.cache.set(doc, { matches });
  }

  /** The identifying text of a document, in order. */
  matches(doc: GuardedDocument): IdentifierMatch[] {
    return this.entry(doc).matches;
  }

  /** The edits that pseudonymise a document (see pseudonyms.ts for how each is written). */
  edits(doc: GuardedDocument): PseudonymEdit[] {
    const c = this.entry(doc);
    return (c.edits ??= pseudonymEdits(doc.text, c.matches, this.pseudonyms));
  }

  /** One `identifying-text` error per match; `data` holds the replacement text for the quick fix. */
  diagnostics(doc: GuardedDocument): Diagnostic[] {
    const c = this.entry(doc);
    if (c.diagnostics) return c.diagnostics;
    const hints = this.options.hints ? this.hints(doc, c.matches) : [];
    if (c.matches.length === 0 && hints.length === 0) return (c.diagnostics = []);
    const lines = doc.lines ?? new LineIndex(doc.text);
    const found: Diagnostic[] = this.edits(doc).map((e) => ({
      range: lines.rangeOf(e.start, e.end),
      severity: 'error' as const,
      code: 'identifying-text' as const,
      message: `Identifying text: a name listed in the identifiers file. Replace it with its pseudonym "${this.pseudonyms[e.entry]}".`,
      data: { pseudonym: this.pseudonyms[e.entry], newText: e.newText },
    }));
    for (const h of hints) {
      found.push({
        range: lines.rangeOf(h.start, h.end),
        severity: 'hint',
        code: 'possible-identifier',
        message: `Possibly the name of a ${h.kind} that the identifiers file does not list.`,
        data: { name: h.name, kind: h.kind },
      });
    }
    c.diagnostics = found;
    return found;
  }

  /** Likely names that no listed name covers. */
  private hints(doc: GuardedDocument, matches: IdentifierMatch[]): ReturnType<typeof findNameHints> {
    return findNameHints(doc.text).filter((h) => !matches.some((m) => m.start < h.end && h.start < m.end));
  }
}
