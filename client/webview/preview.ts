/**
 * Script of the condensate preview webview (runs in the browser sandbox). It renders the
 * view the extension sends (previewHtml.ts escapes every piece of study text; Markdown
 * sections go through markdown-it without raw HTML) and reports clicks on units and
 * quotes so the extension can reveal them.
 */
import MarkdownIt from 'markdown-it';
import type { CondensateView } from '../../common/protocol';
import { escapeHtml, renderCondensate } from '../src/previewHtml';

/** Raw HTML is never passed through; links are validated by markdown-it. */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

window.addEventListener('message', (event: MessageEvent<{ type: string; view: CondensateView | null }>) => {
  if (event.data?.type !== 'view') return;
  const view = event.data.view;
  const y = window.scrollY;
  root.innerHTML = view
    ? renderCondensate(view, (text) => md.render(text))
    : `<p class="muted">${escapeHtml('Put the cursor in a code of the codebook, or pick a code in the Themes view.')}</p>`;
  window.scrollTo(0, y);
});

function reveal(target: EventTarget | null): void {
  const el = (target as HTMLElement | null)?.closest<HTMLElement>('[data-uri]');
  if (!el) return;
  vscode.postMessage({
    type: 'reveal',
    uri: el.dataset.uri,
    line: Number(el.dataset.line),
    character: Number(el.dataset.character),
  });
}

// Listening now: ask for the current content (an update posted before this point is lost).
vscode.postMessage({ type: 'ready' });

root.addEventListener('click', (e) => reveal(e.target));
root.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') reveal(e.target);
});
