/**
 * Exports and imports served by the language server: the study is exported from the
 * live index, so the text of open editors (saved or not) is what the file holds, and
 * the file is written atomically by the same code as the CLI's (node/exchange.ts,
 * node/exportTarget.ts, node/atomicWrite.ts). The client only shows the dialogs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExportParams, ExportResult, ImportParams, ImportResult } from '../../../common/protocol';
import { exportRefusal } from '../node/exportGate';
import { writeFileAtomic } from '../../../common/atomicWrite';
import { EXPORT_FORMATS, exportStudy, importIntoFolder, type ExportFormat } from '../node/exchange';
import { resultsDocx } from '../node/docxResults';
import { checkExportTarget, defaultExportPath } from '../node/exportTarget';
import { pathToUri, type LoadedStudy } from '../node/loadStudy';
import { uriToPath, type Study } from '../node/study';

/** The server's study in the shape the node-side exports read. */
function asLoaded(study: Study): LoadedStudy {
  const realPaths = new Set<string>();
  for (const uri of [...study.index.documents().map((d) => d.uri), ...study.skipped.keys()]) {
    const p = uriToPath(uri);
    if (!p) continue;
    try {
      realPaths.add(fs.realpathSync(p));
    } catch {
      realPaths.add(path.resolve(p));
    }
  }
  return {
    root: study.root,
    config: study.config,
    index: study.index,
    fileDiagnostics: study.configDiagnostics.map((diagnostic) => ({ file: 'condense.json', diagnostic })),
    relPath: (uri) => study.relPath(uri) ?? uri,
    uriOf: (rel) => pathToUri(path.join(study.root, rel)),
    kindOf: (rel) => study.kindOf(pathToUri(path.join(study.root, rel))),
    realPaths,
  };
}

/** The file URI the save dialog proposes for an export named `fileName`. */
export function exportTarget(study: Study, fileName: string): string {
  return pathToUri(defaultExportPath(asLoaded(study), path.basename(fileName)));
}

/** Exports `study` as asked; every failure is a one-line `error`, nothing half written. */
export async function exportFromServer(study: Study, params: ExportParams, version: string): Promise<ExportResult> {
  const format = params.format as ExportFormat | 'docx';
  if (format !== 'docx' && !EXPORT_FORMATS.includes(format)) {
    return { error: `unknown export format "${params.format}" (one of ${[...EXPORT_FORMATS, 'docx'].join(', ')})` };
  }
  const target = typeof params.target === 'string' ? uriToPath(params.target) : null;
  if (!target) return { error: 'exports are written to a file on disk' };
  const loaded = asLoaded(study);
  const refusal = exportRefusal(loaded);
  if (refusal) return { error: refusal.replace(/, or pass --allow-identifying-text$/, '') };
  const check = checkExportTarget(loaded, target, params.overwrite === true, path.basename(target));
  if (check.refuse) return { error: check.refuse.replace('; add --force to overwrite it', '') };
  if (check.warning && params.insideStudy !== true) return { confirm: check.warning };
  let bytes: Uint8Array | string;
  try {
    if (format === 'docx')
      bytes = await resultsDocx({ index: loaded.index, relPath: loaded.relPath }, { creator: `Condense ${version}` });
    else {
      const out = exportStudy(loaded, format, { bom: params.bom === true, origin: `Condense ${version}` });
      bytes = out.kind === 'text' ? out.text : out.bytes;
    }
  } catch (e) {
    return { error: `cannot export: ${(e as Error).message}` };
  }
  try {
    writeFileAtomic(target, bytes);
  } catch (e) {
    return { error: `${path.basename(target)}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return { written: pathToUri(target), bytes: typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength };
}

/** Imports a REFI-QDA project into a new folder under `parent`, named after the project. */
export function importFromServer(params: ImportParams): ImportResult {
  const source = typeof params.source === 'string' ? uriToPath(params.source) : null;
  const parent = typeof params.parent === 'string' ? uriToPath(params.parent) : null;
  if (!source || !parent) return { error: 'import reads a file on disk into a folder on disk' };
  const base = path.basename(source).replace(/\.qdpx$/i, '') || 'imported-study';
  let folder = path.join(parent, base);
  for (let k = 2; fs.existsSync(folder) && fs.readdirSync(folder).length > 0; k++)
    folder = path.join(parent, `${base}-${k}`);
  try {
    const result = importIntoFolder(source, folder);
    return { folder: pathToUri(folder), counts: result.counts, messages: result.messages };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
