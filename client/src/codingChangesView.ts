/**
 * The "Coding changes" view: the changes from a chosen version to the working state,
 * transcript by transcript (from condense/compareCoding). A change opens both versions
 * side by side at the unit.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CompareCodingRequest, type CodingChangeInfo, type CompareCodingResult } from '../../common/protocol';
import { openSideBySide } from './sideBySide';
import { versionUri } from './versionPicker';

/** A node of the view: a transcript, a change, or a line of the codebook's changes. */
export type ChangeItem =
  | { kind: 'file'; file: string; changes: CodingChangeInfo[] }
  | { kind: 'change'; change: CodingChangeInfo }
  | { kind: 'codebook'; lines: string[] }
  | { kind: 'line'; text: string };

const ICONS: Record<CodingChangeInfo['change'], string> = {
  recoded: 'tag',
  resized: 'arrow-both',
  added: 'add',
  removed: 'remove',
};

function codes(list: string[]): string {
  return list.length ? list.join(' ') : '(none)';
}

/** Fills the view and opens changes. */
export class CodingChangesProvider implements vscode.TreeDataProvider<ChangeItem> {
  private readonly emitter = new vscode.EventEmitter<ChangeItem | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** The comparison shown (for the tests and the view's description). */
  result: CompareCodingResult | null = null;

  constructor(private readonly client: LanguageClient) {}

  /** Compares the study of `uri` as `version` with the working state and shows it. */
  async compare(uri: string, version: string): Promise<CompareCodingResult> {
    this.result = await this.client.sendRequest(CompareCodingRequest, { uri, version });
    this.emitter.fire(undefined);
    await vscode.commands.executeCommand('setContext', 'condense.hasCodingChanges', true);
    return this.result;
  }

  getChildren(item?: ChangeItem): ChangeItem[] {
    const r = this.result;
    if (!r) return [];
    if (!item) {
      const byFile = new Map<string, CodingChangeInfo[]>();
      for (const c of r.changes) (byFile.get(c.file) ?? byFile.set(c.file, []).get(c.file))?.push(c);
      const files: ChangeItem[] = [...byFile].map(([file, changes]) => ({ kind: 'file', file, changes }));
      const lines = (r.codes as { change: string; id: string; idBefore?: string }[]).map(
        (c) => `${c.change} ${c.idBefore ? `${c.idBefore} → ` : ''}${c.id}`,
      );
      for (const s of r.sections as { code: string; section: string }[])
        lines.push(`${s.section} of ${s.code} rewritten`);
      if (lines.length) files.push({ kind: 'codebook', lines });
      return files;
    }
    if (item.kind === 'file') return item.changes.map((change) => ({ kind: 'change', change }));
    if (item.kind === 'codebook') return item.lines.map((text) => ({ kind: 'line', text }));
    return [];
  }

  getTreeItem(item: ChangeItem): vscode.TreeItem {
    if (item.kind === 'file') {
      const t = new vscode.TreeItem(item.file, vscode.TreeItemCollapsibleState.Expanded);
      t.description = `${item.changes.length} change${item.changes.length === 1 ? '' : 's'}`;
      t.iconPath = vscode.ThemeIcon.File;
      t.resourceUri = vscode.Uri.parse(item.changes[0].uri);
      return t;
    }
    if (item.kind === 'codebook') return new vscode.TreeItem('Codebook', vscode.TreeItemCollapsibleState.Expanded);
    if (item.kind === 'line') return new vscode.TreeItem(item.text);
    const c = item.change;
    const what =
      c.change === 'added'
        ? codes(c.codesAfter)
        : c.change === 'removed'
          ? codes(c.codesBefore)
          : `${codes(c.codesBefore)} → ${codes(c.codesAfter)}`;
    const t = new vscode.TreeItem(`${c.change}: ${what}`);
    t.description = c.text.replace(/\s+/g, ' ').slice(0, 80);
    t.tooltip = new vscode.MarkdownString().appendText(c.text);
    t.iconPath = new vscode.ThemeIcon(ICONS[c.change]);
    t.contextValue = 'codingChange';
    t.command = { command: 'condense.openCodingChange', title: 'Show Both Versions', arguments: [c] };
    return t;
  }

  /** Opens the change's transcript in both versions side by side, at the unit. */
  async open(c: CodingChangeInfo): Promise<void> {
    const r = this.result;
    if (!r) return;
    const left = versionUri(r.root, r.a, c.file);
    await openSideBySide(left, vscode.Uri.parse(c.uri), `${c.file} (${r.a} ↔ ${r.b})`, c.rangeA, c.rangeB);
  }
}
