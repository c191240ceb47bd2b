import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfKnowledgeBase, FIXTURES } from '../helpers.js';
import { runCli } from '../support/cli.js';

const run = runCli;

/** A workspace holding the bundled knowledge base plus some failing fixtures. */
function workspace(): string {
  const root = copyOfKnowledgeBase('pm-cli-');
  mkdirSync(join(root, 'postmortems/2024'), { recursive: true });
  cpSync(join(FIXTURES, 'rules/action-item-owner/fail.md'), join(root, 'postmortems/2024/owners.md'));
  cpSync(join(FIXTURES, 'rules/action-item-due/pass.md'), join(root, 'elsewhere.md'));
  return root;
}

describe('postmortem lint', () => {
  it('lints the bundled knowledge base clean, skipping README.md and TEMPLATE.md (exit 0)', async () => {
    const { code, stdout } = await run(['lint']);
    expect(code).toBe(0);
    expect(stdout).toBe('✔ 4 postmortems checked: no problems\n');
  });

  it('exits 1 on errors, with absolute JSON paths as ESLint writes them (resolved against the working directory)', async () => {
    const root = workspace();
    const { code, stdout } = await run(['lint', '--format', 'json'], root);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { filePath: string; errorCount: number }[];
    expect(report.map((file) => file.filePath)).toEqual(
      [
        'postmortems/2023-10-15-user-listing-n-plus-one-queries.md',
        'postmortems/2023-12-01-organization-dashboard-n-plus-one-queries.md',
        'postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md',
        'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md',
        'postmortems/2024/owners.md',
      ].map((path) => resolve(root, path)),
    );
    expect(report[4]!.errorCount).toBe(6);
    const nested = await run(['lint', '--format', 'json', '../elsewhere.md'], join(root, 'postmortems'));
    expect(JSON.parse(nested.stdout)[0].filePath).toBe(resolve(root, 'elsewhere.md'));
  });

  it('exits 0 when only warnings remain', async () => {
    const root = workspace();
    writeFileSync(join(root, '.postmortemrc.yml'), 'patterns:\n  ignoreTags: [database]\nrules:\n  action-item-owner: warn\n  placeholder: warn\n');
    const { code, stdout } = await run(['lint'], root);
    expect(code).toBe(0);
    expect(stdout).toContain('✖ 6 problems (0 errors, 6 warnings) in 5 postmortems');
  });

  it('takes files, directories and globs; a named file is linted even if ignored', async () => {
    const root = workspace();
    expect(JSON.parse((await run(['lint', '--format', 'json', 'postmortems/2024'], root)).stdout)).toHaveLength(1);
    expect(JSON.parse((await run(['lint', '--format', 'json', 'postmortems/2023-*.md'], root)).stdout)).toHaveLength(2);
    expect(JSON.parse((await run(['lint', '--format', 'json', 'postmortems'], root)).stdout)).toHaveLength(5);
    const template = await run(['lint', '--format', 'json', 'postmortems/TEMPLATE.md'], root);
    expect(JSON.parse(template.stdout)[0].filePath).toBe(resolve(root, 'postmortems/TEMPLATE.md'));
  });

  it('prints GitHub annotations with --format github', async () => {
    const { stdout } = await run(['lint', '--format', 'github'], workspace());
    expect(stdout.split('\n')[0]).toMatch(/^::error file=postmortems\/2024\/owners\.md,line=29,endLine=29,col=\d+,endColumn=\d+,title=postmortem action-item-owner::AI-001/);
  });

  it('exits 2 on usage and config errors, with a message and no stack trace', async () => {
    const root = workspace();
    const cases = [
      [['lint', '--format', 'xml'], /Unknown format "xml"/],
      [['lint', 'missing.md'], /No such file or directory: missing\.md/],
      [['lint', 'nothing/**/*.md'], /No files match nothing/],
      [['lint', '--wat'], /Unknown option '--wat'/],
      [['frobnicate'], /Unknown command "frobnicate"/],
      [[], /Usage: postmortem/],
      [['lint', '--config', 'nope.yml'], /configuration error: config file not found: nope\.yml/],
    ] as const;
    for (const [argv, message] of cases) {
      const { code, stderr } = await run([...argv], root);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    writeFileSync(join(root, '.postmortemrc.yml'), 'rules:\n  action-item-owner: loud\n');
    const bad = await run(['lint'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^postmortem: configuration error: \.postmortemrc\.yml:2: "rules\.action-item-owner"/);
  });

  it('prints help and version with exit 0', async () => {
    expect((await run(['--help'])).stdout).toMatch(/Usage: postmortem <command>/);
    expect((await run(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('postmortem rules', () => {
  it('lists every rule with its default severity and docs path', async () => {
    const { code, stdout } = await run(['rules', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toContainEqual({
      id: 'action-item-due',
      severity: 'error',
      description: expect.any(String),
      docs: 'docs/rules/action-item-due.md',
    });
  });
});

describe('files that are not postmortems', () => {
  it('never reads a symbolic link out of the workspace, and reports it and a directory named x.md', async () => {
    const { symlinkSync } = await import('node:fs');
    const root = workspace();
    const outside = mkdtempSync(join(tmpdir(), 'pm-outside-'));
    writeFileSync(join(outside, 'secret.md'), '# secret\n');
    symlinkSync(join(outside, 'secret.md'), join(root, 'postmortems/link.md'));
    // Links to folders, one of them a loop, are not walked.
    symlinkSync(outside, join(root, 'postmortems/outside'));
    symlinkSync('..', join(root, 'postmortems/loop'));
    mkdirSync(join(root, 'postmortems/folder.md'));
    const { stdout, code: exitCode } = await run(["lint", "--format", "json"], root);
    const report = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; message: string; line: number }[] }[];
    // ESLint's JSON has absolute paths; these are the ones under the workspace, as it shows them.
    const shown = (path: string) => relative(root, path).split(sep).join('/');
    expect(report.map((file) => shown(file.filePath)).filter((path) => /link|outside|loop/.test(path))).toEqual(['postmortems/link.md']);
    expect(report.find((file) => shown(file.filePath) === 'postmortems/link.md')?.messages).toEqual([
      expect.objectContaining({ ruleId: 'parse', line: 1, message: expect.stringMatching(/symbolic link to a place outside the workspace/) }),
    ]);
    expect(stdout).not.toContain('# secret');
    // A directory the globs match is a finding with its path, not a crash and not silence.
    expect(exitCode).toBe(1);
    expect(report.find((file) => shown(file.filePath) === 'postmortems/folder.md')?.messages).toEqual([
      expect.objectContaining({ ruleId: 'parse', line: 1, message: expect.stringMatching(/^A directory named like a postmortem; it was not read/) }),
    ]);
    // Named explicitly, the link is reported, not read.
    const named = await run(['lint', '--format', 'json', 'postmortems/link.md'], root);
    const link = (JSON.parse(named.stdout) as typeof report).find((file) => shown(file.filePath) === 'postmortems/link.md');
    expect(link?.messages).toEqual([expect.objectContaining({ ruleId: 'parse', message: expect.stringMatching(/symbolic link to a place outside the workspace/) })]);
  });
});
