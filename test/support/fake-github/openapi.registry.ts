import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../helpers.js';
import { OPENAPI } from './openapi.js';

describe('the extract of GitHub’s OpenAPI description', () => {
  it('is exactly what that version of the package yields (fetched from the npm registry)', () => {
    const result = spawnSync(process.execPath, [`${REPO}scripts/openapi-extract.mjs`, '--check'], { cwd: REPO, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toContain(`matches @octokit/openapi@${OPENAPI.version}`);
    expect(result.status).toBe(0);
  }, 120_000);
});
