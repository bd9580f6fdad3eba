/**
 * The status-bar item of a transcript: its number of meaning units and the share of its
 * speaker turns that hold at least one, so a researcher sees what is still uncoded.
 */
import * as vscode from 'vscode';
import type { DocumentUnitsResult } from '../../common/protocol';

/** Shows coverage for the active transcript. */
export class CoverageStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('condense.coverage', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Condense coverage';
    this.item.command = 'condense.themes.focus';
  }

  /** Updates the item for `editor` (only the active editor is shown). */
  update(editor: vscode.TextEditor, result: DocumentUnitsResult | null): void {
    if (editor !== vscode.window.activeTextEditor) return;
    const enabled = vscode.workspace.getConfiguration('condense').get<boolean>('statusBar.enabled', true);
    if (!result || !enabled) {
      this.item.hide();
      return;
    }
    this.item.text = `$(symbol-field) ${coverageText(result)}`;
    this.item.tooltip = coverageTooltip(result);
    this.item.show();
  }

  /** Hides the item when the active editor is not a transcript. */
  hideUnless(editor: vscode.TextEditor | undefined): void {
    if (!editor || editor.document.languageId !== 'markdown') this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** "12 units · 60% of turns": the short text of the item. */
export function coverageText(r: Pick<DocumentUnitsResult, 'units' | 'turns' | 'turnsWithUnits'>): string {
  const units = `${r.units.length} unit${r.units.length === 1 ? '' : 's'}`;
  if (r.turns === 0) return units;
  return `${units} · ${Math.round((100 * r.turnsWithUnits) / r.turns)}% of turns`;
}

/** The longer explanation shown on hover. */
export function coverageTooltip(r: Pick<DocumentUnitsResult, 'units' | 'turns' | 'turnsWithUnits'>): string {
  const uncoded = r.units.filter((u) => u.codes.length === 0).length;
  const lines = [
    `${r.units.length} meaning units in this transcript${uncoded ? `, ${uncoded} not yet sorted into a code` : ''}.`,
  ];
  if (r.turns)
    lines.push(
      `${r.turnsWithUnits} of ${r.turns} speaker turns hold at least one unit; ${r.turns - r.turnsWithUnits} have none yet.`,
    );
  return lines.join('\n');
}
