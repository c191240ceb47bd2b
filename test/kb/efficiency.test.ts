import { describe, expect, it, vi } from 'vitest';
import { REPO } from '../helpers.js';

/** Counts Markdown parses by wrapping remark-parse's parser: the production code is not touched. */
const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock('remark-parse', async (importOriginal) => {
  const original = (await importOriginal()) as { default: (this: { parser: (...args: unknown[]) => unknown }) => void };
  return {
    default: function (this: { parser: (...args: unknown[]) => unknown }) {
      original.default.call(this);
      const parser = this.parser;
      this.parser = (...args: unknown[]) => {
        parses.count += 1;
        return parser(...args);
      };
    },
  };
});

const { loadConfig } = await import('../../src/workspace/config-file.js');
const { indexKnowledgeBase } = await import('../../src/workspace/files.js');
const { lintWorkspace } = await import('../../src/workspace/lint.js');

describe('what the knowledge base costs', () => {
  it('indexes every postmortem from its frontmatter, without parsing Markdown', async () => {
    parses.count = 0;
    const knowledgeBase = await indexKnowledgeBase(loadConfig(REPO), REPO, []);
    expect(knowledgeBase.incidents).toHaveLength(4);
    expect(parses.count).toBe(0);
  });

  it('parses each linted file once, and no other file, in pull-request mode', async () => {
    parses.count = 0;
    const { results, knowledgeBase } = await lintWorkspace({ cwd: REPO, patterns: ['postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md'] });
    expect(results).toHaveLength(1);
    expect(knowledgeBase.incidents).toHaveLength(4);
    expect(parses.count).toBe(1);
  });
});
