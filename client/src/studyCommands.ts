/**
 * Commands about the study as a whole: Create Study, and the Themes view's Reveal, Rename
 * and Find All Units (Show Report is the Report view, reportView.ts).
 */
import * as vscode from 'vscode';
import type { Range as LspRange } from 'vscode-languageserver-types';
import { toRange } from './decorations';

/** The starter files of a new study. */
export const STARTER = {
  config: `${JSON.stringify({ codebook: 'codebook.md', transcripts: ['transcripts/**/*.md'] }, null, 2)}\n`,
  codebook: `Codebook of this study. Each heading with an {#id} is a code: level 1 for themes,
level 2 for subthemes. Under a code, write its description, then the sections
Condensate, Quotes and Synthesis as you reach steps 3 and 4 of the analysis.

# My first theme {#first-theme}

What belongs in this theme.

## A subtheme {#first-subtheme}

What belongs in this subtheme.

### Condensate

### Quotes

### Synthesis
`,
  transcript: `---
title: Interview 1
participants:
  Interviewer: {role: interviewer}
  P1: {role: participant}
---

**Interviewer:** Paste or type the transcript here. Start each turn with the
speaker's label in bold, as in this line.

**P1:** Select the words of a meaning unit and press Ctrl+Alt+C to code them,
like [this sentence, which is coded as a subtheme]{.first-subtheme}.
`,
};

/** Creates condense.json, codebook.md and transcripts/ in a folder the user picks (never overwriting). */
export async function createStudy(): Promise<void> {
  let folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder || (vscode.workspace.workspaceFolders?.length ?? 0) > 1) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: 'Create the study here',
    });
    if (!picked?.[0]) return;
    folder = picked[0];
  }
  const files: [vscode.Uri, string][] = [
    [vscode.Uri.joinPath(folder, 'condense.json'), STARTER.config],
    [vscode.Uri.joinPath(folder, 'codebook.md'), STARTER.codebook],
    [vscode.Uri.joinPath(folder, 'transcripts', 'interview-1.md'), STARTER.transcript],
  ];
  const edit = new vscode.WorkspaceEdit();
  const created: string[] = [];
  for (const [uri, text] of files) {
    if (await exists(uri)) continue;
    edit.createFile(uri, { ignoreIfExists: true, contents: Buffer.from(text, 'utf8') });
    created.push(vscode.workspace.asRelativePath(uri));
  }
  if (created.length === 0) {
    void vscode.window.showInformationMessage(
      'This folder already holds a study (condense.json, codebook.md and transcripts/).',
    );
    return;
  }
  await vscode.workspace.applyEdit(edit);
  void vscode.window.showInformationMessage(`Condense study created: ${created.join(', ')}.`);
  if (!vscode.workspace.getWorkspaceFolder(folder)) {
    await vscode.commands.executeCommand('vscode.openFolder', folder);
    return;
  }
  await vscode.commands.executeCommand('condense.restartServer');
  await vscode.window.showTextDocument(files[2][0]);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Opens a transcript at a unit. */
export async function revealUnit(uri: string, range: LspRange): Promise<void> {
  const r = toRange(range);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(doc, {
    selection: new vscode.Range(r.start, r.end),
    preview: true,
  });
  editor.revealRange(r, vscode.TextEditorRevealType.InCenter);
}

/** Renames a code from the Themes view, through the language server's rename. */
export async function renameCode(code: { id: string; uri: string; range: LspRange }): Promise<void> {
  const newName = await vscode.window.showInputBox({
    title: `Rename code #${code.id}`,
    value: code.id,
    prompt: 'The new id; every unit and the codebook heading change with it',
  });
  if (!newName || newName === code.id) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(code.uri));
  const line = doc.lineAt(code.range.start.line).text;
  const at = line.indexOf(`#${code.id}`);
  const pos = new vscode.Position(code.range.start.line, at >= 0 ? at + 1 : 0);
  try {
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      doc.uri,
      pos,
      newName,
    );
    if (edit) await vscode.workspace.applyEdit(edit);
  } catch (e) {
    void vscode.window.showErrorMessage(`Cannot rename: ${(e as Error).message}`);
  }
}

/** Shows every unit of a code in the references view. */
export async function findReferences(code: { id: string; uri: string; range: LspRange }): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(code.uri));
  const at = doc.lineAt(code.range.start.line).text.indexOf(`#${code.id}`);
  const pos = new vscode.Position(code.range.start.line, at >= 0 ? at + 1 : 0);
  const locations = await vscode.commands.executeCommand<vscode.Location[]>(
    'vscode.executeReferenceProvider',
    doc.uri,
    pos,
  );
  await vscode.commands.executeCommand('editor.action.showReferences', doc.uri, pos, locations ?? []);
}
