/**
 * Language-server benchmark, through the real stdio transport: index time on initialize
 * over the synthetic 5-million-word study, then completion, hover and full semantic
 * tokens on a 20,000-word transcript (p50 and p95), and references and rename of a code
 * with about 5,000 units.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToUri } from '../../server/src/node/loadStudy';
import { spawnStdioServer } from '../unit/support/stdioServer';
import { percentile, row } from './report';
import { syntheticTranscript, writeSyntheticStudy } from './synthetic';

const TRANSCRIPTS = Number(process.env.BENCH_TRANSCRIPTS ?? 1000);
const WORDS = Number(process.env.BENCH_WORDS ?? 5000);

/** Runs the server benchmark; `serverJs` is the built server bundle. */
export async function benchServer(serverJs: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-bench-'));
  try {
    writeSyntheticStudy(dir, TRANSCRIPTS, WORDS);
    const bigPath = path.join(dir, 'transcripts', 'big.md');
    const big = syntheticTranscript(777, 20000);
    fs.writeFileSync(bigPath, big);
    let indexed: (() => void) | null = null;
    const indexedP = new Promise<void>((r) => (indexed = r));
    const { conn, stop } = spawnStdioServer(serverJs, {
      stderr: 'inherit',
      onLog: (message) => {
        if (message.startsWith('Indexed ')) indexed?.();
      },
    });
    const t0 = performance.now();
    await conn.sendRequest('initialize', {
      processId: null,
      rootUri: pathToUri(dir),
      workspaceFolders: [{ uri: pathToUri(dir), name: 'bench' }],
      capabilities: { window: { workDoneProgress: true }, workspace: { workspaceEdit: { documentChanges: true } } },
    });
    await conn.sendNotification('initialized', {});
    // An editor asks at once: hover, completion, references and rename sent right after
    // `initialized` wait for the scan and must then be the whole study's answers.
    const uri = pathToUri(bigPath);
    const codebookUri = pathToUri(path.join(dir, 'codebook.md'));
    const cb = fs.readFileSync(path.join(dir, 'codebook.md'), 'utf8').split('\n');
    const hl = cb.findIndex((l) => l.includes('{#t1s1}'));
    const pos = { line: hl, character: cb[hl].indexOf('#t1s1') + 2 };
    const title = /^#+\s+(.*?)\s*\{/.exec(cb[hl])?.[1] ?? '';
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version: 1, text: big },
    });
    const lines = big.split('\n');
    const firstClass = lines.findIndex((l) => /\]\{\.t\d+s\d+/.test(l));
    const onCode = { textDocument: { uri: codebookUri }, position: pos };
    type Edit = { documentChanges: { edits: unknown[] }[] };
    const [firstHover, firstCompletion, firstRefs, firstRename] = (await Promise.all([
      conn.sendRequest('textDocument/hover', onCode),
      conn.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: { line: firstClass, character: lines[firstClass].indexOf(']{.') + 3 },
      }),
      conn.sendRequest('textDocument/references', { ...onCode, context: { includeDeclaration: true } }),
      conn.sendRequest('textDocument/rename', { ...onCode, newName: 'renamed' }),
    ])) as [{ contents: unknown } | null, unknown[] | { items: unknown[] } | null, unknown[] | null, Edit | null];
    const firstMs = performance.now() - t0;
    await indexedP;
    const indexMs = performance.now() - t0;
    row('server: index on initialize (stdio)', `${(indexMs / 1000).toFixed(2)} s`, '', null);
    const classLines = lines.map((l, k) => [l, k] as const).filter(([l]) => /\]\{\.t\d+s\d+/.test(l));
    const time = async (n: number, f: (k: number) => Promise<unknown>): Promise<number[]> => {
      const ts: number[] = [];
      for (let k = 0; k < n; k++) {
        const s = performance.now();
        await f(k);
        ts.push(performance.now() - s);
      }
      return ts;
    };
    const at = (k: number): { line: number; character: number } => {
      const [l, line] = classLines[(k * 37) % classLines.length];
      return { line, character: l.indexOf(']{.') + 4 };
    };
    const completion = await time(100, (k) =>
      conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: at(k) }),
    );
    const hover = await time(100, (k) =>
      conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: at(k) }),
    );
    const tokens = await time(30, () =>
      conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } }),
    );
    const report = (name: string, xs: number[], target: number): void => {
      row(`${name}, p50`, `${percentile(xs, 50).toFixed(2)} ms`, '', null);
      row(`${name}, p95`, `${percentile(xs, 95).toFixed(2)} ms`, `<= ${target} ms`, percentile(xs, 95) <= target);
    };
    report('completion on a 20k-word transcript', completion, 10);
    report('hover', hover, 10);
    report('semantic tokens (full)', tokens, 50);

    // References and rename of the frequent code, from its codebook heading.
    let refs: unknown[] = [];
    const refTimes = await time(5, async () => {
      refs = (await conn.sendRequest('textDocument/references', {
        textDocument: { uri: codebookUri },
        position: pos,
        context: { includeDeclaration: true },
      })) as unknown[];
    });
    let edits = 0;
    const renameTimes = await time(5, async () => {
      const e = (await conn.sendRequest('textDocument/rename', {
        textDocument: { uri: codebookUri },
        position: pos,
        newName: 'renamed',
      })) as {
        documentChanges: { edits: unknown[] }[];
      };
      edits = e.documentChanges.reduce((n, d) => n + d.edits.length, 0);
    });
    row(
      `references of a code with ${refs.length - 1} units, p50`,
      `${percentile(refTimes, 50).toFixed(0)} ms`,
      '',
      null,
    );
    row(
      `rename edits (${edits} edits), p50`,
      `${percentile(renameTimes, 50).toFixed(0)} ms`,
      '<= 500 ms',
      percentile(renameTimes, 50) <= 500,
    );
    // The answers asked at once must equal the ones asked after the scan.
    const items = Array.isArray(firstCompletion) ? firstCompletion : (firstCompletion?.items ?? []);
    const complete =
      JSON.stringify(firstHover?.contents ?? '')
        .replace(/\\\\/g, '')
        .includes(title) &&
      items.length >= 60 &&
      firstRefs?.length === refs.length &&
      firstRename?.documentChanges.reduce((n, d) => n + d.edits.length, 0) === edits;
    if (!complete)
      console.log(
        JSON.stringify({
          hover: firstHover?.contents,
          title,
          items: items.length,
          refs: [firstRefs?.length, refs.length],
          edits: [firstRename?.documentChanges.reduce((n, d) => n + d.edits.length, 0), edits],
        }).slice(0, 800),
      );
    row(
      'server: hover, completion, references, rename sent right after initialized',
      `${(firstMs / 1000).toFixed(2)} s, ${complete ? 'whole study' : 'PARTIAL'}`,
      'whole study',
      complete,
    );
    stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
