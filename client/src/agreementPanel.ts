/**
 * The intercoder agreement panel: a webview with one row per code (κ, α, % agreement,
 * segments), lowest κ first; a code opens its disagreements with their text; each can be
 * shown side by side, or resolved by keeping A's or B's coding in the working tree as
 * one undoable edit. The server computes everything (condense/agreement, applyCoding).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  AgreementRequest,
  ApplyCodingRequest,
  type AgreementViewResult,
  type DisagreementInfo,
} from '../../common/protocol';
import { renderAgreement } from './agreementHtml';
import { openSideBySide } from './sideBySide';
import { documentUri } from './versionPicker';
import { webviewShell } from './webviewShell';

type FromWebview =
  | { type: 'ready' }
  | { type: 'code'; id: string }
  | { type: 'show'; index: number }
  | { type: 'keep'; index: number; side: 'a' | 'b' };

/** The single agreement panel. */
export class AgreementPanel implements vscode.Disposable {
  static current: AgreementPanel | undefined;
  /** The result shown and the code opened (for tests). */
  result: AgreementViewResult | null = null;
  code: string | undefined;
  private html = '';
  private readonly disposables: vscode.Disposable[] = [];

  /** Computes the agreement of `a` and `b` for the study of `uri` and shows it. */
  static async show(
    context: vscode.ExtensionContext,
    client: LanguageClient,
    uri: string,
    a: string,
    b: string,
  ): Promise<AgreementPanel> {
    if (!AgreementPanel.current) {
      const panel = vscode.window.createWebviewPanel(
        'condense.agreement',
        'Intercoder Agreement',
        vscode.ViewColumn.Active,
        {
          enableScripts: true,
          enableFindWidget: true,
          localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
        },
      );
      AgreementPanel.current = new AgreementPanel(panel, context, client);
    } else AgreementPanel.current.panel.reveal();
    const p = AgreementPanel.current;
    p.result = await client.sendRequest(AgreementRequest, { uri, a, b });
    p.code = undefined;
    p.panel.title = `Agreement: ${a} ↔ ${b}`;
    p.render();
    return p;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'condense.svg');
    panel.webview.html = this.shell();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)),
    );
  }

  /** The disagreements of the open code, in the order shown. */
  visible(): DisagreementInfo[] {
    return this.result && this.code ? this.result.disagreements.filter((d) => d.code === this.code) : [];
  }

  /** Opens a code's disagreements. */
  openCode(id: string): void {
    this.code = id;
    this.render();
  }

  private render(): void {
    if (!this.result) return;
    this.html = renderAgreement(this.result, this.code, this.visible());
    void this.panel.webview.postMessage({ type: 'update', html: this.html });
  }

  /** Shows disagreement `index` of the open code in both versions side by side. */
  async showDisagreement(index: number): Promise<void> {
    const r = this.result;
    const d = this.visible()[index];
    if (!r || !d) return;
    const uriB = vscode.Uri.joinPath(vscode.Uri.parse(r.root), d.file).toString();
    const left = documentUri(r.root, r.a, d.file, uriB);
    const right = documentUri(r.root, r.b, d.file, uriB);
    await openSideBySide(left, right, `${d.file} (${r.a} ↔ ${r.b})`, d.rangeA, d.rangeB, true);
  }

  /** Gives the working-tree transcript side `side`'s coding of disagreement `index`, as one undoable edit. */
  async keep(index: number, side: 'a' | 'b'): Promise<boolean> {
    const r = this.result;
    const d = this.visible()[index];
    if (!r || !d) return false;
    const plain = (side === 'a' ? d.plainA : d.plainB) ?? d.plainA ?? d.plainB;
    if (!plain) return false;
    const res = await this.client.sendRequest(ApplyCodingRequest, {
      uri: r.root,
      file: d.file,
      plain,
      text: d.text,
      codes: side === 'a' ? d.codesA : d.codesB,
    });
    if (!res) {
      void vscode.window.showWarningMessage(
        `Condense: the working text of ${d.file} differs here, or the unit would cross another; nothing was changed.`,
      );
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    const target = vscode.Uri.parse(res.uri);
    for (const e of res.edits) {
      edit.replace(
        target,
        new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character),
        e.newText,
      );
    }
    return vscode.workspace.applyEdit(edit);
  }

  private async onMessage(m: FromWebview): Promise<void> {
    if (m?.type === 'ready') void this.panel.webview.postMessage({ type: 'update', html: this.html });
    else if (m?.type === 'code' && typeof m.id === 'string') this.openCode(m.id);
    else if (m?.type === 'show') await this.showDisagreement(Number(m.index));
    else if (m?.type === 'keep' && (m.side === 'a' || m.side === 'b')) await this.keep(Number(m.index), m.side);
  }

  private shell(): string {
    return webviewShell(this.panel.webview, this.context.extensionUri, {
      title: 'Intercoder Agreement',
      styles: ['preview.css', 'agreement.css'],
      script: 'agreement.js',
      placeholder: 'Computing…',
    });
  }

  dispose(): void {
    AgreementPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
