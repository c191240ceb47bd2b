import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { globLeaves, loadConfig } from '../../src/workspace/config-file.js';
import { lintWorkspace } from '../../src/workspace/lint.js';
import { configError, fixture } from '../helpers.js';

const SECRET = 'GITHUB_TOKEN=ghs_NOT_FOR_ANY_MESSAGE_0123';

/** A folder holding a secret file and, beside it, a Git work tree: the repository the config must stay in. */
function setUp(files: Record<string, string>): { outside: string; repo: string } {
  const outside = mkdtempSync(join(tmpdir(), 'pm-boundary-'));
  writeFileSync(join(outside, 'environ'), `${SECRET}\nHOME=/root\n`);
  writeFileSync(join(outside, 'base.yml'), 'severities: [LEAKED]\n');
  const repo = join(outside, 'repo');
  for (const [path, text] of Object.entries({ '.git/HEAD': 'ref: refs/heads/main\n', ...files })) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  return { outside, repo };
}

describe('extends stays inside the repository', () => {
  it('refuses a file outside, by a climbing or an absolute path, before reading it, and never echoes its content', () => {
    for (const target of ['../environ', '../../../../../../../../proc/self/environ', '/etc/passwd', '../base.yml', '../does-not-exist.yml']) {
      const { repo } = setUp({ '.postmortemrc.yml': `# the team's config\nextends:\n  - recommended\n  - ${target}\n` });
      const error = configError(() => loadConfig(repo));
      expect(error.message).toBe(`"extends" names ${target}, which is outside the repository: extends takes a preset or a config file inside the repository`);
      expect(error.file).toBe('.postmortemrc.yml');
      expect(error.line).toBe(4);
    }
  });

  it('refuses a file inside that is a symbolic link to one outside, and a config file that is one', () => {
    const { outside, repo } = setUp({ '.postmortemrc.yml': 'extends: ./shared/base.yml\n' });
    mkdirSync(join(repo, 'shared'));
    symlinkSync(join(outside, 'environ'), join(repo, 'shared/base.yml'));
    const linked = configError(() => loadConfig(repo));
    expect(linked.message).toBe('"extends" names ./shared/base.yml, a symbolic link to a place outside the repository; it was not read');
    expect([linked.file, linked.line]).toEqual(['.postmortemrc.yml', 1]);

    const other = setUp({});
    symlinkSync(join(other.outside, 'environ'), join(other.repo, '.postmortemrc.yml'));
    const self = configError(() => loadConfig(other.repo));
    expect(self.message).toMatch(/symbolic link to a place outside the repository; it was not read/);
    expect(self.message).not.toContain('ghs_');
  });

  it('refuses a link through a linked folder, and an outside file reached from an extended one', () => {
    const { repo } = setUp({ '.postmortemrc.yml': 'extends: ./team/base.yml\n', 'team/base.yml': 'extends: ../../environ\n' });
    const nested = configError(() => loadConfig(repo));
    expect([nested.message, nested.file, nested.line]).toEqual(['"extends" names ../../environ, which is outside the repository: extends takes a preset or a config file inside the repository', 'team/base.yml', 1]);

    const folder = setUp({ '.postmortemrc.yml': 'extends: ./linked/environ\n' });
    symlinkSync(folder.outside, join(folder.repo, 'linked'));
    expect(configError(() => loadConfig(folder.repo)).message).toMatch(/a symbolic link to a place outside the repository/);
  });

  it('still follows files inside, from a subfolder up to the repository root', () => {
    const { repo } = setUp({ 'base.yml': 'severities: [S1, S2]\n', 'team/.postmortemrc.yml': 'extends: ../base.yml\n' });
    expect(loadConfig(join(repo, 'team')).format.severities).toEqual(['S1', 'S2']);
  });

  it('in the action, a config named outside the workspace is refused, and the search stops at the workspace', () => {
    const { outside, repo } = setUp({});
    writeFileSync(join(outside, '.postmortemrc.yml'), 'severities: [ABOVE]\n');
    expect(loadConfig(repo, undefined, { workspace: repo }).format.severities).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    expect(configError(() => loadConfig(repo, '../environ', { workspace: repo })).message).toBe('config file ../environ is outside the workspace; name a file inside the repository');
  });

  it('never repeats what a config file holds when it is not a mapping of keys', () => {
    const { repo } = setUp({ '.postmortemrc.yml': `${SECRET}\n` });
    const error = configError(() => loadConfig(repo));
    expect(error.message).toBe('the config must be a mapping of keys (such as "extends: recommended"), not a string');
    expect([error.file, error.line]).toEqual(['.postmortemrc.yml', 1]);
  });
});

describe('files and indexPath stay inside the repository', () => {
  it('refuses globs that leave it, naming the glob\'s key and line', () => {
    const cases = ['../outside/*.md', '/etc/*.conf', '/*.conf', 'postmortems/../../*.md', 'postmortems/**/../../../x/*.md', '{..,postmortems}/*.md', '{../..,x}/*.md', '{/etc,x}/*.conf', '..\\outside\\*.md'];
    for (const glob of cases) {
      const { repo } = setUp({ '.postmortemrc.yml': `files:\n  - postmortems/**/*.md\n  - ${JSON.stringify(glob)}\n` });
      const error = configError(() => loadConfig(repo));
      expect(error.message, glob).toMatch(/^"files\[1\]" reaches outside the repository/);
      expect([error.file, error.line]).toEqual(['.postmortemrc.yml', 3]);
    }
  });

  it('accepts globs that stay inside, including from a config in a subfolder', () => {
    for (const glob of ['**/*.md', 'docs/../postmortems/*.md', './postmortems/{2023,2024}/*.md', '../repo/postmortems/*.md']) expect(globLeaves(glob, '/r/repo', '/r/repo'), glob).toBe(false);
    expect(globLeaves('../incidents/*.md', '/r/repo/team', '/r/repo')).toBe(false);
    const { repo } = setUp({ 'team/.postmortemrc.yml': 'files: ["../incidents/**/*.md"]\n' });
    expect(loadConfig(join(repo, 'team')).files).toEqual(['../incidents/**/*.md']);
  });

  it('lints nothing outside: a config whose globs leave the repository is an error, not a lint of other files', async () => {
    const { outside, repo } = setUp({ '.postmortemrc.yml': 'files: ["../outside/*.md"]\n' });
    mkdirSync(join(outside, 'outside'));
    writeFileSync(join(outside, 'outside/secret.md'), fixture('rules/action-item-owner/fail.md'));
    await expect(lintWorkspace({ cwd: repo, patterns: [] })).rejects.toThrow(/"files\[0\]" reaches outside the repository/);
  });

  it('does not read postmortems through a folder that links outside the workspace', async () => {
    const { outside, repo } = setUp({});
    mkdirSync(join(outside, 'elsewhere'));
    writeFileSync(join(outside, 'elsewhere/2024-01-01-x.md'), `---\ntitle: ${SECRET}\n---\n`);
    symlinkSync(join(outside, 'elsewhere'), join(repo, 'postmortems'));
    const { results } = await lintWorkspace({ cwd: repo, patterns: [], concurrency: 1 });
    expect(results.map((result) => [result.filePath, result.findings.map((finding) => finding.message)])).toEqual([
      ['postmortems/2024-01-01-x.md', ['File is in a folder that links to a place outside the workspace; it was not read']],
    ]);
  });

  it('tells files under a linked folder from their real neighbours, each (the real path is found once per folder)', async () => {
    const { outside, repo } = setUp({});
    mkdirSync(join(outside, 'elsewhere'));
    for (const name of ['2024-01-01-x.md', '2024-01-03-z.md']) writeFileSync(join(outside, 'elsewhere', name), `---\ntitle: ${SECRET}\n---\n`);
    mkdirSync(join(repo, 'postmortems'));
    writeFileSync(join(repo, 'postmortems/2024-01-02-y.md'), '---\ntitle: Here\n---\n');
    symlinkSync(join(outside, 'elsewhere'), join(repo, 'postmortems/linked'));
    // Named on the command line (discovery does not walk into linked folders), the real file between the linked ones.
    const patterns = ['postmortems/linked/2024-01-01-x.md', 'postmortems/2024-01-02-y.md', 'postmortems/linked/2024-01-03-z.md'];
    const { results } = await lintWorkspace({ cwd: repo, patterns, concurrency: 1 });
    const refusal = 'File is in a folder that links to a place outside the workspace; it was not read';
    const refused = results.filter((result) => result.findings.some((finding) => finding.message === refusal)).map((result) => result.filePath);
    expect(refused.sort()).toEqual(['postmortems/linked/2024-01-01-x.md', 'postmortems/linked/2024-01-03-z.md']);
    expect(results.map((result) => result.filePath)).toContain('postmortems/2024-01-02-y.md');
    expect(JSON.stringify(results)).not.toContain(SECRET);
  });

  it('refuses an indexPath outside the repository: `postmortem index` would write there', () => {
    const { repo } = setUp({ '.postmortemrc.yml': 'rules: {}\nindexPath: ../../home/user/.bashrc\n' });
    const error = configError(() => loadConfig(repo));
    expect([error.message, error.file, error.line]).toEqual(['"indexPath" is outside the repository: the index page is written relative to the config file\'s folder, inside the repository', '.postmortemrc.yml', 2]);
  });
});
