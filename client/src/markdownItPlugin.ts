/**
 * A markdown-it plugin for VS Code's built-in Markdown preview: meaning units render as
 * highlighted spans (and divs) with chips naming their codes, so the ordinary preview of
 * a transcript shows its coding. Uses the core's Pandoc attribute parser, so the preview
 * agrees with the language server about what is a unit.
 */
import type MarkdownIt from 'markdown-it';
import { PANDOC_CLASSES, parseAttributes, type ParsedAttributes } from '../../common/attributes';

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
    (state: StateBlock, startLine: number, endLine: number, silent: boolean) => divRule(state, startLine, endLine, silent),
    {
      alt: ['paragraph', 'reference', 'blockquote', 'list'],
    },
  );
  const open = (tokens: Token[], idx: number, tag: string): string => {
    const codes = (tokens[idx].meta?.codes as string[]) ?? [];
    const color = codes.map(colorOf).find((c) => c && /^#[0-9a-fA-F]{3,8}$/.test(c));
    const style = color ? ` style="--condense-color: ${color}"` : '';
    const cls = `condense-unit${codes.length ? '' : ' condense-uncoded'}${tag === 'div' ? ' condense-div' : ''}`;
    return `<${tag} class="${cls}" data-codes="${md.utils.escapeHtml(codes.join(' '))}"${style}>`;
  };
  const close = (tokens: Token[], idx: number, tag: string): string => {
    const codes = (tokens[idx].meta?.codes as string[]) ?? [];
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
  const attrs = parseAttributes(src, labelEnd + 1, state.posMax);
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

const FENCE = /^(:{3,})\s*(\{.*\}|[^\s:{}]+)\s*:*\s*$/;

function divRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (l: number): string => state.src.slice(state.bMarks[l] + state.tShift[l], state.eMarks[l]);
  if (state.sCount[startLine] - state.blkIndent >= 1) return false;
  const m = FENCE.exec(lineText(startLine));
  if (!m) return false;
  let attrs: ParsedAttributes;
  if (m[2].startsWith('{')) {
    const r = parseAttributes(m[2], 0, m[2].length);
    if ('error' in r || r.end !== m[2].length) return false;
    attrs = r;
  } else attrs = { attributes: { classes: [m[2]], pairs: [] }, items: [], end: 0 };
  // Find the closing fence, counting nested openers.
  let depth = 1;
  let line = startLine + 1;
  for (; line < endLine; line++) {
    const t = lineText(line);
    if (/^:{3,}\s*$/.test(t)) {
      if (--depth === 0) break;
    } else if (FENCE.test(t)) depth++;
  }
  if (depth !== 0) return false;
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
