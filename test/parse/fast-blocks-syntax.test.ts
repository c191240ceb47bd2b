import { describe, expect, it } from 'vitest';
import { remarkGfmSubset } from '../../src/parse/gfm-subset.js';
import { INLINE_SYNTAX } from '../../src/parse/fast-tables.js';

/**
 * The plain-block reader decides, from a short list of characters, that a
 * text has no inline syntax and is one text node. That list is only right
 * for the constructs micromark is given: these tests tie it to them, so that
 * enabling another extension (strikethrough's `~`, autolink literals' `w`,
 * `h`, `@`...) fails here instead of silently changing trees.
 */
type Constructs = Record<string, Record<string, unknown> | undefined>;

/** The micromark extensions the parser is given, as remarkGfmSubset registers them on a processor. */
function extensionsInUse(): Constructs[] {
  const data: { micromarkExtensions?: Constructs[] } = {};
  remarkGfmSubset.call({ data: () => data } as never);
  return data.micromarkExtensions ?? [];
}

/** The characters a construct map starts on (micromark's codes: negative ones are line endings, tabs, spaces). */
const charactersOf = (map: Record<string, unknown> | undefined): string[] =>
  Object.keys(map ?? {})
    .filter((code) => code !== 'null' && Number(code) >= 0)
    .map((code) => String.fromCharCode(Number(code)));

describe('the plain-block reader knows every inline construct in use', () => {
  it('every character that can start an inline construct counts as syntax', async () => {
    // micromark's own CommonMark constructs (not exported by its package: read from its file).
    const commonmark = (await import(new URL('../../node_modules/micromark/lib/constructs.js', import.meta.url).href)) as Constructs;
    const starts = [...charactersOf(commonmark.text), ...extensionsInUse().flatMap((extension) => charactersOf(extension.text))];
    expect(starts).toContain('*');
    for (const character of new Set(starts)) expect(INLINE_SYNTAX.test(character), `${JSON.stringify(character)} starts an inline construct`).toBe(true);
  });

  it('the extensions in use add only the constructs the reader was written for', () => {
    // Tables start on any line (flow, null): the reader reads `|` tables itself and leaves any other line with a
    // `|` delimiter row under it to micromark. The task-list check starts on `[`, which is inline syntax above.
    const added = extensionsInUse().flatMap((extension) =>
      Object.entries(extension).flatMap(([kind, map]) => Object.keys(map ?? {}).map((code) => `${kind}:${code}`)),
    );
    expect(added.sort()).toEqual(['flow:null', 'text:91']);
  });

  it('would catch an extension that starts on a character the reader treats as plain', () => {
    const strikethrough = { text: { 126: {} } };
    expect(charactersOf(strikethrough.text).some((character) => !INLINE_SYNTAX.test(character))).toBe(true);
  });
});
