/**
 * Fixed limits that keep every parser path linear and its memory bounded, whatever the
 * input. Each is documented in docs/format.md ("Limits").
 */

/**
 * Meaning units nest at most this deep (spans and divs together). A deeper unit gets a
 * `too-deep` diagnostic and is not read as a unit, nor is anything inside it: each unit
 * holds the text of all those inside it, so unbounded nesting costs quadratic time and
 * memory. Its markup is still markup; its text counts for the units around it.
 */
export const MAX_UNIT_DEPTH = 256;

/**
 * A speaker pattern is matched against at most this many characters at the start of a
 * paragraph (and never past its first line break is up to the pattern): a slow pattern
 * can then cost only a bounded time per paragraph.
 */
export const SPEAKER_PREFIX = 120;

/** A text source larger than this (in UTF-16 code units, about bytes for most text) is refused by import. */
export const MAX_IMPORT_SOURCE = 10 * 1024 * 1024;
