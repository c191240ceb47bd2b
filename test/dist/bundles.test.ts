import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfKnowledgeBase, FIXTURES, node, REPO } from '../helpers.js';

// The bundles as users run them: `npm start` runs dist/cli.js, the runner runs dist/index.js.

function knowledgeBase(extra: Record<string, string> = {}): string {
  const root = copyOfKnowledgeBase('pm-dist-');
  // The seed fixture shares its id with the bundled INC-20240118-0023; a second copy would be a duplicate id.
  for (const [path, source] of Object.entries(extra)) {
    writeFileSync(join(root, path), readFileSync(join(FIXTURES, source), 'utf8').replace('id: INC-20240118-0023', 'id: INC-20240118-0099'));
  }
  return root;
}

describe('dist/cli.js', () => {
  it('lints the bundled knowledge base clean, as `npm start` does', () => {
    const { code, stdout, stderr } = node([join(REPO, 'dist/cli.js'), 'lint'], { cwd: REPO });
    expect(stderr).toBe('');
    expect(stdout).toBe('✔ 4 postmortems checked: no problems\n');
    expect(code).toBe(0);
  });

  it('`npm start` lints the knowledge base, lists its patterns and relates its newest incident', () => {
    const result = spawnSync('npm', ['start', '--silent'], { cwd: REPO, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^✔ 4 postmortems checked: no problems\n1 recurring pattern:\n/);
    expect(result.stdout).toContain('Pattern: 3rd occurrence of n-plus-one in 180 days');
    expect(result.stdout).toMatch(/1\. INC-20231201-0019 .*\n.*\n {2}2\. INC-20231015-0008/);
  });

  it('exits 1 with findings, and 2 without a stack trace on a broken config', () => {
    const root = knowledgeBase({ 'postmortems/seed-2.md': 'seed/incident-2-as-written.md' });
    const failing = node([join(REPO, 'dist/cli.js'), 'lint'], { cwd: root });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('✖ 6 problems (6 errors, 0 warnings) in 5 postmortems');
    writeFileSync(join(root, '.postmortemrc.yml'), 'rules: [\n');
    const broken = node([join(REPO, 'dist/cli.js'), 'lint'], { cwd: root });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^postmortem: configuration error: \.postmortemrc\.yml:\d+: YAML syntax error/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('dist/index.js (the action)', () => {
  function runAction(root: string, inputs: Record<string, string>) {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'pm-runner-'));
    const output = join(runnerTemp, 'output');
    writeFileSync(output, '');
    const env: Record<string, string> = { GITHUB_WORKSPACE: root, GITHUB_OUTPUT: output, RUNNER_TEMP: runnerTemp };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const result = node([join(REPO, 'dist/index.js')], { cwd: root, env });
    return { ...result, outputs: readFileSync(output, 'utf8') };
  }

  it('annotates findings at their lines, sets outputs and fails on errors', () => {
    const root = knowledgeBase({ 'postmortems/seed-2.md': 'seed/incident-2-as-written.md' });
    const { code, stdout, outputs } = runAction(root, { 'fail-on': 'error', path: 'postmortems/**/*.md' });
    const annotations = stdout.split('\n').filter((line) => line.startsWith('::error file='));
    // Its Root Cause has no 5-Whys chain (line 18), and its five action items no due date.
    expect(annotations.map((line) => /line=(\d+)/.exec(line)![1])).toEqual(['18', '40', '41', '42', '43', '44']);
    expect(annotations[1]).toContain('file=postmortems/seed-2.md,line=40');
    expect(outputs).toMatch(/errors<<.*\n6\n/);
    expect(code).toBe(1);
  });

  it('passes on a clean knowledge base and honours fail-on: never', () => {
    expect(runAction(knowledgeBase(), {}).code).toBe(0);
    const root = knowledgeBase({ 'postmortems/seed-2.md': 'seed/incident-2-as-written.md' });
    expect(runAction(root, { 'fail-on': 'never' }).code).toBe(0);
    const wrong = runAction(root, { 'fail-on': 'sometimes' });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('::error::Input "fail-on" is "sometimes"');
  });
});
