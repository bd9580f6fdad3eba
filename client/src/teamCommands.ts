/**
 * The team commands: Compare Coding with... (the Coding changes view) and Intercoder
 * Agreement with... (the agreement panel), and the document provider for other versions.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CodingChangeInfo } from '../../common/protocol';
import { AgreementPanel } from './agreementPanel';
import { CodingChangesProvider } from './codingChangesView';
import { pickVersion, studyUri, VERSION_SCHEME, VersionContentProvider, WORKING } from './versionPicker';

/** Registers the team commands and the Coding changes view. */
export function registerTeamCommands(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  register: (id: string, fn: (...args: never[]) => unknown) => void,
): void {
  const changes = new CodingChangesProvider(client);
  const view = vscode.window.createTreeView('condense.codingChanges', {
    treeDataProvider: changes,
    showCollapseAll: true,
  });
  context.subscriptions.push(
    view,
    vscode.workspace.registerTextDocumentContentProvider(VERSION_SCHEME, new VersionContentProvider(client)),
  );
  const fail = (e: unknown): void => {
    void vscode.window.showErrorMessage(`Condense: ${(e as Error).message}`);
  };

  register('condense.compareCoding', async (version?: string) => {
    const uri = studyUri();
    if (!uri) return;
    const v = typeof version === 'string' ? version : await pickVersion(client, uri, 'Compare the coding with...');
    if (!v) return;
    try {
      const r = await changes.compare(uri, v);
      view.description = `${r.a} → ${r.b}`;
      view.message = r.changes.length ? undefined : `No unit changed since ${r.a}.`;
      await vscode.commands.executeCommand('condense.codingChanges.focus');
    } catch (e) {
      fail(e);
    }
  });
  register('condense.openCodingChange', (c: CodingChangeInfo) => changes.open(c));
  register('condense.intercoderAgreement', async (a?: string, b?: string) => {
    const uri = studyUri();
    if (!uri) return;
    const first = typeof a === 'string' ? a : await pickVersion(client, uri, 'Agreement: coder A’s version');
    if (!first) return;
    const second =
      typeof b === 'string'
        ? b
        : await pickVersion(client, uri, `Agreement: coder B’s version (A is ${first})`, [WORKING]);
    if (!second) return;
    try {
      await AgreementPanel.show(context, client, uri, first, second);
    } catch (e) {
      fail(e);
    }
  });
}
