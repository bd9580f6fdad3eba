/** Writes a unit's attribute block, as the merge and "keep this coding" write it. */

/** What an attribute block holds. */
export interface AttributeFields {
  id?: string;
  codes: string[];
  note?: string;
  attributes: [string, string][];
}

function quoteValue(v: string): string {
  return /^[^\s"'{}=\\]+$/.test(v) ? v : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `{#id .code1 .code2 note="..." key=value}`, values quoted only where Pandoc needs it. */
export function attributeText(u: AttributeFields): string {
  const parts: string[] = [];
  if (u.id !== undefined) parts.push(`#${u.id}`);
  for (const c of u.codes) parts.push(`.${c}`);
  if (u.note !== undefined) parts.push(`note=${quoteValue(u.note)}`);
  for (const [k, v] of u.attributes) parts.push(`${k}=${quoteValue(v)}`);
  return `{${parts.join(' ')}}`;
}
