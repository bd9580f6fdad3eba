/**
 * The `condense` command line as functions of their arguments (main.ts runs them on the
 * process's): check, index, report on, export and import a study, in a
 * terminal, a pre-commit hook or CI. Exit codes: 0 fine, 1 the study has errors (check)
 * or an export refused while identifying text remains,
 * 2 the command could not run (bad arguments, no such directory, unreadable config,
 * a damaged file to import).
 */
import { ArchiveError } from '../core/export/qdpxArchive';
import { ImportError } from '../core/import/importError';
import { buildReport, renderReportMarkdown } from '../core/report';
import { studyDiagnosticsJson, studyModel, unitCount } from '../core/studyModel';
import { EXPORT_FORMATS, exportStudy, importIntoFolder, OutputError, type ExportFormat } from '../node/exchange';
import { writeFileAtomic } from '../../../common/atomicWrite';
import { checkExportTarget } from '../node/exportTarget';
import { loadStudy, StudyError } from '../node/loadStudy';
import { exportRefusal, isUnreadableIdentifiers } from '../node/exportGate';
import { runPseudonymize } from './privacy';
import { resultsDocx } from '../node/docxResults';
import { ANALYSIS_COMMANDS, analysisUsageError, runAnalysis } from './analysisCommands';

/** Every export format: the synchronous ones of exchange.ts, and docx (written asynchronously). */
const FORMATS: string[] = [...EXPORT_FORMATS, 'docx'];
import { runTeam, TEAM_COMMANDS, TEAM_USAGE } from './team';

const USAGE = `Usage: condense <command> [dir] [options]

Commands:
  check [dir]          list problems as file:line:col: severity code: message
                       (exit 1 when there is an error)
  index [dir] --json   print the whole model: codes, units, diagnostics
  report [dir]         print the table of themes and subthemes with counts
  export --format F [--out file] [--force] [--bom] [--raw] [dir]
                       export the study: F is results (Markdown of a paper's
                       Results section), csv (one row per unit and code), qdpx
                       (REFI-QDA project, needs --out), qdc (REFI-QDA codebook)
                       or docx (the Results section as Word, needs --out)
  import file.qdpx --out dir
                       make a new study in dir from a REFI-QDA project
  pseudonymize [dir] [--dry-run]
                       replace every name of the identifiers file with its
                       pseudonym in transcripts and codebook (all files or none);
                       --dry-run prints a unified diff and writes nothing
  matrix [dir] --cols codes|transcript|speaker|<attribute> [--rows codes|themes]
         [--theme ID] [--json [--units] | --csv]
                       units per code and column: co-occurrence (--cols codes),
                       per transcript, per speaker or per participant attribute
  saturation [dir] [--rows codes|themes] [--json [--units]]
                       new codes per transcript, in order of front matter date
  memos [dir] [--json] every unit's note= memo, grouped by code
${TEAM_USAGE}

Options:
  --json               machine-readable output
  --format F           export format: results, csv, qdpx, qdc or docx
  --out path           file to export to, or folder to import into
  --bom                csv: start with a UTF-8 byte order mark (for Excel)
  --raw                csv: keep cells that start with = + - @ as they are
                       (by default they get a leading ' against formula injection)
  --force              export: overwrite an existing --out file (never a file
                       of the study)
  --allow-identifying-text
                       export even while names of the identifiers file remain
  --dry-run            pseudonymize: show the changes, write nothing
  --cols, --rows, --theme, --csv, --units
                       matrix and saturation (see docs/analysis.md)
  -h, --help           show this help
  -v, --version        show the version

dir defaults to the current directory.`;

/** Thrown for bad usage: printed as one line, exit 2. */
class UsageError extends Error {}

interface Args {
  command: string;
  dir: string;
  json: boolean;
  format?: string;
  out?: string;
  bom: boolean;
  raw: boolean;
  force: boolean;
  allowIdentifying: boolean;
  dryRun: boolean;
  /** matrix and saturation: see analysisCommands.ts. */
  cols?: string;
  rows?: string;
  theme?: string;
  csv: boolean;
  units: boolean;
}

function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const positional: string[] = [];
  let json = false;
  let bom = false;
  let raw = false;
  let force = false;
  let allowIdentifying = false;
  let dryRun = false;
  const flags = { csv: false, units: false };
  const values: Record<string, string> = {};
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const valued = /^--(format|out|cols|rows|theme)(?:=(.*))?$/.exec(a);
    if (valued) {
      const v = valued[2] ?? argv[++k];
      if (v === undefined || v === '') throw new UsageError(`--${valued[1]} needs a value (see condense --help)`);
      values[valued[1]] = v;
    } else if (a === '--bom') bom = true;
    else if (a === '--raw') raw = true;
    else if (a === '--force') force = true;
    else if (a === '--allow-identifying-text') allowIdentifying = true;
    else if (a === '--dry-run') dryRun = true;
    else if (a === '--json') json = true;
    else if (a === '--csv' || a === '--units') flags[a === '--csv' ? 'csv' : 'units'] = true;
    else if (a === '-h' || a === '--help') return 'help';
    else if (a === '-v' || a === '--version') return 'version';
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a} (see condense --help)`);
    else positional.push(a);
  }
  if (positional.length === 0) return 'help';
  if (positional.length > 2) throw new UsageError(`too many arguments: ${positional.slice(2).join(' ')}`);
  const args: Args = {
    command: positional[0],
    dir: positional[1] ?? '.',
    json,
    bom,
    raw,
    force,
    allowIdentifying,
    dryRun,
    ...flags,
  };
  if (values.format !== undefined) args.format = values.format;
  if (values.out !== undefined) args.out = values.out;
  for (const k of ['cols', 'rows', 'theme'] as const) if (values[k] !== undefined) args[k] = values[k];
  return args;
}

/**
 * Runs the CLI; returns the exit code. Lines go through `out` and `err`; an export to
 * standard output goes through `raw` as it is (default: `out` without its last line break).
 */
export function run(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  raw?: (s: string) => void,
  pending?: (work: Promise<number>) => void,
): number {
  // The team commands take two versions and more positional arguments: they parse their own.
  if (TEAM_COMMANDS.includes(argv[0]) && !argv.slice(1).some((a) => a === '-h' || a === '--help'))
    return runTeam(argv[0], argv.slice(1), out, err, pending);
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`condense: ${(e as Error).message}`);
    return 2;
  }
  if (args === 'help') {
    out(USAGE);
    return 0;
  }
  if (args === 'version') {
    out(VERSION);
    return 0;
  }
  if (!['check', 'index', 'report', 'export', 'import', 'pseudonymize', ...ANALYSIS_COMMANDS].includes(args.command)) {
    err(
      `condense: unknown command "${args.command}" (commands: check, index, report, export, import, pseudonymize, ${ANALYSIS_COMMANDS.join(', ')}, ${TEAM_COMMANDS.join(', ')})`,
    );
    return 2;
  }
  const analysis = ANALYSIS_COMMANDS.includes(args.command);
  if (
    !analysis &&
    (args.cols !== undefined || args.rows !== undefined || args.theme !== undefined || args.csv || args.units)
  ) {
    err(`condense: --cols, --rows, --theme, --csv and --units go with ${ANALYSIS_COMMANDS.join(', ')} only`);
    return 2;
  }
  const usage = analysis ? analysisUsageError(args) : undefined;
  if (usage) {
    err(`condense: ${usage}`);
    return 2;
  }
  if (args.command === 'import') return runImport(args, out, err);
  if (
    args.command !== 'export' &&
    (args.format !== undefined || args.out !== undefined || args.bom || args.raw || args.force)
  ) {
    err(`condense: --format, --out, --force, --bom and --raw go with export and import only`);
    return 2;
  }
  if (args.allowIdentifying && args.command !== 'export') {
    err('condense: --allow-identifying-text goes with export only');
    return 2;
  }
  if (args.dryRun && args.command !== 'pseudonymize') {
    err('condense: --dry-run goes with pseudonymize only');
    return 2;
  }
  if (args.command === 'export') {
    if (args.format === undefined || !FORMATS.includes(args.format)) {
      err(
        `condense: export needs --format ${FORMATS.join('|')}${args.format === undefined ? '' : ` (not "${args.format}")`}`,
      );
      return 2;
    }
    if (args.bom && args.format !== 'csv') {
      err('condense: --bom goes with --format csv only');
      return 2;
    }
    if (args.raw && args.format !== 'csv') {
      err('condense: --raw goes with --format csv only');
      return 2;
    }
    if (args.force && args.out === undefined) {
      err('condense: --force goes with --out');
      return 2;
    }
    if ((args.format === 'qdpx' || args.format === 'docx') && args.out === undefined) {
      err(
        `condense: --format ${args.format} writes a zip archive: give a file with --out (e.g. --out ${args.format === 'docx' ? 'results' : 'study'}.${args.format})`,
      );
      return 2;
    }
  }
  let study;
  try {
    study = loadStudy(args.dir);
  } catch (e) {
    if (e instanceof StudyError) {
      err(`condense: ${e.message}`);
      return 2;
    }
    throw e;
  }
  // An unreadable identifiers file stops exports (below), not the other commands.
  const configErrors = study.fileDiagnostics.filter(
    (d) => d.file === 'condense.json' && d.diagnostic.severity === 'error' && !isUnreadableIdentifiers(d.diagnostic),
  );
  if (configErrors.length && args.command !== 'check') {
    const d = configErrors[0].diagnostic;
    err(`condense: ${args.dir}/condense.json:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
    return 2;
  }
  const rawOut = raw ?? ((s: string) => out(s.replace(/\r?\n$/, '')));
  if (args.command === 'pseudonymize') return runPseudonymize(study, args.dryRun, out, err, rawOut);
  if (args.command === 'export') {
    const refusal = args.allowIdentifying ? null : exportRefusal(study);
    if (refusal) {
      err(`condense: ${refusal}`);
      return 1;
    }
    if (args.format === 'docx') {
      if (!pending) {
        err('condense: --format docx is written asynchronously: call runAsync');
        return 2;
      }
      pending(runDocx(args, study, err));
      return 0;
    }
    return runExport(args, study, err, rawOut);
  }
  if (analysis) return runAnalysis(args, study, out, err);
  switch (args.command) {
    case 'index':
      out(JSON.stringify(studyModel(study.index, study.relPath, study.fileDiagnostics), null, 2));
      return 0;
    case 'report': {
      const report = buildReport(study.index);
      out(args.json ? JSON.stringify(report, null, 2) : renderReportMarkdown(report).trimEnd());
      return 0;
    }
    default: {
      // check prints diagnostics and counts only: no unit is made for it.
      const ds = studyDiagnosticsJson(study.index, study.relPath, study.fileDiagnostics);
      if (args.json) out(JSON.stringify(ds, null, 2));
      else {
        for (const d of ds) {
          out(
            `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`,
          );
        }
        const errors = ds.filter((d) => d.severity === 'error').length;
        const warnings = ds.filter((d) => d.severity === 'warning').length;
        err(
          `${unitCount(study.index)} units in ${study.index.documents('transcript').length} transcripts, ${study.index.codes().length} codes: ${errors} errors, ${warnings} warnings.`,
        );
      }
      return ds.some((d) => d.severity === 'error') ? 1 : 0;
    }
  }
}

function runExport(
  args: Args,
  study: ReturnType<typeof loadStudy>,
  err: (s: string) => void,
  raw: (s: string) => void,
): number {
  let output;
  try {
    output = exportStudy(study, args.format as ExportFormat, {
      bom: args.bom,
      raw: args.raw,
      origin: `Condense ${VERSION}`,
    });
  } catch (e) {
    err(`condense: cannot export: ${(e as Error).message}`);
    return 2;
  }
  if (args.out === undefined) {
    if (output.kind === 'text') raw(output.text);
    return 0;
  }
  return writeExport(args.out, args.force, study, output.kind === 'text' ? output.text : output.bytes, err);
}

/** Checks the target (never a file of the study; another existing file only with --force) and writes atomically. */
function writeExport(
  file: string,
  force: boolean,
  study: ReturnType<typeof loadStudy>,
  data: string | Uint8Array,
  err: (s: string) => void,
): number {
  const target = checkExportTarget(study, file, force);
  if (target.refuse) {
    err(`condense: ${target.refuse}`);
    return 2;
  }
  if (target.warning) err(`condense: warning: ${target.warning}`);
  try {
    // Atomically: a failed write leaves the previous file as it was.
    writeFileAtomic(file, data);
  } catch (e) {
    err(`condense: ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    return 2;
  }
  return 0;
}

async function runDocx(args: Args, study: ReturnType<typeof loadStudy>, err: (s: string) => void): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await resultsDocx({ index: study.index, relPath: study.relPath }, { creator: `Condense ${VERSION}` });
  } catch (e) {
    err(`condense: cannot export: ${(e as Error).message}`);
    return 2;
  }
  return writeExport(args.out as string, args.force, study, bytes, err);
}

/** Like {@link run}, and waits for work that finishes later (the docx export); the command line's entry. */
export async function runAsync(
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  raw?: (s: string) => void,
): Promise<number> {
  let work: Promise<number> | undefined;
  const code = run(argv, out, err, raw, (w) => {
    work = w;
  });
  return work ? await work : code;
}

function runImport(args: Args, out: (s: string) => void, err: (s: string) => void): number {
  if (args.dir === '.' || args.out === undefined) {
    err('condense: usage: condense import project.qdpx --out new-study-folder');
    return 2;
  }
  if (args.format !== undefined || args.bom || args.raw || args.force) {
    err('condense: import takes no --format, --bom, --raw or --force');
    return 2;
  }
  let result;
  try {
    result = importIntoFolder(args.dir, args.out);
  } catch (e) {
    if (e instanceof ImportError || e instanceof ArchiveError || e instanceof OutputError) {
      err(`condense: ${e instanceof OutputError ? '' : `${args.dir}: `}${e.message}`);
      return 2;
    }
    throw e;
  }
  for (const m of result.messages) err(`condense: ${m}`);
  const c = result.counts;
  out(
    `Imported ${c.transcripts} transcripts, ${c.units} selections and ${c.codes} codes into ${args.out}${result.splits.length ? ` (${result.splits.length} selections split, listed above)` : ''}.`,
  );
  return 0;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
