/**
 * Entry point of the language server process: `condense-language-server --stdio`,
 * `node dist/server.js --stdio` or `--node-ipc` (as the VS Code client starts it).
 * The only place that creates a connection.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';
import { diskFileSystem } from './node/diskFileSystem';

/** Starts the server on the transport named by the command line. */
export function main(): void {
  if (
    !process.argv.some(
      (a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'),
    )
  ) {
    process.argv.push('--stdio');
  }
  const connection = createConnection(ProposedFeatures.all);
  // Never let a stray exception end the process: log it and keep serving.
  process.on('uncaughtException', (e) => connection.console.error(`Unexpected error: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => connection.console.error(`Unexpected rejection: ${String(e)}`));
  startServer(connection, diskFileSystem);
}

if (require.main === module) main();
