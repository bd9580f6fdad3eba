/**
 * Pushes diagnostics to the client, debounced, and only for documents whose diagnostics
 * changed since they were last sent.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import { MAX_PUBLISHED_PER_FILE } from '../core/diagnosticCap';
import type { Diagnostic } from '../core/model';

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Converts a core diagnostic to LSP's shape. */
export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'condense',
    message: d.message,
  };
  if (d.data !== undefined) out.data = d.data;
  return out;
}

/** Where diagnostics come from and where they go. */
export interface DiagnosticsSource {
  /** Every URI that may have diagnostics now (indexed, skipped or config files). */
  uris(): string[];
  /** The diagnostics of one URI now, capped at `max` as capDiagnostics (core/diagnosticCap.ts) caps them. */
  diagnostics(uri: string, max: number): Diagnostic[];
  send(uri: string, diagnostics: LspDiagnostic[]): void;
  /**
   * False while the study is incomplete (being scanned, or a batch of file changes half
   * applied): study-wide diagnostics (unknown-code, unused-code, quote-not-found) would be
   * wrong then, so publishing waits. Always ready when absent.
   */
  ready?(): boolean;
  /**
   * True while requests are being answered: a flush then waits between files, so that a
   * request that pauses between files (to hear a cancellation) is not slowed by it.
   */
  busy?(): boolean;
}

/** How many files a flush publishes between two pauses. */
const PER_PAUSE = 16;

/** Debounced, de-duplicated publishing. */
export class DiagnosticsPublisher {
  private readonly sent = new Map<string, string>();
  private pending = new Set<string>();
  private all = false;
  private timer: NodeJS.Timeout | null = null;
  /** Counts {@link schedule} calls: a flush in progress sees that a newer change came in. */
  private changes = 0;
  private flushing = false;
  private disposed = false;

  constructor(
    private readonly source: DiagnosticsSource,
    private readonly delayMs = 150,
  ) {}

  /** Schedules these URIs (or, with 'all', every URI) for publishing. */
  schedule(uris: string[] | 'all'): void {
    this.changes++;
    if (uris === 'all') this.all = true;
    else for (const u of uris) this.pending.add(u);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.delayMs);
  }

  /**
   * Publishes what is pending now, or, while the study is incomplete, a little later. A
   * long flush (a codebook edit republishes every file) pauses between files, and gives way
   * when a newer change comes in or the study becomes incomplete: the files not yet done
   * go back to pending, for the next flush, which computes them from the newer state.
   */
  flush(): void {
    if (this.flushing || (this.source.ready && !this.source.ready())) {
      this.retryLater();
      return;
    }
    const targets = [
      ...(this.all ? new Set([...this.source.uris(), ...this.sent.keys(), ...this.pending]) : this.pending),
    ];
    this.all = false;
    this.pending = new Set();
    const live = new Set(this.source.uris());
    const changes = this.changes;
    let k = 0;
    const run = (): void => {
      for (let n = 0; k < targets.length && n < PER_PAUSE; k++, n++) this.publish(targets[k], live);
      if (k >= targets.length) this.flushing = false;
      else setImmediate(resume);
    };
    const resume = (): void => {
      if (this.disposed) return;
      if (this.source.busy?.()) {
        // A request is being answered: it comes first (a timer, not a busy loop, while it reads files).
        setTimeout(resume, 1);
        return;
      }
      if (this.changes !== changes || (this.source.ready && !this.source.ready())) {
        // Superseded: what is left is published by the next flush, from the newer state.
        for (const u of targets.slice(k)) this.pending.add(u);
        this.flushing = false;
        this.retryLater();
        return;
      }
      run();
    };
    this.flushing = true;
    resume();
  }

  private publish(uri: string, live: Set<string>): void {
    const ds = live.has(uri) ? this.source.diagnostics(uri, MAX_PUBLISHED_PER_FILE).map(toLspDiagnostic) : [];
    const key = JSON.stringify(ds);
    if (this.sent.get(uri) === key) return;
    if (ds.length === 0 && !this.sent.has(uri)) return;
    if (ds.length === 0) this.sent.delete(uri);
    else this.sent.set(uri, key);
    this.source.send(uri, ds);
  }

  private retryLater(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.delayMs);
  }

  /** Stops the timer (on shutdown). */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
