/**
 * Pushed updates instead of polling: the server sends `condense/studyChanged` after each
 * index update, and every view that the change concerns refreshes once. A view's refresh
 * never runs twice at the same time: a change that arrives while it runs makes it run
 * once more afterwards, so a burst of keystrokes costs each view at most one request per
 * update, usually fewer, and the last state is always shown. Pure (no VS Code), so the
 * LSP tests drive it with a recording client.
 */
import type { StudyChangedParams } from '../../common/protocol';

/** A view that shows something of a study. */
export interface StudyView {
  /** Whether this change can alter what the view shows. */
  affects(change: StudyChangedParams): boolean;
  /** Asks the server again and shows the answer. */
  refresh(): Promise<void>;
}

/** Runs `run` on request, never concurrently; a request during a run queues one more run. */
export class Refresher {
  private running = false;
  private again = false;

  constructor(private readonly run: () => Promise<void>) {}

  /** Runs now, or once more after the current run. */
  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.run();
      } catch {
        // A failed refresh (the server restarting) is retried by the next change.
      }
    } while (this.again);
    this.running = false;
  }
}

/** Routes study changes to the views they concern. */
export class StudyUpdates {
  private readonly views = new Map<StudyView, Refresher>();
  private lastVersion = 0;

  /** Registers a view; the returned function unregisters it. */
  add(view: StudyView): () => void {
    this.views.set(view, new Refresher(() => view.refresh()));
    return () => this.views.delete(view);
  }

  /** A `condense/studyChanged` notification arrived. Out-of-order or repeated versions are ignored. */
  changed(change: StudyChangedParams): void {
    if (change.version <= this.lastVersion) return;
    this.lastVersion = change.version;
    for (const [view, refresher] of this.views) if (view.affects(change)) refresher.request();
  }

  /** Refreshes every view (on the user's Refresh, or when the view opens). */
  refreshAll(): void {
    for (const refresher of this.views.values()) refresher.request();
  }

  /** A restarted server counts its versions from 1 again; every view refreshes. */
  restarted(): void {
    this.lastVersion = 0;
    this.refreshAll();
  }
}
