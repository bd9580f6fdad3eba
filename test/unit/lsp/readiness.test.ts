/**
 * Readiness: an editor sends requests as soon as `initialized` is out, while the server
 * is still reading the study. Every answer must be the whole study's: hover names the
 * code's title, completion offers every code, references find every unit, and a rename
 * changes every file. The tests ask at once, without waiting for diagnostics or the
 * "Indexed" log line, on a study large enough that the scan is still running.
 */
import * as assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, Hover, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { startSession, type TestSession } from './harness';
import { editsByUri, makeStudy, OpenDocument, type TempStudy } from './fixture';

const CODES = ['bro', 'shift', 'valued', 'bridges', 'partners', 'challenges'];

function codebook(): string {
  return CODES.map((c, k) => `${k % 2 ? '##' : '#'} Title of ${c} {#${c}}\n\nWhat ${c} means.\n`).join('\n');
}

/** A transcript whose every paragraph holds units of every code. */
function transcript(n: number, paragraphs: number): string {
  const lines = [`---\ntitle: Interview ${n}\n---\n`];
  for (let p = 0; p < paragraphs; p++) {
    lines.push(
      `**P${(p % 3) + 1}:** ${CODES.map((c) => `[a statement ${n}.${p} about ${c}]{.${c}}`).join(' and ')} and words between.\n`,
    );
  }
  return lines.join('\n');
}

/** A study with `files` transcripts; the first is the one the editor opens. */
function study(files: number, paragraphs: number): { study: TempStudy; units: number } {
  const content: Record<string, string> = {
    'condense.json': '{"codebook": "codebook.md", "transcripts": ["transcripts/**/*.md"]}\n',
    'codebook.md': codebook(),
  };
  for (let k = 1; k <= files; k++) content[`transcripts/t${String(k).padStart(3, '0')}.md`] = transcript(k, paragraphs);
  return { study: makeStudy(content, 'condense-ready-'), units: files * paragraphs };
}

/** The position of the first `.code` in `text`, on its name. */
function codePosition(text: string, code: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(`{.${code}}`));
  return { line, character: lines[line].indexOf(`.${code}}`) + 2 };
}

async function askAtOnce(files: number, paragraphs: number): Promise<void> {
  const { study: s, units } = study(files, paragraphs);
  let session: TestSession | undefined;
  try {
    session = await startSession(s, {}, { waitForIndex: false });
    const uri = s.uri('transcripts/t001.md');
    const text = s.read('transcripts/t001.md');
    await new OpenDocument(session, uri, text).open();
    const line = text.split('\n').findIndex((l) => l.includes('{.bro}'));
    const character = text.split('\n')[line].indexOf('.bro}') + 2;
    const position = { line, character };
    const textDocument = { uri };
    const c = session.client;
    // All four at once, right after `initialized`, before any diagnostics.
    const [hover, completion, references, renamed] = await Promise.all([
      c.sendRequest('textDocument/hover', { textDocument, position }) as Promise<Hover | null>,
      c.sendRequest('textDocument/completion', {
        textDocument,
        position: { line, character: character - 1 },
      }) as Promise<CompletionItem[] | CompletionList | null>,
      c.sendRequest('textDocument/references', {
        textDocument,
        position,
        context: { includeDeclaration: false },
      }) as Promise<Location[] | null>,
      c.sendRequest('textDocument/rename', {
        textDocument,
        position,
        newName: 'brotherhood',
      }) as Promise<WorkspaceEdit | null>,
    ]);
    assert.equal(session.diagnostics.size, 0, 'the answers came before any diagnostics were published');
    const hoverText = JSON.stringify(hover?.contents ?? '');
    assert.ok(hoverText.includes('Title of bro'), `hover names the code's title: ${hoverText.slice(0, 200)}`);
    assert.ok(!/Unknown code/i.test(hoverText), 'hover does not call the code unknown');
    const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
    for (const code of CODES)
      assert.ok(
        items.some((i) => i.label === code || i.filterText === code || String(i.insertText ?? '').includes(code)),
        `completion offers ${code}`,
      );
    assert.equal(references?.length, units, 'references find every unit of the code');
    const edits = editsByUri(renamed ?? {}).edits;
    assert.equal(edits.size, files + 1, 'the rename changes every transcript and the codebook');
    const changed = [...edits.values()].reduce((n, e) => n + e.length, 0);
    assert.equal(changed, units + 1, 'one edit per unit and one for the heading');
  } finally {
    session?.dispose();
    s.cleanup();
  }
}

describe('LSP: answers right after initialized come from the whole study', function () {
  this.timeout(60_000);
  it('on a 7-transcript study', () => askAtOnce(7, 12));
  it('on a 400-transcript study, still being read when the requests arrive', () => askAtOnce(400, 12));
});

describe('LSP: waiting for the study', function () {
  this.timeout(60_000);

  it('publishes no study-wide diagnostic from a partial study', async () => {
    const { study: s } = study(400, 12);
    const published: { uri: string; codes: string[] }[] = [];
    const session = await startSession(s, {}, { waitForIndex: false });
    try {
      session.client.onNotification(
        'textDocument/publishDiagnostics',
        (p: { uri: string; diagnostics: { code?: string }[] }) =>
          published.push({ uri: p.uri, codes: p.diagnostics.map((d) => String(d.code)) }),
      );
      await new OpenDocument(session, s.uri('transcripts/t001.md'), s.read('transcripts/t001.md')).open();
      await session.until(() => session.logs.some((l) => l.startsWith('Indexed ')), 30_000);
      await new Promise((r) => setTimeout(r, 400));
      assert.deepEqual(
        published.filter((p) => p.codes.some((c) => c === 'unknown-code' || c === 'unused-code')),
        [],
      );
    } finally {
      session.dispose();
      s.cleanup();
    }
  });

  it('ends a request that waits for the study with RequestCancelled when the client cancels it', async () => {
    const { study: s } = study(400, 12);
    const session = await startSession(s, {}, { waitForIndex: false });
    try {
      const { CancellationTokenSource } = await import('vscode-jsonrpc');
      const uri = s.uri('transcripts/t001.md');
      const text = s.read('transcripts/t001.md');
      await new OpenDocument(session, uri, text).open();
      const position = codePosition(text, 'bro');
      const source = new CancellationTokenSource();
      const asked = session.client.sendRequest(
        'textDocument/references',
        { textDocument: { uri }, position, context: { includeDeclaration: false } },
        source.token,
      );
      source.cancel();
      await assert.rejects(asked, (e: { code?: number }) => e.code === -32800);
      // The next request is answered, from the whole study.
      const hover = (await session.client.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position,
      })) as Hover | null;
      assert.ok(JSON.stringify(hover?.contents ?? '').includes('Title of bro'));
    } finally {
      session.dispose();
      s.cleanup();
    }
  });

  it('refuses a rename when a skipped file (too large) names the code, and renames nothing', async () => {
    const content: Record<string, string> = {
      'condense.json': '{"codebook": "codebook.md", "transcripts": ["transcripts/**/*.md"], "maxFileSize": 2000}\n',
      'codebook.md': codebook(),
      'transcripts/a.md': transcript(1, 3),
      'transcripts/big.md': transcript(2, 40),
    };
    const s = makeStudy(content, 'condense-ready-');
    const session = await startSession(s);
    try {
      const uri = s.uri('transcripts/a.md');
      const text = s.read('transcripts/a.md');
      const line = text.split('\n').findIndex((l) => l.includes('{.bro}'));
      const position = { line, character: text.split('\n')[line].indexOf('.bro}') + 2 };
      await assert.rejects(
        session.client.sendRequest('textDocument/rename', { textDocument: { uri }, position, newName: 'brotherhood' }),
        (e: { message?: string }) =>
          /transcripts\/big\.md/.test(e.message ?? '') && /file-too-large/.test(e.message ?? ''),
      );
      // A code that the skipped file does not name renames as usual.
      const other = transcript(1, 3).replace(/\{\.bro\}/g, '{.solo}');
      s.write('codebook.md', `${codebook()}\n# Solo {#solo}\n`);
      s.write('transcripts/a.md', other);
      await session.client.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: s.uri('codebook.md'), type: 2 },
          { uri, type: 2 },
        ],
      });
      const l2 = other.split('\n').findIndex((l) => l.includes('{.solo}'));
      const edit = (await session.client.sendRequest('textDocument/rename', {
        textDocument: { uri },
        position: { line: l2, character: other.split('\n')[l2].indexOf('.solo}') + 2 },
        newName: 'single',
      })) as WorkspaceEdit;
      assert.equal(editsByUri(edit).edits.size, 2);
    } finally {
      session.dispose();
      s.cleanup();
    }
  });

  it('answers a request sent during a batch of file changes (a git checkout) from the whole new study', async () => {
    const { study: s, units } = study(150, 6);
    const session = await startSession(s);
    try {
      // The checkout recodes every unit of `bro` as `shift` in every transcript.
      const changes = [];
      for (let k = 1; k <= 150; k++) {
        const rel = `transcripts/t${String(k).padStart(3, '0')}.md`;
        s.write(rel, s.read(rel).replace(/\{\.bro\}/g, '{.shift}'));
        changes.push({ uri: s.uri(rel), type: 2 });
      }
      const uri = s.uri('codebook.md');
      const book = s.read('codebook.md');
      const line = book.split('\n').findIndex((l) => l.includes('{#shift}'));
      void session.client.sendNotification('workspace/didChangeWatchedFiles', { changes });
      const refs = (await session.client.sendRequest('textDocument/references', {
        textDocument: { uri },
        position: { line, character: book.split('\n')[line].indexOf('#shift') + 2 },
        context: { includeDeclaration: false },
      })) as Location[];
      assert.equal(refs.length, 2 * units, 'every unit of shift, the recoded ones included');
    } finally {
      session.dispose();
      s.cleanup();
    }
  });
});
