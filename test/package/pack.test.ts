import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers.js';

/**
 * The package as a team gets it: `npm pack`, installed in an empty directory with no network and no
 * dependencies to fetch (the bundle carries them), then `init`, `new`, `lint` and `index` from its bin.
 */
let tarball: string;
let files: string[];
let project: string;

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });

function postmortem(args: string[]) {
  const result = spawnSync(process.execPath, [join(project, 'node_modules/.bin/postmortem'), ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), 'pm-pack-'));
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', out], REPO)) as { filename: string; files: { path: string }[] }[];
  tarball = join(out, packed!.filename);
  files = packed!.files.map((file) => file.path);
  project = mkdtempSync(join(tmpdir(), 'pm-team-'));
  execFileSync('git', ['init', '-q'], { cwd: project });
  writeFileSync(join(project, 'package.json'), '{"name": "team-incidents", "private": true}\n');
  // --offline: an install that needed a dependency from the registry fails here.
  npm(['install', '--offline', '--ignore-scripts', tarball], project);
}, 120_000);

describe('the npm package', () => {
  it('holds the bundle, its worker, the schemas, the action and the licence, and no sources or tests', () => {
    for (const path of ['dist/cli.js', 'dist/index.js', 'dist/lint-worker.js', 'dist/recheck.cjs', 'schemas/config.schema.json', 'schemas/postmortem.schema.json', 'action.yml', 'LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']) {
      expect(files).toContain(path);
    }
    expect(files.filter((path) => /^(src|test|bench|scripts|node_modules)\//.test(path))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies?: object; bin: Record<string, string> };
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ postmortem: 'dist/cli.js' });
    expect(existsSync(join(project, 'node_modules/postmortem-kb/node_modules'))).toBe(false);
  });

  it('installed in an empty repository: init, new, lint and index work from its bin', () => {
    const version = postmortem(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
    const init = postmortem(['init', '--date', '2026-12-02']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    for (const path of ['.postmortemrc.yml', 'postmortems/TEMPLATE.md', 'postmortems/README.md', '.github/workflows/postmortems.yml']) expect(existsSync(join(project, path)), path).toBe(true);
    const draft = postmortem(['new', '--title', 'Checkout latency from an N+1 query', '--severity', 'SEV3', '--date', '2026-12-01', '--tags', 'n-plus-one,checkout']);
    expect(draft.code).toBe(0);
    // A fresh draft is not a finished postmortem: the lint says what is still template text (warnings, for a draft),
    // and a team that allows no warnings gets exit 1.
    const lint = postmortem(['lint']);
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);
    expect(lint.stdout).toMatch(/postmortems\/2026-12-01-checkout-latency-from-an-n-1-query\.md/);
    expect(lint.stdout).toMatch(/warning +Template marker .* placeholder/);
    expect(postmortem(['lint', '--max-warnings', '0']).code).toBe(1);
    const index = postmortem(['index']);
    expect(index.code).toBe(0);
    expect(index.stdout).toBe('postmortems/README.md: 1 incident\n');
    expect(readFileSync(join(project, 'postmortems/README.md'), 'utf8')).toMatch(/\| Checkout latency from an N&#43;1 query \| SEV3 \| draft \|/);
  });
});
