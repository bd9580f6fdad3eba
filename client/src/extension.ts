/**
 * The Condense extension: starts the language server and wires the views and commands
 * to it. Thin by design: every answer about the study comes from the server.
 */
import type MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Range as LspRange } from 'vscode-languageserver-types';
import { StudyChangedNotification, type ThemeNode, type ThemeTreeResult } from '../../common/protocol';
import { addCode, codeSelection, newCode, removeCode, stepUnit, type CommandContext } from './codingCommands';
import { CondensatePreview } from './condensatePreview';
import { exportCommand, importCommand } from './exchangeCommands';
import { UnitHighlighter } from './decorations';
import { createLanguageClient } from './languageClient';
import { condensePlugin } from './markdownItPlugin';
import { PALETTE, validColor } from './palette';
import { CoverageStatus } from './statusBar';
import { ReportPanel } from './reportView';
import { createStudy, findReferences, renameCode, revealUnit } from './studyCommands';
import { StudyUpdates } from './studyUpdates';
import { registerTeamCommands } from './teamCommands';
import { ThemesProvider, type ThemeItem } from './themesView';

let client: LanguageClient | undefined;
/** Colour of every code (own or inherited), for the Markdown preview. */
const codeColors = new Map<string, string>();

/** What the extension exports: the Markdown preview calls extendMarkdownIt. */
export interface CondenseApi {
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

/** Activates the extension (on a workspace with a study, or on one of its commands). */
export async function activate(context: vscode.ExtensionContext): Promise<CondenseApi> {
  const output = vscode.window.createOutputChannel('Condense');
  context.subscriptions.push(output);
  client = createLanguageClient(context, output);
  const lc = client;
  const storage = context.globalStorageUri;
  const ctx: CommandContext = { client: lc, storage };

  const themes = new ThemesProvider(lc, storage);
  const tree = vscode.window.createTreeView('condense.themes', {
    treeDataProvider: themes,
    dragAndDropController: themes,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const status = new CoverageStatus();
  const highlighter = new UnitHighlighter(lc, (editor, result) => status.update(editor, result));
  context.subscriptions.push(tree, status, highlighter);

  // The views refresh when the server says the study changed (condense/studyChanged),
  // each at most once per update; nothing polls.
  const updates = new StudyUpdates();
  updates.add({
    affects: () => true,
    refresh: async () => {
      await themes.refresh();
      updateColors(themes.result);
    },
  });
  updates.add(highlighter);
  context.subscriptions.push(
    tree.onDidExpandElement((e) => themes.setExpanded(e.element, true)),
    tree.onDidCollapseElement((e) => themes.setExpanded(e.element, false)),
    lc.onNotification(StudyChangedNotification, (p) => updates.changed(p)),
  );
  const refreshThemes = (): void => updates.refreshAll();

  const codeArg = (item: ThemeItem | undefined): ThemeNode | undefined =>
    item && item.kind === 'code' ? item.node : undefined;
  const register = (id: string, fn: (...args: never[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  };
  register('condense.codeSelection', () => codeSelection(ctx, false));
  register('condense.markUnit', () => codeSelection(ctx, true));
  register('condense.addCode', () => addCode(ctx));
  register('condense.removeCode', () => removeCode(ctx));
  register('condense.nextUnit', () => stepUnit(ctx, 1));
  register('condense.previousUnit', () => stepUnit(ctx, -1));
  register('condense.newTheme', () => newCode(ctx, undefined, false));
  register('condense.newSubtheme', (item?: ThemeItem) => newCode(ctx, codeArg(item), true));
  const preview = (toSide: boolean) => (item?: ThemeItem | string) => {
    const code = typeof item === 'string' ? item : codeArg(item)?.id;
    const uri = typeof item === 'object' && item.kind === 'code' ? item.node.uri : undefined;
    return CondensatePreview.show(context, lc, updates, { code, uri }, toSide);
  };
  register('condense.openCondensatePreview', preview(false));
  register('condense.openCondensatePreviewToSide', preview(true));
  register('condense.showUnitsOfCode', (code?: string) => CondensatePreview.show(context, lc, updates, { code }, true));
  register('condense.showReport', () => ReportPanel.show(context, lc, updates));
  register('condense.exportStudy', () => exportCommand(lc));
  register('condense.importProject', () => importCommand(lc, output));
  register('condense.createStudy', () => createStudy());
  register('condense.toggleHighlighting', () => highlighter.toggle());
  register('condense.refreshThemes', () => refreshThemes());
  register('condense.filterThemes', async () => {
    const files = await vscode.workspace.findFiles('**/*.md', '**/node_modules/**');
    const pick = await vscode.window.showQuickPick(
      files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
      { title: 'Show only the units of one transcript' },
    );
    if (!pick) return;
    themes.filter = pick.uri;
    tree.description = `filtered: ${pick.label}`;
    refreshThemes();
  });
  register('condense.clearThemeFilter', () => {
    themes.filter = undefined;
    tree.description = undefined;
    refreshThemes();
  });
  register('condense.revealUnit', (uri: string, range: LspRange) => revealUnit(uri, range));
  register('condense.renameCode', (item?: ThemeItem) => {
    const c = codeArg(item);
    return c ? renameCode(c) : undefined;
  });
  register('condense.findReferences', (item?: ThemeItem) => {
    const c = codeArg(item);
    return c ? findReferences(c) : undefined;
  });
  registerTeamCommands(context, lc, register);
  register('condense.restartServer', async () => {
    await lc.restart();
    updates.restarted();
  });

  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor((e) => status.hideUnless(e)));

  await lc.start();
  await vscode.commands.executeCommand('setContext', 'condense.active', true);
  // Requests wait for the server's scan, so these first answers are the whole study's.
  refreshThemes();
  highlighter.refreshVisible();

  return {
    extendMarkdownIt(md: MarkdownIt): MarkdownIt {
      condensePlugin(md, (code) => codeColors.get(code));
      return md;
    },
  };
}

/** The colour of every code (its own, else its theme's), for the Markdown preview. */
function updateColors(tree: ThemeTreeResult): void {
  codeColors.clear();
  const walk = (n: ThemeNode, color: string): void => {
    const c = validColor(n.color) ?? color;
    codeColors.set(n.id, c);
    n.children.forEach((k) => walk(k, c));
  };
  for (const s of tree.studies) s.themes.forEach((t, k) => walk(t, validColor(t.color) ?? PALETTE[k % PALETTE.length]));
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
