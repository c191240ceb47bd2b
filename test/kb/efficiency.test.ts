import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { REPO } from '../helpers.js';

/** Counts Markdown parses by wrapping remark-parse's parser: the production code is not touched. */
const parses = vi.hoisted(() => ({ count: 0, texts: [] as string[] }));
vi.mock('remark-parse', async (importOriginal) => {
  const original = (await importOriginal()) as { default: (this: { parser: (...args: unknown[]) => unknown }) => void };
  return {
    default: function (this: { parser: (...args: unknown[]) => unknown }) {
      original.default.call(this);
      const parser = this.parser;
      this.parser = (...args: unknown[]) => {
        parses.count += 1;
        parses.texts.push(String(args[0]));
        return parser(...args);
      };
    },
  };
});

/** And the bodies parsed (each file's Markdown, by whichever reader), by wrapping parseBody. */
const bodies = vi.hoisted(() => ({ paths: [] as string[] }));
vi.mock('../../src/parse/document.js', async (importOriginal) => {
  const original = (await importOriginal()) as typeof import('../../src/parse/document.js');
  return {
    ...original,
    parseBody: (...args: Parameters<typeof original.parseBody>) => {
      bodies.paths.push(args[0].path);
      return original.parseBody(...args);
    },
  };
});

const { loadConfig } = await import('../../src/workspace/config-file.js');
const { createReader } = await import('../../src/workspace/reader.js');
const { lintWorkspace } = await import('../../src/workspace/lint.js');

describe('what the knowledge base costs', () => {
  it('indexes every postmortem from its frontmatter, without parsing Markdown', async () => {
    parses.count = 0;
    const knowledgeBase = await createReader({ config: loadConfig(REPO), cwd: REPO }).index();
    expect(knowledgeBase.incidents).toHaveLength(4);
    expect(parses.count).toBe(0);
  });

  it('parses Markdown of the linted file only, and not twice, in pull-request mode', async () => {
    parses.texts = [];
    bodies.paths = [];
    const linted = '2024-01-18-workflow-listing-n-plus-one-queries.md';
    const { results, knowledgeBase } = await lintWorkspace({ cwd: REPO, patterns: [`postmortems/${linted}`] });
    expect(results).toHaveLength(1);
    expect(knowledgeBase.incidents).toHaveLength(4);
    // One body parsed: the linted file's.
    expect(bodies.paths).toEqual([`postmortems/${linted}`]);
    // micromark gets at most the file's inline texts the fast readers leave (none, for this file: its bold words,
    // code and links are read without it), or its whole body where they step aside; never another file's.
    const source = readFileSync(join(REPO, 'postmortems', linted), 'utf8');
    for (const line of parses.texts.flatMap((text) => text.split('\n'))) expect(source).toContain(line);
    const parsed = parses.texts.reduce((sum, text) => sum + text.length, 0);
    // Parsing it twice would pass the file's length; its inline texts are less than half of it.
    expect(parsed).toBeLessThanOrEqual(source.length);
    // Not a line of any other postmortem that is not also in this one.
    for (const other of readdirSync(join(REPO, 'postmortems')).filter((name) => name.endsWith('.md') && name !== linted)) {
      const only = readFileSync(join(REPO, 'postmortems', other), 'utf8').split('\n').filter((line) => line.length > 20 && !source.includes(line));
      for (const text of parses.texts) for (const line of only) expect(text).not.toContain(line);
    }
  });
});
