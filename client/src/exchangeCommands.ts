/**
 * Export the study (Results section as Markdown or Word, CSV, REFI-QDA project or
 * codebook) to a file the user picks, and import a REFI-QDA project into a new study
 * folder. The client only shows the dialogs: the server exports from its live index, so
 * unsaved edits are in the file, and writes it atomically (condense/export, /import).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ExportRequest,
  ExportTargetRequest,
  ImportRequest,
  ThemeTreeRequest,
  type ExportParams,
} from '../../common/protocol';

const FORMATS: { format: string; label: string; detail: string; ext: string; filter: string }[] = [
  {
    format: 'results',
    label: 'Results section (Markdown)',
    detail: 'Table 1, then per theme and subtheme its synthesis and golden quotes; Pandoc turns it into Word',
    ext: 'md',
    filter: 'Markdown',
  },
  {
    format: 'docx',
    label: 'Results section (Word)',
    detail:
      'The same Results section as a .docx: headings, Table 1 as a Word table, syntheses, quotes with their sources',
    ext: 'docx',
    filter: 'Word document',
  },
  {
    format: 'csv',
    label: 'Meaning units (CSV)',
    detail: 'One row per unit and code, with transcript, line, speaker and participant attributes',
    ext: 'csv',
    filter: 'CSV',
  },
  {
    format: 'qdpx',
    label: 'REFI-QDA project (.qdpx)',
    detail: 'For NVivo, ATLAS.ti, MAXQDA, QualCoder: codes, transcripts, codings, notes, cases',
    ext: 'qdpx',
    filter: 'REFI-QDA project',
  },
  {
    format: 'qdc',
    label: 'REFI-QDA codebook (.qdc)',
    detail: 'The code tree with colours and descriptions',
    ext: 'qdc',
    filter: 'REFI-QDA codebook',
  },
];

/** The study to export: the only one, or the one the user picks. Its root URI. */
async function pickStudyRoot(client: LanguageClient): Promise<string | undefined> {
  const tree = await client.sendRequest(ThemeTreeRequest, {});
  const roots = tree.studies.map((s) => s.root);
  if (roots.length <= 1) return roots[0];
  const pick = await vscode.window.showQuickPick(
    roots.map((r) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(r)), root: r })),
    { title: 'Which study?' },
  );
  return pick?.root;
}

/** Condense: Export Study... */
export async function exportCommand(client: LanguageClient): Promise<void> {
  const root = await pickStudyRoot(client);
  if (!root) {
    void vscode.window.showWarningMessage('No Condense study is open to export.');
    return;
  }
  const choice = await vscode.window.showQuickPick(FORMATS, { title: 'Export the study as', matchOnDetail: true });
  if (!choice) return;
  const studyUri = `${root.replace(/\/$/, '')}/condense.json`;
  const name = `${vscode.Uri.parse(root).path.split('/').pop() ?? 'study'}-${choice.format}.${choice.ext}`;
  // Outside the study's globs: a Results .md saved in the study would become a transcript.
  const proposed = await client.sendRequest(ExportTargetRequest, { uri: studyUri, fileName: name });
  const target = await vscode.window.showSaveDialog({
    defaultUri: proposed ? vscode.Uri.parse(proposed.target) : undefined,
    filters: { [choice.filter]: [choice.ext] },
    title: `Export ${choice.label}`,
  });
  if (!target) return;
  if (target.scheme !== 'file') {
    void vscode.window.showErrorMessage('Export failed: Condense writes exports to a file on disk.');
    return;
  }
  // The save dialog has asked before replacing another file; the server never replaces a file of the study.
  const params: ExportParams = {
    uri: studyUri,
    format: choice.format,
    target: target.toString(),
    bom: choice.format === 'csv',
    overwrite: true,
  };
  let result = await client.sendRequest(ExportRequest, params);
  if (result.confirm) {
    const go = await vscode.window.showWarningMessage(`${result.confirm}.`, { modal: true }, 'Export Anyway');
    if (go !== 'Export Anyway') return;
    result = await client.sendRequest(ExportRequest, { ...params, insideStudy: true });
  }
  if (result.error || !result.written) {
    void vscode.window.showErrorMessage(`Export failed: ${result.error ?? 'nothing was written'}.`);
    return;
  }
  const action = await vscode.window.showInformationMessage(
    `Exported ${choice.label} to ${vscode.workspace.asRelativePath(target)}.`,
    choice.ext === 'md' || choice.ext === 'csv' ? 'Open' : 'Reveal',
  );
  if (action === 'Open') await vscode.window.showTextDocument(target);
  if (action === 'Reveal') await vscode.commands.executeCommand('revealFileInOS', target);
}

/** Condense: Import REFI-QDA Project... */
export async function importCommand(client: LanguageClient, output: vscode.OutputChannel): Promise<void> {
  const files = await vscode.window.showOpenDialog({
    title: 'Import a REFI-QDA project',
    filters: { 'REFI-QDA project': ['qdpx'] },
    canSelectMany: false,
  });
  if (!files?.[0]) return;
  const parents = await vscode.window.showOpenDialog({
    title: 'Create the new study in which folder?',
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Create Study Here',
  });
  if (!parents?.[0]) return;
  const result = await client.sendRequest(ImportRequest, {
    source: files[0].toString(),
    parent: parents[0].toString(),
  });
  if (result.error || !result.folder || !result.counts) {
    void vscode.window.showErrorMessage(`Import failed: ${result.error ?? 'nothing was written'}`);
    return;
  }
  const folder = vscode.Uri.parse(result.folder);
  const messages = result.messages ?? [];
  output.appendLine(
    `Imported ${files[0].fsPath} into ${folder.fsPath}: ${result.counts.codes} codes, ${result.counts.transcripts} transcripts, ${result.counts.units} units.`,
  );
  for (const m of messages) output.appendLine(`  ${m}`);
  const note = messages.length ? ` ${messages.length} notes (splits, skipped sources) are in the Condense output.` : '';
  const open = await vscode.window.showInformationMessage(
    `Imported ${result.counts.units} units in ${result.counts.transcripts} transcripts with ${result.counts.codes} codes into ${folder.fsPath}.${note}`,
    'Open Study',
    'Show Notes',
  );
  if (open === 'Show Notes') output.show(true);
  if (open === 'Open Study')
    await vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: true });
}
