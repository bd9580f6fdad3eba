/**
 * Opens two versions of a transcript side by side in VS Code's diff editor, at one unit,
 * with the unit highlighted on both sides.
 */
import * as vscode from 'vscode';
import type { Range as LspRange } from 'vscode-languageserver-types';

const highlight = vscode.window.createTextEditorDecorationType({
  backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
  border: '1px solid',
  borderColor: new vscode.ThemeColor('editor.findMatchBorder'),
  overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
  overviewRulerLane: vscode.OverviewRulerLane.Center,
});

function toRange(r: LspRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * Shows `left` and `right` in a diff editor titled `title`, the unit at `rangeLeft` /
 * `rangeRight` highlighted and in view; `beside` opens it next to the active editor
 * (so that a panel that asked for it stays visible).
 */
export async function openSideBySide(
  left: vscode.Uri,
  right: vscode.Uri,
  title: string,
  rangeLeft?: LspRange,
  rangeRight?: LspRange,
  beside = false,
): Promise<void> {
  const at = rangeRight ?? rangeLeft;
  const options: vscode.TextDocumentShowOptions = {
    preview: true,
    ...(beside ? { viewColumn: vscode.ViewColumn.Beside } : {}),
    ...(at ? { selection: toRange(at) } : {}),
  };
  await vscode.commands.executeCommand('vscode.diff', left, right, title, options);
  const mark = (uri: vscode.Uri, r: LspRange | undefined): void => {
    for (const e of vscode.window.visibleTextEditors) {
      if (e.document.uri.toString() !== uri.toString()) continue;
      e.setDecorations(highlight, r ? [toRange(r)] : []);
      if (r) e.revealRange(toRange(r), vscode.TextEditorRevealType.InCenter);
    }
  };
  mark(left, rangeLeft);
  mark(right, rangeRight);
}
