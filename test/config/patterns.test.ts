import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledPattern } from '../../src/config/compiled-pattern.js';
import { patternProblem } from '../../src/config/pattern-check.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { lintWorkspace } from '../../src/workspace/lint.js';
import { configError } from '../helpers.js';

function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'pm-patterns-'));
  for (const [path, text] of Object.entries({ '.git/HEAD': 'ref: refs/heads/main\n', ...files })) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('regular expressions from the config are checked when it loads', () => {
  it('refuses an idPattern that backtracks exponentially (a 33-character id would hang the lint), naming the key, file and line', () => {
    const root = repository({ '.postmortemrc.yml': 'severities: [SEV1]\nidPattern: "^(a+)+$"\n' });
    const error = configError(() => loadConfig(root));
    expect(error.message).toMatch(/^"idPattern": this pattern can take exponential time on some inputs \(e\.g\. .*'a'.*\); rewrite it without nested repetition$/);
    expect([error.file, error.line]).toEqual(['.postmortemrc.yml', 2]);
  });

  it('checks idPattern also in the form it is searched for in document text, with its flags', () => {
    // Anchored it runs once per id; unanchored over prose, each of a run of spaces starts a new scan.
    expect(patternProblem('^ *INC-\\d+$', 'u')).toBeUndefined();
    const root = repository({ '.postmortemrc.yml': 'idPattern: "^ *INC-\\\\d+$"\n' });
    const error = configError(() => loadConfig(root));
    expect(error.message).toMatch(/^"idPattern": as ids are searched for in document text, this pattern can take quadratic time on some inputs \(e\.g\. ' '\.repeat\(\d+\)\)/);
    expect([error.file, error.line]).toEqual(['.postmortemrc.yml', 1]);
  });

  it('refuses a backtracking fileNamePattern and action-item-id pattern, each by its key and line', () => {
    const names = configError(() => loadConfig(repository({ '.postmortemrc.yml': 'frontmatter: optional\nfileNamePattern: "^(?<id>(a|a)*)\\\\.md$"\n' })));
    expect([names.message.slice(0, 60), names.line]).toEqual(['"fileNamePattern": this pattern can take exponential time on', 2]);
    const items = configError(() => loadConfig(repository({ '.postmortemrc.yml': 'rules:\n  action-item-id:\n    - error\n    - pattern: "^(\\\\d+)+$"\n' })));
    expect(items.message).toMatch(/^"rules\.action-item-id\.pattern": this pattern can take exponential time/);
    expect([items.file, items.line]).toEqual(['.postmortemrc.yml', 4]);
  });

  it('names the file that set the pattern when it comes through extends', () => {
    const root = repository({ '.postmortemrc.yml': 'extends: ./team/base.yml\n', 'team/base.yml': 'severities: [SEV1]\n\nidPattern: "^(\\\\w+\\\\s?)*$"\n' });
    const error = configError(() => loadConfig(root));
    expect([error.file, error.line]).toEqual(['team/base.yml', 3]);
  });

  it('accepts patterns that run in linear time, and presets are not re-checked', () => {
    const root = repository({ '.postmortemrc.yml': 'extends: dfds\nidPattern: "^[A-Z]{2,5}-\\\\d+$"\nrules:\n  action-item-id: [error, { pattern: "^AI-\\\\d{3}$" }]\n' });
    const config = loadConfig(root);
    expect(config.format.idPattern).toBe('^[A-Z]{2,5}-\\d+$');
    expect(config.format.fileNamePattern).toBe('^(?<id>PM\\d{4}-\\d{3}) - (?<title>.+)\\.md$');
  });

  it('says honestly when the checker could not decide in time', () => {
    expect(patternProblem('(?<![\\w-])(?:[A-Z]+-\\d+)(?![\\w-])', 'gu', 1)).toBe(
      'the ReDoS checker could not show within 0.001 s that this pattern runs in linear time; simplify it (fewer, bounded repetitions)',
    );
  });
});

describe('configured patterns are compiled once', () => {
  const RealRegExp = globalThis.RegExp;
  afterEach(() => {
    globalThis.RegExp = RealRegExp;
  });

  it('compiles idPattern and fileNamePattern the same number of times for 2 documents as for 12', async () => {
    // Each run uses patterns no other test compiled: the count is of this run's compilations.
    const run = async (documents: number, suffix: string) => {
      const idPattern = `^(?:PM|pm)${suffix}\\d{4}-\\d{3}$`;
      const files: Record<string, string> = {
        '.postmortemrc.yml': `frontmatter: optional\nidPattern: "${idPattern.replace(/\\/g, '\\\\')}"\nfileNamePattern: "^(?<id>PM${suffix}\\\\d{4}-\\\\d{3}) - (?<title>.+)\\\\.md$"\nfiles: ["incidents/*.md"]\n`,
      };
      for (let index = 0; index < documents; index++) {
        const id = `PM${suffix}2024-${String(index).padStart(3, '0')}`;
        files[`incidents/${id} - Outage ${index}.md`] = `# Outage ${index}\n\n**Incident ID**: ${id}\n**Date**: 2024-01-01\n\n## Summary\n\nLike PM${suffix}2023-001, again.\n`;
      }
      const root = repository(files);
      const config = loadConfig(root);
      let compiled = 0;
      globalThis.RegExp = new Proxy(RealRegExp, {
        construct(target, args: [string | RegExp, string?]) {
          if (String(args[0]).includes(`PM${suffix}`) || String(args[0]).includes(`pm)${suffix}`)) compiled++;
          return new target(...args);
        },
      });
      await lintWorkspace({ cwd: root, patterns: [], config, concurrency: 1 });
      globalThis.RegExp = RealRegExp;
      return compiled;
    };
    const few = await run(2, 'X');
    const many = await run(12, 'Y');
    expect(few).toBeGreaterThan(0);
    expect(many).toBe(few);
  });

  it('hands out one shared instance per source and flags', () => {
    expect(compiledPattern('^AI-\\d{3}$', 'u')).toBe(compiledPattern('^AI-\\d{3}$', 'u'));
    expect(compiledPattern('^AI-\\d{3}$', 'u')).not.toBe(compiledPattern('^AI-\\d{3}$', 'i'));
  });
});
