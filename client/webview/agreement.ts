/**
 * Script of the agreement webview (runs in the browser sandbox): swaps in the HTML the
 * extension sends and reports clicks on codes, disagreements and the keep buttons.
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const main = document.getElementById('root') as HTMLElement;

window.addEventListener('message', (event: MessageEvent<{ type: string; html: string }>) => {
  if (event.data?.type !== 'update' || !event.data.html) return;
  main.innerHTML = event.data.html;
});

function act(target: EventTarget | null): void {
  const el = target as HTMLElement | null;
  const keep = el?.closest<HTMLElement>('button.keep');
  if (keep) {
    api.postMessage({ type: 'keep', index: Number(keep.dataset.index), side: keep.dataset.side });
    return;
  }
  const show = el?.closest<HTMLElement>('.show');
  if (show) {
    api.postMessage({ type: 'show', index: Number(show.dataset.index) });
    return;
  }
  const row = el?.closest<HTMLElement>('tr.code');
  if (row) api.postMessage({ type: 'code', id: row.dataset.code });
}

api.postMessage({ type: 'ready' });
main.addEventListener('click', (e) => act(e.target));
main.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') act(e.target);
});
