/**
 * Theme colours: the codebook's `color=` when set, otherwise a stable palette (Tableau 10,
 * readable on light and dark backgrounds at low opacity) assigned in codebook order.
 */

/** The fallback palette. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** The colour of each theme id: its own, else the palette's colour for its position. */
export function themeColors(themes: { id: string; color?: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  themes.forEach((t, k) => out.set(t.id, validColor(t.color) ?? PALETTE[k % PALETTE.length]));
  return out;
}

/** A CSS hex colour from the codebook, or undefined when it is not one. */
export function validColor(c: string | undefined): string | undefined {
  return c && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(c.trim()) ? c.trim() : undefined;
}

/** `#rrggbb` with an alpha channel, e.g. withAlpha('#4e79a7', 0.2) = '#4e79a733'. */
export function withAlpha(hex: string, alpha: number): string {
  let h = hex.replace('#', '');
  if (h.length === 3)
    h = h
      .split('')
      .map((c) => c + c)
      .join('');
  const a = Math.round(Math.max(0, Math.min(1, alpha)) * 255)
    .toString(16)
    .padStart(2, '0');
  return `#${h}${a}`;
}
