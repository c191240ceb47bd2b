import { spawnSync } from 'node:child_process';
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

  it('is exactly what that version of the package yields (fetched from the npm registry)', () => {
    const result = spawnSync(process.execPath, [`${REPO}scripts/openapi-extract.mjs`, '--check'], { cwd: REPO, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toContain(`matches @octokit/openapi@${OPENAPI.version}`);
    expect(result.status).toBe(0);
  }, 120_000);
});
