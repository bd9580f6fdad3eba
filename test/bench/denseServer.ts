/**
 * The language server on the dense study (dense.ts), through the real stdio transport: a
 * hover on a code's heading and a rename of that code sent right after `initialized`
 * (they wait for the scan), timed from `initialize` to both answers, against markdown-it's
 * parse of the same files in this process (best of 3). Then the server's resident memory
 * after indexing (VmRSS of the child, Linux), against the corpus size.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { pathToUri } from '../../server/src/node/loadStudy';
import { spawnStdioServer } from '../unit/support/stdioServer';
import { writeDenseStudy } from './dense';
import { row } from './report';

function markdownItMs(files: string[]): number {
  const md = new MarkdownIt();
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    for (const f of files) md.parse(fs.readFileSync(f, 'utf8'), {});
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Prints the rows; `serverJs` is the built server bundle. */
export async function benchDenseServer(serverJs: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-bench-dense-server-'));
  try {
    const files = writeDenseStudy(dir);
    const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    const mdMs = markdownItMs(files);
    const { conn, child, stop } = spawnStdioServer(serverJs, { stderr: 'inherit' });
    const codebook = path.join(dir, 'codebook.md');
    const lines = fs.readFileSync(codebook, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('{#t1s1}'));
    const title = /^#+\s+(.*?)\s*\{/.exec(lines[at])?.[1] ?? '';
    const onCode = {
      textDocument: { uri: pathToUri(codebook) },
      position: { line: at, character: lines[at].indexOf('#t1s1') + 2 },
    };
    // Every unit coded t1s1, counted in the files: the rename must cover them all.
    const expected = files.reduce((n, f) => n + (fs.readFileSync(f, 'utf8').match(/\.t1s1\b/g)?.length ?? 0), 0) + 1;
    const t0 = performance.now();
    await conn.sendRequest('initialize', {
      processId: null,
      rootUri: pathToUri(dir),
      workspaceFolders: [{ uri: pathToUri(dir), name: 'dense' }],
      capabilities: { window: { workDoneProgress: true }, workspace: { workspaceEdit: { documentChanges: true } } },
    });
    await conn.sendNotification('initialized', {});
    type Edit = { documentChanges: { edits: unknown[] }[] } | null;
    const [hover, rename] = (await Promise.all([
      conn.sendRequest('textDocument/hover', onCode),
      conn.sendRequest('textDocument/rename', { ...onCode, newName: 'renamed' }),
    ])) as [{ contents: unknown } | null, Edit];
    const firstMs = performance.now() - t0;
    const edits = rename?.documentChanges.reduce((n, d) => n + d.edits.length, 0) ?? 0;
    if (process.env.BENCH_DEBUG) console.log(expected, title, JSON.stringify(hover).slice(0, 300));
    const right =
      JSON.stringify(hover?.contents ?? '')
        .replace(/\\/g, '')
        .includes(title) && edits === expected;
    await new Promise((r) => setTimeout(r, 500));
    const rss = rssMb(child.pid);
    const ratio = firstMs / mdMs;
    row('dense server: markdown-it parse, same files', `${mdMs.toFixed(0)} ms`, '', null);
    row(
      'dense server: hover + rename after initialized',
      `${firstMs.toFixed(0)} ms${right ? '' : ' WRONG'}`,
      `${edits} edits`,
      right ? null : false,
    );
    row('dense server: first answer / markdown-it', `${ratio.toFixed(2)}x`, '<= 1.0x', right && ratio <= 1);
    row('dense server: RSS after indexing', `${rss.toFixed(0)} MB`, '', null);
    row(
      'dense server: RSS / corpus size',
      `${(rss / (bytes / 1048576)).toFixed(1)}x`,
      '<= 10x',
      rss <= 10 * (bytes / 1048576),
    );
    console.log('');
    stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
