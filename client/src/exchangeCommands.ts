/**
 * Export the study (Results section, CSV, REFI-QDA project or codebook) to a file the
 * user picks, and import a REFI-QDA project into a new study folder. The work is the
 * core's (server/src/node/exchange.ts), run here on the study as saved on disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { writeFileAtomic } from '../../server/src/node/atomicWrite';
import { resultsDocx } from '../../server/src/node/docxResults';
import { exportStudy, importIntoFolder, type ExportFormat } from '../../server/src/node/exchange';
import { loadStudy } from '../../server/src/node/loadStudy';
import { ThemeTreeRequest } from '../../server/src/protocol';

const FORMATS: { format: ExportFormat | 'docx'; label: string; detail: string; ext: string; filter: string }[] = [
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
    detail: 'The same Results section as a .docx: headings, Table 1 as a Word table, syntheses, quotes with their sources',
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
  { format: 'qdc', label: 'REFI-QDA codebook (.qdc)', detail: 'The code tree with colours and descriptions', ext: 'qdc', filter: 'REFI-QDA codebook' },
];

async function pickStudyRoot(client: LanguageClient): Promise<string | undefined> {
  const tree = await client.sendRequest(ThemeTreeRequest, {});
  const roots = tree.studies.map((s) => vscode.Uri.parse(s.root).fsPath);
  if (roots.length <= 1) return roots[0];
  const pick = await vscode.window.showQuickPick(
    roots.map((r) => ({ label: path.basename(r), description: r })),
    { title: 'Which study?' },
  );
  return pick?.description;
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
  // The export reads the files on disk: unsaved edits would be missing from it.
  if (vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.fsPath.startsWith(root))) {
    const save = await vscode.window.showWarningMessage('Some files of the study have unsaved changes. Save them first?', 'Save All', 'Export Saved Versions');
    if (!save) return;
    if (save === 'Save All') await vscode.workspace.saveAll(false);
  }
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(path.join(root, `${path.basename(root)}-${choice.format}.${choice.ext}`)),
    filters: { [choice.filter]: [choice.ext] },
    title: `Export ${choice.label}`,
  });
  if (!target) return;
  try {
    const study = loadStudy(root);
    let bytes: Uint8Array;
    if (choice.format === 'docx') bytes = await resultsDocx({ index: study.index, relPath: study.relPath });
    else {
      const out = exportStudy(study, choice.format, { bom: choice.format === 'csv' });
      bytes = out.kind === 'text' ? Buffer.from(out.text, 'utf8') : out.bytes;
    }
    // On disk, all at once (a temporary file renamed over the target); elsewhere through VS Code.
    if (target.scheme === 'file') writeFileAtomic(target.fsPath, bytes);
    else await vscode.workspace.fs.writeFile(target, bytes);
  } catch (e) {
    void vscode.window.showErrorMessage(`Export failed: ${(e as Error).message}`);
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
export async function importCommand(output: vscode.OutputChannel): Promise<void> {
  const files = await vscode.window.showOpenDialog({ title: 'Import a REFI-QDA project', filters: { 'REFI-QDA project': ['qdpx'] }, canSelectMany: false });
  if (!files?.[0]) return;
  const parents = await vscode.window.showOpenDialog({
    title: 'Create the new study in which folder?',
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Create Study Here',
  });
  if (!parents?.[0]) return;
  const base = path.basename(files[0].fsPath).replace(/\.qdpx$/i, '') || 'imported-study';
  let outDir = path.join(parents[0].fsPath, base);
  for (let k = 2; fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0; k++) outDir = path.join(parents[0].fsPath, `${base}-${k}`);
  try {
    const result = importIntoFolder(files[0].fsPath, outDir);
    output.appendLine(
      `Imported ${files[0].fsPath} into ${outDir}: ${result.counts.codes} codes, ${result.counts.transcripts} transcripts, ${result.counts.units} units.`,
    );
    for (const m of result.messages) output.appendLine(`  ${m}`);
    const note = result.messages.length ? ` ${result.messages.length} notes (splits, skipped sources) are in the Condense output.` : '';
    const open = await vscode.window.showInformationMessage(
      `Imported ${result.counts.units} units in ${result.counts.transcripts} transcripts with ${result.counts.codes} codes into ${outDir}.${note}`,
      'Open Study',
      'Show Notes',
    );
    if (open === 'Show Notes') output.show(true);
    if (open === 'Open Study') await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(outDir), { forceNewWindow: true });
  } catch (e) {
    void vscode.window.showErrorMessage(`Import failed: ${(e as Error).message}`);
  }
}
