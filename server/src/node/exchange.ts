/**
 * Exports and imports on disk, for the CLI and the VS Code commands: the pure exports
 * of core/export applied to a loaded study, and an imported study written into a new
 * folder all at once (nothing is written when the import fails, and a failed write
 * leaves no partial study).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderUnitsCsv } from '../core/export/csv';
import { packQdpx } from '../core/export/qdpxArchive';
import { buildRefiCodebook, buildRefiProject, type RefiOptions } from '../core/export/refiQda';
import { renderResults } from '../core/export/results';
import { importRefiQda, type ImportResult } from '../core/import/importProject';
import { writeFolderAtomic } from '../../../common/atomicWrite';
import type { LoadedStudy } from './loadStudy';

/** The export formats. */
export type ExportFormat = 'results' | 'csv' | 'qdpx' | 'qdc';

/** All export formats, for usage messages. */
export const EXPORT_FORMATS: ExportFormat[] = ['results', 'csv', 'qdpx', 'qdc'];

/** Options of {@link exportStudy}. */
export interface ExportOptions extends RefiOptions {
  /** CSV only: start with a UTF-8 byte order mark. */
  bom?: boolean;
  /** CSV only: cells as they are, without the formula guard (see core/export/csv.ts). */
  raw?: boolean;
}

/** An export: text (Markdown, CSV, XML) or bytes (the .qdpx zip). */
export type ExportOutput = { kind: 'text'; text: string } | { kind: 'binary'; bytes: Uint8Array };

/** Exports a loaded study in one of the formats. Throws Error with a one-line message when it cannot. */
export function exportStudy(study: LoadedStudy, format: ExportFormat, options: ExportOptions = {}): ExportOutput {
  const input = { index: study.index, relPath: study.relPath };
  const refi: RefiOptions = {
    name: options.name ?? path.basename(study.root),
    origin: options.origin,
    user: options.user,
  };
  switch (format) {
    case 'results':
      return { kind: 'text', text: renderResults(input) };
    case 'csv':
      return { kind: 'text', text: renderUnitsCsv(input, { bom: options.bom, raw: options.raw }) };
    case 'qdc':
      return { kind: 'text', text: buildRefiCodebook(input, refi) };
    case 'qdpx':
      return { kind: 'binary', bytes: packQdpx(buildRefiProject(input, refi)) };
  }
}

/** Raised when the output folder cannot be used. */
export class OutputError extends Error {}

/**
 * Imports a REFI-QDA file into a new study folder `outDir`, which must not exist or be
 * empty. Throws ImportError/ArchiveError (bad input, nothing written) or OutputError.
 */
export function importIntoFolder(file: string, outDir: string): ImportResult {
  let bytes: Uint8Array;
  try {
    // stat first: a FIFO or a device would block the read, or never end it.
    const st = fs.statSync(file);
    if (!st.isFile()) throw new OutputError(`${file}: not a regular file`);
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof OutputError) throw e;
    throw new OutputError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const result = importRefiQda(bytes, { fileName: path.basename(file) });
  writeStudyFiles(outDir, result.files);
  return result;
}

/**
 * Writes files (relative paths with `/`) as a new folder, or into an empty one, all at
 * once: they are written beside it first, then the folder is renamed into place, so a
 * failure leaves nothing (or the empty folder), never a half-written study.
 */
export function writeStudyFiles(outDir: string, files: Map<string, string>): void {
  const root = path.resolve(outDir);
  if (fs.existsSync(root)) {
    if (!fs.statSync(root).isDirectory()) throw new OutputError(`${outDir}: exists and is not a folder`);
    if (fs.readdirSync(root).length)
      throw new OutputError(`${outDir}: the folder is not empty; import into a new folder`);
  }
  for (const rel of files.keys()) {
    const target = path.resolve(root, rel);
    if (!target.startsWith(root + path.sep)) throw new OutputError(`refusing to write ${rel} outside ${outDir}`);
  }
  try {
    fs.mkdirSync(path.dirname(root), { recursive: true });
    writeFolderAtomic(root, files);
  } catch (e) {
    throw new OutputError(
      `${outDir}: cannot write the study (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
}
