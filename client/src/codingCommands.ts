/**
 * The coding commands: Code Selection, Mark Meaning Unit, Add / Remove Code, Next /
 * Previous Unit of this Code, New Theme / Subtheme. The client only asks: it shows the
 * pickers, sends the choice to the server (condense/codingEdit), and applies the one
 * WorkspaceEdit the server returns, so one undo takes it back. The server computes every
 * edit from the text it has indexed, as its code actions do.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CodingEditRequest,
  DocumentUnitsRequest,
  ThemeTreeRequest,
  UnitsOfCodeRequest,
  type CodingEditParams,
  type DecoratedUnit,
  type NewCodeSpec,
  type ThemeNode,
} from '../../common/protocol';
import { toRange } from './decorations';
import { colorIcon } from './icons';
import { PALETTE, validColor } from './palette';
/** A code as the pickers show it. */
interface PickCode {
  node: ThemeNode;
  color: string;
  path: string;
  depth: number;
}

/** Everything the commands need. */
export interface CommandContext {
  client: LanguageClient;
  storage: vscode.Uri;
}

async function codesOf(ctx: CommandContext, uri: string): Promise<PickCode[]> {
  const tree = await ctx.client.sendRequest(ThemeTreeRequest, { uri });
  const out: PickCode[] = [];
  const walk = (n: ThemeNode, color: string, path: string[], depth: number): void => {
    const c = validColor(n.color) ?? color;
    out.push({ node: n, color: c, path: [...path, n.title].join(' › '), depth });
    for (const k of n.children) walk(k, c, [...path, n.title], depth + 1);
  };
  tree.studies[0]?.themes.forEach((t, k) => walk(t, validColor(t.color) ?? PALETTE[k % PALETTE.length], [], 0));
  return out;
}

/** A picked code: an existing one, or a new one to create (its heading goes into the codebook). */
type Picked = { code: string } | { newCode: NewCodeSpec };

/** Quick pick of codes, most used first, with "New code..." at the end when asked. */
async function pickCode(
  ctx: CommandContext,
  uri: string,
  title: string,
  options: { allowNew: boolean; exclude?: string[] },
): Promise<Picked | undefined> {
  const codes = (await codesOf(ctx, uri)).filter((c) => !options.exclude?.includes(c.node.id));
  const sorted = [...codes].sort((a, b) => b.node.directUnits - a.node.directUnits);
  type Item = vscode.QuickPickItem & { code?: PickCode; create?: boolean };
  const items: Item[] = sorted.map((c) => ({
    label: c.node.title || c.node.id,
    description: `#${c.node.id}`,
    detail: `${c.path} · ${c.node.directUnits} units`,
    iconPath: colorIcon(ctx.storage, c.color),
    code: c,
  }));
  if (options.allowNew)
    items.push({
      label: '$(add) New code...',
      description: 'also adds it to the codebook',
      create: true,
      alwaysShow: true,
    });
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Type to filter codes by title or id',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.code) return { code: picked.code.node.id };
  const name = await vscode.window.showInputBox({
    title: 'New code',
    prompt: 'The title of the new code (a theme or subtheme)',
    validateInput: (v) => (v.trim() ? null : 'Give the code a title'),
  });
  if (!name) return undefined;
  const parents: (vscode.QuickPickItem & { code: PickCode | null })[] = [
    { label: '$(symbol-class) A new theme', description: 'at the end of the codebook', code: null },
    ...codes.map((c) => ({ label: `${'  '.repeat(c.depth)}${c.node.title}`, description: `#${c.node.id}`, code: c })),
  ];
  const parent = await vscode.window.showQuickPick(parents, { title: `Where does "${name}" go?` });
  if (!parent) return undefined;
  return { newCode: { title: name.trim(), parent: parent.code?.node.id } };
}

/**
 * Asks the server for the edit of a coding command and applies it. Shows the server's
 * one-line reason when there is nothing to write. Returns the code written, if any.
 */
export async function applyCodingEdit(client: LanguageClient, params: CodingEditParams): Promise<string | undefined> {
  const result = await client.sendRequest(CodingEditRequest, params);
  if (result.error || !result.edit) {
    void vscode.window.showWarningMessage(result.error ?? 'Nothing to change.');
    return undefined;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage('The file changed before the edit could be applied; try again.');
    return undefined;
  }
  return result.code;
}

async function unitsIn(ctx: CommandContext, doc: vscode.TextDocument): Promise<DecoratedUnit[]> {
  const r = await ctx.client.sendRequest(DocumentUnitsRequest, { uri: doc.uri.toString() });
  return r?.units ?? [];
}

/** Wraps the selection in `[...]{.code}` (or `{}` to only mark it). */
export async function codeSelection(ctx: CommandContext, mark: boolean): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') return;
  const uri = editor.document.uri.toString();
  const range = ctx.client.code2ProtocolConverter.asRange(editor.selection);
  if (editor.selection.isEmpty) {
    void vscode.window.showWarningMessage('Select the words of the meaning unit first.');
    return;
  }
  const pick = mark ? {} : await pickCode(ctx, uri, 'Code selection as', { allowNew: true });
  if (!pick) return;
  await applyCodingEdit(ctx.client, { action: 'codeSelection', uri, range, ...pick });
}

async function unitAtCursor(
  ctx: CommandContext,
): Promise<{ editor: vscode.TextEditor; unit: DecoratedUnit } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const pos = editor.selection.active;
  const units = (await unitsIn(ctx, editor.document)).filter((u) => toRange(u.range).contains(pos));
  const unit = units.sort((a, b) => b.depth - a.depth)[0];
  if (!unit) {
    void vscode.window.showInformationMessage('Put the cursor inside a meaning unit first.');
    return undefined;
  }
  return { editor, unit };
}

/** Adds a code to the unit at the cursor. */
export async function addCode(ctx: CommandContext): Promise<void> {
  const at = await unitAtCursor(ctx);
  if (!at) return;
  const uri = at.editor.document.uri.toString();
  const pick = await pickCode(ctx, uri, 'Add code to this unit', { allowNew: true, exclude: at.unit.codes });
  if (!pick) return;
  const position = ctx.client.code2ProtocolConverter.asPosition(at.editor.selection.active);
  await applyCodingEdit(ctx.client, { action: 'addCode', uri, position, ...pick });
}

/** Removes a code from the unit at the cursor. */
export async function removeCode(ctx: CommandContext): Promise<void> {
  const at = await unitAtCursor(ctx);
  if (!at || at.unit.codes.length === 0) return;
  const code =
    at.unit.codes.length === 1
      ? at.unit.codes[0]
      : await vscode.window.showQuickPick(at.unit.codes, { title: 'Remove which code from this unit?' });
  if (!code) return;
  const position = ctx.client.code2ProtocolConverter.asPosition(at.editor.selection.active);
  await applyCodingEdit(ctx.client, { action: 'removeCode', uri: at.editor.document.uri.toString(), position, code });
}

/** Moves to the next (or previous) unit of the code of the unit at the cursor, across transcripts. */
export async function stepUnit(ctx: CommandContext, direction: 1 | -1): Promise<void> {
  const at = await unitAtCursor(ctx);
  if (!at) return;
  const code = at.unit.codes[0];
  if (!code) return;
  const uri = at.editor.document.uri.toString();
  const all = await ctx.client.sendRequest(UnitsOfCodeRequest, { uri, code });
  if (all.length === 0) return;
  const here = all.findIndex(
    (u) =>
      u.uri === uri &&
      u.range.start.line === at.unit.range.start.line &&
      u.range.start.character === at.unit.range.start.character,
  );
  const next = all[(here + direction + all.length) % all.length];
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(next.uri));
  const range = toRange(next.contentRange);
  const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(range.start, range.start) });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  void vscode.window.setStatusBarMessage(
    `Condense: unit ${((here + direction + all.length) % all.length) + 1} of ${all.length} coded ${code}`,
    3000,
  );
}

/** Adds a theme (no parent) or a subtheme of `parent` to the codebook. */
export async function newCode(ctx: CommandContext, parent: ThemeNode | undefined, asSubtheme: boolean): Promise<void> {
  const studyUri =
    vscode.window.activeTextEditor?.document.uri.toString() ??
    vscode.workspace.workspaceFolders?.[0]?.uri.toString() ??
    '';
  const codes = await codesOf(ctx, studyUri);
  let parentCode: PickCode | null = null;
  if (asSubtheme) {
    parentCode = parent ? (codes.find((c) => c.node.id === parent.id) ?? null) : null;
    if (!parentCode) {
      const pick = await vscode.window.showQuickPick(
        codes.map((c) => ({ label: `${'  '.repeat(c.depth)}${c.node.title}`, description: `#${c.node.id}`, code: c })),
        { title: 'New subtheme under which code?' },
      );
      if (!pick) return;
      parentCode = pick.code;
    }
  }
  const title = await vscode.window.showInputBox({
    title: asSubtheme ? `New subtheme of "${parentCode?.node.title}"` : 'New theme',
    prompt: 'Its title, as it will appear in your results',
    validateInput: (v) => (v.trim() ? null : 'Give it a title'),
  });
  if (!title) return;
  const uri = parentCode?.node.uri ?? studyUri;
  const id = await applyCodingEdit(ctx.client, {
    action: 'newCode',
    uri,
    newCode: { title: title.trim(), parent: parentCode?.node.id },
  });
  if (!id) return;
  // Put the cursor under the new heading, ready for its description.
  const tree = await ctx.client.sendRequest(ThemeTreeRequest, { uri });
  const find = (nodes: ThemeNode[]): ThemeNode | undefined => {
    for (const n of nodes) {
      const hit = n.id === id ? n : find(n.children);
      if (hit) return hit;
    }
    return undefined;
  };
  const node = find(tree.studies.flatMap((s) => s.themes));
  if (!node) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(node.uri));
  const line = Math.min(node.range.start.line + 1, doc.lineCount - 1);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, 0, line, 0) });
}
