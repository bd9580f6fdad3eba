/** Raised when a file cannot be imported: the message is one line, meant for the user. */
export class ImportError extends Error {}
