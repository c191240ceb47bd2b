import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../helpers.js';
import { OPENAPI } from './openapi.js';

describe('the extract of GitHub’s OpenAPI description', () => {
  it('names the package version the extraction script pins', () => {
    const script = readFileSync(`${REPO}scripts/openapi-extract.mjs`, 'utf8');
    expect(OPENAPI.package).toBe('@octokit/openapi');
    expect(OPENAPI.version).toBe(/export const VERSION = '([^']+)'/.exec(script)![1]);
  });

  // That it is exactly what the package yields needs the npm registry: openapi.registry.ts (npm run test:registry).
});
