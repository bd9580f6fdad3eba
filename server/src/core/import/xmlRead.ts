/**
 * Reading REFI-QDA XML safely. A document with a DOCTYPE or an ENTITY declaration is
 * refused outright: it is the only way to bring in external entities (XXE) or entity
 * expansion bombs, and REFI-QDA files never need one. Everything else is parsed by
 * @xmldom/xmldom, which expands only XML's five predefined entities and character
 * references.
 */
import type * as Xmldom from '@xmldom/xmldom';
import type { Element } from '@xmldom/xmldom';
import { ImportError } from './importError';

/** Parses an XML document and returns its root element. Throws ImportError. */
export function parseXmlSafely(text: string, what: string): Element {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new ImportError(
      `${what} declares a DOCTYPE or entities, which Condense refuses (they could read other files or expand without limit)`,
    );
  }
  let firstError: string | null = null;
  // require, not import: only an import reads XML, and an import would load it at every start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DOMParser } = require('@xmldom/xmldom') as typeof Xmldom;
  const parser = new DOMParser({
    locator: true,
    // XML 1.0 line ends only: 1.1's NEL and LINE SEPARATOR are text in REFI-QDA notes.
    normalizeLineEndings: (s: string) => s.replace(/\r\n?/g, '\n'),
    onError: (level, msg) => {
      if (level !== 'warning') {
        firstError = firstError ?? msg;
        throw new Error(msg);
      }
    },
  });
  let root: Element | null;
  try {
    root = parser.parseFromString(text, 'text/xml').documentElement;
  } catch (e) {
    const msg = (firstError ?? (e as Error).message).split('\n')[0].replace(/\s+/g, ' ').trim();
    throw new ImportError(`${what} is not well-formed XML (${msg})`);
  }
  if (!root) throw new ImportError(`${what} holds no XML element`);
  return root;
}

/** The child elements of `el` with this local name (any namespace). */
export function childElements(el: Element, name?: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (name === undefined || (n as Element).localName === name)) out.push(n as Element);
  }
  return out;
}

/** The first child element with this local name, if any. */
export function childElement(el: Element, name: string): Element | undefined {
  return childElements(el, name)[0];
}

/** The text content of the first child element with this local name, if any. */
export function childText(el: Element, name: string): string | undefined {
  const c = childElement(el, name);
  return c ? (c.textContent ?? '') : undefined;
}

/** An attribute's value, or undefined when absent. */
export function attr(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}
