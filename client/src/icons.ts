/**
 * Coloured dots for tree items: one small SVG per colour, written once to the
 * extension's storage (tree views take icon files, not colours).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';

const cache = new Map<string, vscode.Uri>();

/** The icon of a colour, e.g. '#4e79a7'. */
export function colorIcon(storage: vscode.Uri, color: string): vscode.Uri {
  const hex = color.replace('#', '').toLowerCase();
  let uri = cache.get(hex);
  if (uri) return uri;
  uri = vscode.Uri.joinPath(storage, 'icons', `${hex}.svg`);
  try {
    fs.mkdirSync(vscode.Uri.joinPath(storage, 'icons').fsPath, { recursive: true });
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="5" fill="#${hex}"/></svg>`;
    fs.writeFileSync(uri.fsPath, svg);
  } catch {
    // Without a writable storage folder the tree simply shows no dot.
  }
  cache.set(hex, uri);
  return uri;
}
