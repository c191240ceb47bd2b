import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { main } from '../../src/cli/main.js';
import type { WorkspaceFs } from '../../src/workspace/fs.js';
import { REPO } from '../helpers.js';

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  exclude: string;
  pass_filenames: boolean;
}

/** `.pre-commit-hooks.yaml`: what pre-commit reads from this repository when a team names it in `.pre-commit-config.yaml`. */
const hooks = parseYaml(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = hooks.find((candidate) => candidate.id === 'postmortem-lint')!;
// pre-commit matches `files` and `exclude` with Python's re.search; these patterns mean the same in JavaScript.
const selected = (path: string) => new RegExp(hook.files).test(path) && !new RegExp(hook.exclude).test(path);

describe('the pre-commit hook', () => {
  it('is one node hook, postmortem-lint, handed the staged files', () => {
    expect(hooks).toHaveLength(1);
    expect(hook).toMatchObject({ id: 'postmortem-lint', language: 'node', pass_filenames: true });
  });

  it('selects the postmortems, not the template or the index page', () => {
    for (const path of ['postmortems/2024-01-15-api-gateway.md', 'postmortems/2023/q4/db-outage.md']) expect(selected(path), path).toBe(true);
    for (const path of ['postmortems/TEMPLATE.md', 'postmortems/README.md', 'postmortems/2023/README.md', 'README.md', 'docs/format.md', 'postmortems/notes.txt']) expect(selected(path), path).toBe(false);
  });

  it('names an entry the CLI accepts: the package’s bin and the lint command, given file names', async () => {
    const [bin, command, ...rest] = hook.entry.split(' ');
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(manifest.bin)).toContain(bin);
    expect(rest).toEqual([]);
    const root = `/postmortem-kb-hook-${randomUUID()}`;
    // This repository's knowledge base, which lints clean: its postmortems, template, index page and config.
    const files: Record<string, string> = { '.git/HEAD': 'ref: refs/heads/main\n', '.postmortemrc.yml': readFileSync(join(REPO, '.postmortemrc.yml'), 'utf8') };
    for (const name of readdirSync(join(REPO, 'postmortems'))) files[`postmortems/${name}`] = readFileSync(join(REPO, 'postmortems', name), 'utf8');
    const staged = Object.keys(files).filter(selected);
    expect(staged).toHaveLength(readdirSync(join(REPO, 'postmortems')).length - 2);
    const fs = createFsFromVolume(Volume.fromJSON(files, root)) as unknown as WorkspaceFs;
    let stdout = '';
    let stderr = '';
    const code = await main({ argv: [command!, ...staged], cwd: root, fs, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), color: false });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(`✔ ${staged.length} postmortems checked: no problems\n`);
  });
});
