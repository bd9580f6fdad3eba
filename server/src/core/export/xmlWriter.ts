/**
 * A minimal XML writer: escaping, and elements written one per line with two-space
 * indentation, so that a small change of a study is a small diff of its export.
 */

/** Characters XML 1.0 cannot hold at all, not even as references: replaced by U+FFFD. */
const INVALID =
  // The control characters are the point: XML 1.0 forbids them.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes character data: `&`, `<`, `>`, and CR (which a parser would otherwise drop). */
export function escapeText(s: string): string {
  return s
    .replace(INVALID, '\ufffd')
    .replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escapes an attribute value (double-quoted): also `"`, tab and line breaks, which parsers would turn into spaces. */
export function escapeAttr(s: string): string {
  return s.replace(INVALID, '\ufffd').replace(/[&<>"\t\n\r]/g, (c) => ATTR[c]);
}

const ATTR: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Attributes in the order given; undefined values are left out. */
export type Attrs = [string, string | number | boolean | undefined][];

/** Builds an XML document line by line. */
export class XmlWriter {
  private readonly lines: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  private readonly stack: string[] = [];

  private attrs(a: Attrs): string {
    return a
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
      .join('');
  }

  private indent(): string {
    return '  '.repeat(this.stack.length);
  }

  /** Opens an element; close it with {@link close}. */
  open(name: string, a: Attrs = []): this {
    this.lines.push(`${this.indent()}<${name}${this.attrs(a)}>`);
    this.stack.push(name);
    return this;
  }

  /** Closes the innermost open element. */
  close(): this {
    const name = this.stack.pop();
    this.lines.push(`${this.indent()}</${name}>`);
    return this;
  }

  /** An element with no children. */
  empty(name: string, a: Attrs = []): this {
    this.lines.push(`${this.indent()}<${name}${this.attrs(a)}/>`);
    return this;
  }

  /** An element holding text only (written as is: no indentation is added inside it). */
  text(name: string, text: string, a: Attrs = []): this {
    this.lines.push(`${this.indent()}<${name}${this.attrs(a)}>${escapeText(text)}</${name}>`);
    return this;
  }

  /** The document, ending with a line break. */
  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
