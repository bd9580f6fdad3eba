/**
 * A markdown-it plugin for VS Code's built-in Markdown preview: meaning units render as
 * highlighted spans (and divs) with chips naming their codes, so the ordinary preview of
 * a transcript shows its coding. Uses the core's Pandoc attribute parser, so the preview
 * agrees with the language server about what is a unit.
 */
import type MarkdownIt from 'markdown-it';
import { AttributeMemo, PANDOC_CLASSES, parseAttributes, type ParsedAttributes } from '../../common/attributes';

type StateBlock = MarkdownIt.StateBlock;
type StateInline = MarkdownIt.StateInline;
type Token = MarkdownIt.Token;

/** Colours by code id, kept current by the extension (empty: units get a neutral colour). */
export type ColorLookup = (code: string) => string | undefined;

function codesOf(a: ParsedAttributes): string[] {
  return a.attributes.classes.filter((c) => !PANDOC_CLASSES.has(c));
}

function isFormattingOnly(a: ParsedAttributes): boolean {
  const { classes, id, pairs } = a.attributes;
  return classes.length > 0 && id === undefined && pairs.length === 0 && classes.every((c) => PANDOC_CLASSES.has(c));
}

/** Installs the plugin on `md`. */
export function condensePlugin(md: MarkdownIt, colorOf: ColorLookup = () => undefined): void {
  md.inline.ruler.before('link', 'condense_unit', (state: StateInline, silent: boolean) => spanRule(state, silent));
  md.block.ruler.before(
    'fence',
    'condense_div',
    (state: StateBlock, startLine: number, endLine: number, silent: boolean) =>
      divRule(state, startLine, endLine, silent),
    {
      alt: ['paragraph', 'reference', 'blockquote', 'list'],
    },
  );
  const open = (tokens: Token[], idx: number, tag: string): string => {
    const codes = (tokens[idx].meta as { codes?: string[] } | null)?.codes ?? [];
    const color = codes.map(colorOf).find((c) => c && /^#[0-9a-fA-F]{3,8}$/.test(c));
    const style = color ? ` style="--condense-color: ${color}"` : '';
    const cls = `condense-unit${codes.length ? '' : ' condense-uncoded'}${tag === 'div' ? ' condense-div' : ''}`;
    return `<${tag} class="${cls}" data-codes="${md.utils.escapeHtml(codes.join(' '))}"${style}>`;
  };
  const close = (tokens: Token[], idx: number, tag: string): string => {
    const codes = (tokens[idx].meta as { codes?: string[] } | null)?.codes ?? [];
    const chips = codes.length
      ? codes.map((c) => `<span class="condense-chip">${md.utils.escapeHtml(c)}</span>`).join('')
      : '<span class="condense-chip condense-chip-uncoded">not yet coded</span>';
    return `<span class="condense-chips">${chips}</span></${tag}>`;
  };
  md.renderer.rules.condense_unit_open = (tokens, idx) => open(tokens, idx, 'span');
  md.renderer.rules.condense_unit_close = (tokens, idx) => close(tokens, idx, 'span');
  md.renderer.rules.condense_div_open = (tokens, idx) => `${open(tokens, idx, 'div')}\n`;
  md.renderer.rules.condense_div_close = (tokens, idx) => `${close(tokens, idx, 'div')}\n`;
}

function spanRule(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x5b /* [ */) return false;
  if (start > 0 && src.charCodeAt(start - 1) === 0x21 /* ! */) return false;
  if (src.charCodeAt(start + 1) === 0x5e /* ^ */) return false;
  // Nested spans are allowed (disableNested false): `[outer [inner]{.b} text]{.a}`.
  const labelEnd = state.md.helpers.parseLinkLabel(state, start, false);
  if (labelEnd < 0 || src.charCodeAt(labelEnd + 1) !== 0x7b /* { */) return false;
  const attrs = parseAttributes(src, labelEnd + 1, state.posMax, memoFor(src));
  if ('error' in attrs) return false;
  if (!silent) {
    const formatting = isFormattingOnly(attrs);
    const codes = codesOf(attrs);
    if (!formatting) {
      const t = state.push('condense_unit_open', 'span', 1);
      t.meta = { codes };
    }
    const oldMax = state.posMax;
    state.pos = start + 1;
    state.posMax = labelEnd;
    state.md.inline.tokenize(state);
    state.posMax = oldMax;
    if (!formatting) {
      const t = state.push('condense_unit_close', 'span', -1);
      t.meta = { codes };
    }
  }
  state.pos = attrs.end;
  return true;
}

/** One attribute memo per inline source, so that many failed `{` in one paragraph stay linear. */
let lastMemo: { src: string; memo: AttributeMemo } | null = null;
function memoFor(src: string): AttributeMemo {
  if (lastMemo?.src !== src) lastMemo = { src, memo: new AttributeMemo(src) };
  return lastMemo.memo;
}

function isSpace(c: string): boolean {
  const k = c.charCodeAt(0);
  return k === 32 || (k >= 9 && k <= 13) || (k > 127 && /\s/.test(c));
}

function isLineBreak(k: number): boolean {
  return k === 10 || k === 13 || k === 0x2028 || k === 0x2029;
}

/**
 * A div opener line: three or more colons, then `{...}` or a class word, then optional
 * colons; returns the attribute text, or null. The same lines as
 * `/^(:{3,})\s*(\{.*\}|[^\s:{}]+)\s*:*\s*$/`, read by hand: that expression backtracks
 * quadratically on `::: a` followed by many spaces.
 */
export function divFenceAttributes(t: string): string | null {
  let i = 0;
  while (i < t.length && t.charCodeAt(i) === 58) i++;
  if (i < 3) return null;
  while (i < t.length && isSpace(t[i])) i++;
  if (i >= t.length) return null;
  // The longest tail of spaces, colons, spaces: what may follow the attributes.
  let tail = t.length;
  while (tail > i && isSpace(t[tail - 1])) tail--;
  while (tail > i && t.charCodeAt(tail - 1) === 58) tail--;
  while (tail > i && isSpace(t[tail - 1])) tail--;
  const c = t.charCodeAt(i);
  if (c === 123 /* { */) {
    if (tail - 1 <= i || t.charCodeAt(tail - 1) !== 125) return null;
    for (let k = i + 1; k < tail - 1; k++) if (isLineBreak(t.charCodeAt(k))) return null;
    return t.slice(i, tail);
  }
  if (c === 58 || c === 125) return null;
  let r = i;
  while (r < t.length && !isSpace(t[r]) && t.charCodeAt(r) !== 58 && t.charCodeAt(r) !== 123 && t.charCodeAt(r) !== 125)
    r++;
  return r >= tail ? t.slice(i, r) : null;
}

/** True for a closing fence line: three or more colons and nothing else. */
function isDivClose(t: string): boolean {
  let i = 0;
  while (i < t.length && t.charCodeAt(i) === 58) i++;
  if (i < 3) return false;
  while (i < t.length && isSpace(t[i])) i++;
  return i === t.length;
}

/**
 * Closing lines already found, by the source offset of the opener line's text: one pass
 * for an outer div finds those of every div inside it, so that nested divs do not each
 * scan the rest of the document again. Keyed by the state, whose line table it reads.
 */
const closings = new WeakMap<StateBlock, Map<number, [line: number, key: number]>>();

/** The line that closes the div opened on `startLine`, counting nested openers, or -1. */
function closingLine(state: StateBlock, startLine: number, endLine: number, lineText: (l: number) => string): number {
  let known = closings.get(state);
  if (!known) closings.set(state, (known = new Map<number, [line: number, key: number]>()));
  const key = (l: number): number => state.bMarks[l] + state.tShift[l];
  const cached = known.get(key(startLine));
  // Valid when the closing line is still in range and still the same text.
  if (cached !== undefined && cached[0] < endLine && key(cached[0]) === cached[1]) return cached[0];
  const open: number[] = [startLine];
  for (let line = startLine + 1; line < endLine; line++) {
    const t = lineText(line);
    if (isDivClose(t)) {
      const opener = open.pop() as number;
      known.set(key(opener), [line, key(line)]);
      if (open.length === 0) return line;
    } else if (divFenceAttributes(t) !== null) open.push(line);
  }
  return -1;
}

function divRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (l: number): string => state.src.slice(state.bMarks[l] + state.tShift[l], state.eMarks[l]);
  if (state.sCount[startLine] - state.blkIndent >= 1) return false;
  const spec = divFenceAttributes(lineText(startLine));
  if (spec === null) return false;
  let attrs: ParsedAttributes;
  if (spec.startsWith('{')) {
    const r = parseAttributes(spec, 0, spec.length);
    if ('error' in r || r.end !== spec.length) return false;
    attrs = r;
  } else attrs = { attributes: { classes: [spec], pairs: [] }, items: [], end: 0 };
  const line = closingLine(state, startLine, endLine, lineText);
  if (line < 0) return false;
  if (silent) return true;
  const codes = codesOf(attrs);
  const formatting = isFormattingOnly(attrs);
  const open = state.push(formatting ? 'div_open' : 'condense_div_open', 'div', 1);
  open.meta = { codes };
  open.map = [startLine, line + 1];
  const oldParent = state.parentType;
  const oldLineMax = state.lineMax;
  state.parentType = 'condense_div' as typeof state.parentType;
  state.lineMax = line;
  state.md.block.tokenize(state, startLine + 1, line);
  state.parentType = oldParent;
  state.lineMax = oldLineMax;
  const close = state.push(formatting ? 'div_close' : 'condense_div_close', 'div', -1);
  close.meta = { codes };
  state.line = line + 1;
  return true;
}
