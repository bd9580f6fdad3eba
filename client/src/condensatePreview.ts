/**
 * The condensate preview: a webview beside the editor showing a code's path,
 * description, condensate, golden quotes, synthesis and every meaning unit, grouped by
 * transcript. It follows the cursor in the codebook (as Markdown's preview follows its
 * editor) and refreshes when the server announces a change of its study (no polling).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CondensateViewRequest, type CondensateView, type StudyChangedParams } from '../../common/protocol';
import type { StudyUpdates, StudyView } from './studyUpdates';
import { webviewShell } from './webviewShell';

/** Messages the webview sends. */
type FromWebview = { type: 'reveal'; uri: string; line: number; character: number } | { type: 'ready' };

/** The single condensate preview panel. */
export class CondensatePreview implements vscode.Disposable, StudyView {
  static current: CondensatePreview | undefined;
  private code: string | undefined;
  private studyUri: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last view shown (for tests and the title). */
  view: CondensateView | null = null;
  /** Whether a view was sent: it is sent again when the webview (re)loads and says it is ready. */
  private shown = false;

  /** Opens the preview for a code (or the one at the cursor), beside the editor if asked. */
  static async show(
    context: vscode.ExtensionContext,
    client: LanguageClient,
    updates: StudyUpdates,
    target: { code?: string; uri?: string },
    toSide: boolean,
  ): Promise<void> {
    const column = toSide ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    if (!CondensatePreview.current) {
      const panel = vscode.window.createWebviewPanel(
        'condense.condensatePreview',
        'Condensate',
        { viewColumn: column, preserveFocus: true },
        {
          enableScripts: true,
          enableFindWidget: true,
          retainContextWhenHidden: false,
          localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
        },
      );
      CondensatePreview.current = new CondensatePreview(panel, context, client, updates);
    } else CondensatePreview.current.panel.reveal(column, true);
    await CondensatePreview.current.showTarget(target);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    updates: StudyUpdates,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'condense.svg');
    panel.webview.html = this.shell();
    const stop = updates.add(this);
    this.disposables.push(
      { dispose: stop },
      panel.onDidDispose(() => this.dispose()),
      // Changes while hidden were skipped (see affects): catch up when shown again.
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) void this.refresh();
      }),
      panel.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.followCursor(e.textEditor)),
    );
  }

  private async showTarget(target: { code?: string; uri?: string }): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const uri = target.uri ?? editor?.document.uri.toString();
    if (!uri) return;
    this.studyUri = uri;
    if (target.code) this.code = target.code;
    else if (editor) {
      const v = await this.client.sendRequest(CondensateViewRequest, { uri, position: editor.selection.active });
      this.code = v?.id;
    }
    await this.refresh();
  }

  private followCursor(editor: vscode.TextEditor): void {
    if (!vscode.workspace.getConfiguration('condense').get<boolean>('preview.followCursor', true)) return;
    if (editor.document.languageId !== 'markdown') return;
    const uri = editor.document.uri.toString();
    void this.client.sendRequest(CondensateViewRequest, { uri, position: editor.selection.active }).then((v) => {
      if (v && v.id !== this.code && isCodebookEditor(editor)) {
        this.code = v.id;
        this.studyUri = uri;
        this.render(v);
      }
    });
  }

  /** Any change of the study can move the code's units, counts or sections; a hidden panel waits. */
  affects(change: StudyChangedParams): boolean {
    return (
      this.panel.visible &&
      this.code !== undefined &&
      (this.studyUri === undefined || this.studyUri.startsWith(`${change.root.replace(/\/$/, '')}/`))
    );
  }

  /** Asks the server for the current view of the code and shows it. */
  async refresh(): Promise<void> {
    if (!this.studyUri || !this.code) {
      this.render(null);
      return;
    }
    try {
      this.render(await this.client.sendRequest(CondensateViewRequest, { uri: this.studyUri, code: this.code }));
    } catch {
      // The server restarts after a crash; the next change refreshes the view.
    }
  }

  private render(view: CondensateView | null): void {
    this.view = view;
    this.panel.title = view ? `Condensate: ${view.title || view.id}` : 'Condensate';
    // The webview renders it (client/webview/preview.ts, with previewHtml.ts and markdown-it),
    // so that the extension host bundles no Markdown renderer.
    this.shown = true;
    void this.panel.webview.postMessage({ type: 'view', view });
  }

  private async onMessage(m: FromWebview): Promise<void> {
    // Fix (found by the end-to-end tests in code-server): an update posted while the
    // webview's script is still loading is lost, and a hidden panel's webview reloads
    // (retainContextWhenHidden is off), so the preview stayed on "Loading…". The script
    // says when it listens; it gets the current view then.
    if (m?.type === 'ready') {
      if (this.shown) void this.panel.webview.postMessage({ type: 'view', view: this.view });
      return;
    }
    if (m?.type !== 'reveal' || typeof m.uri !== 'string') return;
    const pos = new vscode.Position(Number(m.line) || 0, Number(m.character) || 0);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(m.uri));
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.One,
      selection: new vscode.Range(pos, pos),
    });
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  }

  /** The page around the content: strict CSP, one nonce, scripts and styles from media/ only. */
  private shell(): string {
    return webviewShell(this.panel.webview, this.context.extensionUri, {
      title: 'Condensate',
      styles: ['preview.css'],
      script: 'preview.js',
      placeholder: 'Loading…',
    });
  }

  dispose(): void {
    CondensatePreview.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function isCodebookEditor(editor: vscode.TextEditor): boolean {
  return /(^|\/)codebook[^/]*\.md$/i.test(editor.document.uri.path) || editor.document.getText().includes('{#');
}
