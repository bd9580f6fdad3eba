/**
 * Script of the Report webview (runs in the browser sandbox). It swaps in the HTML the
 * extension sends (already escaped there), keeps the scroll positions and the focused
 * filter across updates, and reports clicks: tabs, options, heat-map cells, Table 1 rows,
 * saturation points, units, and export buttons (charts are serialised here, with their
 * theme colours inlined, as SVG or drawn to PNG).
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

window.addEventListener('message', (event: MessageEvent<{ type: string; html?: string; id?: string }>) => {
  const m = event.data;
  if (m?.type === 'scrollTo' && m.id) document.getElementById(m.id)?.scrollIntoView({ block: 'start' });
  if (m?.type !== 'update' || typeof m.html !== 'string') return;
  const focused = document.activeElement as HTMLInputElement | null;
  const focusId = focused?.id;
  const caret = focused && 'selectionStart' in focused ? focused.selectionStart : null;
  const scrolls = Array.from(root.querySelectorAll<HTMLElement>('.scroll')).map(
    (e) => [e.id, e.scrollLeft, e.scrollTop] as const,
  );
  const y = window.scrollY;
  root.innerHTML = m.html;
  for (const [id, left, top] of scrolls) {
    const e = id ? document.getElementById(id) : null;
    if (e) {
      e.scrollLeft = left;
      e.scrollTop = top;
    }
  }
  window.scrollTo(0, y);
  if (focusId) {
    const e = document.getElementById(focusId) as HTMLInputElement | null;
    e?.focus();
    if (e && caret !== null) e.setSelectionRange(caret, caret);
  }
});

function activate(target: EventTarget | null): boolean {
  const el = target instanceof Element ? target : null;
  if (!el) return false;
  const tab = el.closest<HTMLElement>('[data-tab]');
  if (tab && tab.classList.contains('tab')) {
    vscode.postMessage({ type: 'tab', tab: tab.dataset.tab });
    return true;
  }
  const exp = el.closest<HTMLElement>('[data-export]');
  if (exp) {
    void exportChart(exp.dataset.export ?? '', exp.dataset.target ?? '');
    return true;
  }
  const cell = el.closest('[data-row][data-col]');
  if (cell) {
    vscode.postMessage({ type: 'cell', row: cell.getAttribute('data-row'), col: cell.getAttribute('data-col') });
    return true;
  }
  const point = el.closest('[data-point]');
  if (point) {
    vscode.postMessage({ type: 'point', uri: point.getAttribute('data-point') });
    return true;
  }
  const code = el.closest<HTMLElement>('[data-code]');
  if (code) {
    vscode.postMessage({ type: 'code', code: code.dataset.code });
    return true;
  }
  const unit = el.closest<HTMLElement>('[data-uri]');
  if (unit) {
    vscode.postMessage({
      type: 'reveal',
      uri: unit.dataset.uri,
      line: Number(unit.dataset.line),
      character: Number(unit.dataset.character),
    });
    return true;
  }
  return false;
}

root.addEventListener('click', (e) => {
  if (activate(e.target)) e.preventDefault();
});
root.addEventListener('keydown', (e) => {
  if (
    (e.key === 'Enter' || e.key === ' ') &&
    !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) &&
    activate(e.target)
  )
    e.preventDefault();
});
root.addEventListener('change', (e) => {
  const el = e.target as HTMLSelectElement;
  if (el instanceof HTMLSelectElement && el.dataset.option)
    vscode.postMessage({ type: 'option', name: el.dataset.option, value: el.value });
});
let typing: ReturnType<typeof setTimeout> | undefined;
root.addEventListener('input', (e) => {
  const el = e.target as HTMLInputElement;
  if (!(el instanceof HTMLInputElement) || !el.dataset.option) return;
  if (typing) clearTimeout(typing);
  typing = setTimeout(() => vscode.postMessage({ type: 'option', name: el.dataset.option, value: el.value }), 250);
});

const STYLE_PROPS = [
  'fill',
  'stroke',
  'stroke-width',
  'opacity',
  'fill-opacity',
  'font-family',
  'font-size',
  'font-weight',
  'visibility',
];

/** The chart as standalone SVG: computed theme colours inlined, on the editor's background. */
function serialize(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg as Element, ...Array.from(svg.querySelectorAll('*'))];
  const to = [clone as Element, ...Array.from(clone.querySelectorAll('*'))];
  from.forEach((el, k) => {
    const cs = getComputedStyle(el);
    const target = to[k] as SVGElement;
    for (const p of STYLE_PROPS) target.style.setProperty(p, cs.getPropertyValue(p));
  });
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.style.setProperty('fill', getComputedStyle(document.body).backgroundColor);
  clone.insertBefore(bg, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

function png(svgText: string, width: number, height: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
    const img = new Image();
    img.onload = () => {
      const scale = 2;
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(width * scale);
      canvas.height = Math.ceil(height * scale);
      const ctx = canvas.getContext('2d');
      if (!ctx) return reject(new Error('no canvas'));
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      resolve(canvas.toDataURL('image/png'));
    };
    img.onerror = () => reject(new Error('the chart could not be drawn'));
    img.src = url;
  });
}

async function exportChart(format: string, target: string): Promise<void> {
  if (format === 'csv') {
    vscode.postMessage({ type: 'export', format, target });
    return;
  }
  const svg = document.querySelector<SVGSVGElement>(`#${CSS.escape(target)} svg`);
  if (!svg) return;
  const text = serialize(svg);
  const data = format === 'png' ? await png(text, svg.width.baseVal.value, svg.height.baseVal.value) : text;
  vscode.postMessage({ type: 'export', format, target, data });
}

// Listening now: ask for the current content (an update posted before this point is lost).
vscode.postMessage({ type: 'ready' });
export {};
