/**
 * Pandoc attribute blocks: `{#id .class key=value key="quoted \" value" key='single'}`.
 * Follows what `pandoc -f markdown` accepts (checked against pandoc in the differential
 * tests): items may be separated by whitespace (newlines included) or not at all,
 * identifiers start with a letter and go on with letters, digits and `-_:.`,
 * `-` alone is the class `unnumbered`, and anything else makes the block invalid,
 * in which case Pandoc shows the whole span as literal text.
 *
 * Shared by the server (the parser) and the VS Code client (the Markdown-preview plugin),
 * so it imports nothing from either.
 */
/** One parsed Pandoc attribute block `{#id .class key=value}`. */
export interface Attributes {
  id?: string;
  classes: string[];
  /** key=value pairs in source order, values unescaped. */
  pairs: [string, string][];
}

/** Pandoc classes with a meaning of their own: they are formatting, never codes. */
export const PANDOC_CLASSES: ReadonlySet<string> = new Set(['smallcaps', 'underline', 'ul', 'mark', 'unnumbered', 'unlisted']);

/** One item of an attribute block with its source offsets (for ranges of code classes). */
export interface AttributeItem {
  kind: 'id' | 'class' | 'pair';
  name: string;
  value: string;
  /** Offset of the name (after `#` or `.`), and past its end. */
  nameStart: number;
  nameEnd: number;
}

/** The result of scanning one attribute block. */
export interface ParsedAttributes {
  attributes: Attributes;
  items: AttributeItem[];
  /** Offset just past the closing `}`. */
  end: number;
}

/** Why an attribute block failed, with the offset of the trouble. */
export interface AttributeError {
  error: string;
  offset: number;
  /** True when the text looked like an attribute block that never closes. */
  unclosed: boolean;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c > 127 && /\p{L}/u.test(String.fromCharCode(c)));
}

function isIdentChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 45 || // -
    c === 95 || // _
    c === 58 || // :
    c === 46 || // .
    // Letters and numbers only, as Haskell's isAlphaNum: Pandoc rejects combining marks
    // (`.cafe\u0301`, written decomposed, is no class for Pandoc, so none for us either).
    (c > 127 && c !== 0xa0 && /[\p{L}\p{N}]/u.test(String.fromCharCode(c)))
  );
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Scans an identifier at `i`; returns its end, or `i` if there is none. */
function scanIdentifier(text: string, i: number, end: number): number {
  if (i >= end || !isLetter(text.charCodeAt(i))) {
    // A high surrogate may start a letter outside the BMP. The test is anchored and the
    // pair must be one letter: unanchored, `/\p{L}/` matched the `x` of `1x`, which made
    // `.1x` a class where Pandoc sees no attribute block at all.
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && /^\p{L}$/u.test(text.slice(i, i + 2))) i += 2;
    else return i;
  } else i++;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isIdentChar(c)) i++;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && /[\p{L}\p{N}]/u.test(text.slice(i, i + 2))) i += 2;
    else break;
  }
  return i;
}

/** True if `s` is a valid Pandoc identifier (and so a valid code id). */
export function isValidIdentifier(s: string): boolean {
  return s.length > 0 && scanIdentifier(s, 0, s.length) === s.length;
}

/**
 * Parses the attribute block that starts with `{` at `start`, not looking past `limit`.
 * Returns the attributes and where they end, or an error.
 */
export function parseAttributes(text: string, start: number, limit: number): ParsedAttributes | AttributeError {
  const attributes: Attributes = { classes: [], pairs: [] };
  const items: AttributeItem[] = [];
  let i = start + 1;
  for (;;) {
    while (i < limit && isSpace(text.charCodeAt(i))) i++;
    if (i >= limit) return { error: 'the attribute block is never closed with `}`', offset: start, unclosed: true };
    const c = text.charCodeAt(i);
    if (c === 125 /* } */) {
      return { attributes, items, end: i + 1 };
    }
    if (c === 35 /* # */ || c === 46 /* . */) {
      const nameEnd = scanIdentifier(text, i + 1, limit);
      if (nameEnd === i + 1) {
        const what = c === 35 ? 'an identifier after `#`' : 'a code name after `.`';
        return { error: `expected ${what} (a letter, then letters, digits, - _ : or .)`, offset: i, unclosed: false };
      }
      const name = text.slice(i + 1, nameEnd);
      if (c === 35) attributes.id = name;
      else attributes.classes.push(name);
      items.push({ kind: c === 35 ? 'id' : 'class', name, value: '', nameStart: i + 1, nameEnd });
      i = nameEnd;
      continue;
    }
    if (c === 45 /* - */ && (i + 1 >= limit || isSpace(text.charCodeAt(i + 1)) || text.charCodeAt(i + 1) === 125)) {
      attributes.classes.push('unnumbered');
      items.push({ kind: 'class', name: 'unnumbered', value: '', nameStart: i, nameEnd: i + 1 });
      i++;
      continue;
    }
    const keyEnd = scanIdentifier(text, i, limit);
    if (keyEnd === i || text.charCodeAt(keyEnd) !== 61 /* = */) {
      return {
        error: 'expected `#id`, `.code` or `key=value` in the attribute block',
        offset: i,
        unclosed: false,
      };
    }
    const key = text.slice(i, keyEnd);
    const value = scanValue(text, keyEnd + 1, limit);
    if ('error' in value) return value;
    attributes.pairs.push([key, value.value]);
    items.push({ kind: 'pair', name: key, value: value.value, nameStart: i, nameEnd: keyEnd });
    i = value.end;
  }
}

/** True for the ASCII punctuation a backslash escapes (`\"`, `\}`, `\\`; not `\b`). */
function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

function scanValue(text: string, i: number, limit: number): { value: string; end: number } | AttributeError {
  const q = text.charCodeAt(i);
  if (q === 34 /* " */ || q === 39 /* ' */) {
    let value = '';
    let j = i + 1;
    let from = j;
    while (j < limit) {
      const c = text.charCodeAt(j);
      // Like Pandoc, a backslash escapes ASCII punctuation only: `"a\b"` keeps its backslash.
      if (c === 92 /* \ */ && j + 1 < limit && isAsciiPunct(text.charCodeAt(j + 1))) {
        value += text.slice(from, j);
        from = j + 1;
        j += 2;
        continue;
      }
      if (c === q) {
        value += text.slice(from, j);
        // Pandoc folds a line break inside a quoted value into a space.
        return { value: value.replace(/\r?\n/g, ' '), end: j + 1 };
      }
      j++;
    }
    return { error: 'a quoted value is never closed', offset: i, unclosed: true };
  }
  // Unquoted: up to white space or `}`; as in Pandoc, `\}` (any escaped punctuation) is literal.
  let value = '';
  let from = i;
  let j = i;
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (c === 92 /* \ */ && j + 1 < limit && isAsciiPunct(text.charCodeAt(j + 1))) {
      value += text.slice(from, j);
      from = j + 1;
      j += 2;
      continue;
    }
    if (isSpace(c) || c === 125 /* } */) break;
    j++;
  }
  return { value: value + text.slice(from, j), end: j };
}
