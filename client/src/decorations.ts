/**
 * Meaning-unit highlighting: each unit's text gets a background in its theme's colour,
 * nested units are layered (their background adds to the outer one's, with an
 * underline), each theme has its mark in the overview ruler like a coding stripe, and
 * attribute blocks are dimmed. Follows the server's study updates: a transcript is asked
 * for again when the server says it (or the codebook) changed, never by polling.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentUnitsRequest, type DocumentUnitsResult, type StudyChangedParams } from '../../common/protocol';
import type { StudyView } from './studyUpdates';
import { themeColors, withAlpha } from './palette';

/** Called with each fresh result, e.g. by the status bar. */
export type UnitsListener = (editor: vscode.TextEditor, result: DocumentUnitsResult | null) => void;

/** Owns the decoration types and keeps the visible editors decorated. */
export class UnitHighlighter implements vscode.Disposable, StudyView {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private readonly dim = vscode.window.createTextEditorDecorationType({ opacity: '0.5' });
  private readonly unknownType = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editorError.background'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.errorForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Documents the server changed since the last refresh; `all` after a codebook change. */
  private readonly changedUris = new Set<string>();
  private changedAll = false;
  private readonly disposables: vscode.Disposable[] = [];
  private enabled: boolean;

  constructor(
    private readonly client: LanguageClient,
    private readonly listener: UnitsListener,
  ) {
    this.enabled = vscode.workspace.getConfiguration('condense').get<boolean>('highlighting.enabled', true);
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshVisible()),
      vscode.window.onDidChangeActiveTextEditor((e) => e && this.schedule(e, 0)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('condense.highlighting')) return;
        this.enabled = vscode.workspace.getConfiguration('condense').get<boolean>('highlighting.enabled', true);
        this.resetTypes();
        this.refreshVisible();
      }),
    );
  }

  /** Switches highlighting on or off (the setting is updated, so it persists). */
  async toggle(): Promise<void> {
    await vscode.workspace
      .getConfiguration('condense')
      .update('highlighting.enabled', !this.enabled, vscode.ConfigurationTarget.Global);
  }

  /** Whether a study update concerns a visible editor (its own text, or the codebook's colours). */
  affects(change: StudyChangedParams): boolean {
    const visible = vscode.window.visibleTextEditors
      .filter((e) => e.document.languageId === 'markdown')
      .map((e) => e.document.uri.toString());
    const hit = change.all ? visible.length > 0 : visible.some((u) => change.uris.includes(u));
    if (!hit) return false;
    if (change.all) this.changedAll = true;
    else for (const u of change.uris) this.changedUris.add(u);
    return true;
  }

  /** Asks again for the visible editors that the updates since the last refresh changed. */
  async refresh(): Promise<void> {
    const all = this.changedAll;
    const uris = new Set(this.changedUris);
    this.changedAll = false;
    this.changedUris.clear();
    const editors = vscode.window.visibleTextEditors.filter(
      (e) => e.document.languageId === 'markdown' && (all || uris.has(e.document.uri.toString())),
    );
    await Promise.all(editors.map((e) => this.update(e)));
  }

  /** Decorates every visible Markdown editor again. */
  refreshVisible(): void {
    for (const e of vscode.window.visibleTextEditors) if (e.document.languageId === 'markdown') this.schedule(e, 0);
  }

  private schedule(editor: vscode.TextEditor, delay: number): void {
    const key = editor.document.uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(editor);
      }, delay),
    );
  }

  private async update(editor: vscode.TextEditor): Promise<void> {
    if (editor.document.isClosed) return;
    let result: DocumentUnitsResult | null = null;
    try {
      result = await this.client.sendRequest(DocumentUnitsRequest, { uri: editor.document.uri.toString() });
    } catch {
      result = null;
    }
    // The server answers after the edits sent before this request; a later keystroke
    // brings its own update, so there is nothing to poll for.
    this.listener(editor, result);
    this.apply(editor, result);
  }

  private apply(editor: vscode.TextEditor, result: DocumentUnitsResult | null): void {
    const byType = new Map<vscode.TextEditorDecorationType, vscode.Range[]>();
    for (const t of this.types.values()) byType.set(t, []);
    byType.set(this.dim, []);
    byType.set(this.unknownType, []);
    if (this.enabled && result) {
      const colors = themeColors(result.themes);
      for (const u of result.units) {
        const content = toRange(u.contentRange);
        byType.get(this.dim)?.push(toRange(u.attrRange));
        if (u.kind === 'div')
          byType.get(this.dim)?.push(new vscode.Range(u.range.end.line, 0, u.range.end.line, u.range.end.character));
        const color = u.theme ? colors.get(u.theme) : undefined;
        if (!color) {
          if (u.unknown) byType.get(this.unknownType)?.push(content);
          else byType.get(this.typeFor('#9e9e9e', u.depth > 0))?.push(content);
          continue;
        }
        const type = this.typeFor(color, u.depth > 0);
        if (!byType.has(type)) byType.set(type, []);
        byType.get(type)?.push(content);
      }
    }
    for (const [type, ranges] of byType) editor.setDecorations(type, ranges);
  }

  private typeFor(color: string, nested: boolean): vscode.TextEditorDecorationType {
    const key = `${color}${nested ? ':nested' : ''}`;
    let t = this.types.get(key);
    if (!t) {
      const opacity = vscode.workspace.getConfiguration('condense').get<number>('highlighting.opacity', 0.22);
      t = vscode.window.createTextEditorDecorationType({
        backgroundColor: withAlpha(color, opacity),
        overviewRulerColor: color,
        overviewRulerLane: nested ? vscode.OverviewRulerLane.Center : vscode.OverviewRulerLane.Right,
        borderRadius: '2px',
        ...(nested ? { borderStyle: 'none none solid none', borderWidth: '0 0 2px 0', borderColor: color } : {}),
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
      this.types.set(key, t);
    }
    return t;
  }

  private resetTypes(): void {
    for (const t of this.types.values()) t.dispose();
    this.types.clear();
  }

  dispose(): void {
    this.resetTypes();
    this.dim.dispose();
    this.unknownType.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

/** An LSP range as a VS Code range. */
export function toRange(r: {
  start: { line: number; character: number };
  end: { line: number; character: number };
}): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
