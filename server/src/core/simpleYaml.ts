/**
 * A fast reader for the small YAML that transcript front matter usually holds
 * (`key: value` lines, one nested level of mappings, flow maps such as
 * `P1: {role: manager, group: A}`). It returns undefined for anything else, and the
 * caller then uses the full YAML parser: the full parser costs about 0.2 ms per file,
 * a third of the time of parsing a whole transcript.
 */

type Scalar = string | number | boolean | null;
type Value = Scalar | Record<string, unknown>;

const PLAIN_START_BAD = /^[[\]{}&*!|>'"%@`,#?:-]/;

/** Converts a plain or simply quoted scalar as YAML 1.2's core schema does, or undefined if unsure. */
function scalar(raw: string): Scalar | undefined {
  const s = raw.trim();
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'")) {
    if (s[s.length - 1] !== s[0]) return undefined;
    const inner = s.slice(1, -1);
    if (inner.includes(s[0]) || inner.includes('\\')) return undefined;
    return inner;
  }
  if (PLAIN_START_BAD.test(s) || s.includes(': ') || s.includes(' #') || s.endsWith(':')) return undefined;
  if (/^(?:true|True|TRUE)$/.test(s)) return true;
  if (/^(?:false|False|FALSE)$/.test(s)) return false;
  if (/^[-+]?[0-9]+$/.test(s)) return Number(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
  if (/^0x|^0o|^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(s)) return undefined;
  return s;
}

/** A key that YAML reads as this very string (not `0.`, `true` or `null`, which it reads as 0, true and ''). */
function plainKey(key: string): boolean {
  return scalar(key) === key;
}

function flowMap(raw: string): Record<string, unknown> | undefined {
  const s = raw.trim();
  if (s[0] !== '{' || s[s.length - 1] !== '}') return undefined;
  const inner = s.slice(1, -1);
  if (/[{}[\]"']/.test(inner)) return undefined;
  const out: Record<string, unknown> = {};
  if (inner.trim() === '') return out;
  for (const part of inner.split(',')) {
    const c = part.indexOf(':');
    // `a:0` with no space is one plain scalar in a flow mapping, not a key and a value.
    if (c <= 0 || (c + 1 < part.length && part[c + 1] !== ' ')) return undefined;
    const key = part.slice(0, c).trim();
    const v = scalar(part.slice(c + 1));
    if (!/^[\p{L}\p{N}_][\p{L}\p{N}_ .-]*$/u.test(key) || !plainKey(key) || v === undefined || key in out)
      return undefined;
    out[key] = v;
  }
  return out;
}

function value(raw: string): Value | undefined {
  const t = raw.trim();
  return t.startsWith('{') ? flowMap(t) : scalar(t);
}

/** Reads simple front-matter YAML, or returns undefined when the full parser is needed. */
export function readSimpleYaml(yaml: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let parent: Record<string, unknown> | null = null;
  let childIndent = -1;
  /** Keys written `key:` with nothing after: mappings if lines follow, else null. */
  const blockKeys: string[] = [];
  for (const line of yaml.split('\n')) {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    if (l.includes('\t')) return undefined;
    const indent = l.length - l.trimStart().length;
    const body = l.slice(indent);
    const m = /^([\p{L}\p{N}_][\p{L}\p{N}_ .-]*?):(?: (.*))?$/u.exec(body);
    if (!m) return undefined;
    const key = m[1];
    if (!plainKey(key)) return undefined;
    const rest = m[2] ?? '';
    if (indent === 0) {
      if (key in out) return undefined;
      if (rest.trim() === '') {
        parent = {};
        out[key] = parent;
        blockKeys.push(key);
        childIndent = -1;
      } else {
        const v = value(rest);
        if (v === undefined) return undefined;
        out[key] = v;
        parent = null;
      }
      continue;
    }
    if (!parent) return undefined;
    if (childIndent === -1) childIndent = indent;
    if (indent !== childIndent || key in parent || rest.trim() === '') return undefined;
    const v = value(rest);
    if (v === undefined) return undefined;
    parent[key] = v;
  }
  // A key with nothing under it is null in YAML (but `key: {}` is an empty mapping).
  for (const k of blockKeys) {
    if (Object.keys(out[k] as Record<string, unknown>).length === 0) out[k] = null;
  }
  return out;
}
