/**
 * LSP level, property based: random edit sequences (brackets, attribute blocks, fences,
 * line breaks, emoji…) sent as incremental didChange notifications to an open
 * transcript. Afterwards the server's documentUnits, hovers, semantic tokens and pushed
 * diagnostics must equal those of a fresh StudyIndex fed the same final texts.
 *
 * Positions are computed as a real client does, with vscode-languageserver-textdocument
 * (which never puts a position inside a CR LF pair or a surrogate pair).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { parseConfig } from '../../../server/src/core/config';
import { StudyIndex } from '../../../server/src/core/studyIndex';
import { provideDocumentUnits } from '../../../server/src/features/documentUnits';
import { provideHover } from '../../../server/src/features/hover';
import { provideSemanticTokens } from '../../../server/src/features/semanticTokens';
import { toLspDiagnostic } from '../../../server/src/lsp/diagnosticsPublisher';
import { startSession, type TestSession } from './harness';
import { CODEBOOK, CONFIG, makeStudy, T1, T2, type TempStudy } from './fixture';

/** What gets inserted: Condense's syntax in pieces, line breaks, emoji, and random text. */
const piece = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '[',
      ']',
      '{.shift}',
      ']{.benefits .valued}',
      '{.nope}',
      '{}',
      '{#id-1}',
      ']{.facilitate}',
      '{',
      '}',
      '.',
      ' .',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(':::', '::: {.valued}\n', '\n:::\n', '::: shift\n', '\n', '\n\n', '\r\n', '\r\n\r\n'),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '😀',
      'é',
      '**P1:** ',
      'P2: ',
      '\\[',
      '`',
      '`[a]{.x}`',
      '<!-- ',
      ' -->',
      '---\n',
      '> ',
      '[^1]',
      '](x)',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.stringOf(fc.constantFrom('[', ']', '{', '}', '.', ':', 'a', 'b', ' ', '\n', '#', '"', '='), {
      maxLength: 10,
    }),
  },
  { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 4 }) },
);

/** One edit: where (any natural number, folded into the text), how much to delete, what to insert, and whether to send now. */
const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), insert: piece, send: fc.boolean() });

/** Moves an offset off the middle of a CR LF or of a surrogate pair, as editors do. */
function settle(text: string, offset: number): number {
  if (offset <= 0 || offset >= text.length) return offset;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  if (before === 13 && after === 10) return offset - 1;
  if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) return offset - 1;
  return offset;
}

describe('LSP: fuzzing incremental edits', function () {
  this.timeout(60000);
  let study: TempStudy;
  let session: TestSession;
  const options = (() => {
    const { config } = parseConfig(CONFIG);
    return { speakerPattern: config.speakerPattern, sections: config.sections };
  })();
  before(async () => {
    study = makeStudy();
    session = await startSession(study);
  });
  after(() => {
    session.dispose();
    study.cleanup();
  });

  it('ends where a fresh index of the final text is (units, hovers, tokens, diagnostics)', async () => {
    const numRuns = Number(process.env.FUZZ_RUNS ?? 30);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('t1', 't2'),
        fc.array(edit, { maxLength: 30 }),
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        async (name, edits, probes) => {
          run++;
          const uri = study.uri(`transcripts/${name}.md`);
          const other = study.uri(`transcripts/${name === 't1' ? 't2' : 't1'}.md`);
          const start = name === 't1' ? T1 : T2;
          let model = TextDocument.create(uri, 'markdown', 1, start);
          await session.client.sendNotification('textDocument/didOpen', {
            textDocument: { uri, languageId: 'markdown', version: 1, text: start },
          });
          let batch: TextDocumentContentChangeEvent[] = [];
          const flush = async (): Promise<void> => {
            if (batch.length === 0) return;
            await session.client.sendNotification('textDocument/didChange', {
              textDocument: { uri, version: model.version },
              contentChanges: batch,
            });
            batch = [];
          };
          for (const e of edits) {
            const text = model.getText();
            const s = settle(text, e.at % (text.length + 1));
            const end = settle(text, Math.min(text.length, s + e.del));
            // Never a lone CR: LSP and the core's line index would count lines differently (see the report).
            const insert = e.insert.replace(/\r(?!\n)/g, '');
            const change = { range: { start: model.positionAt(s), end: model.positionAt(end) }, text: insert };
            model = TextDocument.update(model, [change], model.version + 1);
            assert.equal(model.getText(), text.slice(0, s) + insert + text.slice(end));
            batch.push(change);
            if (e.send) await flush();
          }
          await flush();
          const final = model.getText();

          const index = new StudyIndex(options);
          index.setDocument(study.uri('codebook.md'), CODEBOOK, 'codebook');
          index.setDocument(other, name === 't1' ? T2 : T1, 'transcript');
          index.setDocument(uri, final, 'transcript');

          const units = await session.client.sendRequest('condense/documentUnits', { uri });
          const expected = provideDocumentUnits(index, uri);
          assert.deepEqual(units, { ...expected, version: model.version }, `documentUnits of ${JSON.stringify(final)}`);

          const positions: Position[] = probes.map((p) => model.positionAt(p % (final.length + 1)));
          for (const u of expected?.units ?? [])
            positions.push(u.contentRange.start, u.attrRange.start, {
              line: u.attrRange.start.line,
              character: u.attrRange.start.character + 2,
            });
          for (const position of positions) {
            const hover = await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position });
            assert.deepEqual(
              hover,
              provideHover(index, uri, position),
              `hover at ${JSON.stringify(position)} of ${JSON.stringify(final)}`,
            );
          }
          const tokens: { data: number[] } = await session.client.sendRequest('textDocument/semanticTokens/full', {
            textDocument: { uri },
          });
          assert.deepEqual(tokens.data, provideSemanticTokens(index, uri).data, `tokens of ${JSON.stringify(final)}`);

          // The pushed diagnostics settle on the index's (an empty list is published as such).
          const want = JSON.stringify(index.diagnostics(uri).map(toLspDiagnostic));
          const got = (): string => JSON.stringify(session.diagnostics.get(uri) ?? []);
          try {
            await session.until(() => got() === want, 3000);
          } catch {
            assert.equal(got(), want, `diagnostics of ${JSON.stringify(final)}`);
          }
          await session.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
        },
      ),
      { numRuns, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    assert.ok(run >= numRuns);
  });
});
