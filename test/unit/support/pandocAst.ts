/**
 * Reading units out of pandoc's JSON AST (`pandoc -f markdown-smart -t json`), the
 * independent oracle of the differential tests.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as os from 'node:os';

/** Pandoc's own classes: a Span/Div with only these (and no id or pairs) is formatting. */
export const PANDOC_FORMAT_CLASSES = new Set(['smallcaps', 'underline', 'ul', 'mark', 'unnumbered', 'unlisted']);

/** A unit as pandoc sees it. */
export interface OracleUnit {
  kind: 'span' | 'div';
  codes: string[];
  id?: string;
  pairs: [string, string][];
  text: string;
}

interface Node {
  t: string;
  c?: unknown;
}

type Attr = [string, string[], [string, string][]];

/** True when a `pandoc` executable answers. */
export function havePandoc(): boolean {
  try {
    execFileSync('pandoc', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Runs pandoc on one document and returns its AST's blocks. */
export function pandocBlocks(markdown: string): Node[] {
  const json = execFileSync('pandoc', ['-f', 'markdown-smart', '-t', 'json'], {
    input: markdown,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(json) as { blocks: Node[] }).blocks;
}

/** The units of a document in pre-order (document order of their starts). */
export function oracleUnits(markdown: string): OracleUnit[] {
  return unitsOfBlocks(pandocBlocks(markdown));
}

function unitsOfBlocks(blocks: Node[]): OracleUnit[] {
  const out: OracleUnit[] = [];
  for (const b of blocks) walk(b, out);
  return out;
}

function pandocAsync(markdown: string): Promise<Node[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'pandoc',
      ['-f', 'markdown-smart', '-t', 'json'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        if (error) reject(error);
        else resolve((JSON.parse(stdout) as { blocks: Node[] }).blocks);
      },
    );
    child.stdin?.end(markdown);
  });
}

/** The units of many documents, running a few pandoc processes at once (pandoc takes ~40 ms a document). */
export async function oracleUnitsMany(markdowns: string[]): Promise<OracleUnit[][]> {
  const out: OracleUnit[][] = new Array(markdowns.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < markdowns.length) {
      const k = next++;
      out[k] = unitsOfBlocks(await pandocAsync(markdowns[k]));
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, Math.min(8, os.cpus().length * 2)) }, worker));
  return out;
}

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as Node).t === 'string';
}

function unitOf(kind: 'span' | 'div', attr: Attr, text: string): OracleUnit | null {
  const [id, classes, pairs] = attr;
  if (id === '' && pairs.length === 0 && classes.length > 0 && classes.every((c) => PANDOC_FORMAT_CLASSES.has(c)))
    return null;
  const u: OracleUnit = { kind, codes: classes.filter((c) => !PANDOC_FORMAT_CLASSES.has(c)), pairs, text };
  if (id !== '') u.id = id;
  return u;
}

/** Pre-order walk over any AST value: Span and Div nodes become units. */
function walk(x: unknown, out: OracleUnit[]): void {
  if (Array.isArray(x)) {
    for (const y of x) walk(y, out);
    return;
  }
  if (!isNode(x)) return;
  if (x.t === 'Span' || x.t === 'Div') {
    const [attr, content] = x.c as [Attr, unknown[]];
    const u = unitOf(
      x.t === 'Span' ? 'span' : 'div',
      attr,
      x.t === 'Span' ? inlinesText(content) : blocksText(content),
    );
    if (u) out.push(u);
    walk(content, out);
    return;
  }
  // Raw HTML and code never hold units; everything else may.
  if (x.t === 'RawInline' || x.t === 'RawBlock' || x.t === 'Code' || x.t === 'CodeBlock') return;
  walk(x.c, out);
}

/** The text of a list of inlines, as Condense's plain text would have it. */
export function inlinesText(xs: unknown[]): string {
  let s = '';
  for (const x of xs) {
    if (!isNode(x)) continue;
    const c = x.c as unknown[];
    switch (x.t) {
      case 'Str':
        s += x.c as string;
        break;
      case 'Space':
      case 'SoftBreak':
      case 'LineBreak':
        s += ' ';
        break;
      case 'Code':
      case 'Math':
        s += c[1] as string;
        break;
      case 'RawInline':
      case 'Note':
        break;
      case 'Span':
      case 'Link':
      case 'Image':
        s += inlinesText(c[1] as unknown[]);
        break;
      case 'Quoted':
        s += inlinesText(c[1] as unknown[]);
        break;
      case 'Cite':
        s += inlinesText(c[1] as unknown[]);
        break;
      default:
        // Emph, Strong, Strikeout, Superscript, Subscript, SmallCaps, Underline.
        s += inlinesText(x.c as unknown[]);
    }
  }
  return s;
}

/** The text of a list of blocks: paragraphs joined by a space. */
export function blocksText(xs: unknown[]): string {
  const parts: string[] = [];
  for (const x of xs) {
    if (!isNode(x)) continue;
    switch (x.t) {
      case 'Para':
      case 'Plain':
        parts.push(inlinesText(x.c as unknown[]));
        break;
      case 'Header':
        parts.push(inlinesText((x.c as unknown[])[2] as unknown[]));
        break;
      case 'Div':
        parts.push(blocksText((x.c as unknown[])[1] as unknown[]));
        break;
      case 'BlockQuote':
        parts.push(blocksText(x.c as unknown[]));
        break;
      case 'CodeBlock':
        parts.push((x.c as unknown[])[1] as string);
        break;
      case 'BulletList':
        for (const item of x.c as unknown[][]) parts.push(blocksText(item));
        break;
      case 'OrderedList':
        for (const item of (x.c as unknown[])[1] as unknown[][]) parts.push(blocksText(item));
        break;
      default:
        break;
    }
  }
  return parts.join(' ');
}

/** Whitespace runs to one space, trimmed: how unit texts are compared. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
