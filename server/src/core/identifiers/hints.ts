/**
 * Hints for names not yet listed (`"identifierHints": true`): an offline English
 * named-entity pass (the compromise package, rules and a lexicon, no model download)
 * marks likely person and place names. Only capitalised candidates count: compromise
 * also tags some lower-case words, which in a transcript are almost never names.
 */
import type Nlp from 'compromise';

let loaded: typeof Nlp | null = null;

/** compromise, loaded on first use: it takes about a second to load, and hints are off by default. */
function nlp(text: string): ReturnType<typeof Nlp> {
  if (!loaded) {
    // require, not import: an import would load it at every start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const m = require('compromise') as typeof Nlp & { default?: typeof Nlp };
    loaded = m.default ?? m;
  }
  return loaded(text);
}

/** A likely name: UTF-16 offsets [start, end) in the text, and what kind of name. */
export interface NameHint {
  start: number;
  end: number;
  kind: 'person' | 'place';
  name: string;
}

interface Found {
  text: string;
  offset: { start: number; length: number };
}

/** The likely person and place names of a text, in order, without overlaps. */
export function findNameHints(text: string): NameHint[] {
  const doc = nlp(text);
  const out: NameHint[] = [];
  const add = (found: Found[], kind: NameHint['kind']): void => {
    for (const f of found) {
      let start = f.offset.start;
      let end = start + f.offset.length;
      // compromise keeps trailing punctuation and dashes ("Oslo.", "Bjørn —").
      while (end > start && /[\s\p{P}\p{S}]/u.test(text[end - 1])) end--;
      while (start < end && /[\s\p{P}\p{S}]/u.test(text[start])) start++;
      const name = text.slice(start, end);
      if (!/^\p{Lu}/u.test(name)) continue;
      out.push({ start, end, kind, name });
    }
  };
  add(doc.people().json({ offset: true }) as Found[], 'person');
  add(doc.places().json({ offset: true }) as Found[], 'place');
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  return out.filter((h, k) => k === 0 || h.start >= out[k - 1].end);
}
