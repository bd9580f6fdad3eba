/**
 * The page around every Condense webview (the condensate preview, the Report view, the
 * agreement view): a strict Content Security Policy with one nonce, styles and one script
 * from media/ only, and a `#root` that the script fills. One place, so that no view can
 * loosen the policy by accident.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** What a view's page loads. */
export interface ShellOptions {
  title: string;
  /** Style sheets in media/, in order. */
  styles: string[];
  /** The script in media/ (built from client/webview/). */
  script: string;
  /** What `#root` shows until the script has drawn (plain text). */
  placeholder: string;
  /** Extra image sources beyond the webview's own (the Report view draws PNGs from `blob:`). */
  imgSrc?: string;
}

/** The HTML of a webview page with a strict CSP and a fresh nonce. */
export function webviewShell(webview: vscode.Webview, extensionUri: vscode.Uri, options: ShellOptions): string {
  const nonce = randomBytes(16).toString('base64');
  const media = (f: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', f)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}${options.imgSrc ? ` ${options.imgSrc}` : ''}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${options.styles.map((s) => `<link rel="stylesheet" href="${media(s)}">`).join('\n')}
<title>${escape(options.title)}</title>
</head>
<body>
<main id="root"><p class="muted">${escape(options.placeholder)}</p></main>
<script nonce="${nonce}" src="${media(options.script)}"></script>
</body>
</html>`;
}
