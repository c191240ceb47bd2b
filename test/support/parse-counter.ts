import type * as Document from '../../src/parse/document.js';

/** Frontmatter reads and body parses, per file. */
export interface ParseCounts {
  heads: Map<string, number>;
  bodies: Map<string, number>;
}

/**
 * The parser's module with its two entry points counted, for `vi.mock` in tests that assert a run reads and parses
 * each file at most once (the production code is not touched).
 */
export function countingParser(original: typeof Document, counts: ParseCounts): typeof Document {
  const count = (map: Map<string, number>, path: string) => map.set(path, (map.get(path) ?? 0) + 1);
  return {
    ...original,
    readHead: (...args: Parameters<typeof original.readHead>) => {
      count(counts.heads, args[0]);
      return original.readHead(...args);
    },
    parseBody: (...args: Parameters<typeof original.parseBody>) => {
      count(counts.bodies, args[0].path);
      return original.parseBody(...args);
    },
  };
}
