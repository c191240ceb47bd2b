const compiled = new Map<string, RegExp>();

/**
 * A configured regular expression (`idPattern`, `fileNamePattern`, a rule's `pattern`), compiled once per
 * source and flags rather than once per document or line. The instance is shared: without `g` or `y` it holds no
 * state; a `g` one is for `matchAll` and `replace`, which do not leave state on it.
 */
export function compiledPattern(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let pattern = compiled.get(key);
  if (!pattern) compiled.set(key, (pattern = new RegExp(source, flags)));
  return pattern;
}
