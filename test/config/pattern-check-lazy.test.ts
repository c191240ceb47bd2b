import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/workspace/config-file.js';

/** Whether recheck's 3 MB checker has been loaded into this test file's process. */
const checkerLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes(`${join('node_modules', 'recheck')}`));

function repository(config: string): string {
  const root = mkdtempSync(join(tmpdir(), 'pm-lazy-'));
  writeFileSync(join(root, '.postmortemrc.yml'), config);
  return root;
}

describe('the ReDoS checker', () => {
  it('is loaded only when a config sets a pattern of its own', () => {
    loadConfig(repository('rules:\n  action-item-owner: warn\n'));
    loadConfig(repository('extends: dfds\n'));
    loadConfig(mkdtempSync(join(tmpdir(), 'pm-lazy-')));
    expect(checkerLoaded()).toBe(false);
    loadConfig(repository('idPattern: "^INC-\\\\d{4}$"\n'));
    expect(checkerLoaded()).toBe(true);
  });
});
