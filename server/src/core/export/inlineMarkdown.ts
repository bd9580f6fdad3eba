/**
 * Inline Markdown to styled runs, for writers that are not Markdown (the Word export):
 * strong and emphasis (`**`, `__`, `*`, `_`), code spans, backslash escapes, links and
 * bracketed spans reduced to their text. Anything else is kept as written, so no text
 * is ever lost. A small subset on purpose: syntheses and quotes are prose.
 */

/** A run of text with its style. */
export interface InlineRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
}

/** One paragraph-level block of a Markdown body. */
export interface TextBlock {
  kind: 'paragraph' | 'bullet' | 'quote';
  text: string;
}

/**
 * Splits a Markdown body into paragraphs (separated by blank lines; lines of one joined
 * by spaces), bullet items (`-`, `*` or `+` then a space) and blockquote lines (`>`).
 */
export function markdownBlocks(body: string): TextBlock[] {
  const out: TextBlock[] = [];
  let current: TextBlock | null = null;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) {
      current = null;
      continue;
    }
    const bullet = /^[-*+]\s+(.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);
    if (bullet && !/^\*\*/.test(line)) {
      current = { kind: 'bullet', text: bullet[1] };
      out.push(current);
    } else if (quote) {
      if (current?.kind === 'quote' && quote[1]) current.text += ` ${quote[1]}`;
      else if (quote[1]) out.push((current = { kind: 'quote', text: quote[1] }));
      else current = null;
    } else if (current && current.kind !== 'quote') current.text += ` ${line}`;
    else out.push((current = { kind: 'paragraph', text: line }));
  }
  return out;
}

/** Inline Markdown to runs; adjacent runs of the same style are merged. */
export function inlineRuns(text: string): InlineRun[] {
  const out: InlineRun[] = [];
  parse(text, {}, out);
  const merged: InlineRun[] = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && !!last.bold === !!r.bold && !!last.italic === !!r.italic && !!last.code === !!r.code)
      last.text += r.text;
    else if (r.text) merged.push({ ...r });
  }
  return merged;
}

function parse(s: string, style: Omit<InlineRun, 'text'>, out: InlineRun[]): void {
  let plain = '';
  const flush = (): void => {
    if (plain) out.push({ text: plain, ...style });
    plain = '';
  };
  let k = 0;
  while (k < s.length) {
    const c = s[k];
    if (c === '\\' && k + 1 < s.length && /[!-/:-@[-`{-~]/.test(s[k + 1])) {
      plain += s[k + 1];
      k += 2;
      continue;
    }
    if (c === '`') {
      const ticks = /^`+/.exec(s.slice(k))?.[0] ?? '`';
      const end = s.indexOf(ticks, k + ticks.length);
      if (end > 0) {
        flush();
        out.push({ text: s.slice(k + ticks.length, end).trim(), ...style, code: true });
        k = end + ticks.length;
        continue;
      }
    }
    if (c === '[') {
      // [text](url), [text]{attrs} or [text][ref]: the text stays, the rest goes.
      const close = matchingBracket(s, k);
      if (close > 0) {
        const after = s.slice(close + 1);
        const tail = /^\([^)\s]*(?:\s+"[^"]*")?\)|^\{[^}]*\}|^\[[^\]]*\]/.exec(after);
        if (tail) {
          flush();
          parse(s.slice(k + 1, close), style, out);
          k = close + 1 + tail[0].length;
          continue;
        }
      }
    }
    if (c === '*' || c === '_') {
      const double = s[k + 1] === c;
      const delim = double ? c + c : c;
      const inner = k + delim.length;
      const wordBefore = k > 0 && /[\p{L}\p{N}]/u.test(s[k - 1]);
      if (s[inner] !== undefined && !/\s/.test(s[inner]) && !(c === '_' && wordBefore)) {
        const end = closing(s, inner, delim);
        if (end > inner) {
          flush();
          parse(s.slice(inner, end), double ? { ...style, bold: true } : { ...style, italic: true }, out);
          k = end + delim.length;
          continue;
        }
      }
    }
    plain += c;
    k++;
  }
  flush();
}

/** The index of the `]` that closes the `[` at `open`, or -1. */
function matchingBracket(s: string, open: number): number {
  let depth = 0;
  for (let k = open; k < s.length; k++) {
    if (s[k] === '\\') k++;
    else if (s[k] === '[') depth++;
    else if (s[k] === ']' && --depth === 0) return k;
  }
  return -1;
}

/** Where the closing delimiter is: not after whitespace, and for `_` not before a letter. */
function closing(s: string, from: number, delim: string): number {
  for (let k = from; k < s.length; k++) {
    if (s[k] === '\\') {
      k++;
      continue;
    }
    if (delim.length === 1 && s[k] === delim && s[k + 1] === delim) {
      // A double delimiter inside single emphasis is strong, not the end.
      k++;
      continue;
    }
    if (s.startsWith(delim, k) && !/\s/.test(s[k - 1])) {
      if (delim[0] === '_' && /[\p{L}\p{N}]/u.test(s[k + delim.length] ?? '')) continue;
      return k;
    }
  }
  return -1;
}
