/**
 * The studies of the workspace and how documents reach their indexes: the initial scan
 * of the disk, open editors (whose text wins over the disk) and file-watcher events.
 * Knows nothing of the connection: the server passes in callbacks.
 */
import * as path from 'node:path';
import { CONFIG_FILE } from '../core/config';
import type { StudyFileSystem } from '../core/fileSystem';
import { capDiagnostics } from '../core/diagnosticCap';
import type { Diagnostic } from '../core/model';
import type { StudyIndex } from '../core/studyIndex';
import { parseInPoolAsync, studyWork } from '../node/parsePool';
import { findStudyRoots, normalizeUri, Study, uriToPath, type FileRead } from '../node/study';

/** How many files a scan reads ahead of the one it indexes. */
const READ_AHEAD = 8;

/** Progress of the initial scan, for work-done progress. */
export interface ScanProgress {
  report(done: number, total: number): void;
}

/** A change to a file, as didChangeWatchedFiles reports it. */
export interface FileChange {
  uri: string;
  type: 'created' | 'changed' | 'deleted';
}

/** An open editor document as its owner (the server's TextDocuments) holds it. */
export interface EditorText {
  getText(): string;
  readonly version: number;
}

/** What changed after an event: the study and whether its codebook (so every document's diagnostics) changed. */
export interface Affected {
  study: Study;
  uris: string[];
  all: boolean;
  /**
   * With `all`: false when the codebook changed but the codes it defines did not (see
   * StudyIndex.definedCodesVersion), so that no transcript's diagnostics changed and only
   * `uris` (the file and the codebooks) need publishing again.
   */
  transcripts?: boolean;
}

/**
 * Every study of the workspace, and the open documents.
 *
 * Readiness: while the initial scan, a rediscovery of studies or a batch of file events
 * is under way, a study is incomplete, and an answer from it would be wrong (a rename
 * that misses files, "unknown code" for a code whose heading is not read yet). Such work
 * runs between {@link begin} and {@link end}; requests wait for {@link whenReady}, and
 * diagnostics are published only when {@link ready}.
 */
export class Studies {
  studies: Study[] = [];
  /**
   * The open documents: normalised URI → the URI the client sent. Their text has one
   * owner, the editor's copy that {@link editorText} returns; the index holds the text of
   * the version it parsed, and the workspace asks for the editor's when it reads a study anew.
   */
  private readonly open = new Map<string, string>();
  private folders: string[] = [];
  /** True once the initial scan has finished. */
  indexed = false;
  private busy = 0;
  private waiting: (() => void)[] = [];

  constructor(
    /** Where the studies' files are read: the disk, or memory in tests. */
    readonly files: StudyFileSystem,
    private readonly log: (message: string) => void = () => undefined,
    /** The editor's text of an open document, by the URI the client sent. */
    private readonly editorText: (clientUri: string) => EditorText | undefined = () => undefined,
  ) {}

  /** The editor's text and version of the open document `uri` (normalised), if open. */
  private openDocument(uri: string): { text: string; version: number } | undefined {
    const client = this.open.get(uri);
    const doc = client === undefined ? undefined : this.editorText(client);
    return doc && { text: doc.getText(), version: doc.version };
  }

  /** Every open document with the editor's text. */
  private openDocuments(): [string, { text: string; version: number }][] {
    return [...this.open.keys()].flatMap((u) => {
      const doc = this.openDocument(u);
      return doc ? [[u, doc] as [string, { text: string; version: number }]] : [];
    });
  }

  /** Work that leaves a study incomplete until {@link end} starts. */
  begin(): void {
    this.busy++;
  }

  /** Work started by {@link begin} is over; waiting requests go on when none is left. */
  end(): void {
    this.busy = Math.max(0, this.busy - 1);
    if (this.busy > 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const go of waiting) go();
  }

  /** True when every study is complete: scanned, and no batch of changes half applied. */
  get ready(): boolean {
    return this.busy === 0;
  }

  /** Resolves when {@link ready}. */
  whenReady(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Finds the studies under these workspace folders (file system paths). */
  setFolders(folders: string[]): void {
    this.folders = folders;
    this.studies = this.discover();
    this.log(
      `Studies: ${this.studies.map((s) => s.root).join(', ') || 'none (no condense.json or codebook.md in the workspace)'}`,
    );
  }

  /** New, empty studies for the study roots under the workspace folders, deepest first. */
  private discover(): Study[] {
    const roots = new Set<string>();
    for (const f of this.folders) for (const r of findStudyRoots(f, this.files)) roots.add(path.resolve(r));
    // Deepest roots first, so a nested study wins over the folder that holds it.
    const studies = [...roots].sort((a, b) => b.length - a.length).map((r) => new Study(r, this.files));
    for (const s of studies) s.reloadConfig();
    return studies;
  }

  /** Reads every study's files from disk; open documents keep their editor text. */
  async scan(progress?: ScanProgress): Promise<void> {
    await this.load(this.studies, progress);
    this.indexed = true;
  }

  /** Reads the files of `studies` (not yet swapped in) from disk, then applies the open documents' text. */
  private async load(studies: Study[], progress?: ScanProgress): Promise<void> {
    const owner = (uri: string): Study | undefined => studyIn(studies, uri);
    const jobs = studies.flatMap((s) => s.listDocuments().map((d) => ({ study: s, ...d })));
    let done = 0;
    // Reads run a few files ahead of the indexing, so that a file system that reads
    // asynchronously overlaps with the parser (the disk's reads are synchronous, see diskFileSystem.ts).
    const wanted = (k: number): boolean => owner(jobs[k].uri) === jobs[k].study && !this.open.has(jobs[k].uri);
    const reads = new Map<number, Promise<FileRead | null>>();
    const texts: { k: number; read: { text: string } }[] = [];
    const readAhead = (k: number): void => {
      if (k < jobs.length && wanted(k)) reads.set(k, jobs[k].study.read(jobs[k].uri));
    };
    for (let k = 0; k < READ_AHEAD; k++) readAhead(k);
    for (let k = 0; k < jobs.length; k++) {
      const job = jobs[k];
      const read = reads.has(k) ? await reads.get(k) : wanted(k) ? await job.study.read(job.uri) : null;
      reads.delete(k);
      readAhead(k + READ_AHEAD);
      // Transcripts' texts are parsed together below (on all cores for a large study);
      // the codebook first, since it says which golden quotes to look for as they are.
      if (read && 'text' in read && job.kind === 'transcript') texts.push({ k, read });
      // Opened (or moved to another study) while it was read: the editor's text counts.
      else if (read && wanted(k)) job.study.applyRead(job.uri, job.kind, read);
      done++;
      if (done % 25 === 0) {
        progress?.report(done >> 1, jobs.length);
        // Let edits through while a large study is read (requests wait for the end).
        await new Promise((r) => setImmediate(r));
      }
    }
    for (const study of studies) {
      const mine = texts.filter((t) => jobs[t.k].study === study);
      const parsed = await parseInPoolAsync(
        mine.map((t) => t.read.text),
        study.index.options,
        studyWork(study.index),
      );
      for (let i = 0; i < mine.length; i++) {
        const { k, read } = mine[i];
        if (wanted(k)) study.applyRead(jobs[k].uri, 'transcript', read, parsed?.[i]);
        if (i % 25 === 24) {
          progress?.report((jobs.length + i) >> 1, jobs.length);
          await new Promise((r) => setImmediate(r));
        }
      }
    }
    // Open documents keep the editor's text, also edits made while the disk was read.
    for (const [uri, doc] of this.openDocuments()) {
      const study = owner(uri);
      const kind = study?.kindOf(uri);
      if (study && kind) study.setText(uri, doc.text, kind, doc.version);
    }
    progress?.report(jobs.length, jobs.length);
  }

  /** The study a document belongs to, or undefined. */
  studyFor(uri: string): Study | undefined {
    return studyIn(this.studies, normalizeUri(uri));
  }

  /** The index that holds `uri`, if any. */
  indexFor(uri: string): StudyIndex | undefined {
    return this.studyFor(uri)?.index;
  }

  /** An editor opened or changed a document. */
  didChangeOpen(uri: string, text: string, version: number): Affected | null {
    // A malformed didOpen without text must not leave an open entry without one: every
    // later re-read of the study would stop at it.
    if (typeof text !== 'string' || typeof uri !== 'string') return null;
    const u = normalizeUri(uri);
    this.open.set(u, uri);
    return this.applyOpen(u, text, version);
  }

  private applyOpen(uri: string, text: string, version: number): Affected | null {
    const study = this.studyFor(uri);
    const kind = study?.kindOf(uri);
    if (!study || !kind) return null;
    const defined = study.index.definedCodesVersion;
    study.setText(uri, text, kind, version);
    const transcripts = study.index.definedCodesVersion !== defined;
    return { study, uris: [uri, ...codebookUris(study)], all: kind === 'codebook', transcripts };
  }

  /** An editor closed a document: the disk's text counts again. */
  didClose(uri: string): Affected | null {
    const u = normalizeUri(uri);
    this.open.delete(u);
    const study = this.studyFor(u);
    const kind = study?.kindOf(u);
    if (!study || !kind) return null;
    // Synchronously, so that requests sent after didClose see the disk's text.
    const defined = study.index.definedCodesVersion;
    study.loadSync(u, kind);
    const transcripts = study.index.definedCodesVersion !== defined;
    return { study, uris: [u, ...codebookUris(study)], all: kind === 'codebook', transcripts };
  }

  /** The version of an open document, or null. */
  openVersion(uri: string): number | null {
    return this.openDocument(normalizeUri(uri))?.version ?? null;
  }

  /** Files changed on disk (a save, a `git checkout`, another program). */
  async didChangeFiles(changes: FileChange[]): Promise<Affected[]> {
    this.begin();
    try {
      return await this.applyFileChanges(changes);
    } finally {
      this.end();
    }
  }

  private async applyFileChanges(changes: FileChange[]): Promise<Affected[]> {
    const affected = new Map<Study, Affected>();
    const touch = (study: Study, uri: string, all: boolean): void => {
      const a = affected.get(study) ?? { study, uris: [], all: false };
      a.uris.push(uri);
      a.all = a.all || all;
      affected.set(study, a);
    };
    let rediscover = false;
    const reload = new Set<Study>();
    for (const ch of changes) {
      const uri = normalizeUri(ch.uri);
      const p = uriToPath(uri);
      // The identifiers file: new names for the same documents, so every diagnostic may change.
      const guarded = this.studies.filter((s) => s.identifiersUri === uri);
      if (guarded.length) {
        for (const s of guarded) {
          s.reloadIdentifiers();
          touch(s, s.configUri, true);
        }
        continue;
      }
      if (p && path.basename(p) === CONFIG_FILE) {
        const study = this.studies.find((s) => s.configUri === uri);
        if (study) reload.add(study);
        else rediscover = true;
        continue;
      }
      const study = this.studyFor(uri);
      const kind = study?.kindOf(uri);
      if (!study || !kind) {
        if (p && path.basename(p) === 'codebook.md' && !this.studies.some((s) => s.root === path.dirname(p)))
          rediscover = true;
        // A deleted folder is one event, with none for the files in it: forget them all.
        if (ch.type === 'deleted') {
          for (const s of this.studies) {
            for (const u of s.urisUnder(uri)) {
              if (this.open.has(u)) continue;
              const wasCodebook = s.index.getDocument(u)?.kind === 'codebook';
              s.remove(u);
              touch(s, u, wasCodebook);
            }
          }
        }
        continue;
      }
      if (this.open.has(uri)) continue;
      if (ch.type === 'deleted') study.remove(uri);
      else {
        await study.load(uri, kind);
        // An editor may have opened the file while it was read: its text wins.
        const open = this.openDocument(uri);
        if (open) study.setText(uri, open.text, kind, open.version);
      }
      touch(study, uri, kind === 'codebook');
    }
    if (rediscover) {
      // The new set of studies is read aside and swapped in whole, like a reloaded config.
      const studies = this.discover();
      await this.load(studies);
      this.studies = studies;
      this.log(`Studies: ${studies.map((s) => s.root).join(', ') || 'none'}`);
      return studies.map((study) => ({ study, uris: [], all: true }));
    }
    for (const old of reload) {
      // Build the study anew beside the old one and swap it in once complete, so that
      // requests in the meantime see the whole old study, never a half-read new one.
      const study = new Study(old.root, this.files);
      study.reloadConfig();
      for (const d of study.listDocuments()) {
        if (!this.open.has(d.uri)) await study.load(d.uri, d.kind);
      }
      // Open documents keep the editor's text, also edits made while the disk was read.
      for (const [uri, open] of this.openDocuments()) {
        const kind = study.kindOf(uri);
        if (kind) study.setText(uri, open.text, kind, open.version);
      }
      const k = this.studies.indexOf(old);
      if (k >= 0) this.studies[k] = study;
      affected.delete(old);
      affected.set(study, { study, uris: [], all: true });
    }
    // A transcript's units decide the codebook's unused-code and quote-not-found
    // diagnostics, so the codebook is published again with any changed file (as for edits).
    for (const a of affected.values()) for (const c of codebookUris(a.study)) if (!a.uris.includes(c)) a.uris.push(c);
    return [...affected.values()];
  }

  /**
   * Asks git again whether each study's identifiers file is tracked or not ignored;
   * returns the condense.json URIs whose warnings changed.
   */
  async recheckIdentifiersTracked(): Promise<string[]> {
    const changed: string[] = [];
    for (const s of this.studies) if (await s.checkIdentifiersTracked()) changed.push(s.configUri);
    return changed;
  }

  /** The identifiers files of every study (absolute paths), for file watching. */
  identifiersFiles(): string[] {
    return [...new Set(this.studies.map((s) => s.identifiersFile).filter((f): f is string => f !== null))];
  }

  /** Every URI with something to report, for the diagnostics publisher. */
  diagnosticUris(): string[] {
    const out: string[] = [];
    for (const s of this.studies) {
      for (const d of s.index.documents()) if (this.indexed || this.open.has(d.uri)) out.push(d.uri);
      out.push(...s.skipped.keys());
      if (s.configDiagnostics.length) out.push(s.configUri);
    }
    return out;
  }

  /** The diagnostics of one URI, at most `max` (see capDiagnostics). */
  diagnostics(uri: string, max = Infinity): Diagnostic[] {
    const study = this.studyFor(uri);
    if (!study) return [];
    if (uri === study.configUri) return capDiagnostics(study.configDiagnostics, max);
    const skipped = study.skipped.get(uri);
    if (skipped) return [skipped];
    return study.index.diagnostics(uri, max);
  }
}

/** The study of `uri` (normalised) among `studies`: the one that classifies it, else the deepest that holds it. */
function studyIn(studies: Study[], uri: string): Study | undefined {
  return (
    studies.find((s) => s.relPath(uri) !== null && (s.kindOf(uri) !== null || uri === s.configUri)) ??
    studies.find((s) => s.relPath(uri) !== null)
  );
}

function codebookUris(study: Study): string[] {
  return study.index.documents('codebook').map((d) => d.uri);
}
