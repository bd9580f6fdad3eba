/**
 * YAML front matter at the top of a transcript (`---` ... `---` or `...`), and the
 * `participants:` map it may hold (speaker label to attributes such as role or group).
 */
import type * as Yaml from 'yaml';
import { readSimpleYaml } from './simpleYaml';

let yaml: typeof Yaml | undefined;

/**
 * The full YAML parser, loaded on first use: most front matter is read by simpleYaml,
 * and loading `yaml` costs every process that starts (CLI, server, parse workers) about
 * 20 ms whether it parses YAML or not (see docs/performance.md).
 */
function parseYaml(text: string, options: Yaml.ToJSOptions): unknown {
  // require, not import: an import would load it at every start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yaml ??= require('yaml') as typeof Yaml;
  return yaml.parse(text, options);
}

/** The front matter block found at the start of a text. */
export interface FrontMatter {
  /** Offset of the opening `---` and past the closing line's break. */
  start: number;
  end: number;
  data: Record<string, unknown>;
  participants: Record<string, Record<string, unknown>>;
  /** Set when the YAML could not be read: the message and the offset of the problem. */
  error?: { message: string; offset: number };
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

/** Reads front matter starting at `from` (after a BOM), or returns null if there is none. */
export function readFrontMatter(text: string, from: number): FrontMatter | null {
  const head = OPEN.exec(text.slice(from, from + 8));
  if (!head) return null;
  const bodyStart = from + head[0].length;
  CLOSE.lastIndex = 0;
  const rest = text.slice(bodyStart);
  const close = CLOSE.exec(rest);
  if (!close) return null;
  const yaml = rest.slice(0, close.index);
  const end = bodyStart + close.index + close[0].length;
  const fm: FrontMatter = { start: from, end, data: {}, participants: {} };
  try {
    const data: unknown = readSimpleYaml(yaml) ?? parseYaml(yaml, { maxAliasCount: 50 });
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
      fm.data = data as Record<string, unknown>;
      fm.participants = readParticipants(fm.data.participants);
    } else if (data !== null && data !== undefined) {
      fm.error = { message: 'The front matter should be a YAML mapping (key: value lines).', offset: bodyStart };
    }
  } catch (e) {
    const err = e as { message?: string; linePos?: { line: number }[] };
    const line = err.linePos?.[0]?.line ?? 1;
    let offset = bodyStart;
    for (let k = 1; k < line; k++) {
      const nl = text.indexOf('\n', offset);
      if (nl === -1) break;
      offset = nl + 1;
    }
    fm.error = {
      message: `The front matter is not valid YAML: ${(err.message ?? String(e)).split('\n')[0].replace(/:\s*$/, '')}.`,
      offset,
    };
  }
  return fm;
}

function readParticipants(value: unknown): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  if (value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    // A list of names, or of mappings with a `label`/`name` key.
    for (const item of value) {
      if (typeof item === 'string') out[item] = {};
      else if (item && typeof item === 'object') {
        const rec = item as Record<string, unknown>;
        const label = rec.label ?? rec.name;
        if (typeof label === 'string') out[label] = { ...rec };
      }
    }
    return out;
  }
  for (const [label, attrs] of Object.entries(value as Record<string, unknown>)) {
    out[label] =
      attrs !== null && typeof attrs === 'object' && !Array.isArray(attrs)
        ? { ...(attrs as Record<string, unknown>) }
        : attrs === null || attrs === undefined
          ? {}
          : { description: attrs };
  }
  return out;
}
