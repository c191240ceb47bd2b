import { randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it, vi } from 'vitest';
import type { WorkspaceFs } from '../../src/workspace/fs.js';
import { copyOfKnowledgeBase, FIXTURES, REPO } from '../helpers.js';
import { runCli } from '../support/cli.js';

/**
 * The CLI run on a memfs volume, as markdownlint-cli2's `main({ fs })` is:
 * every command reads and writes the volume, never the real disk (the
 * workspace's path does not exist on it), and prints what it prints for the
 * same files on disk.
 */

/** Counts frontmatter reads and body parses per file by wrapping the parser's entry points: the production code is not touched. */
const parses = vi.hoisted(() => ({ heads: new Map<string, number>(), bodies: new Map<string, number>() }));
vi.mock('../../src/parse/document.js', async (importOriginal) => (await import('../support/parse-counter.js')).countingParser(await importOriginal(), parses));

const { main } = await import('../../src/cli/main.js');
const { lintWorkspace } = await import('../../src/workspace/lint.js');
const { isNodeFs } = await import('../../src/workspace/fs.js');

/** Nowhere on the real disk: a command that reached it would find nothing there, or leave something behind. */
const TOP = `/postmortem-kb-virtual-${randomUUID()}`;
const ROOT = `${TOP}/kb`;

const N_PLUS_ONE = readdirSync(join(FIXTURES, 'kb')).map((name) => `postmortems/${name}`);

/** The repository's knowledge base (its postmortems, template, index page and config) and two more N+1 incidents, plus `extra`. */
function documents(extra: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = { '.postmortemrc.yml': readFileSync(join(REPO, '.postmortemrc.yml'), 'utf8') };
  for (const name of readdirSync(join(REPO, 'postmortems'))) files[`postmortems/${name}`] = readFileSync(join(REPO, 'postmortems', name), 'utf8');
  for (const path of N_PLUS_ONE) files[path] = readFileSync(join(FIXTURES, 'kb', path.slice('postmortems/'.length)), 'utf8');
  return { ...files, ...extra };
}

function virtual(extra: Record<string, string> = {}) {
  const volume = Volume.fromJSON(documents(extra), ROOT);
  return { volume, fs: createFsFromVolume(volume) };
}

/** The same documents in a real temporary folder, to compare with. */
function onDisk(extra: Record<string, string> = {}): string {
  const root = copyOfKnowledgeBase('pm-virtual-');
  for (const [path, text] of Object.entries(documents(extra))) {
    nodeFs.mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** The CLI on a file system (the volume, or the disk when none is given). */
const run = (argv: string[], cwd: string, fs?: WorkspaceFs) => runCli(argv, cwd, { fs });

/** A command's output on the volume and on disk: the same, byte for byte. */
async function same(argv: string[], extra: Record<string, string> = {}) {
  const { fs } = virtual(extra);
  const inVolume = await run(argv, ROOT, fs);
  const root = onDisk(extra);
  const disk = await run(argv, root);
  // ESLint's JSON names files by absolute path: the two workspaces' roots differ, and nothing else may.
  expect(inVolume).toEqual({ ...disk, stdout: disk.stdout.split(root).join(ROOT) });
  return inVolume;
}

const OWNERS = { 'postmortems/2024/owners.md': readFileSync(join(FIXTURES, 'rules/action-item-owner/fail.md'), 'utf8') };

describe('the CLI on a virtual file system', () => {
  it('lint: no problems and exit 0, or the findings and exit 1, as on disk', async () => {
    const clean = await same(['lint']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/\n✖ 3 problems \(0 errors, 3 warnings\) in 6 postmortems\n$/);
    const failing = await same(['lint', '--format', 'json'], OWNERS);
    expect(failing.code).toBe(1);
    const report = JSON.parse(failing.stdout) as { filePath: string; errorCount: number; messages: { ruleId: string; line: number }[] }[];
    const owners = report.find((file) => file.filePath === `${ROOT}/postmortems/2024/owners.md`)!;
    expect(owners.errorCount).toBe(6);
    // Each finding keeps its line in the file of the volume.
    expect(owners.messages.filter((message) => message.ruleId === 'action-item-owner').map((message) => message.line)).toEqual(expect.arrayContaining([29, 30]));
    // Named files, folders and globs are found in the volume too.
    expect(JSON.parse((await same(['lint', '--format', 'json', 'postmortems/2024'], OWNERS)).stdout)).toHaveLength(1);
    expect(JSON.parse((await same(['lint', '--format', 'json', 'postmortems/2023-*.md'], OWNERS)).stdout)).toHaveLength(2);
  });

  it('lint --cache keeps its cache in the volume and reuses it', async () => {
    const { volume, fs } = virtual(OWNERS);
    const first = await run(['lint', '--cache'], ROOT, fs);
    expect(first.code).toBe(1);
    expect(volume.existsSync(`${ROOT}/.postmortem-cache`)).toBe(true);
    expect(await run(['lint', '--cache'], ROOT, fs)).toEqual(first);
    const outcome = await lintWorkspace({ cwd: ROOT, patterns: [], cacheFile: '.postmortem-cache', fs, concurrency: 4 });
    // Worker threads could not see the volume: the lint stays in this thread.
    expect(outcome.stats).toEqual({ workers: 0, reused: 7 });
    expect(outcome.reader.onDisk).toBe(false);
  });

  it('refuses a symbolic link in the volume that leads out of the workspace, and does not walk a linked folder', async () => {
    const { fs } = virtual();
    fs.mkdirSync(`${TOP}/outside`, { recursive: true });
    fs.writeFileSync(`${TOP}/outside/secret.md`, '# secret\n');
    fs.symlinkSync(`${TOP}/outside/secret.md`, `${ROOT}/postmortems/link.md`);
    fs.symlinkSync(`${TOP}/outside`, `${ROOT}/postmortems/outside`);
    const { code, stdout } = await run(['lint', '--format', 'json'], ROOT, fs);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[];
    expect(report.map((file) => file.filePath).filter((path) => /link|outside/.test(path))).toEqual([`${ROOT}/postmortems/link.md`]);
    expect(report.find((file) => file.filePath === `${ROOT}/postmortems/link.md`)!.messages).toEqual([
      expect.objectContaining({ ruleId: 'parse', line: 1, message: expect.stringMatching(/symbolic link to a place outside the workspace/) }),
    ]);
    // ESLint's `source` is the text of files with findings: never the one the link leads to.
    expect(stdout).not.toContain('# secret');
  });

  it('related and patterns: the incidents and the pattern of the volume, as on disk', async () => {
    const related = await same(['related', 'INC-20240118-0023']);
    expect(related.code).toBe(0);
    expect(related.stdout).toContain('INC-20231201-0019');
    expect((await same(['related', 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md', '--format', 'json'])).code).toBe(0);
    const patterns = await same(['patterns', '--format', 'json']);
    const [pattern] = JSON.parse(patterns.stdout) as { tags: string[]; incidents: string[]; openActionItems: unknown[] }[];
    expect(pattern!.tags[0]).toBe('n-plus-one');
    expect(pattern!.incidents).toHaveLength(5);
    expect(pattern!.openActionItems.length).toBeGreaterThan(0);
    expect((await same(['patterns'])).code).toBe(0);
  });

  it('index writes postmortems/README.md into the volume; index --check tells current from stale', async () => {
    const { volume, fs } = virtual();
    const readme = `${ROOT}/postmortems/README.md`;
    const written = await run(['index'], ROOT, fs);
    expect(written).toEqual({ code: 0, stdout: 'postmortems/README.md: 6 incidents\n', stderr: '' });
    const disk = onDisk();
    await run(['index'], disk);
    expect(String(volume.readFileSync(readme))).toBe(readFileSync(join(disk, 'postmortems/README.md'), 'utf8'));
    expect(await run(['index', '--check'], ROOT, fs)).toMatchObject({ code: 0, stdout: 'postmortems/README.md is up to date\n' });
    const edited = String(volume.readFileSync(`${ROOT}/${N_PLUS_ONE[0]}`)).replace(/^title: .*$/m, 'title: Renamed');
    fs.writeFileSync(`${ROOT}/${N_PLUS_ONE[0]}`, edited);
    expect(await run(['index', '--check'], ROOT, fs)).toMatchObject({ code: 1, stderr: 'postmortems/README.md is stale: run "postmortem index" and commit it\n' });
  });

  it('new writes a draft into the volume, with the next free id of the day, and never overwrites it', async () => {
    const { volume, fs } = virtual();
    const args = ['new', '--title', 'Payments API: TLS handshake failures', '--severity', 'SEV2', '--date', '2024-01-15'];
    expect(await run(args, ROOT, fs)).toEqual({ code: 0, stdout: 'postmortems/2024-01-15-payments-api-tls-handshake-failures.md\n', stderr: '' });
    const path = `${ROOT}/postmortems/2024-01-15-payments-api-tls-handshake-failures.md`;
    const draft = String(volume.readFileSync(path));
    expect(draft).toContain('id: INC-20240115-0043\n');
    expect(draft).toContain('# Postmortem: Payments API: TLS handshake failures\n');
    const again = await run(args, ROOT, fs);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists: nothing was written/);
    expect(String(volume.readFileSync(path))).toBe(draft);
  });

  it('plan and overdue --as-of: the documents of the volume, as on disk', async () => {
    const plan = await same(['plan', '--format', 'json']);
    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout) as { actions: unknown[] }).actions.length).toBeGreaterThan(0);
    const overdue = await same(['overdue', '--as-of', '2024-06-01']);
    expect(overdue.code).toBe(0);
    expect(overdue.stdout).toMatch(/^As of 2024-06-01: [1-9]\d* overdue/);
    expect((await same(['metrics', '--format', 'json'])).code).toBe(0);
  });

  it('reports a config error in the volume with its file and line, without a stack trace', async () => {
    const { code, stderr } = await run(['lint'], ROOT, virtual({ '.postmortemrc.yml': 'extends: recommended\nrules:\n  no-such-rule: error\n' }).fs);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^postmortem: configuration error: \.postmortemrc\.yml:3: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('leaves the real disk alone', async () => {
    const { fs } = virtual();
    for (const argv of [['lint', '--cache'], ['index'], ['new', '--title', 'A', '--severity', 'SEV3', '--date', '2024-02-02'], ['patterns']]) await run(argv, ROOT, fs);
    expect(existsSync(TOP)).toBe(false);
    expect(isNodeFs(fs)).toBe(false);
    expect(isNodeFs(nodeFs)).toBe(true);
    expect(isNodeFs({ ...nodeFs })).toBe(true);
  });
});

/** The volume's file system with every readFileSync counted by path. */
function counted(fs: WorkspaceFs) {
  const reads = new Map<string, number>();
  const readFileSync = (path: string) => {
    reads.set(path, (reads.get(path) ?? 0) + 1);
    return fs.readFileSync(path);
  };
  // memfs binds its methods to the volume: copied, they still read it.
  return { fs: { ...fs, readFileSync }, reads };
}

describe('one run reads each file once (an indexed file parsed afterwards: twice) and parses each body at most once', () => {
  const postmortems = Object.keys(documents(OWNERS)).filter((path) => /^postmortems\/(\d{4}-|2024\/)/.test(path));

  for (const argv of [['lint'], ['lint', 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md'], ['patterns'], ['related', 'INC-20240118-0023'], ['index'], ['plan']]) {
    it(argv.join(' '), async () => {
      const { fs, reads } = counted(virtual(OWNERS).fs);
      parses.heads.clear();
      parses.bodies.clear();
      await run(argv, ROOT, fs);
      const readsOf = Object.fromEntries(postmortems.map((path) => [path, reads.get(`${ROOT}/${path}`) ?? 0]));
      // Every postmortem is read (the index needs all of them): once. A command that indexes first lets go of each
      // file's text; the few whose bodies it parses afterwards (a pattern's earlier incidents) are read once more.
      const indexFirst = argv[0] === 'patterns' || argv[0] === 'related';
      expect(readsOf).toEqual(Object.fromEntries(postmortems.map((path) => [path, indexFirst && parses.bodies.has(path) ? 2 : 1])));
      for (const path of postmortems) {
        expect(parses.heads.get(path) ?? 0, `frontmatter of ${path}`).toBeLessThanOrEqual(readsOf[path]!);
        expect(parses.bodies.get(path) ?? 0, `body of ${path}`).toBeLessThanOrEqual(1);
      }
      if (argv[0] === 'lint' && argv.length === 1) expect(postmortems.every((path) => parses.bodies.get(path) === 1)).toBe(true);
      // Patterns parse the bodies of earlier incidents only: the last of the pattern's incidents is not.
      if (argv[0] === 'patterns') expect(parses.bodies.get(N_PLUS_ONE.at(-1)!)).toBeUndefined();
    });
  }
});
