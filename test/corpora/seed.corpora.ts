import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers.js';
import { shared } from './shared.js';

const SEED_DOCUMENT = shared('seed/000_6b7b35f38de35942.txt');
const SEED_ONE = `${REPO}postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md`;

describe('the seed postmortems', () => {
  it('the first seed example is converted faithfully: its text, line breaks aside, is the seed’s', () => {
    const seed = readFileSync(SEED_DOCUMENT, 'utf8');
    const text = readFileSync(SEED_ONE, 'utf8');
    const body = text.slice(text.indexOf('\n---\n') + 5);
    // The seed lost its line breaks; frontmatter and the decision record (from later in the seed) were added; its
    // handles became teams of a fictional organisation (@backend → @acme-example/backend), so nobody real is pinged.
    const converted = body.slice(0, body.indexOf('## Decision Record')).replace(/\n/g, '');
    expect(converted.replace(/@acme-example\//g, '@')).toBe(seed.slice(0, seed.indexOf('\nKey Insights:')));
    expect(converted).not.toMatch(/(^|[^/\w])@(?!acme-example\/)\w/);
    const decision = /^date:2024-01-15T16:00:00Z\|.*\|status:accepted$/m.exec(seed)![0];
    expect(text).toContain(decision);
  });
});
