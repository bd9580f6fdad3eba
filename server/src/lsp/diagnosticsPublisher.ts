/**
 * Pushes diagnostics to the client, debounced, and only for documents whose diagnostics
 * changed since they were last sent.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import type { Diagnostic } from '../core/model';

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Converts a core diagnostic to LSP's shape. */
export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = { range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'condense', message: d.message };
  if (d.data !== undefined) out.data = d.data;
  return out;
}

/** Where diagnostics come from and where they go. */
export interface DiagnosticsSource {
  /** Every URI that may have diagnostics now (indexed, skipped or config files). */
  uris(): string[];
  /** The diagnostics of one URI now. */
  diagnostics(uri: string): Diagnostic[];
  send(uri: string, diagnostics: LspDiagnostic[]): void;
  /**
   * False while the study is incomplete (being scanned, or a batch of file changes half
   * applied): study-wide diagnostics (unknown-code, unused-code, quote-not-found) would be
   * wrong then, so publishing waits. Always ready when absent.
   */
  ready?(): boolean;
}

/** Debounced, de-duplicated publishing. */
export class DiagnosticsPublisher {
  private readonly sent = new Map<string, string>();
  private pending = new Set<string>();
  private all = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly source: DiagnosticsSource,
    private readonly delayMs = 150,
  ) {}

  /** Schedules these URIs (or, with 'all', every URI) for publishing. */
  schedule(uris: string[] | 'all'): void {
    if (uris === 'all') this.all = true;
    else for (const u of uris) this.pending.add(u);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.delayMs);
  }

  /** Publishes what is pending now, or, while the study is incomplete, a little later. */
  flush(): void {
    if (this.source.ready && !this.source.ready()) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.delayMs);
      return;
    }
    const targets = this.all ? new Set([...this.source.uris(), ...this.sent.keys(), ...this.pending]) : this.pending;
    this.all = false;
    this.pending = new Set();
    const live = new Set(this.source.uris());
    for (const uri of targets) {
      const ds = live.has(uri) ? this.source.diagnostics(uri).map(toLspDiagnostic) : [];
      const key = JSON.stringify(ds);
      if (this.sent.get(uri) === key) continue;
      if (ds.length === 0 && !this.sent.has(uri)) continue;
      if (ds.length === 0) this.sent.delete(uri);
      else this.sent.set(uri, key);
      this.source.send(uri, ds);
    }
  }

  /** Stops the timer (on shutdown). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
