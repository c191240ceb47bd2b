import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createFsFromVolume, Volume } from 'memfs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { initCommand } from '../../src/cli/init.js';
import { main } from '../../src/cli/main.js';
import type { WorkspaceFs } from '../../src/workspace/fs.js';
import { POSTHOG_CONFIG, shared } from './shared.js';

/**
 * `postmortem init --existing` on real corpora, copied from the disk into a memfs volume (the real folder is never
 * written): the configuration it proposes, and what the lint of the documents with it is about.
 */
const ROOT = `/postmortem-kb-adopt-${randomUUID()}`;

/** Every file under a folder, by its path relative to it. */
function filesOf(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, filesOf(path, `${prefix}${name}/`));
    else files[`${prefix}${name}`] = readFileSync(path, 'utf8');
  }
  return files;
}

interface FileReport {
  filePath: string;
  messages: { ruleId: string; messageId: string; line: number }[];
}

function volume(files: Record<string, string>, at: string) {
  return createFsFromVolume(Volume.fromJSON(files, at)) as unknown as WorkspaceFs;
}

async function run(fs: WorkspaceFs, cwd: string, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main({ argv, cwd, fs, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), color: false });
  return { code, stdout, stderr };
}

async function init(fs: WorkspaceFs, cwd: string, existing: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await initCommand({ argv: [], cwd, fs, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), color: false }, [], { date: '2026-12-02', existing });
  return { code, stdout, stderr };
}

/** `file rule/messageId@line` of every finding, sorted. */
/** The findings of a lint's JSON, each file named within `root` (ESLint's JSON names files by absolute path). */
function findings(json: string, root: string): string[] {
  return (JSON.parse(json) as FileReport[]).flatMap((report) => report.messages.map((message) => `${relative(root, report.filePath)} ${message.ruleId}/${message.messageId}@${message.line}`)).sort();
}

const byRule = (list: readonly string[]) => list.reduce<Record<string, number>>((counts, entry) => ({ ...counts, [entry.split(' ').at(-1)!.split('/')[0]!]: (counts[entry.split(' ').at(-1)!.split('/')[0]!] ?? 0) + 1 }), {});

/** Findings about the form of a template the documents never followed, not about the incidents: what an adoption must not drown a team in. */
const FORM = /^(?:frontmatter|action-item-id|action-item-type|action-item-priority|five-whys|decision-record|contributing-factors)$/;

describe('postmortem init --existing on the DFDS corpus', () => {
  const corpus = filesOf(shared('corpora/dfds-postmortems'));
  let output: string;
  let proposed: string[];
  let preset: string[];
  let none: string[];

  beforeAll(async () => {
    const fs = volume(corpus, ROOT);
    const result = await init(fs, ROOT, ['*.md']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    output = result.stdout;
    proposed = findings((await run(fs, ROOT, ['lint', '--format', 'json'])).stdout, ROOT);
    // The configuration test/corpora/dfds.corpora.ts writes by hand, and none at all but the files.
    preset = findings((await run(volume({ ...corpus, '.postmortemrc.yml': 'extends: dfds\n' }, `${ROOT}-preset`), `${ROOT}-preset`, ['lint', '--format', 'json'])).stdout, `${ROOT}-preset`);
    none = findings((await run(volume({ ...corpus, '.postmortemrc.yml': 'files: ["*.md"]\n' }, `${ROOT}-none`), `${ROOT}-none`, ['lint', '--format', 'json'])).stdout, `${ROOT}-none`);
  });

  it('proposes the dfds preset for the 38 postmortems, leaving the template out', () => {
    expect(output).toContain('Existing postmortems (*.md): 38 read, 1 template left out (PMyyyy-nnn - Postmortem template.md).\n');
    expect(output).toMatch(/^Preset: dfds \(fit: dfds 9\d%/m);
    expect(output).toContain('  ids           file name 38 (^(?<id>PM\\d{4}-\\d{3}) - (?<title>.+)\\.md$)\n');
    expect(output).toContain('  action items  lists in 38\n');
    expect(output).toContain('  timelines     tables in 38\n');
  });

  it('makes the lint about the incidents: the same findings as the dfds preset, none about a template they never followed', () => {
    expect(proposed).toEqual(preset);
    expect(proposed.filter((entry) => FORM.test(entry.split(' ').at(-1)!.split('/')[0]!))).toEqual([]);
    // Without it (every default but the files) most findings are about form: 945 against 326.
    const form = none.filter((entry) => FORM.test(entry.split(' ').at(-1)!.split('/')[0]!));
    expect(form.length).toBeGreaterThan(none.length / 2);
    expect(proposed.length).toBeLessThan(none.length / 2);
    // What is left: every action item lacks an owner and a due date (119 each), template text left in, timelines out of order.
    expect(byRule(proposed)).toMatchObject({ 'action-item-owner': 119, 'action-item-due': 119 });
    expect(output).toContain(`✖ ${proposed.length} problems`);
  });
});

describe('after postmortem init --existing on the DFDS corpus, a team adopts without spam', () => {
  it('old postmortems open no issues, their findings can be baselined, and new drafts follow the template init wrote', async () => {
    const fs = volume(filesOf(shared('corpora/dfds-postmortems')), ROOT);
    const result = await init(fs, ROOT, ['*.md']);
    // The 276 errors of the old documents would fail every pull request touching one: the next steps say how to baseline them.
    expect(result.stdout).toMatch(/The existing postmortems have \d+ errors: to fail only on new ones, record them first with postmortem lint --baseline-write/);
    expect(result.stdout).toMatch(/--id <a new id, in the form of PM\d{4}-\d{3}>/);
    expect(parseYaml(String(fs.readFileSync(join(ROOT, '.postmortemrc.yml'))))).toMatchObject({ sync: { since: '2026-12-02' }, escalation: { since: '2026-12-02' } });
    expect((await run(fs, ROOT, ['lint', '--baseline-write'])).code).toBe(0);
    expect((await run(fs, ROOT, ['lint'])).code).toBe(0);
    // `new` finds the template init wrote (no notice that it falls back on the bundled one).
    const draft = await run(fs, ROOT, ['new', '--title', 'Ingress certificate expired', '--severity', 'SEV3', '--id', 'PM2026-001', '--date', '2026-12-03']);
    expect(draft).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('postmortem init --existing on the PostHog corpus', () => {
  const corpus = filesOf(shared('corpora/posthog-postmortems'));
  let output: string;
  let config: Record<string, unknown>;
  let proposed: string[];
  let judged: string[];

  beforeAll(async () => {
    const fs = volume(corpus, ROOT);
    const result = await init(fs, ROOT, ['*.md', 'investigations/*.md']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    output = result.stdout;
    config = parseYaml(String(fs.readFileSync(join(ROOT, '.postmortemrc.yml')))) as Record<string, unknown>;
    proposed = findings((await run(fs, ROOT, ['lint', '--format', 'json'])).stdout, ROOT);
    // The 8-line configuration of test/corpora/posthog.corpora.ts, whose every finding was judged true.
    judged = findings((await run(volume({ ...corpus, '.postmortemrc.yml': `${POSTHOG_CONFIG.join('\n')}\n` }, `${ROOT}-judged`), `${ROOT}-judged`, ['lint', '--format', 'json'])).stdout, `${ROOT}-judged`);
  });

  it('proposes what the hand-written configuration says: the method, frontmatter optional, ids from file names, their section names', () => {
    expect(output).toContain('Existing postmortems (*.md, investigations/*.md): 7 read, 1 template left out (investigations/template.md).\n');
    expect(config).toMatchObject({
      extends: 'recommended',
      files: ['*.md', 'investigations/*.md'],
      frontmatter: 'optional',
      defaults: { severity: 'SEV3' },
      rules: { 'action-item-id': 'off', 'action-item-type': 'off', 'action-item-priority': 'off', 'five-whys': 'off' },
    });
    const sections = config.sections as Record<string, string[]>;
    expect(sections['action-items']).toEqual(expect.arrayContaining(['Remediation', 'How are we preventing it from happening again']));
    expect(sections['root-cause-analysis']).toEqual(['Why did it happen']);
    expect(sections['lessons-learned']).toEqual(['Insights']);
  });

  it('finds exactly what the judged configuration finds, every finding judged true', () => {
    expect(proposed.filter((entry) => FORM.test(entry.split(' ').at(-1)!.split('/')[0]!))).toEqual([]);
    expect(proposed).toHaveLength(103);
    expect(proposed).toEqual(judged);
  });
});
