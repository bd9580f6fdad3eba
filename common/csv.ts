/**
 * CSV fields (RFC 4180) and the guard against formula injection, shared by the server's
 * CSV exports and the Report view's tables in the client.
 */

/**
 * The OWASP rule against CSV (formula) injection: a cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return gets a leading `'`, so that a spreadsheet shows it as
 * text instead of running it as a formula (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`).
 */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Quotes one field when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
