/**
 * Fixed limits that keep every parser path linear and its memory bounded, whatever the
 * input. Each is documented in docs/format.md ("Limits").
 */

/**
 * Meaning units nest at most this deep (spans and divs together). A deeper unit gets a
 * `too-deep` diagnostic and is not read as a unit, nor is anything inside it: each unit
 * holds the text of all those inside it, so the work of checking a file (quote matching
 * reads every unit's text) is up to this many times its size, and unbounded nesting is
 * quadratic. 64 is far deeper than any coding scheme nests, and keeps a 500 KB file of
 * nothing but nested units under a second. Its markup is still markup; its text counts
 * for the units around it.
 */
export const MAX_UNIT_DEPTH = 64;

/**
 * A speaker pattern is matched against at most this many characters at the start of a
 * paragraph (and never past its first line break is up to the pattern): a slow pattern
 * can then cost only a bounded time per paragraph.
 */
export const SPEAKER_PREFIX = 120;

/** A text source larger than this (in UTF-16 code units, about bytes for most text) is refused by import. */
export const MAX_IMPORT_SOURCE = 10 * 1024 * 1024;
