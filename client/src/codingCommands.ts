/**
 * The coding commands: Code Selection, Mark Meaning Unit, Add / Remove Code, Next /
 * Previous Unit of this Code, New Theme / Subtheme. Every change is one WorkspaceEdit,
 * so one undo takes it back.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentUnitsRequest, ThemeTreeRequest, UnitsOfCodeRequest, type DecoratedUnit, type ThemeNode } from '../../common/protocol';
import { addCodeEdit, removeCodeEdit, unitBrace, type OffsetEdit } from './attributeEdits';
import { newHeadingEdit, slugify } from './codebookEdits';
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

/** Quick pick of codes, most used first, with "New code..." at the end when asked. */
async function pickCode(
  ctx: CommandContext,
  uri: string,
  title: string,
  options: { allowNew: boolean; exclude?: string[] },
): Promise<{ id: string; isNew?: PickCode | null; title?: string } | undefined> {
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
  if (options.allowNew) items.push({ label: '$(add) New code...', description: 'also adds it to the codebook', create: true, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Type to filter codes by title or id',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.code) return { id: picked.code.node.id };
  const name = await vscode.window.showInputBox({
    title: 'New code',
    prompt: 'The title of the new code (a theme or subtheme)',
    validateInput: (v) => (v.trim() ? null : 'Give the code a title'),
  });
  if (!name) return undefined;
  const id = slugify(name, new Set(codes.map((c) => c.node.id)));
  const parents: (vscode.QuickPickItem & { code: PickCode | null })[] = [
    { label: '$(symbol-class) A new theme', description: 'at the end of the codebook', code: null },
    ...codes.map((c) => ({ label: `${'  '.repeat(c.depth)}${c.node.title}`, description: `#${c.node.id}`, code: c })),
  ];
  const parent = await vscode.window.showQuickPick(parents, { title: `Where does "${name}" go?` });
  if (!parent) return undefined;
  return { id, isNew: parent.code, title: name.trim() };
}

/** Adds a heading for a new code to the codebook (inside `edit`). */
async function addToCodebook(
  edit: vscode.WorkspaceEdit,
  ctx: CommandContext,
  studyUri: string,
  title: string,
  id: string,
  parent: PickCode | null,
): Promise<vscode.Uri | undefined> {
  const codebook = await codebookUri(ctx, studyUri, parent);
  if (!codebook) return undefined;
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(codebook);
  } catch {
    // No codebook yet: create it in the same edit.
    edit.createFile(codebook, { ignoreIfExists: true });
    edit.insert(codebook, new vscode.Position(0, 0), `# ${title} {#${id}}\n`);
    return codebook;
  }
  const level = parent ? Math.min(6, headingLevel(doc, parent.node.range.start.line) + 1) : 1;
  applyOffsetEdit(edit, doc, newHeadingEdit(doc.getText(), title, id, level, parent ? parent.node.range.start.line : null));
  return codebook;
}

function headingLevel(doc: vscode.TextDocument, line: number): number {
  return /^#{1,6}/.exec(doc.lineAt(line).text)?.[0].length ?? 1;
}

async function codebookUri(ctx: CommandContext, studyUri: string, parent: PickCode | null): Promise<vscode.Uri | undefined> {
  if (parent) return vscode.Uri.parse(parent.node.uri);
  const tree = await ctx.client.sendRequest(ThemeTreeRequest, { uri: studyUri });
  const first = tree.studies[0]?.themes[0];
  if (first) return vscode.Uri.parse(first.uri);
  const root = tree.studies[0]?.root;
  return root ? vscode.Uri.joinPath(vscode.Uri.parse(root), 'codebook.md') : undefined;
}

function applyOffsetEdit(edit: vscode.WorkspaceEdit, doc: vscode.TextDocument, e: OffsetEdit): void {
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.text);
}

/** Why a selection cannot become a unit, or null when it can. */
export function selectionProblem(
  text: string,
  start: number,
  end: number,
  units: { start: number; end: number; contentStart: number; contentEnd: number }[],
): string | null {
  if (start === end) return 'Select the words of the meaning unit first.';
  if (/\r?\n[ \t]*\r?\n/.test(text.slice(start, end)))
    return 'A meaning unit in brackets stays within one paragraph. For several paragraphs, use a fenced div: ::: {.code} ... :::';
  for (const u of units) {
    const crossesStart = start < u.start && end > u.start && end < u.end;
    const crossesEnd = start > u.start && start < u.end && end > u.end;
    const cutsMarkup =
      (start > u.start && start < u.contentStart) ||
      (end > u.contentEnd && end < u.end) ||
      (start > u.contentEnd && start < u.end) ||
      (end > u.start && end < u.contentStart);
    if (crossesStart || crossesEnd || cutsMarkup)
      return 'The selection crosses the edge of another meaning unit; units can nest but not overlap. Adjust the selection.';
  }
  return null;
}

async function unitsIn(ctx: CommandContext, doc: vscode.TextDocument): Promise<DecoratedUnit[]> {
  const r = await ctx.client.sendRequest(DocumentUnitsRequest, { uri: doc.uri.toString() });
  return r?.units ?? [];
}

/** Wraps the selection in `[...]{.code}` (or `{}` to only mark it). */
export async function codeSelection(ctx: CommandContext, mark: boolean): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') return;
  const doc = editor.document;
  const start = doc.offsetAt(editor.selection.start);
  const end = doc.offsetAt(editor.selection.end);
  const text = doc.getText();
  const units = (await unitsIn(ctx, doc)).map((u) => ({
    start: doc.offsetAt(toRange(u.range).start),
    end: doc.offsetAt(toRange(u.range).end),
    contentStart: doc.offsetAt(toRange(u.contentRange).start),
    contentEnd: doc.offsetAt(toRange(u.contentRange).end),
  }));
  const problem = selectionProblem(text, start, end, units);
  if (problem) {
    void vscode.window.showWarningMessage(problem);
    return;
  }
  let attrs = '{}';
  const edit = new vscode.WorkspaceEdit();
  if (!mark) {
    const pick = await pickCode(ctx, doc.uri.toString(), 'Code selection as', { allowNew: true });
    if (!pick) return;
    attrs = `{.${pick.id}}`;
    if (pick.title) await addToCodebook(edit, ctx, doc.uri.toString(), pick.title, pick.id, pick.isNew ?? null);
  }
  // Trim surrounding spaces from the selection: a unit starts and ends on words.
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  edit.insert(doc.uri, doc.positionAt(s), '[');
  edit.insert(doc.uri, doc.positionAt(e), `]${attrs}`);
  await vscode.workspace.applyEdit(edit);
}

async function unitAtCursor(ctx: CommandContext): Promise<{ editor: vscode.TextEditor; unit: DecoratedUnit } | undefined> {
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

function braceFor(doc: vscode.TextDocument, unit: DecoratedUnit): number {
  return unitBrace(doc.getText(), doc.offsetAt(toRange(unit.range).start), doc.offsetAt(toRange(unit.contentRange).end));
}

/** Adds a code to the unit at the cursor. */
export async function addCode(ctx: CommandContext): Promise<void> {
  const at = await unitAtCursor(ctx);
  if (!at) return;
  const doc = at.editor.document;
  const pick = await pickCode(ctx, doc.uri.toString(), 'Add code to this unit', { allowNew: true, exclude: at.unit.codes });
  if (!pick) return;
  const brace = braceFor(doc, at.unit);
  const e = brace >= 0 ? addCodeEdit(doc.getText(), brace, pick.id) : null;
  if (!e) {
    void vscode.window.showWarningMessage('This unit\'s attributes cannot be edited automatically (a div written as "::: word"); add the code by hand.');
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  applyOffsetEdit(edit, doc, e);
  if (pick.title) await addToCodebook(edit, ctx, doc.uri.toString(), pick.title, pick.id, pick.isNew ?? null);
  await vscode.workspace.applyEdit(edit);
}

/** Removes a code from the unit at the cursor. */
export async function removeCode(ctx: CommandContext): Promise<void> {
  const at = await unitAtCursor(ctx);
  if (!at || at.unit.codes.length === 0) return;
  const doc = at.editor.document;
  const id = at.unit.codes.length === 1 ? at.unit.codes[0] : await vscode.window.showQuickPick(at.unit.codes, { title: 'Remove which code from this unit?' });
  if (!id) return;
  const brace = braceFor(doc, at.unit);
  const e = brace >= 0 ? removeCodeEdit(doc.getText(), brace, id) : null;
  if (!e) return;
  const edit = new vscode.WorkspaceEdit();
  applyOffsetEdit(edit, doc, e);
  await vscode.workspace.applyEdit(edit);
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
    (u) => u.uri === uri && u.range.start.line === at.unit.range.start.line && u.range.start.character === at.unit.range.start.character,
  );
  const next = all[(here + direction + all.length) % all.length];
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(next.uri));
  const range = toRange(next.contentRange);
  const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(range.start, range.start) });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  void vscode.window.setStatusBarMessage(`Condense: unit ${((here + direction + all.length) % all.length) + 1} of ${all.length} coded ${code}`, 3000);
}

/** Adds a theme (no parent) or a subtheme of `parent` to the codebook. */
export async function newCode(ctx: CommandContext, parent: ThemeNode | undefined, asSubtheme: boolean): Promise<void> {
  const studyUri = vscode.window.activeTextEditor?.document.uri.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? '';
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
  const id = slugify(title, new Set(codes.map((c) => c.node.id)));
  const edit = new vscode.WorkspaceEdit();
  const codebook = await addToCodebook(edit, ctx, studyUri, title.trim(), id, parentCode);
  if (!codebook) {
    void vscode.window.showWarningMessage('No Condense study is open: create one first (Condense: Create Study).');
    return;
  }
  if (!(await vscode.workspace.applyEdit(edit))) return;
  const doc = await vscode.workspace.openTextDocument(codebook);
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.includes(`{#${id}}`));
  if (line >= 0) await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line + 1, 0, line + 1, 0) });
}
