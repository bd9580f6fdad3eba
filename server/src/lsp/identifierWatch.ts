/**
 * Keeps watching each study's identifiers file, which often lies outside the workspace
 * (that is where it belongs). With a client that registers file watchers, one watcher
 * per file (a relative pattern on its folder when the client supports those); with one
 * that does not, a watch of the file's folder from the server itself. Either way a
 * change reaches `onChange` as the file's URI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, type Connection, type Disposable } from 'vscode-languageserver/node';
import { pathToUri } from '../node/loadStudy';

/** What the client can do with file watchers. */
export interface WatchSupport {
  dynamicRegistration: boolean;
  relativePatterns: boolean;
}

/** Watches the identifiers files of the workspace. */
export class IdentifierWatch {
  private files: string[] = [];
  private registration: Promise<Disposable | null> | null = null;
  private readonly local = new Map<string, fs.FSWatcher>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly support: WatchSupport,
    private readonly onChange: (uri: string) => void,
    private readonly log: (message: string) => void,
  ) {}

  /** Watches exactly these files (absolute paths) from now on. */
  update(files: string[]): void {
    const next = [...new Set(files)].sort();
    if (JSON.stringify(next) === JSON.stringify(this.files)) return;
    this.files = next;
    if (this.support.dynamicRegistration) this.register();
    else this.watchLocally();
  }

  private register(): void {
    const previous = this.registration;
    this.registration = null;
    void previous?.then((d) => d?.dispose());
    if (this.files.length === 0) return;
    const watchers = this.files.map((f) =>
      this.support.relativePatterns
        ? { globPattern: { baseUri: pathToUri(path.dirname(f)), pattern: path.basename(f) } }
        : { globPattern: f.split(path.sep).join('/') },
    );
    this.registration = this.connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers })
      .catch((e: Error) => {
        this.log(`Could not watch the identifiers file: ${e.message}`);
        return null;
      });
  }

  private watchLocally(): void {
    const dirs = new Set(this.files.map((f) => path.dirname(f)));
    for (const [dir, w] of this.local) {
      if (dirs.has(dir)) continue;
      w.close();
      this.local.delete(dir);
    }
    for (const dir of dirs) {
      if (this.local.has(dir)) continue;
      try {
        // The folder, not the file: editors save by writing a new file and renaming it.
        const w = fs.watch(dir, { persistent: false }, (_event, name) => {
          const file = name ? path.join(dir, name.toString()) : null;
          for (const f of this.files) if (f === file || (file === null && path.dirname(f) === dir)) this.changed(f);
        });
        w.on('error', () => undefined);
        this.local.set(dir, w);
      } catch (e) {
        this.log(
          `Could not watch the folder of the identifiers file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
    }
  }

  /** Several events come for one save: report it once, a moment later. */
  private changed(file: string): void {
    clearTimeout(this.timers.get(file));
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        this.onChange(pathToUri(file));
      }, 100),
    );
  }

  /** Stops every watch (on shutdown). */
  dispose(): void {
    void this.registration?.then((d) => d?.dispose());
    for (const w of this.local.values()) w.close();
    this.local.clear();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
