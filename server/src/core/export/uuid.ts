/**
 * Deterministic GUIDs: UUID version 5 (RFC 4122, SHA-1 of a namespace and a name), so
 * that exporting an unchanged study twice gives the same GUIDs, and a changed study
 * changes only the GUIDs of what changed.
 */
import { nodeCrypto } from '../../../../common/lazyNode';

/** Condense's own namespace: UUID v5 of the URL namespace and "urn:condense:refi-qda". */
export const CONDENSE_NAMESPACE = '1feb11ae-82d3-5644-84bd-bc291c7a3795';

/** The UUID v5 of `name` in `namespace` (lower-case, with hyphens). */
export function uuidV5(name: string, namespace: string = CONDENSE_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/[{}-]/g, ''), 'hex');
  const hash = nodeCrypto().createHash('sha1').update(ns).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** The GUID in canonical form (lower-case, no braces), or undefined when `s` is not one. */
export function normalizeGuid(s: string | undefined | null): string | undefined {
  if (typeof s !== 'string') return undefined;
  const m = GUID.exec(s.trim());
  return m ? m[1].toLowerCase() : undefined;
}
