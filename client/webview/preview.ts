/**
 * Script of the condensate preview webview (runs in the browser sandbox). It swaps in
 * the HTML the extension sends (already escaped there) and reports clicks on units and
 * quotes so the extension can reveal them.
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

window.addEventListener('message', (event: MessageEvent<{ type: string; html: string }>) => {
  if (event.data?.type !== 'update') return;
  const y = window.scrollY;
  root.innerHTML = event.data.html;
  window.scrollTo(0, y);
});

function reveal(target: EventTarget | null): void {
  const el = (target as HTMLElement | null)?.closest<HTMLElement>('[data-uri]');
  if (!el) return;
  vscode.postMessage({ type: 'reveal', uri: el.dataset.uri, line: Number(el.dataset.line), character: Number(el.dataset.character) });
}

// Listening now: ask for the current content (an update posted before this point is lost).
vscode.postMessage({ type: 'ready' });

root.addEventListener('click', (e) => reveal(e.target));
root.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') reveal(e.target);
});
