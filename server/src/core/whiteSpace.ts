/**
 * White space as JavaScript's `\s` (and String.prototype.trim) has it, tested on one
 * UTF-16 code unit: the scanners that walk text by char code use it instead of a regex.
 */

/** Whether a UTF-16 code unit is white space as the RegExp `\s` has it. */
export function isWhiteSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
