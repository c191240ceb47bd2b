import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import postmortemSchema from '../../schemas/postmortem.schema.json' with { type: 'json' };
import { configText, PRESET_SUMMARIES } from '../../src/adopt/config-text.js';
import { CHECKOUT } from '../../src/adopt/workflow.js';
import { initCommand, type InitOptions } from '../../src/cli/init.js';
import { main } from '../../src/cli/main.js';
import { PRESETS } from '../../src/config/resolve.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { UsageError } from '../../src/workspace/discover.js';
import type { WorkspaceFs } from '../../src/workspace/fs.js';
import { FIXTURES, REPO } from '../helpers.js';

/** Nowhere on the real disk: `init` writes through the file system it is given, never beside it. */
const ROOT = `/postmortem-kb-init-${randomUUID()}/team`;
const DATE = '2026-12-02';
const WRITTEN = ['.postmortemrc.yml', 'postmortems/TEMPLATE.md', 'postmortems/README.md', '.github/workflows/postmortems.yml', '.vscode/settings.json'];

function volume(files: Record<string, string> = {}) {
  const vol = Volume.fromJSON({ ...files, '.git/HEAD': 'ref: refs/heads/main\n' }, ROOT);
  return { vol, fs: createFsFromVolume(vol) as unknown as WorkspaceFs };
}

function io(fs: WorkspaceFs, cwd = ROOT) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { argv: [], cwd, fs, stdout: (text: string) => void (out.stdout += text), stderr: (text: string) => void (out.stderr += text), color: false } };
}

async function init(fs: WorkspaceFs, options: InitOptions = {}, cwd = ROOT) {
  const { out, io: given } = io(fs, cwd);
  const code = await initCommand(given, [], { date: DATE, ...options });
  return { code, ...out };
}

async function cli(fs: WorkspaceFs, argv: string[]) {
  const { out, io: given } = io(fs);
  const code = await main({ ...given, argv });
  return { code, ...out };
}

const read = (fs: WorkspaceFs, path: string) => String(fs.readFileSync(join(ROOT, path)));

describe('postmortem init in an empty repository', () => {
  it('writes the config, the template, the index page, the workflow and the editor settings; the repository then lints clean', async () => {
    const { fs } = volume();
    const result = await init(fs);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      [
        `postmortem init (${DATE}) in ${ROOT}:`,
        ...WRITTEN.map((path) => `  wrote    ${path}`),
        '',
        'Next steps:',
        `  1. Commit what was written: git add ${WRITTEN.join(' ')} && git commit -m "Keep postmortems with postmortem-kb"`,
        '  2. Open a pull request with a postmortem: postmortem new --title "What happened" --severity SEV3, fill it in and push it; the workflow reviews it on the pull request.',
        '  3. Merge it: the workflow opens one GitHub issue per action item, and escalates the overdue ones on weekday mornings.',
        '',
      ].join('\n'),
    );
    expect(await cli(fs, ['lint'])).toEqual({ code: 0, stdout: '✔ 0 postmortems checked: no problems\n', stderr: '' });
    // The index page is the one `postmortem index` writes.
    expect(await cli(fs, ['index', '--check'])).toMatchObject({ code: 0, stdout: 'postmortems/README.md is up to date\n' });
  });

  it('writes a config that loads, with the preset chosen, the others named, and escalation.since set to today', async () => {
    const { fs } = volume();
    await init(fs);
    const text = read(fs, '.postmortemrc.yml');
    expect(parseYaml(text)).toEqual({ extends: 'recommended', escalation: { since: DATE } });
    for (const preset of Object.keys(PRESETS)) expect(text).toMatch(new RegExp(`^#   ${preset} `, 'm'));
    const config = loadConfig(ROOT, undefined, { fs });
    expect(config.escalation.since).toBe(DATE);
    expect(config.sources).toEqual([join(ROOT, '.postmortemrc.yml')]);
    // Every key written or shown commented out is one the schema knows (a commented line uncommented still loads).
    const uncommented = text.replace(/^# (sync:|  since:|rules:|  action-item-due:)/gm, '$1').replace(/^(\s+)# (dueSoonDays|contacts):/gm, '$1$2:');
    expect(parseYaml(uncommented).sync).toEqual({ since: DATE });
    const { fs: other } = volume({ '.postmortemrc.yml': uncommented });
    expect(loadConfig(ROOT, undefined, { fs: other }).rules['action-item-due']!.options).toMatchObject({ deadlines: { P0: 7, P1: 30 } });
  });

  it('describes every preset there is', () => {
    expect(Object.keys(PRESET_SUMMARIES).sort()).toEqual(Object.keys(PRESETS).sort());
  });

  it('writes the bundled template, without the schema modeline the YAML language server would not honour in Markdown', async () => {
    const { fs } = volume();
    await init(fs);
    const template = read(fs, 'postmortems/TEMPLATE.md');
    expect(template).toBe(readFileSync(join(REPO, 'postmortems/TEMPLATE.md'), 'utf8').replace(/^# yaml-language-server: .*\n/m, ''));
    expect(template).not.toContain('yaml-language-server');
    // `new` then uses it, and says nothing of a bundled fallback.
    const draft = await cli(fs, ['new', '--title', 'Checkout timeouts', '--severity', 'SEV2', '--date', '2026-12-01']);
    expect(draft).toMatchObject({ code: 0, stderr: '', stdout: 'postmortems/2026-12-01-checkout-timeouts.md\n' });
  });

  it('associates the config schema with .postmortemrc.yml by its raw URL, for the Red Hat YAML extension', async () => {
    const { fs } = volume();
    await init(fs);
    const settings = JSON.parse(read(fs, '.vscode/settings.json')) as { 'yaml.schemas': Record<string, string[]> };
    expect(settings['yaml.schemas']).toEqual({ [configSchema.$id]: ['.postmortemrc.yml', '.postmortemrc.yaml'] });
    // Both schemas are named by the URL their file is served at from the default branch.
    for (const [file, schema] of [['config.schema.json', configSchema], ['postmortem.schema.json', postmortemSchema]] as const) {
      expect(schema.$id).toBe(`https://raw.githubusercontent.com/postmortem-kb/postmortem-kb/main/schemas/${file}`);
    }
  });
});

describe('the workflow postmortem init writes', () => {
  type Job = { if: string; permissions: Record<string, string>; concurrency: { group: string; 'cancel-in-progress': boolean; queue?: string }; steps: { uses: string; with?: Record<string, unknown> }[] };
  async function workflow(files: Record<string, string> = {}) {
    const { fs } = volume(files);
    await init(fs);
    return parseYaml(read(fs, '.github/workflows/postmortems.yml')) as { on: Record<string, unknown>; permissions: object; concurrency?: unknown; jobs: Record<string, Job> };
  }

  it('is valid YAML: review on pull_request, sync on a push to the default branch, escalate on schedule and workflow_dispatch', async () => {
    const parsed = await workflow();
    expect(Object.keys(parsed.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(parsed.on.pull_request).toEqual({ paths: ['postmortems/**/*.md', '.postmortemrc.yml'] });
    expect(parsed.on.push).toEqual({ paths: ['postmortems/**/*.md', '.postmortemrc.yml'] });
    expect(parsed.on.schedule).toEqual([{ cron: '0 7 * * 1-5' }]);
    expect(Object.keys(parsed.jobs)).toEqual(['review', 'sync', 'escalate']);
    expect(parsed.jobs.review!.if).toBe("github.event_name == 'pull_request'");
    expect(parsed.jobs.sync!.if).toBe("github.event_name == 'push' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
    expect(parsed.jobs.escalate!.if).toBe("github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'");
  });

  it('gives each job the least permissions it needs, and the workflow none', async () => {
    const { permissions, jobs } = await workflow();
    expect(permissions).toEqual({});
    expect(jobs.review!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', issues: 'read' });
    expect(jobs.sync!.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(jobs.escalate!.permissions).toEqual({ contents: 'read', issues: 'write' });
  });

  it('cancels only the review of one pull request; a sync or an escalation is queued, never cancelled', async () => {
    const { concurrency, jobs } = await workflow();
    // No workflow-level group: one with cancel-in-progress would cut a sync short.
    expect(concurrency).toBeUndefined();
    expect(jobs.review!.concurrency).toEqual({ group: 'postmortems-review-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    for (const job of [jobs.sync!, jobs.escalate!]) expect(job.concurrency).toEqual({ group: 'postmortems-issues', 'cancel-in-progress': false, queue: 'max' });
  });

  it('uses the current majors: actions/checkout (node24) and the action’s v0', async () => {
    const { jobs } = await workflow();
    expect(CHECKOUT).toBe('actions/checkout@v7');
    for (const job of Object.values(jobs)) {
      expect(job.steps.map((step) => step.uses)).toEqual([CHECKOUT, 'postmortem-kb/postmortem-kb@v0']);
      expect(job.steps[0]!.with).toEqual({ 'persist-credentials': false });
    }
    expect(jobs.review!.steps[1]!.with).toEqual({ 'fail-on': 'error' });
  });

  it('watches the configured postmortems and the config file', async () => {
    const parsed = await workflow({ '.postmortemrc.yml': 'files: ["docs/incidents/**/*.md", "*.md"]\n' });
    expect(parsed.on.pull_request).toEqual({ paths: ['docs/incidents/**/*.md', '*.md', '.postmortemrc.yml'] });
  });
});

describe('postmortem init never overwrites', () => {
  it('run twice: the second run writes nothing and names every file it skipped', async () => {
    const { fs, vol } = volume();
    await init(fs);
    const before = vol.toJSON();
    const second = await init(fs, { date: '2027-01-05' });
    expect(vol.toJSON()).toEqual(before);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout.split('\n').filter((line) => line.startsWith('  skipped'))).toEqual([
      '  skipped  .postmortemrc.yml: it exists',
      '  skipped  postmortems/TEMPLATE.md: it exists',
      '  skipped  postmortems/README.md: it exists (postmortem index rewrites it)',
      '  skipped  .github/workflows/postmortems.yml: it exists',
      `  skipped  .vscode/settings.json: it exists; to have .postmortemrc.yml checked as you type, add "yaml.schemas": {"${configSchema.$id}": [".postmortemrc.yml"]}`,
    ]);
    expect(second.stdout).not.toContain('wrote');
    expect(second.stdout).toContain('  1. Commit: nothing was written, everything was there already.\n');
  });

  it('keeps what a repository has and writes the rest; another config name counts as the config', async () => {
    const settings = '{ "editor.tabSize": 2 }\n';
    const { fs, vol } = volume({ '.postmortemrc.yaml': 'extends: recommended\n', '.vscode/settings.json': settings, 'postmortems/TEMPLATE.md': 'ours' });
    const result = await init(fs);
    expect(result.stdout).toContain('  skipped  .postmortemrc.yml: .postmortemrc.yaml exists\n');
    expect(result.stdout).toContain('  skipped  postmortems/TEMPLATE.md: it exists\n');
    expect(result.stdout).toContain('  wrote    postmortems/README.md\n');
    const files = vol.toJSON();
    expect(files[join(ROOT, '.postmortemrc.yml')]).toBeUndefined();
    expect(files[join(ROOT, '.vscode/settings.json')]).toBe(settings);
    expect(files[join(ROOT, 'postmortems/TEMPLATE.md')]).toBe('ours');
    expect(result.stdout).toMatch(/git add postmortems\/README\.md \.github\/workflows\/postmortems\.yml &&/);
  });

  it('stops before writing anything on a config that does not load, a date that is none or a glob that matches nothing', async () => {
    const { fs, vol } = volume({ '.postmortemrc.yml': 'extends: nonsense\n' });
    await expect(init(fs)).rejects.toThrow(/"extends" names "nonsense"/);
    const { fs: empty, vol: emptyVol } = volume();
    await expect(init(empty, { date: '2026-02-30' })).rejects.toThrow(UsageError);
    await expect(init(empty, { existing: ['incidents/*.md'] })).rejects.toThrow(/No files match incidents\/\*\.md/);
    await expect(initCommand(io(empty).io, ['postmortems'], {})).rejects.toThrow(/--existing/);
    expect(Object.keys(vol.toJSON()).sort()).toEqual([join(ROOT, '.git/HEAD'), join(ROOT, '.postmortemrc.yml')]);
    expect(Object.keys(emptyVol.toJSON())).toEqual([join(ROOT, '.git/HEAD')]);
  });
});

describe('postmortem init in a repository with postmortems', () => {
  const incidents = Object.fromEntries(readdirSync(join(FIXTURES, 'kb')).map((name) => [`postmortems/${name}`, readFileSync(join(FIXTURES, 'kb', name), 'utf8')]));

  it('writes at the root of the repository from a folder inside it; the index lists the incidents already there', async () => {
    const { fs } = volume(incidents);
    const result = await init(fs, {}, join(ROOT, 'postmortems'));
    expect(result.stdout).toContain('  wrote    ../.postmortemrc.yml\n');
    expect(result.stdout).toContain('  wrote    ../.github/workflows/postmortems.yml\n');
    expect(read(fs, 'postmortems/README.md')).toContain('INC-20240402');
    expect(await cli(fs, ['index', '--check'])).toMatchObject({ code: 0 });
  });

  it('refuses, before writing anything, --existing globs that leave the repository', async () => {
    const { vol, fs } = volume(incidents);
    const before = JSON.stringify(vol.toJSON());
    const refused = await cli(fs, ['init', '--date', DATE, '--existing', '../outside/*.md']);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/^postmortem: --existing \.\.\/outside\/\*\.md reaches outside the repository/) });
    expect(JSON.stringify(vol.toJSON())).toBe(before);
  });

  it('with --existing, proposes the preset the documents follow and lints them with it', async () => {
    const { fs } = volume(incidents);
    const result = await init(fs, { existing: ['postmortems/*.md'] });
    expect(result.stdout).toContain('Existing postmortems (postmortems/*.md): 2 read.\n');
    expect(result.stdout).toMatch(/^Preset: recommended \(fit: recommended 100%/m);
    // Postmortems already here: their old items open no issues on the first push (sync.since), and ping nobody (escalation.since).
    expect(parseYaml(read(fs, '.postmortemrc.yml'))).toEqual({ extends: 'recommended', files: ['postmortems/*.md'], sync: { since: DATE }, escalation: { since: DATE } });
    const lint = await cli(fs, ['lint']);
    expect(result.stdout).toContain(lint.stdout.trimEnd().split('\n').at(-1)!);
  });

  it('with --existing and a config of its own, keeps it, shows the proposal and lints with the proposal', async () => {
    const { fs } = volume({ ...incidents, '.postmortemrc.yml': 'extends: recommended\nrules: {action-item-owner: "off"}\n', 'postmortems/x-1.md': '# Outage\n\n## Action Items\n\n- Fix the retry loop\n' });
    const result = await init(fs, { existing: ['postmortems/x-*.md'] });
    expect(result.stdout).toContain('  skipped  .postmortemrc.yml: it exists\n');
    expect(result.stdout).toContain('.postmortemrc.yml was kept. The configuration proposed for these postmortems, to merge into it:\n  extends: recommended\n  files: ["postmortems/x-*.md"]\n');
    // The proposal asks for an owner, which the kept config does not.
    expect(result.stdout).toMatch(/^ +1 {2}action-item-owner$/m);
    expect(read(fs, '.postmortemrc.yml')).toBe('extends: recommended\nrules: {action-item-owner: "off"}\n');
  });

  it('prints document text and paths terminal-safe', async () => {
    const { fs } = volume({ 'pm/a\u001b[31mb.md': '# A\n\n## Notes \u001b]8;;x\u0007\n\ntext\n\n## Action Items\n\n- Fix it\n' });
    const result = await init(fs, { existing: ['pm/*.md'] });
    expect(result.stdout).not.toMatch(/[\u001b\u0007]/);
    expect(result.stdout).toContain('"Notes \\x1b]8;;x\\x07"');
  });
});

describe('configText', () => {
  it('writes a proposal key by key, each with the reason above it', () => {
    const text = configText({ date: DATE, proposal: { config: { extends: 'dfds', files: ['*.md'], rules: { 'five-whys': 'off' } }, reasons: { extends: 'Because.', 'rules.five-whys': '0 of 3 hold a 5-Whys chain.' } } });
    expect(text).toContain('# Because.\nextends: dfds\n');
    expect(text).toContain('files: ["*.md"]\n');
    expect(text).toContain('rules:\n  # 0 of 3 hold a 5-Whys chain.\n  five-whys: "off"\n');
    expect(text).not.toContain('# files: ["postmortems/**/*.md"]');
    expect(parseYaml(text)).toEqual({ extends: 'dfds', files: ['*.md'], rules: { 'five-whys': 'off' }, sync: { since: DATE }, escalation: { since: DATE } });
    // A new knowledge base has no old postmortems: sync.since is offered, commented.
    expect(parseYaml(configText({ date: DATE, proposal: undefined }))).toEqual({ extends: 'recommended', escalation: { since: DATE } });
  });
});
