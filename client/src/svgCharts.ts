/**
 * The Report view's charts as inline SVG strings: a heat map of a matrix and a line
 * chart with bars (saturation). Pure and small on purpose: no chart library, no network.
 * Every label is escaped; colours come from CSS classes that use VS Code's theme colours,
 * so the charts follow light, dark and high-contrast themes. Elements that can be
 * clicked carry `data-*` attributes and `tabindex` for the keyboard.
 */
import { escapeHtml } from './previewHtml';

/** Intensity levels of the heat map (class `h0` for zero, `h1`..`h9`). */
export const LEVELS = 9;

/** The level of a count against the largest one: 0 for zero, else 1..LEVELS. */
export function level(n: number, max: number): number {
  if (n <= 0 || max <= 0) return 0;
  return Math.max(1, Math.min(LEVELS, Math.ceil((LEVELS * n) / max)));
}

/** Shortens a label to `max` characters with an ellipsis (the full text goes in a tooltip). */
export function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** What the heat map draws. */
export interface HeatmapInput {
  rows: { id: string; label: string }[];
  cols: string[];
  cells: number[][];
  /** Scale colours on the cells off the diagonal (co-occurrence, whose diagonal dwarfs the rest). */
  diagonalApart?: boolean;
  /** The accessible name of the chart. */
  title: string;
}

const CELL = 30;
const CHAR = 7;

/** A heat map: one square per cell, its count inside, row labels left, column labels on top at an angle. */
export function heatmapSvg(m: HeatmapInput): string {
  const rowLabels = m.rows.map((r) => clip(r.label, 40));
  const colLabels = m.cols.map((c) => clip(c, 24));
  const left = 12 + CHAR * Math.max(4, ...rowLabels.map((l) => [...l].length));
  const top = 16 + Math.round(CHAR * 0.75 * Math.max(4, ...colLabels.map((l) => [...l].length)));
  const width = left + CELL * m.cols.length + 40;
  const height = top + CELL * m.rows.length + 8;
  let max = 0;
  m.cells.forEach((row, r) =>
    row.forEach((n, c) => {
      if (!(m.diagonalApart && m.rows[r].id === m.cols[c])) max = Math.max(max, n);
    }),
  );
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(m.title)}">`,
    `<title>${escapeHtml(m.title)}</title>`,
  ];
  colLabels.forEach((l, c) => {
    const x = left + c * CELL + CELL / 2;
    out.push(
      `<text class="label col" x="${x}" y="${top - 6}" transform="rotate(-45 ${x} ${top - 6})"><title>${escapeHtml(m.cols[c])}</title>${escapeHtml(l)}</text>`,
    );
  });
  m.rows.forEach((row, r) => {
    const y = top + r * CELL;
    out.push(
      `<text class="label row" x="${left - 8}" y="${y + CELL / 2 + 4}" text-anchor="end"><title>${escapeHtml(row.label)}</title>${escapeHtml(rowLabels[r])}</text>`,
    );
    m.cells[r].forEach((n, c) => {
      const diagonal = m.diagonalApart === true && row.id === m.cols[c];
      const cls = diagonal ? 'cell diag' : `cell h${level(n, max)}`;
      const tip = `${row.label} × ${m.cols[c]}: ${n} unit${n === 1 ? '' : 's'}`;
      out.push(
        `<g class="${cls}" data-row="${escapeHtml(row.id)}" data-col="${escapeHtml(m.cols[c])}" tabindex="0" role="button" aria-label="${escapeHtml(tip)}">` +
          `<title>${escapeHtml(tip)}</title><rect x="${left + c * CELL + 1}" y="${y + 1}" width="${CELL - 2}" height="${CELL - 2}" rx="3"/>` +
          `<text x="${left + c * CELL + CELL / 2}" y="${y + CELL / 2 + 4}" text-anchor="middle">${n}</text></g>`,
      );
    });
  });
  out.push('</svg>');
  return out.join('');
}

/** One point of the line chart. */
export interface LinePoint {
  key: string;
  label: string;
  /** The bar (new codes) and the line (cumulative). */
  bar: number;
  line: number;
  tip: string;
}

/** A line chart of a running total with a bar per point, for saturation. */
export function lineChartSvg(points: LinePoint[], title: string, axis: { bar: string; line: string }): string {
  const step = Math.max(36, Math.min(80, 640 / Math.max(1, points.length)));
  const labels = points.map((p) => clip(p.label, 18));
  const left = 44;
  const plotH = 200;
  const top = 24;
  const bottom = 16 + Math.round(CHAR * 0.75 * Math.max(4, ...labels.map((l) => [...l].length)));
  const width = left + step * points.length + 24;
  const height = top + plotH + bottom;
  const max = Math.max(1, ...points.map((p) => Math.max(p.bar, p.line)));
  const ticks = niceTicks(max);
  const top0 = ticks[ticks.length - 1];
  const y = (v: number): number => top + plotH - (plotH * v) / top0;
  const x = (k: number): number => left + step * k + step / 2;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart line" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
  ];
  for (const t of ticks) {
    out.push(
      `<line class="grid" x1="${left}" x2="${width - 16}" y1="${y(t)}" y2="${y(t)}"/><text class="label tick" x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`,
    );
  }
  points.forEach((p, k) => {
    const h = y(0) - y(p.bar);
    out.push(`<rect class="bar" x="${x(k) - step * 0.3}" y="${y(p.bar)}" width="${step * 0.6}" height="${h}"/>`);
    const lx = x(k);
    const ly = top + plotH + 14;
    out.push(
      `<text class="label col" x="${lx}" y="${ly}" transform="rotate(-45 ${lx} ${ly})" text-anchor="end"><title>${escapeHtml(p.label)}</title>${escapeHtml(labels[k])}</text>`,
    );
  });
  if (points.length)
    out.push(`<polyline class="series" points="${points.map((p, k) => `${x(k)},${y(p.line)}`).join(' ')}"/>`);
  points.forEach((p, k) => {
    out.push(
      `<g class="point" data-point="${escapeHtml(p.key)}" tabindex="0" role="button" aria-label="${escapeHtml(p.tip)}"><title>${escapeHtml(p.tip)}</title>` +
        `<rect class="hit" x="${x(k) - step / 2}" y="${top}" width="${step}" height="${plotH}"/><circle cx="${x(k)}" cy="${y(p.line)}" r="5"/></g>`,
    );
  });
  out.push(
    `<g class="legend"><rect class="bar" x="${left}" y="4" width="12" height="10"/><text class="label" x="${left + 16}" y="13">${escapeHtml(axis.bar)}</text>` +
      `<line class="series" x1="${left + 150}" x2="${left + 170}" y1="9" y2="9"/><text class="label" x="${left + 176}" y="13">${escapeHtml(axis.line)}</text></g>`,
  );
  out.push('</svg>');
  return out.join('');
}

/** Round tick values from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten, at most about 6 ticks. */
export function niceTicks(max: number): number[] {
  const raw = Math.max(1, max) / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const stepSize = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const step = Math.max(1, stepSize);
  const out: number[] = [];
  for (let v = 0; v < max + step; v += step) {
    out.push(v);
    if (v >= max) break;
  }
  return out;
}
