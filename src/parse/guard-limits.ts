/** Container levels (list items and quotes) read as structure; deeper markers are text. */
export const MAX_NESTING = 16;
/** `<!--`, `<?`, `<!X` that do not close on their line: each makes micromark scan to the end of its paragraph or cell. */
export const MAX_UNCLOSED_HTML = 50;
/** `[` in one paragraph: every one is a possible link whose end micromark searches for. */
export const MAX_BRACKETS = 1_000;
/** `*` and `_` in one paragraph, beyond which CommonMark's delimiter matching goes quadratic. */
export const MAX_DELIMITERS = 500;
