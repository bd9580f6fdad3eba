/**
 * Starts the Condense language server (dist/server.js) over node-ipc and keeps it
 * running: vscode-languageclient restarts it after a crash, and the output channel
 * "Condense" shows its log.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/** Creates (but does not start) the client for the extension at `context`. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    outputChannel: output,
    // Registered by the server itself (dynamic registration), for .md files and condense.json.
    synchronize: {},
  };
  return new LanguageClient('condense', 'Condense', serverOptions, clientOptions);
}
