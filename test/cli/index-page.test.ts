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

describe('a knowledge base larger than the front page', () => {
  it('gets the full list beside it, which is checked with it and never linted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pm-index-large-'));
    mkdirSync(join(root, 'postmortems'));
    const source = readFileSync(join(REPO, 'postmortems/2023-10-15-user-listing-n-plus-one-queries.md'), 'utf8');
    for (let index = 1; index <= 101; index++) {
      const day = String((index % 28) + 1).padStart(2, '0');
      const id = `INC-202305${day}-${String(index).padStart(4, '0')}`;
      writeFileSync(join(root, `postmortems/2023-05-${day}-incident-${index}.md`), source.replace(/^id: .*$/m, `id: ${id}`).replace(/^date: .*$/m, `date: 2023-05-${day}`));
    }
    const written = await run(['index'], root);
    expect(written).toMatchObject({ code: 0, stdout: 'postmortems/README.md: 101 incidents, all of them in postmortems/INCIDENTS.md\n' });
    const front = readFileSync(join(root, 'postmortems/README.md'), 'utf8');
    expect(front).toContain('## The latest 100 incidents');
    expect(front).toContain('All 101 incidents, by year: [the full list](INCIDENTS.md).');
    expect(readFileSync(join(root, 'postmortems/INCIDENTS.md'), 'utf8').match(/^\| 2023-05-\d\d \| \[INC-/gm)).toHaveLength(101);
    const lint = await run(['lint', '--format', 'json'], root);
    expect((JSON.parse(lint.stdout) as { filePath: string }[]).some((result) => result.filePath.endsWith('INCIDENTS.md'))).toBe(false);
    expect((await run(['index', '--check'], root)).code).toBe(0);
    writeFileSync(join(root, 'postmortems/INCIDENTS.md'), 'edited by hand\n');
    const stale = await run(['index', '--check'], root);
    expect(stale).toMatchObject({ code: 1, stderr: 'postmortems/INCIDENTS.md is stale: run "postmortem index" and commit it\n' });
  });
});
