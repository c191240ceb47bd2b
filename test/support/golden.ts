import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { REPO } from '../helpers.js';

/**
 * Compares text people read (a comment, an issue body, a report) with its
 * reviewed copy in test/golden/, kept as Markdown so it can be read rendered.
 * `UPDATE_GOLDEN=1 npx vitest run …` rewrites the copies; review the diff
 * before committing. A missing copy fails: it is never created silently.
 */
export function expectGolden(name: string, text: string): void {
  const path = join(REPO, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  if (!existsSync(path)) throw new Error(`No golden copy test/golden/${name}: run with UPDATE_GOLDEN=1 to write it, then read it`);
  expect(text).toBe(readFileSync(path, 'utf8'));
}
