/**
 * The Themes view: themes, subthemes and deeper codes with their unit counts and
 * colours; under each code its meaning units (first words, transcript, speaker); nodes
 * for units not yet sorted and for codes the codebook does not define. Units can be
 * dragged onto another code to recode them.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CodingEditRequest,
  ThemeTreeRequest,
  UnitsOfCodeRequest,
  type ThemeNode,
  type ThemeTreeResult,
  type UnitInfo,
} from '../../common/protocol';
import { colorIcon } from './icons';
import { PALETTE, validColor } from './palette';

/** A node of the tree. */
export type ThemeItem =
  | { kind: 'study'; root: string; result: ThemeTreeResult['studies'][number] }
  | { kind: 'code'; root: string; node: ThemeNode; color: string }
  | { kind: 'unit'; root: string; unit: UnitInfo; code: string }
  | { kind: 'uncoded'; root: string; count: number }
  | { kind: 'unknown'; root: string; codes: { id: string; units: number }[] }
  | { kind: 'unknownCode'; root: string; id: string; units: number };

const MIME = 'application/vnd.code.tree.condense.themes';

/** Fills the Themes view from the server. */
export class ThemesProvider implements vscode.TreeDataProvider<ThemeItem>, vscode.TreeDragAndDropController<ThemeItem> {
  readonly dropMimeTypes = [MIME];
  readonly dragMimeTypes = [MIME];
  private readonly changed = new vscode.EventEmitter<ThemeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The last tree, for the Markdown preview's colours too. */
  result: ThemeTreeResult = { studies: [] };
  /** Codes open in the view (`root\ncode`), whose units each refresh brings along. */
  private readonly open = new Set<string>();
  /** The units of the open codes from the last refresh, by `root\ncode`. */
  private readonly unitCache = new Map<string, UnitInfo[]>();
  /** The transcript the view is filtered to, if any. */
  filter: vscode.Uri | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly storage: vscode.Uri,
  ) {}

  /** Any change of a study moves counts or units. */
  affects(): boolean {
    return true;
  }

  /** Asks the server for the tree again, with the units of the open codes: one request. */
  async refresh(): Promise<void> {
    const unitsOf = [...new Set([...this.open].map((k) => k.slice(k.indexOf('\n') + 1)))];
    try {
      this.result = await this.client.sendRequest(ThemeTreeRequest, { transcript: this.filter?.toString(), unitsOf });
    } catch {
      this.result = { studies: [] };
    }
    this.unitCache.clear();
    for (const study of this.result.studies)
      for (const [code, units] of Object.entries(study.units ?? {}))
        this.unitCache.set(`${study.root}\n${code}`, units);
    const hasStudy = this.result.studies.length > 0;
    await vscode.commands.executeCommand('setContext', 'condense.hasStudy', hasStudy);
    await vscode.commands.executeCommand(
      'setContext',
      'condense.hasCodes',
      this.result.studies.some((s) => s.themes.length > 0),
    );
    await vscode.commands.executeCommand('setContext', 'condense.themeFilter', this.filter !== undefined);
    this.changed.fire(undefined);
  }

  getTreeItem(item: ThemeItem): vscode.TreeItem {
    switch (item.kind) {
      case 'study': {
        const t = new vscode.TreeItem(
          path.basename(vscode.Uri.parse(item.root).fsPath),
          vscode.TreeItemCollapsibleState.Expanded,
        );
        t.iconPath = new vscode.ThemeIcon('book');
        t.contextValue = 'study';
        return t;
      }
      case 'code': {
        const n = item.node;
        const state =
          n.children.length || n.directUnits
            ? vscode.TreeItemCollapsibleState.Collapsed
            : vscode.TreeItemCollapsibleState.None;
        const t = new vscode.TreeItem(n.title || n.id, state);
        t.id = `${item.root}#${n.id}`;
        t.description = `${n.units} · ${n.transcripts} tr · ${n.speakers} sp`;
        t.tooltip = new vscode.MarkdownString(
          `**${escape(n.title)}** \`#${n.id}\`\n\n${n.units} units in ${n.transcripts} transcripts, from ${n.speakers} speakers${n.directUnits !== n.units ? ` (${n.directUnits} coded directly)` : ''}`,
        );
        t.iconPath = colorIcon(this.storage, item.color);
        t.contextValue = 'code';
        return t;
      }
      case 'unit': {
        const u = item.unit;
        const t = new vscode.TreeItem(firstWords(u.text, 8), vscode.TreeItemCollapsibleState.None);
        t.description = [path.basename(vscode.Uri.parse(u.uri).fsPath, '.md'), u.speaker].filter(Boolean).join(' · ');
        t.tooltip = new vscode.MarkdownString(
          `${escape(u.text.replace(/\s+/g, ' '))}\n\n*${t.description}, line ${u.range.start.line + 1}*`,
        );
        t.iconPath = new vscode.ThemeIcon('quote');
        t.contextValue = 'unit';
        t.command = {
          command: 'condense.revealUnit',
          title: 'Reveal Meaning Unit',
          arguments: [u.uri, u.contentRange],
        };
        return t;
      }
      case 'uncoded': {
        const t = new vscode.TreeItem('Not yet sorted into a code', vscode.TreeItemCollapsibleState.Collapsed);
        t.description = String(item.count);
        t.iconPath = new vscode.ThemeIcon('inbox');
        t.contextValue = 'uncoded';
        return t;
      }
      case 'unknown': {
        const t = new vscode.TreeItem('Codes not in the codebook', vscode.TreeItemCollapsibleState.Collapsed);
        t.description = String(item.codes.length);
        t.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        t.contextValue = 'unknown';
        return t;
      }
      case 'unknownCode': {
        const t = new vscode.TreeItem(item.id, vscode.TreeItemCollapsibleState.Collapsed);
        t.description = String(item.units);
        t.iconPath = new vscode.ThemeIcon('question');
        t.contextValue = 'unknownCode';
        return t;
      }
    }
  }

  async getChildren(item?: ThemeItem): Promise<ThemeItem[]> {
    if (!item) {
      if (this.result.studies.length === 1) return this.studyChildren(this.result.studies[0]);
      return this.result.studies.map((s) => ({ kind: 'study', root: s.root, result: s }));
    }
    switch (item.kind) {
      case 'study':
        return this.studyChildren(item.result);
      case 'code': {
        const units = item.node.directUnits ? await this.units(item.root, item.node.id) : [];
        return [
          ...item.node.children.map((c): ThemeItem => ({
            kind: 'code',
            root: item.root,
            node: c,
            color: validColor(c.color) ?? item.color,
          })),
          ...units,
        ];
      }
      case 'uncoded':
        return this.units(item.root, '');
      case 'unknown':
        return item.codes.map((c): ThemeItem => ({ kind: 'unknownCode', root: item.root, id: c.id, units: c.units }));
      case 'unknownCode':
        return this.units(item.root, item.id);
      default:
        return [];
    }
  }

  private studyChildren(s: ThemeTreeResult['studies'][number]): ThemeItem[] {
    const out: ThemeItem[] = s.themes.map((t, k): ThemeItem => ({
      kind: 'code',
      root: s.root,
      node: t,
      color: validColor(t.color) ?? PALETTE[k % PALETTE.length],
    }));
    if (s.uncodedUnits > 0) out.push({ kind: 'uncoded', root: s.root, count: s.uncodedUnits });
    if (s.unknownCodes.length > 0) out.push({ kind: 'unknown', root: s.root, codes: s.unknownCodes });
    return out;
  }

  /** A node was opened or closed in the view: its units come with every refresh while it is open. */
  setExpanded(item: ThemeItem, expanded: boolean): void {
    const code =
      item.kind === 'code'
        ? item.node.id
        : item.kind === 'unknownCode'
          ? item.id
          : item.kind === 'uncoded'
            ? ''
            : undefined;
    if (code === undefined) return;
    const key = `${item.root}\n${code}`;
    if (expanded) this.open.add(key);
    else this.open.delete(key);
  }

  private async units(root: string, code: string): Promise<ThemeItem[]> {
    let units = this.unitCache.get(`${root}\n${code}`);
    if (!units) {
      // A node opened since the last refresh: ask for its units alone.
      const probe = vscode.Uri.joinPath(vscode.Uri.parse(root), 'condense.json').toString();
      units = await this.client.sendRequest(UnitsOfCodeRequest, {
        uri: probe,
        code,
        transcript: this.filter?.toString(),
      });
      this.unitCache.set(`${root}\n${code}`, units);
    }
    return units.map((u): ThemeItem => ({ kind: 'unit', root, unit: u, code }));
  }

  handleDrag(source: readonly ThemeItem[], data: vscode.DataTransfer): void {
    const units = source.filter((s): s is Extract<ThemeItem, { kind: 'unit' }> => s.kind === 'unit');
    if (units.length) data.set(MIME, new vscode.DataTransferItem(units));
  }

  async handleDrop(target: ThemeItem | undefined, data: vscode.DataTransfer): Promise<void> {
    const item = data.get(MIME);
    if (!target || target.kind !== 'code' || !item) return;
    const dragged = item.value as Extract<ThemeItem, { kind: 'unit' }>[];
    // One edit per source code (the server recodes `from` → `to`), each a single undo.
    const bySource = new Map<string, { uri: string; range: UnitInfo['range'] }[]>();
    for (const u of dragged)
      bySource.set(u.code, [...(bySource.get(u.code) ?? []), { uri: u.unit.uri, range: u.unit.range }]);
    let count = 0;
    for (const [from, units] of bySource) {
      const result = await this.client.sendRequest(CodingEditRequest, {
        action: 'recode',
        units,
        from,
        to: target.node.id,
      });
      if (!result.edit) continue;
      if (await vscode.workspace.applyEdit(await this.client.protocol2CodeConverter.asWorkspaceEdit(result.edit)))
        count += result.units;
    }
    if (count)
      void vscode.window.setStatusBarMessage(
        `Condense: ${count} unit${count === 1 ? '' : 's'} recoded as ${target.node.title}`,
        4000,
      );
  }
}

function firstWords(text: string, n: number): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  return words.length > n ? `${words.slice(0, n).join(' ')}…` : words.join(' ');
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
