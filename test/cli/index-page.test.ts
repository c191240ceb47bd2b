import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postmortemsAmong } from '../../src/action/changed-files.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { REPO } from '../helpers.js';
import { runCli } from '../support/cli.js';

const run = runCli;

/** A team's layout: postmortems under docs/incidents/, their own ignores (no README rule), the index page among them. */
function teamRepository(indexPath: string): string {
  const root = mkdtempSync(join(tmpdir(), 'pm-index-page-'));
  mkdirSync(join(root, 'docs/incidents'), { recursive: true });
  for (const name of readdirSync(join(REPO, 'postmortems')).filter((file) => /^\d{4}-/.test(file))) cpSync(join(REPO, 'postmortems', name), join(root, 'docs/incidents', name));
  writeFileSync(join(root, '.postmortemrc.yml'), `files: ["docs/incidents/**/*.md"]\nignores: ["**/TEMPLATE.md"]\nindexPath: ${indexPath}\npatterns:\n  ignoreTags: [database]\n`);
  return root;
}

describe('the index page inside the linted globs', () => {
  it('is written, then never linted as a postmortem: not in a full lint, not by name, not as a changed file of a pull request', async () => {
    const root = teamRepository('docs/incidents/INDEX.md');
    expect(await run(['index'], root)).toMatchObject({ code: 0, stdout: 'docs/incidents/INDEX.md: 4 incidents\n' });
    const full = await run(['lint', '--format', 'json'], root);
    expect(full.code).toBe(0);
    expect((JSON.parse(full.stdout) as { filePath: string }[]).map((result) => result.filePath)).not.toContain('docs/incidents/INDEX.md');
    expect(JSON.parse(full.stdout)).toHaveLength(4);
    const named = await run(['lint', '--format', 'json', 'docs/incidents/INDEX.md', 'docs/incidents'], root);
    expect((JSON.parse(named.stdout) as { filePath: string }[]).map((result) => result.filePath)).not.toContain('docs/incidents/INDEX.md');
    expect(postmortemsAmong(['docs/incidents/INDEX.md', 'docs/incidents/2024-01-15-api-gateway-connection-pool-exhaustion.md'], loadConfig(root), root)).toEqual([
      'docs/incidents/2024-01-15-api-gateway-connection-pool-exhaustion.md',
    ]);
    expect((await run(['index', '--check'], root)).code).toBe(0);
  });

  it('has its folder made when it is missing, instead of failing', async () => {
    const root = teamRepository('site/knowledge-base/index.md');
    expect(existsSync(join(root, 'site'))).toBe(false);
    const written = await run(['index'], root);
    expect(written).toMatchObject({ code: 0, stderr: '', stdout: 'site/knowledge-base/index.md: 4 incidents\n' });
    expect(readFileSync(join(root, 'site/knowledge-base/index.md'), 'utf8')).toContain('INC-20240118-0023');
  });
});
