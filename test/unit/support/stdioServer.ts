/**
 * A built language server (dist/server.js or a packaged copy) started as a child process
 * over stdio, as an editor starts it: the connection answers the server's own requests
 * (progress, registrations) and takes its notifications, so that a test or a benchmark
 * only sends what it measures. `onLog` hears `window/logMessage` (the scan's end is
 * logged as "Indexed ...").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

/** A running server: its connection (listening) and its process. */
export interface StdioServer {
  conn: MessageConnection;
  child: ChildProcess;
  /** Ends the connection and the process. */
  stop(): void;
}

/** Starts `serverJs --stdio`; its stderr goes to this process's (`inherit`) or nowhere. */
export function spawnStdioServer(
  serverJs: string,
  options: { stderr?: 'inherit' | 'ignore'; onLog?: (message: string) => void } = {},
): StdioServer {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', options.stderr ?? 'ignore'] });
  const conn = createMessageConnection(
    new StreamMessageReader(child.stdout as NodeJS.ReadableStream),
    new StreamMessageWriter(child.stdin as NodeJS.WritableStream),
  );
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('textDocument/publishDiagnostics', () => undefined);
  conn.onNotification('$/progress', () => undefined);
  conn.onNotification('condense/studyChanged', () => undefined);
  conn.onNotification('window/logMessage', (p: { message: string }) => options.onLog?.(p.message));
  conn.listen();
  return {
    conn,
    child,
    stop: () => {
      conn.dispose();
      child.kill();
    },
  };
}
