/**
 * The `condense` command line: check, index and report on a study, in a terminal,
 * a pre-commit hook or CI. Exit codes: 0 fine, 1 the study has errors (check),
 * 2 the command could not run (bad arguments, no such directory, unreadable config).
 */
import { buildReport, renderReportMarkdown } from '../core/report';
import { studyModel } from '../core/studyModel';
import { loadStudy, StudyError } from '../node/loadStudy';

const USAGE = `Usage: condense <command> [dir] [options]

Commands:
  check [dir]          list problems as file:line:col: severity code: message
                       (exit 1 when there is an error)
  index [dir] --json   print the whole model: codes, units, diagnostics
  report [dir]         print the table of themes and subthemes with counts

Options:
  --json               machine-readable output
  -h, --help           show this help
  -v, --version        show the version

dir defaults to the current directory.`;

/** Thrown for bad usage: printed as one line, exit 2. */
class UsageError extends Error {}

interface Args {
  command: string;
  dir: string;
  json: boolean;
}

function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const positional: string[] = [];
  let json = false;
  for (const a of argv) {
    if (a === '--json') json = true;
    else if (a === '-h' || a === '--help') return 'help';
    else if (a === '-v' || a === '--version') return 'version';
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a} (see condense --help)`);
    else positional.push(a);
  }
  if (positional.length === 0) return 'help';
  if (positional.length > 2) throw new UsageError(`too many arguments: ${positional.slice(2).join(' ')}`);
  return { command: positional[0], dir: positional[1] ?? '.', json };
}

/** Runs the CLI; returns the exit code. Output goes through `out` and `err`. */
export function run(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
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
  if (!['check', 'index', 'report'].includes(args.command)) {
    err(`condense: unknown command "${args.command}" (commands: check, index, report)`);
    return 2;
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
  const configErrors = study.fileDiagnostics.filter((d) => d.file === 'condense.json' && d.diagnostic.severity === 'error');
  if (configErrors.length && args.command !== 'check') {
    const d = configErrors[0].diagnostic;
    err(`condense: ${args.dir}/condense.json:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
    return 2;
  }
  const model = studyModel(study.index, study.relPath, study.fileDiagnostics);
  switch (args.command) {
    case 'index':
      out(JSON.stringify(model, null, 2));
      return 0;
    case 'report': {
      const report = buildReport(study.index);
      out(args.json ? JSON.stringify(report, null, 2) : renderReportMarkdown(report).trimEnd());
      return 0;
    }
    default: {
      const ds = model.diagnostics;
      if (args.json) out(JSON.stringify(ds, null, 2));
      else {
        for (const d of ds) {
          out(`${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
        }
        const errors = ds.filter((d) => d.severity === 'error').length;
        const warnings = ds.filter((d) => d.severity === 'warning').length;
        err(`${model.units.length} units in ${study.index.documents('transcript').length} transcripts, ${model.codes.length} codes: ${errors} errors, ${warnings} warnings.`);
      }
      return ds.some((d) => d.severity === 'error') ? 1 : 0;
    }
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** Runs the CLI on the process's arguments and sets its exit code. */
export function main(): void {
  let code: number;
  try {
    code = run(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`));
  } catch (e) {
    process.stderr.write(`condense: internal error: ${(e as Error).message}\n`);
    code = 2;
  }
  process.exitCode = code;
}

if (require.main === module) main();
