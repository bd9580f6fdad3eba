/**
 * The Report view: a webview panel with tabs (Table 1, co-occurrence heat map, codes by
 * participant attribute, saturation chart, memos), served by the language server's
 * custom requests and refreshed as the study changes. A click on a cell, a row or a point
 * lists its units; a click on a unit opens it in its transcript. Charts export as SVG and
 * PNG, tables as CSV.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { writeFileAtomic } from '../../common/atomicWrite';
import {
  MatrixCellUnitsRequest,
  MatrixRequest,
  MemosRequest,
  SaturationRequest,
  ThemeTreeRequest,
  UnitsOfCodeRequest,
  type MatrixParams,
  type MatrixResult,
  type SaturationPoint,
  type ThemeNode,
} from '../../common/protocol';
import { matrixResultCsv, saturationCsv, table1Csv } from './reportCsv';
import type { StudyUpdates } from './studyUpdates';
import {
  renderMatrix,
  renderMemos,
  renderSaturation,
  renderTable1,
  renderTabs,
  renderUnits,
  TABS,
  type ReportState,
  type TabId,
} from './reportHtml';
import { webviewShell } from './webviewShell';

/** Messages the webview sends. */
type FromWebview =
  | { type: 'ready' }
  | { type: 'tab'; tab: string }
  | { type: 'option'; name: string; value: string }
  | { type: 'cell'; row: string; col: string }
  | { type: 'code'; code: string }
  | { type: 'point'; uri: string }
  | { type: 'reveal'; uri: string; line: number; character: number }
  | { type: 'export'; format: string; target: string; data?: string };

/** The single Report panel. */
export class ReportPanel implements vscode.Disposable {
  static current: ReportPanel | undefined;
  private readonly state: ReportState = { tab: 'table', rows: 'codes', within: '', attribute: '', filter: '' };
  /** The study's root URI, and the URI the requests name it by (its condense.json). */
  private root = '';
  private unitsHtml = '';
  private html: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** What the current tab shows, for CSV export. */
  private data: { themes?: ThemeNode[]; matrix?: MatrixResult; points?: SaturationPoint[] } = {};

  /** Opens the Report view (or brings it to the front) on the study of the active editor, else the first study. */
  static async show(context: vscode.ExtensionContext, client: LanguageClient, updates: StudyUpdates): Promise<void> {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const tree = await client.sendRequest(ThemeTreeRequest, uri ? { uri } : {});
    const study = tree.studies[0] ?? (await client.sendRequest(ThemeTreeRequest, {})).studies[0];
    if (!study) {
      void vscode.window.showWarningMessage(
        'No Condense study is open: open a folder with a condense.json or a codebook.md.',
      );
      return;
    }
    if (!ReportPanel.current) {
      const panel = vscode.window.createWebviewPanel('condense.report', 'Condense Report', vscode.ViewColumn.Active, {
        enableScripts: true,
        enableFindWidget: true,
        retainContextWhenHidden: false,
        localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
      });
      ReportPanel.current = new ReportPanel(panel, context, client, updates);
    } else ReportPanel.current.panel.reveal(undefined, false);
    const current = ReportPanel.current;
    if (current.root !== study.root) {
      current.root = study.root;
      current.unitsHtml = '';
    }
    await current.refresh();
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    updates: StudyUpdates,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'condense.svg');
    panel.webview.html = this.shell();
    // Refreshed when the server announces a change of this study (condense/studyChanged),
    // at most once per update; while hidden it waits, and catches up when shown.
    const stop = updates.add({
      affects: (c) => this.panel.visible && c.root.replace(/\/$/, '') === this.root.replace(/\/$/, ''),
      refresh: () => this.refresh(),
    });
    this.disposables.push(
      { dispose: stop },
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) void this.refresh();
      }),
    );
  }

  private get studyUri(): string {
    return `${this.root.replace(/\/$/, '')}/condense.json`;
  }

  private matrixParams(): MatrixParams {
    const square = this.state.tab === 'cooccurrence';
    const p: MatrixParams = { uri: this.studyUri, cols: square ? 'codes' : 'attribute', rows: this.state.rows };
    if (!square) p.attribute = this.state.attribute;
    if (this.state.within) p.within = this.state.within;
    return p;
  }

  /** Asks the server for the current tab's data and shows it. */
  async refresh(): Promise<void> {
    let body: string;
    try {
      body = await this.renderTab();
    } catch (e) {
      body = `<p class="empty">${escapeText(`The language server could not answer: ${(e as Error).message}`)}</p>`;
    }
    this.html = `${renderTabs(this.state)}<div class="tabpanel" role="tabpanel" data-tab="${this.state.tab}">${body}</div>${this.unitsHtml}`;
    this.panel.title = `Condense Report: ${TABS.find((t) => t.id === this.state.tab)?.label ?? ''}`;
    void this.panel.webview.postMessage({ type: 'update', html: this.html });
  }

  private async renderTab(): Promise<string> {
    const uri = this.studyUri;
    this.data = {};
    switch (this.state.tab) {
      case 'table': {
        const tree = await this.client.sendRequest(ThemeTreeRequest, { uri });
        const s = tree.studies[0];
        this.data.themes = s?.themes ?? [];
        return renderTable1(s?.themes ?? [], s?.uncodedUnits ?? 0, s?.unknownCodes ?? []);
      }
      case 'cooccurrence':
      case 'attribute': {
        if (this.state.tab === 'attribute' && !this.state.attribute) {
          const probe = await this.client.sendRequest(MatrixRequest, { uri, cols: 'codes', rows: this.state.rows });
          this.state.attribute = probe?.attributes.includes('role') ? 'role' : (probe?.attributes[0] ?? '');
        }
        const m = await this.client.sendRequest(MatrixRequest, this.matrixParams());
        if (!m) return '<p class="empty">No Condense study is open.</p>';
        if (this.state.tab === 'attribute' && m.attributes.length && !m.attributes.includes(this.state.attribute)) {
          this.state.attribute = m.attributes[0];
          return this.renderTab();
        }
        this.data.matrix = m;
        return renderMatrix(m, this.state, this.state.tab === 'cooccurrence');
      }
      case 'saturation': {
        const s = await this.client.sendRequest(SaturationRequest, { uri, rows: this.state.rows });
        this.data.points = s?.points ?? [];
        return renderSaturation(s, this.state);
      }
      case 'memos':
        return renderMemos(await this.client.sendRequest(MemosRequest, { uri }));
    }
  }

  private pathOf = (uri: string): string => {
    const root = this.root.replace(/\/$/, '');
    return decodeURIComponent(
      uri.startsWith(`${root}/`) ? uri.slice(root.length + 1) : uri.slice(uri.lastIndexOf('/') + 1),
    );
  };

  private async showUnits(html: string): Promise<void> {
    this.unitsHtml = html;
    await this.refresh();
    void this.panel.webview.postMessage({ type: 'scrollTo', id: 'units' });
  }

  private async onMessage(m: FromWebview): Promise<void> {
    switch (m?.type) {
      case 'ready':
        if (this.html !== undefined) void this.panel.webview.postMessage({ type: 'update', html: this.html });
        return;
      case 'tab':
        if (TABS.some((t) => t.id === m.tab) && m.tab !== this.state.tab) {
          this.state.tab = m.tab as TabId;
          this.unitsHtml = '';
          await this.refresh();
        }
        return;
      case 'option':
        if (m.name === 'rows') this.state.rows = m.value === 'themes' ? 'themes' : 'codes';
        else if (m.name === 'within' || m.name === 'attribute' || m.name === 'filter')
          this.state[m.name] = String(m.value ?? '');
        else return;
        if (m.name !== 'filter') this.unitsHtml = '';
        await this.refresh();
        return;
      case 'cell': {
        if (typeof m.row !== 'string' || typeof m.col !== 'string') return;
        const units = await this.client.sendRequest(MatrixCellUnitsRequest, {
          ...this.matrixParams(),
          row: m.row,
          col: m.col,
        });
        const rowTitle = this.data.matrix?.rows.find((r) => r.id === m.row)?.title ?? m.row;
        await this.showUnits(renderUnits(`${rowTitle} × ${m.col}`, units, this.pathOf));
        return;
      }
      case 'code': {
        if (typeof m.code !== 'string') return;
        const units = await this.client.sendRequest(UnitsOfCodeRequest, {
          uri: this.studyUri,
          code: m.code,
          descendants: true,
        });
        const title = findTitle(this.data.themes ?? [], m.code) ?? m.code;
        await this.showUnits(renderUnits(title, units, this.pathOf));
        return;
      }
      case 'point': {
        if (typeof m.uri !== 'string') return;
        const s = await this.client.sendRequest(SaturationRequest, {
          uri: this.studyUri,
          rows: this.state.rows,
          unitsOf: m.uri,
        });
        const p = s?.points.find((x) => x.uri === m.uri);
        if (!p) return;
        const what = this.state.rows === 'themes' ? 'themes' : 'codes';
        await this.showUnits(
          renderUnits(`${p.name}: units of its ${p.newCodes.length} new ${what}`, p.units ?? [], this.pathOf),
        );
        return;
      }
      case 'reveal': {
        if (typeof m.uri !== 'string') return;
        const pos = new vscode.Position(Number(m.line) || 0, Number(m.character) || 0);
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(m.uri));
        const editor = await vscode.window.showTextDocument(doc, {
          viewColumn: vscode.ViewColumn.Beside,
          selection: new vscode.Range(pos, pos),
        });
        editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
        return;
      }
      case 'export':
        await this.export(m);
        return;
    }
  }

  /** Saves a table as CSV (made here from the data) or a chart as SVG or PNG (made by the webview). */
  private async export(m: { format: string; target: string; data?: string }): Promise<void> {
    let bytes: Uint8Array | undefined;
    if (m.format === 'csv') {
      const square = this.state.tab === 'cooccurrence';
      const text =
        m.target === 'table1' && this.data.themes
          ? table1Csv(this.data.themes)
          : m.target === 'matrix' && this.data.matrix
            ? matrixResultCsv(this.data.matrix, this.state.filter, square)
            : m.target === 'saturation' && this.data.points
              ? saturationCsv(this.data.points)
              : undefined;
      if (text !== undefined) bytes = Buffer.from(text, 'utf8');
    } else if (m.format === 'svg' && typeof m.data === 'string' && m.data.startsWith('<svg'))
      bytes = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${m.data}\n`, 'utf8');
    else if (m.format === 'png' && typeof m.data === 'string' && m.data.startsWith('data:image/png;base64,'))
      bytes = Buffer.from(m.data.slice(22), 'base64');
    if (!bytes) return;
    const name = `${m.target === 'matrix' || m.target === 'heatmap' ? (this.state.tab === 'cooccurrence' ? 'cooccurrence' : `codes-by-${this.state.attribute || 'attribute'}`) : m.target}.${m.format}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(vscode.Uri.parse(this.root), name.replace(/[^\p{L}\p{N}._-]+/gu, '-')),
      filters: { [m.format.toUpperCase()]: [m.format] },
      title: `Export ${m.format.toUpperCase()}`,
    });
    if (!target) return;
    try {
      if (target.scheme === 'file') writeFileAtomic(target.fsPath, bytes);
      else await vscode.workspace.fs.writeFile(target, bytes);
      void vscode.window.showInformationMessage(`Exported ${vscode.workspace.asRelativePath(target)}.`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Export failed: ${(e as Error).message}`);
    }
  }

  /** The page: strict CSP with one nonce; script and styles from media/ only; PNG export draws through a blob: image. */
  private shell(): string {
    return webviewShell(this.panel.webview, this.context.extensionUri, {
      title: 'Condense Report',
      styles: ['report.css'],
      script: 'report.js',
      placeholder: 'Loading…',
      imgSrc: 'blob:',
    });
  }

  dispose(): void {
    ReportPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function findTitle(nodes: ThemeNode[], id: string): string | undefined {
  for (const n of nodes) {
    if (n.id === id) return n.title || n.id;
    const t = findTitle(n.children, id);
    if (t) return t;
  }
  return undefined;
}

function escapeText(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}
