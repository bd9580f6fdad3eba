/**
 * Picks a version of the study to compare with: a branch, tag or recent commit (from the
 * server, which asks git), or a folder. Also serves any version's files as read-only
 * documents (scheme `condense-version`) for the diff editor.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RevisionsRequest, VersionTextRequest } from '../../common/protocol';

/** The URI scheme of a file as it is in another version. */
export const VERSION_SCHEME = 'condense-version';

/** The label the server gives the working state. */
export const WORKING = 'working tree';

/** A document of the study the command applies to: the active editor's file, else the first workspace folder. */
export function studyUri(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document.uri;
  // Not a version document (or another virtual one): those belong to no study on disk.
  if (doc?.scheme === 'file') return doc.toString();
  return vscode.workspace.workspaceFolders?.[0]?.uri.toString();
}

/**
 * Asks for a version; `extra` items (such as the working tree) come first. Typing a name
 * that is not listed (a commit hash, a folder path) and pressing Enter takes it as it is.
 */
export async function pickVersion(
  client: LanguageClient,
  uri: string,
  title: string,
  extra: string[] = [],
): Promise<string | undefined> {
  const revisions = await client.sendRequest(RevisionsRequest, { uri }).catch(() => []);
  type Item = vscode.QuickPickItem & { value?: string; folder?: boolean };
  const items: Item[] = [
    ...extra.map((e): Item => ({ label: e, value: e })),
    ...revisions.map((r): Item => ({ label: r.name, description: r.kind, detail: r.description, value: r.name })),
    { label: '$(folder) Folder...', description: 'another copy of the study', folder: true, alwaysShow: true },
  ];
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = title;
  qp.items = items;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.placeholder = 'a branch, a commit or a folder (or type one)';
  const picked = await new Promise<Item | string | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const active = qp.activeItems[0];
      resolve(active && !(active.folder && qp.value.trim()) ? active : qp.value.trim() || undefined);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (picked === undefined || typeof picked === 'string') return picked;
  if (!picked.folder) return picked.value;
  const folder = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    title,
  });
  return folder?.[0]?.fsPath;
}

/** The URI of `file` (relative to the study root) as it is in `version`. */
export function versionUri(root: string, version: string, file: string): vscode.Uri {
  const query = JSON.stringify({ root, version, file });
  return vscode.Uri.from({ scheme: VERSION_SCHEME, path: `/${file}`, query });
}

/** Serves `condense-version:` documents from the language server. */
export class VersionContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: LanguageClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = JSON.parse(uri.query) as { root: string; version: string; file: string };
    const r = await this.client.sendRequest(VersionTextRequest, { uri: q.root, version: q.version, file: q.file });
    return r?.text ?? '';
  }
}

/** The document for `file` in `version`: the workspace file for the working tree, else a version document. */
export function documentUri(root: string, version: string, file: string, workspaceUri: string): vscode.Uri {
  return version === WORKING ? vscode.Uri.parse(workspaceUri) : versionUri(root, version, file);
}
