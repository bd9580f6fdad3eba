/**
 * Keystroke latency on hostile inputs: every pattern of complexity.ts at 500 KB is opened
 * in the real language server, run in this process over a pair of crossed streams (what
 * an editor sees, without a process), and typed into. Each one-character edit is timed
 * twice:
 * - answer: wall time from sending didChange to the answers of the semantic-tokens delta
 *   and document-symbols requests that an editor sends after an edit (the server handles
 *   the change first);
 * - total: CPU time of the main thread (the one that answers) for the whole keystroke,
 *   until the debounced diagnostics of the edited file and the codebook are published (or
 *   400 ms pass with nothing new to publish). It counts the server's re-index, tokens,
 *   diagnostics and publishing, and the decoding of the messages on the client side, which
 *   runs in this process too. V8's background threads are not counted: their optimizing
 *   compiler works through a new pattern's code during its first edits, which added 30 to
 *   110 ms of CPU to some edits that the server's own thread never waited for.
 * The target of issue 9 is under 100 ms for every pattern (the median of its edits).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { MemoryFileSystem } from '../../server/src/core/memoryFileSystem';
import { startServer } from '../../server/src/lsp/server';
import { pathToUri } from '../../server/src/node/loadStudy';
import { PATTERNS, readsCodebook, type Pattern } from './complexity';
import { percentile, row } from './report';

const SIZE = 500 * 1024;
const TARGET_MS = 100;
/** Where edits go, as fractions of the text; each is an insertion, then its deletion. */
const AT = [0.25, 0.5, 0.75];
/** How long a keystroke may take to publish before the bench stops waiting (nothing changed). */
const QUIET_MS = 400;

/** Where Linux counts the main thread's CPU time (its thread id is the process id), in nanoseconds. */
const MAIN_THREAD_STAT = `/proc/self/task/${process.pid}/schedstat`;
const HAS_THREAD_STAT = fs.existsSync(MAIN_THREAD_STAT);

/** CPU time of this process's main thread in ms; the whole process's where the system does not say. */
function mainThreadCpu(): number {
  if (HAS_THREAD_STAT) return Number(fs.readFileSync(MAIN_THREAD_STAT, 'utf8').split(' ')[0]) / 1e6;
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

const CODEBOOK = '# X {#x}\n\nA code the patterns use.\n\n# C {#c}\n\nAnother.\n';

/** The timings of one pattern's edits (ms). */
export interface KeystrokeTimes {
  name: string;
  answer: number[];
  total: number[];
}

interface Position {
  line: number;
  character: number;
}

/** The LSP position (UTF-16) of a UTF-16 offset; line ends are CRLF, LF and lone CR, as in LSP. */
function positionAt(text: string, offset: number): Position {
  let line = 0;
  let start = 0;
  for (let k = 0; k < offset; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) {
      line++;
      start = k + 1;
    }
  }
  return { line, character: offset - start };
}

/** An offset near `fraction` of the text that does not split a CRLF or a surrogate pair. */
function editOffset(text: string, fraction: number): number {
  let at = Math.floor(text.length * fraction);
  while (at < text.length && (text[at - 1] === '\r' || (text.charCodeAt(at) & 0xfc00) === 0xdc00)) at++;
  return at;
}

/** Opens `pattern`'s text in a fresh in-process server and times one-character edits. */
export async function timeKeystrokes(pattern: Pattern, size = SIZE): Promise<KeystrokeTimes> {
  const root = '/keystroke-study';
  const text = pattern.make(size);
  const isCodebook = readsCodebook(pattern);
  const files = new MemoryFileSystem({
    [`${root}/condense.json`]: '{"codebook": "codebook.md", "transcripts": ["transcripts/**/*.md"]}\n',
    [`${root}/codebook.md`]: isCodebook ? text : CODEBOOK,
    [`${root}/transcripts/t.md`]: isCodebook ? '**P1:** [a]{.x} b\n' : text,
  });
  const up = new PassThrough();
  const down = new PassThrough();
  startServer(createConnection(new StreamMessageReader(up), new StreamMessageWriter(down)), files);
  const client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  let published = 0;
  let indexed = false;
  client.onNotification('textDocument/publishDiagnostics', () => published++);
  client.onNotification('window/logMessage', (p: { message: string }) => {
    if (p.message.startsWith('Indexed ')) indexed = true;
  });
  client.onRequest('window/workDoneProgress/create', () => null);
  client.onRequest('client/registerCapability', () => null);
  client.onNotification('$/progress', () => undefined);
  client.onNotification('condense/studyChanged', () => undefined);
  client.listen();
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  const until = async (done: () => boolean, ms: number): Promise<void> => {
    const start = performance.now();
    while (!done() && performance.now() - start < ms) await sleep(2);
  };
  try {
    // processId null: a number would start the server's parent-process watchdog timer.
    await client.sendRequest('initialize', {
      processId: null,
      rootUri: pathToUri(root),
      workspaceFolders: [{ uri: pathToUri(root), name: 'keystroke' }],
      capabilities: {},
    });
    await client.sendNotification('initialized', {});
    await until(() => indexed, 60000);
    const uri = pathToUri(path.posix.join(root, isCodebook ? 'codebook.md' : 'transcripts/t.md'));
    await client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version: 1, text },
    });
    let tokens = (await client.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as {
      resultId?: string;
    };
    await until(() => published > 0, QUIET_MS);
    const times: KeystrokeTimes = { name: pattern.name, answer: [], total: [] };
    let version = 1;
    const edit = async (range: { start: Position; end: Position }, insert: string): Promise<void> => {
      const before = published;
      const c0 = mainThreadCpu();
      const t0 = performance.now();
      await client.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range, text: insert }],
      });
      // What VS Code asks after an edit: the tokens' delta and the outline (document symbols).
      const [delta] = (await Promise.all([
        client.sendRequest('textDocument/semanticTokens/full/delta', {
          textDocument: { uri },
          previousResultId: tokens.resultId,
        }),
        client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
      ])) as [{ resultId?: string }, unknown];
      tokens = delta.resultId ? delta : tokens;
      times.answer.push(performance.now() - t0);
      await until(() => published > before, QUIET_MS - (performance.now() - t0));
      times.total.push(mainThreadCpu() - c0);
    };
    for (const f of AT) {
      const at = positionAt(text, editOffset(text, f));
      await edit({ start: at, end: at }, 'a');
      await edit({ start: at, end: { line: at.line, character: at.character + 1 } }, '');
    }
    return times;
  } finally {
    // Never end the streams or send `exit`: both would call process.exit in the server.
    client.dispose();
  }
}

/** Prints one row per pattern (median answer and total, ms) and the worst; returns false when a pattern misses the target. */
export async function benchKeystroke(): Promise<boolean> {
  console.log(
    `Keystroke latency at ${SIZE / 1024} KB, in-process server (median of ${2 * AT.length} edits: answer / total, main thread CPU):`,
  );
  // Warm up the JIT on a small text first, so the first pattern is not charged for it.
  await timeKeystrokes(PATTERNS[0], 16 * 1024);
  let allOk = true;
  const medians: number[] = [];
  const maxima: number[] = [];
  let worst = { name: '', ms: 0 };
  for (const p of PATTERNS) {
    const t = await timeKeystrokes(p);
    const answer = percentile(t.answer, 50);
    const total = percentile(t.total, 50);
    const ms = Math.max(answer, total);
    medians.push(ms);
    maxima.push(Math.max(...t.answer, ...t.total));
    if (ms > worst.ms) worst = { name: p.name, ms };
    allOk &&= ms < TARGET_MS;
    row(p.name.slice(0, 46), `${answer.toFixed(0)} / ${total.toFixed(0)} ms`, `< ${TARGET_MS} ms`, ms < TARGET_MS);
  }
  row('keystroke, median over patterns', `${percentile(medians, 50).toFixed(0)} ms`, '', null);
  row('keystroke, max over patterns and edits', `${Math.max(...maxima).toFixed(0)} ms`, '', null);
  row(`worst: ${worst.name}`.slice(0, 46), `${worst.ms.toFixed(0)} ms`, `< ${TARGET_MS} ms`, worst.ms < TARGET_MS);
  return allOk;
}
