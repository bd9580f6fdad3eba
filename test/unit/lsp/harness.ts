/**
 * Runs the real language server in the test process over a pair of crossed streams,
 * with a JSON-RPC client on the other end: what an editor sees, without a process. The
 * server reads its study from the file system it is given: memory for most tests, the
 * disk for the tests of the disk layer.
 */
import { PassThrough } from 'node:stream';
import * as path from 'node:path';
import { createConnection } from 'vscode-languageserver/node';
import {
  CancellationTokenSource,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { StudyFileSystem } from '../../../server/src/core/fileSystem';
import { startServer } from '../../../server/src/lsp/server';
import { pathToUri } from '../../../server/src/node/loadStudy';

/** A started server and its client connection. */
export interface TestSession {
  client: MessageConnection;
  /** What the server answered to `initialize`. */
  initializeResult: InitializeResult;
  /** The capabilities the server registered dynamically (client/registerCapability). */
  registrations: unknown[];
  /** The last diagnostics published per URI. */
  diagnostics: Map<string, PublishDiagnosticsParams['diagnostics']>;
  /** Log lines the server sent (window/logMessage). */
  logs: string[];
  /** Resolves once the server published diagnostics after the initial scan. */
  uri(rel: string): string;
  /** Waits until `predicate` holds, polling; rejects after `ms`. */
  until(predicate: () => boolean, ms?: number): Promise<void>;
  dispose(): void;
}

/** Starts a server on `study.root` (a study folder in `study.files`) and initializes it. */
export async function startSession(
  study: { root: string; files: StudyFileSystem },
  capabilities: Record<string, unknown> = {},
  options: { waitForIndex?: boolean } = {},
): Promise<TestSession> {
  const { root } = study;
  const up = new PassThrough();
  const down = new PassThrough();
  const serverConnection = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startServer(serverConnection, study.files);
  const client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const diagnostics = new Map<string, PublishDiagnosticsParams['diagnostics']>();
  const logs: string[] = [];
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) =>
    diagnostics.set(p.uri, p.diagnostics),
  );
  client.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  client.onRequest('window/workDoneProgress/create', () => null);
  const registrations: unknown[] = [];
  client.onRequest('client/registerCapability', (p: { registrations: unknown[] }) => {
    registrations.push(...p.registrations);
    return null;
  });
  client.onNotification('$/progress', () => undefined);
  client.listen();
  const abs = path.resolve(root);
  // processId null: a number would start the server's parent-process watchdog timer.
  const initializeResult: InitializeResult = await client.sendRequest('initialize', {
    processId: null,
    rootUri: pathToUri(abs),
    workspaceFolders: [{ uri: pathToUri(abs), name: path.basename(abs) }],
    capabilities: {
      workspace: { workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
      window: { workDoneProgress: true },
      ...capabilities,
    },
  });
  await client.sendNotification('initialized', {});
  const until = async (predicate: () => boolean, ms = 5000): Promise<void> => {
    const start = Date.now();
    while (!predicate()) {
      if (Date.now() - start > ms) throw new Error('timed out waiting for the server');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  // Most tests start once the study is read; the readiness tests ask at once, as editors do.
  if (options.waitForIndex !== false) await until(() => logs.some((l) => l.startsWith('Indexed ')));
  return {
    client,
    initializeResult,
    registrations,
    diagnostics,
    logs,
    uri: (rel: string) => pathToUri(path.join(abs, rel)),
    until,
    // Never end the streams or send `exit`: both would call process.exit in the server.
    dispose: () => client.dispose(),
  };
}

/** Resolves after `n` turns of the event loop (each lets an in-process server run to its next pause). */
export async function turns(n: number): Promise<void> {
  for (let k = 0; k < n; k++) await new Promise((r) => setImmediate(r));
}

/** Sends `method`, cancels it after `after` turns, and returns the error code of the answer ('answered' when none). */
export async function cancelAfter(
  session: TestSession,
  method: string,
  params: unknown,
  after: number,
): Promise<{ code: unknown }> {
  const source = new CancellationTokenSource();
  const answer = session.client.sendRequest(method, params, source.token).then(
    (): { code: unknown } => ({ code: 'answered' }),
    (e: { code?: unknown }) => ({ code: e.code }),
  );
  await turns(after);
  source.cancel();
  return answer;
}

/** The number of files the server had visited when it stopped `name`, from its log. */
export function visitedWhenCancelled(session: TestSession, name: string): number[] {
  return session.logs.flatMap((l) => {
    const m = new RegExp(`^${name} cancelled after (\\d+) files\\.$`).exec(l);
    return m ? [Number(m[1])] : [];
  });
}
