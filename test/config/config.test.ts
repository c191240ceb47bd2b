import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig } from '../../src/workspace/config-file.js';
import { configError } from '../helpers.js';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'pm-config-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('configuration', () => {
  it('uses the defaults when there is no config file', () => {
    const root = workspace({});
    const config = loadConfig(root);
    expect(config.files).toEqual(['postmortems/**/*.md']);
    expect(config.ignores).toEqual(['**/README.md', '**/TEMPLATE.md']);
    expect(config.rules['action-item-due']).toEqual({ level: 'error', options: { deadlines: { P0: 7, P1: 30, P2: 60, P3: 90 }, bySeverity: {} } });
    expect(config.sources).toEqual([]);
  });

  it('is found from the working directory upward, and globs are relative to its directory', () => {
    const root = workspace({ '.postmortemrc.yml': 'files: ["incidents/**/*.md"]\n', 'incidents/deep/x.md': '' });
    expect(findConfigFile(join(root, 'incidents/deep'))).toBe(join(root, '.postmortemrc.yml'));
    const config = loadConfig(join(root, 'incidents/deep'));
    expect(config.files).toEqual(['incidents/**/*.md']);
    expect(config.root).toBe(root);
  });

  it('applies levels and merges rule options over the defaults', () => {
    const root = workspace({
      '.postmortemrc.yml': 'rules:\n  action-item-owner: warn\n  required-sections: off\n  action-item-due: [error, { deadlines: { P0: 3 } }]\n',
    });
    const config = loadConfig(root);
    expect(config.rules['action-item-owner']!.level).toBe('warning');
    expect(config.rules['required-sections']!.level).toBe('off');
    expect(config.rules['action-item-due']!.options).toEqual({ deadlines: { P0: 3 }, bySeverity: {} });
  });

  it('follows extends: presets and files, later layers winning, --config overriding discovery', () => {
    // A Git work tree: `../base.yml` from team/ is still inside the repository.
    const root = workspace({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'base.yml': 'extends: recommended\nseverities: [S1, S2]\nrules:\n  action-item-owner: warn\n',
      'team/.postmortemrc.yml': 'extends: ../base.yml\nrules:\n  action-item-due: off\n',
      'other.yml': 'severities: [HIGH, LOW]\n',
    });
    const config = loadConfig(join(root, 'team'));
    expect(config.format.severities).toEqual(['S1', 'S2']);
    expect(config.rules['action-item-owner']!.level).toBe('warning');
    expect(config.rules['action-item-due']!.level).toBe('off');
    expect(config.sources).toEqual([join(root, 'team/.postmortemrc.yml'), join(root, 'base.yml')]);
    expect(loadConfig(join(root, 'team'), '../other.yml').format.severities).toEqual(['HIGH', 'LOW']);
  });

  it('names the file, the key and the line of a mistake', () => {
    const cases: [string, RegExp, number | undefined][] = [
      ['rules:\n  action-item-owner: loud\n', /"rules\.action-item-owner"/, 2],
      ['severites: [SEV1]\n', /"severites" is not a known key/, 1],
      ['rules:\n  five-wise: error\n', /"rules\.five-wise" is not a known rule/, 2],
      ['rules:\n  action-item-due: [error, { deadlines: { P0: soon } }]\n', /"rules\.action-item-due\.deadlines\.P0" is "soon"; it must be a whole number/, 2],
      ['rules:\n  related-incidents: [error, { strict: true }]\n', /takes no options/, 2],
      ['idPattern: "([a-z"\n', /"idPattern" is not a valid regular expression/, 1],
      ['files: [a\n', /YAML syntax error/, undefined],
      ['extends: strict\n', /neither a preset \(recommended, google-sre, pagerduty, atlassian, dfds\) nor a file path/, 1],
      ['extends: ./missing.yml\n', /does not exist/, 1],
      ['maxFileSize: -1\n', /"maxFileSize" is -1; it must be at least 1/, 1],
      ['maxReadSeconds: 0\n', /"maxReadSeconds" must be > 0/, 1],
      ['sections:\n  summary: []\n', /"sections\.summary" must list at least 1 item/, 2],
    ];
    for (const [text, message, line] of cases) {
      const root = workspace({ '.postmortemrc.yml': text });
      const error = configError(() => loadConfig(root));
      expect(error.message).toMatch(message);
      expect(error.file).toBe('.postmortemrc.yml');
      if (line !== undefined) expect(error.line).toBe(line);
      else expect(error.line).toBeGreaterThan(0);
    }
  });

  it('refuses an extends loop and a missing --config file', () => {
    const root = workspace({ 'a.yml': 'extends: ./b.yml\n', 'b.yml': 'extends: ./a.yml\n' });
    expect(configError(() => loadConfig(root, 'a.yml')).message).toMatch(/loops back/);
    expect(configError(() => loadConfig(root, 'nope.yml')).message).toMatch(/not found: nope\.yml/);
  });
});

describe('the README', () => {
  it('shows a configuration example that the config schema accepts, every rule in it known', async () => {
    const { readFileSync } = await import('node:fs');
    const { REPO } = await import('../helpers.js');
    const readme = readFileSync(`${REPO}README.md`, 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const root = workspace({ '.postmortemrc.yml': example });
    const config = loadConfig(root);
    expect(config.rules['action-item-owner']!.level).toBe('warning');
    expect(config.format.fileNamePattern).toBe('^(?<id>PM\\d{4}-\\d{3}) - (?<title>.+)\\.md$');
  });
});
