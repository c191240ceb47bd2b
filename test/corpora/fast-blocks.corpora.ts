import { readFileSync } from 'node:fs';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { readPlainBlocks } from '../../src/parse/fast-blocks.js';
import { markdownBody, parseMarkdown } from '../../src/parse/document.js';
import { splitFrontmatter } from '../../src/parse/frontmatter.js';
import { markdownFiles, shared } from '../helpers.js';

const CORPORA = shared('corpora');

const micromark = (text: string): Root => parseMarkdown(text, false);

describe('reading plain blocks without micromark gives micromark’s tree', () => {
  it('on every Markdown file of the real corpora (DFDS, PostHog), as written and as the linter parses its body', () => {
    const files = markdownFiles(CORPORA);
    let read = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n');
      // The body as the linter parses it: the frontmatter's lines left blank.
      for (const variant of [text, markdownBody(text, splitFrontmatter(text))]) {
        if (readPlainBlocks(variant, micromark) !== undefined) read++;
        expect(parseMarkdown(variant), path).toEqual(micromark(variant));
      }
    }
    // The comparison means something only if there are files, and the reader took many of them (54 of 96 today).
    expect(files.length).toBeGreaterThan(40);
    expect(read).toBeGreaterThan(40);
  });
});
