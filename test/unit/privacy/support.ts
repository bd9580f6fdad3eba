/** The CLI run in-process, for the privacy tests (the one runner of test/unit/support/cli.ts). */
export { runCli as cli, type CliRun as Result } from '../support/cli';
