import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hideTables } from '../../src/parse/fast-tables.js';
import { parseMarkdown } from '../../src/parse/document.js';
import { markdownFiles, shared } from '../helpers.js';

const CORPORA = shared('corpora');

describe('reading plain tables without micromark gives micromark’s tree', () => {
  it('on every Markdown file of the real corpora (DFDS, PostHog)', () => {
    const files = markdownFiles(CORPORA);
    let taken = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n');
      taken += hideTables(text, (inline) => parseMarkdown(inline, false))?.tables.size ?? 0;
      expect(parseMarkdown(text, { blocks: false, tables: true }), path).toEqual(parseMarkdown(text, false));
    }
    // The comparison means something only if there are files, and the fast reader took tables (36 today).
    expect(files.length).toBeGreaterThan(40);
    expect(taken).toBeGreaterThan(30);
  });
});
