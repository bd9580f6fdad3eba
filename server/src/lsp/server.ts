/**
 * The language server: wires an LSP connection to the workspace and the feature
 * modules. Handlers only look up the study and delegate; every one is guarded so that
 * nothing a client sends can crash the server.
 */
import * as path from 'node:path';
import {
  CodeLensRefreshRequest,
  type CancellationToken,
  DidChangeWatchedFilesNotification,
  SemanticTokensRefreshRequest,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type SymbolInformation,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import * as fs from 'node:fs';
import type { TextEdit } from 'vscode-languageserver-types';
import { provideCodeActions } from '../features/codeActions';
import { provideCodeLenses } from '../features/codeLens';
import { COMPLETION_TRIGGERS, provideCompletion } from '../features/completion';
import { buildCondensateView, unitsOfCode, unitsOfCodeIn } from '../features/condensateView';
import { provideDocumentHighlights } from '../features/documentHighlight';
import { provideDocumentUnits } from '../features/documentUnits';
import { provideHover } from '../features/hover';
import {
  provideAddIdentifierActions,
  provideIdentifyingTextActions,
  type IdentifiersFileText,
} from '../features/identifyingText';
import { provideDefinition, provideReferences } from '../features/navigation';
import { prepareRename, rename } from '../features/rename';
import {
  tokenState,
  type TokenState,
  provideSemanticTokensDelta,
  tokensArray,
  provideSemanticTokensRange,
  SEMANTIC_TOKENS_LEGEND,
} from '../features/semanticTokens';
import { provideDocumentSymbols, provideWorkspaceSymbols } from '../features/symbols';
import { buildThemeTree, uncodedUnitCount, unknownCodes } from '../features/themeTree';
import {
  CodingEditRequest,
  CondensateViewRequest,
  DocumentUnitsRequest,
  ExportRequest,
  ExportTargetRequest,
  ImportRequest,
  ReportRequest,
  StudyChangedNotification,
  ThemeTreeRequest,
  UnitsOfCodeRequest,
  type CodingEditResult,
  type UnitInfo,
} from '../../../common/protocol';
import { codingEdit } from '../features/codingEdits';
import { exportFromServer, exportTarget, importFromServer } from './exchange';
import { registerAnalysisRequests } from './analysisRequests';
import { buildReport, renderReportMarkdown } from '../core/report';
import { pathToUri } from '../node/loadStudy';
import type { StudyFileSystem } from '../core/fileSystem';
import { cancellableWalk, cancelled, type RequestWalk } from './cancellation';
import { withBlame } from './blameHover';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { textDocuments } from './textDocument';
import { fileNamesCode } from '../node/codeInFile';
import { IdentifierWatch } from './identifierWatch';
import { registerTeamRequests } from './teamRequests';
import { normalizeUri, uriToPath } from '../node/study';
import { Studies, type Affected } from './studies';

/**
 * Starts the Condense language server on a connection (stdio, node-ipc, or a test's
 * streams), reading the studies from `files` (the disk; memory in tests).
 */
export function startServer(connection: Connection, files: StudyFileSystem): void {
  const log = (m: string): void => connection.console.log(m);
  // The editor's text of open documents has one owner, TextDocuments; the workspace asks it.
  const documents = new TextDocuments(textDocuments);
  const workspace = new Studies(files, log, (uri) => documents.get(uri));
  const tokenCache = new Map<string, { id: string; state: TokenState }>();
  let tokenSerial = 0;
  /** Requests being answered now: diagnostics publishing waits for them between files. */
  let answering = 0;
  let documentChangesSupported = false;
  let watchRegistration = false;
  let relativePatterns = false;
  let identifierWatch: IdentifierWatch | null = null;
  /** Watches the identifiers files anew and asks git whether they are tracked (after a scan or a config change). */
  const refreshIdentifiers = (): void => {
    identifierWatch?.update(workspace.identifiersFiles());
    workspace.recheckIdentifiersTracked().then(
      (uris) => uris.length && publisher.schedule(uris),
      (e: Error) => log(`Could not ask git about the identifiers file: ${e.message}`),
    );
  };

  const publisher = new DiagnosticsPublisher({
    uris: () => workspace.diagnosticUris(),
    ready: () => workspace.ready,
    busy: () => answering > 0,
    diagnostics: (uri, max) => workspace.diagnostics(uri, max),
    send: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
  });
  /**
   * Code lenses (a codebook's counts) and semantic tokens (the unknown codes of
   * transcripts) depend on other files than their own: after a change, ask a client that
   * supports it to request them again (debounced like the diagnostics). Without this,
   * VS Code kept a codebook's lens counts, and a transcript's "unknown code" colouring,
   * until that very document was edited.
   */
  const canRefresh = { codeLens: false, semanticTokens: false };
  const dueRefresh = { codeLens: false, semanticTokens: false };
  let refreshTimer: NodeJS.Timeout | null = null;
  const scheduleRefresh = (codeLens: boolean, semanticTokens: boolean): void => {
    dueRefresh.codeLens ||= codeLens && canRefresh.codeLens;
    dueRefresh.semanticTokens ||= semanticTokens && canRefresh.semanticTokens;
    if (refreshTimer || (!dueRefresh.codeLens && !dueRefresh.semanticTokens)) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      const failed = (e: Error): void => log(`Refresh request failed: ${e.message}`);
      if (dueRefresh.codeLens) connection.sendRequest(CodeLensRefreshRequest.type).catch(failed);
      if (dueRefresh.semanticTokens) connection.sendRequest(SemanticTokensRefreshRequest.type).catch(failed);
      dueRefresh.codeLens = false;
      dueRefresh.semanticTokens = false;
    }, 150);
  };
  let studyVersion = 0;
  /** Tells the client's views that a study changed, so that they refresh once, without polling. */
  const announce = (a: Affected): void => {
    void connection.sendNotification(StudyChangedNotification, {
      root: a.study.rootUri,
      version: ++studyVersion,
      uris: a.uris,
      all: a.all,
    });
  };
  const affected = (a: Affected | null): void => {
    if (!a) return;
    if (a.all && a.transcripts !== false) publisher.schedule('all');
    else publisher.schedule(a.uris);
    // Every change moves counts; only a codebook change decides which codes are unknown.
    scheduleRefresh(true, a.all);
    announce(a);
  };

  /**
   * Waits until every study is complete (scanned, no batch of file changes half applied):
   * an answer from a partial study is wrong, not just incomplete (a rename that leaves
   * files out, "unknown code" for a code whose heading is not read yet). The wait ends with
   * RequestCancelled when the client cancels the request.
   */
  function studyReady(token: CancellationToken | undefined): Promise<void> {
    if (workspace.ready) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const cancelled = token?.onCancellationRequested(() => {
        cancelled?.dispose();
        reject(
          new ResponseError(LSPErrorCodes.RequestCancelled, 'Cancelled while Condense was still reading the study.'),
        );
      });
      void workspace.whenReady().then(() => {
        cancelled?.dispose();
        resolve();
      });
    });
  }

  /**
   * Serves a request once the study is complete (see {@link studyReady}); any exception
   * is logged and answered with `fallback`, so that nothing a client sends can crash the
   * server. A ResponseError (a refusal, a cancellation) goes to the client as it is.
   */
  function guard<P, R>(
    name: string,
    fallback: R,
    fn: (p: P, walk: RequestWalk) => R | Promise<R>,
  ): (p: P, token?: CancellationToken) => Promise<R> {
    return async (p: P, token?: CancellationToken) => {
      await studyReady(token);
      if (token?.isCancellationRequested) throw cancelled();
      answering++;
      // Handlers that go through the study's files do it with this walk, which pauses
      // between files and stops when the client cancels.
      const walk = cancellableWalk(token, (visited) => log(`${name} cancelled after ${visited} files.`));
      try {
        return await fn(p, walk);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        log(`${name} failed: ${(e as Error).stack ?? String(e)}`);
        return fallback;
      } finally {
        answering--;
      }
    };
  }

  /** The index and the normalised URI of a request's document. */
  const lookup = (uri: unknown): { index: NonNullable<ReturnType<Studies['indexFor']>>; uri: string } | null => {
    if (typeof uri !== 'string') return null;
    const u = normalizeUri(uri);
    const index = workspace.indexFor(u);
    return index && index.getDocument(u) ? { index, uri: u } : null;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => p !== null);
    if (folders.length === 0) {
      const root = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? null);
      if (root) folders.push(root);
    }
    workspace.setFolders(folders);
    // Requests wait from now until the initial scan (started on `initialized`) is done.
    workspace.begin();
    documentChangesSupported = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    relativePatterns = params.capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
    canRefresh.codeLens = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    canRefresh.semanticTokens = params.capabilities.workspace?.semanticTokens?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentHighlightProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
        codeLensProvider: { resolveProvider: false },
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: false } },
      },
      serverInfo: {
        name: 'condense-language-server',
        version: typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev',
      },
    };
  });

  connection.onInitialized(() => {
    identifierWatch = new IdentifierWatch(
      connection,
      { dynamicRegistration: watchRegistration, relativePatterns },
      (uri) =>
        void workspace.didChangeFiles([{ uri, type: 'changed' }]).then(
          (as) => as.forEach(affected),
          (err: Error) => log(`File change failed: ${err.message}`),
        ),
      log,
    );
    if (watchRegistration) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/*.{md,markdown}' },
            { globPattern: '**/condense.json' },
            // Whether the identifiers file is git-ignored can change with any .gitignore.
            { globPattern: '**/.gitignore' },
            // A deleted folder comes as one event for the folder, none for its files (VS Code
            // folds them, by design): watch deletions of everything to hear of folders.
            { globPattern: '**/*', kind: WatchKind.Delete },
          ],
        })
        .catch((e: Error) => log(`Could not register file watchers: ${e.message}`));
    }
    void (async () => {
      const started = Date.now();
      // A client that refuses the progress token still gets its study indexed.
      const progress = await connection.window.createWorkDoneProgress().catch(() => null);
      progress?.begin('Condense: indexing the study', 0, 'reading transcripts', false);
      try {
        await workspace.scan({
          report: (done, total) =>
            progress?.report(total ? Math.round((100 * done) / total) : 100, `${done}/${total} files`),
        });
      } catch (e) {
        log(`Indexing failed: ${(e as Error).stack ?? String(e)}`);
      } finally {
        // Requests that waited are answered now, from the whole study.
        workspace.end();
      }
      progress?.done();
      const files = workspace.studies.reduce((n, s) => n + s.index.documents().length, 0);
      log(`Indexed ${files} files in ${Date.now() - started} ms.`);
      publisher.schedule('all');
      refreshIdentifiers();
      for (const study of workspace.studies) announce({ study, uris: [], all: true });
    })();
  });

  documents.onDidChangeContent((e) => {
    try {
      affected(workspace.didChangeOpen(e.document.uri, e.document.getText(), e.document.version));
    } catch (err) {
      log(`Update failed: ${(err as Error).stack ?? String(err)}`);
    }
  });
  documents.onDidClose((e) => {
    tokenCache.delete(normalizeUri(e.document.uri));
    try {
      affected(workspace.didClose(e.document.uri));
    } catch (err) {
      log(`Close failed: ${(err as Error).message}`);
    }
  });
  connection.onDidChangeWatchedFiles((params) => {
    const changes = (params.changes ?? []).map((c) => ({
      uri: c.uri,
      type:
        c.type === FileChangeType.Deleted
          ? ('deleted' as const)
          : c.type === FileChangeType.Created
            ? ('created' as const)
            : ('changed' as const),
    }));
    workspace.didChangeFiles(changes).then(
      (as) => {
        as.forEach(affected);
        if (
          changes.some(
            (c) =>
              /(?:^|\/)(?:condense\.json|\.gitignore)$/.test(c.uri) ||
              workspace.studies.some((s) => s.identifiersUri === normalizeUri(c.uri)),
          )
        )
          refreshIdentifiers();
      },
      (err: Error) => log(`File change failed: ${err.message}`),
    );
  });

  connection.onCompletion(
    guard('completion', [], (p) => {
      const l = lookup(p.textDocument?.uri);
      return l ? provideCompletion(l.index, l.uri, p.position) : [];
    }),
  );
  connection.onHover(
    guard('hover', null, (p) => {
      const l = lookup(p.textDocument?.uri);
      return l
        ? withBlame(provideHover(l.index, l.uri, p.position), l.index, l.uri, p.position, uriToPath(l.uri))
        : null;
    }),
  );
  connection.onDefinition(
    guard('definition', null, (p) => {
      const l = lookup(p.textDocument?.uri);
      return l ? provideDefinition(l.index, l.uri, p.position) : null;
    }),
  );
  connection.onReferences(
    guard('references', null, (p, walk) => {
      const l = lookup(p.textDocument?.uri);
      return l ? provideReferences(l.index, l.uri, p.position, p.context?.includeDeclaration === true, walk) : null;
    }),
  );
  connection.onPrepareRename(
    guard('prepareRename', null, (p) => {
      const l = lookup(p.textDocument?.uri);
      if (!l) return null;
      const r = prepareRename(l.index, l.uri, p.position);
      if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
      return r;
    }),
  );
  connection.onRenameRequest(
    guard('rename', null, async (p, walk): Promise<WorkspaceEdit | null> => {
      const l = lookup(p.textDocument?.uri);
      if (!l) return null;
      const at = prepareRename(l.index, l.uri, p.position);
      const study = workspace.studyFor(l.uri);
      if (!('error' in at) && study) {
        // A file the index skipped is not in the edit: renaming around it would split the code.
        for (const skipped of study.skipped.keys()) {
          walk.check();
          const file = uriToPath(skipped);
          if (file && (await fileNamesCode(files, file, at.placeholder))) {
            const why = study.skipped.get(skipped)?.code ?? 'skipped';
            throw new ResponseError(
              LSPErrorCodes.RequestFailed,
              `Cannot rename \`${at.placeholder}\` everywhere: it also occurs in ${study.relPath(skipped) ?? skipped}, which Condense skips (${why}). Fix or shrink that file first, or rename there by hand.`,
            );
          }
        }
      }
      const r = await rename(l.index, l.uri, p.position, String(p.newName ?? ''), walk);
      if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error as string);
      return toWorkspaceEdit(r);
    }),
  );
  connection.onDocumentSymbol(
    guard('documentSymbol', [], (p) => {
      const l = lookup(p.textDocument?.uri);
      return l ? provideDocumentSymbols(l.index, l.uri) : [];
    }),
  );
  connection.onWorkspaceSymbol(
    guard('workspaceSymbol', [], async (p, walk) => {
      const out: SymbolInformation[] = [];
      const query = typeof p.query === 'string' ? p.query : '';
      for (const s of workspace.studies) {
        const codes = s.index.codes();
        await walk(s.index.documents('codebook'), (doc) =>
          out.push(
            ...provideWorkspaceSymbols(
              s.index,
              query,
              codes.filter((c) => c.uri === doc.uri),
            ),
          ),
        );
      }
      return out;
    }),
  );
  connection.onDocumentHighlight(
    guard('documentHighlight', null, (p) => {
      const l = lookup(p.textDocument?.uri);
      return l ? provideDocumentHighlights(l.index, l.uri, p.position) : null;
    }),
  );
  connection.onCodeAction(
    guard('codeAction', null, (p) => {
      const l = lookup(p.textDocument?.uri);
      if (!l) return null;
      const codebook = l.index.documents('codebook')[0]?.uri;
      const diagnostics = p.context?.diagnostics ?? [];
      return [
        ...provideIdentifyingTextActions(l.index, l.uri, diagnostics, toWorkspaceEdit),
        ...provideAddIdentifierActions(
          diagnostics,
          () => identifiersText(workspace.studyFor(l.uri)?.identifiersFile ?? null),
          toWorkspaceEdit,
        ),
        ...provideCodeActions(l.index, l.uri, p.range, diagnostics, { codebookUri: codebook }),
      ];
    }),
  );
  connection.onCodeLens(
    guard('codeLens', [], async (p, walk) => {
      const l = lookup(p.textDocument?.uri);
      if (!l) return [];
      // The counts, file by file: after an edit only that file's share is counted again.
      await l.index.prepare(walk);
      return provideCodeLenses(l.index, l.uri);
    }),
  );

  connection.languages.semanticTokens.on(
    guard('semanticTokens', { data: [] }, (p) => {
      const l = lookup(p.textDocument?.uri);
      if (!l) return { data: [] };
      const state = tokenState(l.index, l.uri, tokenCache.get(l.uri)?.state);
      const resultId = String(++tokenSerial);
      tokenCache.set(l.uri, { id: resultId, state });
      return { resultId, data: tokensArray(state.encoded) };
    }),
  );
  connection.languages.semanticTokens.onDelta(
    guard('semanticTokensDelta', { data: [] }, (p) => {
      const l = lookup(p.textDocument?.uri);
      if (!l) return { data: [] };
      // Kept typed: only the edit becomes a JavaScript array (a dense file has a million numbers).
      // The tokens of the units an edit left alone are kept from the last answer.
      const prev = tokenCache.get(l.uri);
      const state = tokenState(l.index, l.uri, prev?.state);
      const resultId = String(++tokenSerial);
      tokenCache.set(l.uri, { id: resultId, state });
      if (prev && prev.id === p.previousResultId)
        return { resultId, edits: provideSemanticTokensDelta(prev.state.encoded, state.encoded) };
      return { resultId, data: tokensArray(state.encoded) };
    }),
  );
  connection.languages.semanticTokens.onRange(
    guard('semanticTokensRange', { data: [] }, (p) => {
      const l = lookup(p.textDocument?.uri);
      return l ? provideSemanticTokensRange(l.index, l.uri, p.range) : { data: [] };
    }),
  );

  connection.onRequest(
    ThemeTreeRequest,
    guard('themeTree', { studies: [] }, async (p, walk) => {
      const studies = p?.uri
        ? [workspace.studyFor(normalizeUri(p.uri))].filter((s) => s !== undefined)
        : workspace.studies;
      for (const s of studies) await s.index.prepare(walk);
      const transcript = p?.transcript ? normalizeUri(p.transcript) : undefined;
      return {
        studies: studies.map((s) => ({
          root: s.rootUri,
          themes: buildThemeTree(s.index, { transcript }),
          // Filtered by the transcript too, like the counts of the tree.
          unknownCodes: unknownCodes(s.index, transcript),
          uncodedUnits: uncodedUnitCount(s.index, transcript),
          ...(Array.isArray(p?.unitsOf) ? { units: unitsByCode(s.index, p.unitsOf, transcript) } : {}),
        })),
      };
    }),
  );
  connection.onRequest(
    UnitsOfCodeRequest,
    guard('unitsOfCode', [], async (p, walk) => {
      const index = p?.uri ? workspace.indexFor(normalizeUri(p.uri)) : undefined;
      if (!index || typeof p.code !== 'string') return [];
      const options = {
        descendants: p.descendants === true,
        transcript: p.transcript ? normalizeUri(p.transcript) : undefined,
      };
      const out: UnitInfo[] = [];
      await walk(index.documents('transcript'), (doc) => out.push(...unitsOfCodeIn(index, doc, p.code, options)));
      return out;
    }),
  );
  connection.onRequest(
    CondensateViewRequest,
    guard('condensateView', null, async (p, walk) => {
      const study = p?.uri ? workspace.studyFor(normalizeUri(p.uri)) : undefined;
      if (!study) return null;
      await study.index.prepare(walk);
      let code = p.code;
      if (!code && p.position) code = codeForPosition(study.index, normalizeUri(p.uri), p.position);
      if (!code) return null;
      return buildCondensateView(study.index, code, (u) => study.relPath(u) ?? u);
    }),
  );

  connection.onRequest(
    DocumentUnitsRequest,
    guard('documentUnits', null, (p) => {
      const l = lookup(p?.uri);
      return l ? provideDocumentUnits(l.index, l.uri) : null;
    }),
  );

  connection.onRequest(
    ReportRequest,
    guard('report', null, async (p, walk) => {
      const study = p?.uri ? workspace.studyFor(normalizeUri(p.uri)) : workspace.studies[0];
      if (!study) return null;
      await study.index.prepare(walk);
      return { markdown: renderReportMarkdown(buildReport(study.index)) };
    }),
  );

  connection.onRequest(
    CodingEditRequest,
    guard(
      'codingEdit',
      { units: 0, error: 'Condense could not compute this edit (see the Condense output).' },
      (p): CodingEditResult => {
        const anchor = p && 'uri' in p ? p.uri : p?.units?.[0]?.uri;
        const study = typeof anchor === 'string' ? workspace.studyFor(normalizeUri(anchor)) : undefined;
        if (!study) return { units: 0, error: 'No Condense study holds this file.' };
        const normalized =
          p.action === 'recode'
            ? { ...p, units: p.units.map((u) => ({ ...u, uri: normalizeUri(u.uri) })) }
            : { ...p, uri: normalizeUri(p.uri) };
        // A first codebook goes where condense.json says, when that is a plain path.
        const named = study.config.codebook.find((g) => !/[*?[\]{}!]/.test(g)) ?? 'codebook.md';
        const r = codingEdit(study.index, normalized, pathToUri(path.join(study.root, named)));
        if ('error' in r) return { units: 0, error: r.error };
        const edit = toWorkspaceEdit(r.edits);
        if (r.createFile) {
          // A first codebook: created in the same edit, so that one undo takes it back too.
          const create = { kind: 'create' as const, uri: r.createFile, options: { ignoreIfExists: true } };
          if (!edit.documentChanges)
            return { units: 0, error: 'The study has no codebook yet: create codebook.md first.' };
          edit.documentChanges = [
            create,
            ...edit.documentChanges.map((d) =>
              'textDocument' in d && d.textDocument.uri === r.createFile
                ? { ...d, textDocument: { uri: d.textDocument.uri, version: null } }
                : d,
            ),
          ];
        }
        return { edit, code: r.code, units: r.units };
      },
    ),
  );

  connection.onRequest(
    ExportTargetRequest,
    guard('exportTarget', null, (p) => {
      const study = typeof p?.uri === 'string' ? workspace.studyFor(normalizeUri(p.uri)) : undefined;
      return study && typeof p.fileName === 'string' ? { target: exportTarget(study, p.fileName) } : null;
    }),
  );
  connection.onRequest(
    ExportRequest,
    guard('export', { error: 'the export failed (see the Condense output)' }, (p) => {
      const study =
        typeof p?.uri === 'string'
          ? (workspace.studyFor(normalizeUri(p.uri)) ??
            workspace.studies.find((s) => s.rootUri === normalizeUri(p.uri)))
          : undefined;
      if (!study) return { error: 'no Condense study holds this file' };
      return exportFromServer(study, p, typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev');
    }),
  );
  connection.onRequest(
    ImportRequest,
    guard('import', { error: 'the import failed (see the Condense output)' }, (p) => importFromServer(p)),
  );
  registerAnalysisRequests(connection, workspace, guard);

  registerTeamRequests(connection, workspace, log);

  connection.onShutdown(() => {
    publisher.dispose();
    identifierWatch?.dispose();
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = null;
  });

  /** Turns edits by URI into a WorkspaceEdit, versioned for open documents when the client allows. */
  function toWorkspaceEdit(edits: Record<string, TextEdit[]>): WorkspaceEdit {
    if (!documentChangesSupported) return { changes: edits };
    return {
      documentChanges: Object.entries(edits).map(([uri, e]) => ({
        textDocument: { uri, version: workspace.openVersion(uri) },
        edits: e,
      })),
    };
  }

  documents.listen(connection);
  connection.listen();
}

/** The identifiers file's current text for the "Add to the identifiers file" fix (null when unreadable). */
function identifiersText(file: string | null): IdentifiersFileText | null {
  if (file === null) return null;
  try {
    return { uri: pathToUri(file), text: fs.readFileSync(file, 'utf8') };
  } catch {
    return null;
  }
}

/** The direct units of each of `codes` (`""`: not yet sorted) that the study uses or defines. */
function unitsByCode(
  index: NonNullable<ReturnType<Studies['indexFor']>>,
  codes: unknown[],
  transcript: string | undefined,
): Record<string, UnitInfo[]> {
  const out: Record<string, UnitInfo[]> = {};
  for (const code of codes) {
    if (typeof code !== 'string') continue;
    const units = unitsOfCode(index, code, { transcript });
    if (units.length || index.getCode(code)) out[code] = units;
  }
  return out;
}

/** The code the cursor is in, in a codebook: the heading above it that defines a code. */
function codeForPosition(
  index: NonNullable<ReturnType<Studies['indexFor']>>,
  uri: string,
  position: { line: number; character: number },
): string | undefined {
  const doc = index.getDocument(uri);
  if (doc?.codebook) {
    let found: string | undefined;
    for (const c of doc.codebook.codes) if (c.range.start.line <= position.line) found = c.id;
    // A code heading below a non-code heading that ends it still counts as "above"; good enough for a preview.
    return found;
  }
  return index.codeAt(uri, position)?.id ?? index.unitAt(uri, position)?.unit.codes[0];
}

declare const __VERSION__: string | undefined;
