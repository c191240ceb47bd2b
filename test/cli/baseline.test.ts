import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfKnowledgeBase, FIXTURES, lineOf } from '../helpers.js';
import { runCli } from '../support/cli.js';

/**
 * `postmortem lint --baseline-write` and the runs after it: the findings of
 * today's documents are recorded, by content and not by line, and only new
 * ones are reported.
 */

const FILE = 'postmortems/2024/owners.md';
const BASELINE = '.postmortem-baseline.json';

const run = runCli;

/** The bundled knowledge base (clean) and one postmortem with 6 errors: placeholder@29 and action-item-owner@29–33. */
function workspace(): string {
  const root = copyOfKnowledgeBase('pm-baseline-');
  mkdirSync(join(root, 'postmortems/2024'), { recursive: true });
  cpSync(join(FIXTURES, 'rules/action-item-owner/fail.md'), join(root, FILE));
  return root;
}

const read = (root: string, path = FILE) => readFileSync(join(root, path), 'utf8');
const edit = (root: string, change: (text: string) => string, path = FILE) => writeFileSync(join(root, path), change(read(root, path)));
const stored = (root: string, path = BASELINE) => JSON.parse(read(root, path)) as { files: Record<string, Record<string, Record<string, number>>>; version: number };
const total = (counts: Record<string, number> | undefined) => Object.values(counts ?? {}).reduce((sum, count) => sum + count, 0);

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; line: number }[];
  suppressedMessages: { ruleId: string; line: number; suppressions: { kind: string; justification: string }[] }[];
  errorCount: number;
  warningCount: number;
}

describe('postmortem lint --baseline-write, then postmortem lint', () => {
  it('records today’s findings, then reports only new ones, through edits that shift their lines', async () => {
    const root = workspace();
    expect((await run(['lint'], root)).code).toBe(1);

    const write = await run(['lint', '--baseline-write'], root);
    expect(write.stderr).toBe(`postmortem: ${BASELINE} written: 6 findings in 1 file\n`);
    expect(write.code).toBe(0);
    expect(write.stdout).toBe('✔ 5 postmortems checked: no problems\n6 findings suppressed by the baseline\n');
    const baseline = stored(root);
    expect(baseline.version).toBe(1);
    expect(Object.keys(baseline.files)).toEqual([FILE]);
    expect(total(baseline.files[FILE]!['action-item-owner'])).toBe(5);
    expect(total(baseline.files[FILE]!.placeholder)).toBe(1);

    const later = await run(['lint'], root);
    expect(later).toEqual({ code: 0, stdout: '✔ 5 postmortems checked: no problems\n6 findings suppressed by the baseline\n', stderr: '' });

    // An edit above the findings shifts every one of their lines: they are still known.
    edit(root, (text) => text.replace('Nobody owned the job.', 'Nobody owned the job.\n\nIt ran, unowned, for a year before it failed.\nThen it failed every night.'));
    const shifted = await run(['lint', '--format', 'json'], root);
    expect(shifted.code).toBe(0);
    expect((JSON.parse(shifted.stdout) as JsonFile[]).flatMap((file) => file.messages)).toEqual([]);
    expect(shifted.stderr).toBe(`postmortem: 6 findings suppressed by the baseline (${BASELINE})\n`);

    // A new finding of the same rule in the same file is reported; JSON keeps ESLint's shape, the suppressed ones in
    // suppressedMessages, as ESLint's bulk suppressions write them (not counted).
    edit(root, (text) => text.replace('| AI-006 |', '| AI-007 | process | Write the runbook | nobody | P3 | 2024-04-01 |\n| AI-006 |'));
    const added = await run(['lint', '--format', 'json'], root);
    expect(added.code).toBe(1);
    const owners = (JSON.parse(added.stdout) as JsonFile[]).find((file) => file.filePath === resolve(root, FILE))!;
    expect(owners.messages.map((message) => `${message.ruleId}@${message.line}`)).toEqual([`action-item-owner@${lineOf(read(root), 'AI-007')}`]);
    expect(owners).toMatchObject({ errorCount: 1, warningCount: 0 });
    expect(owners.suppressedMessages.map((message) => message.ruleId).sort()).toEqual([...Array(5).fill('action-item-owner'), 'placeholder']);
    expect(owners.suppressedMessages.every((message) => JSON.stringify(message.suppressions) === '[{"kind":"file","justification":""}]')).toBe(true);
    const stylish = await run(['lint'], root);
    expect(stylish.stdout).toContain('✖ 1 problem (1 error, 0 warnings) in 5 postmortems\n6 findings suppressed by the baseline\n');
  });

  it('prunes the entries whose finding is gone, and does not rewrite an unchanged baseline', async () => {
    const root = workspace();
    await run(['lint', '--baseline-write'], root);
    const path = join(root, BASELINE);
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(path, past, past);

    const again = await run(['lint', '--baseline-write'], root);
    expect(again.stderr).toBe(`postmortem: ${BASELINE} is up to date: 6 findings in 1 file\n`);
    expect(statSync(path).mtime.getTime()).toBe(past.getTime());

    // AI-001's owner filled in: its two findings (placeholder TBD, no owner) are gone, and so are their entries.
    edit(root, (text) => text.replace('| TBD |', '| @carol |'));
    const pruned = await run(['lint', '--baseline-write'], root);
    expect(pruned.stderr).toBe(`postmortem: ${BASELINE} written: 4 findings in 1 file\n`);
    expect(stored(root).files[FILE]!.placeholder).toBeUndefined();
    expect(total(stored(root).files[FILE]!['action-item-owner'])).toBe(4);
    // The pruned entry no longer hides the finding if it comes back.
    edit(root, (text) => text.replace('| @carol |', '| TBD |'));
    const back = await run(['lint', '--format', 'json'], root);
    expect(back.code).toBe(1);
    expect((JSON.parse(back.stdout) as JsonFile[]).find((file) => file.filePath === resolve(root, FILE))!.messages.map((m) => m.ruleId).sort()).toEqual(['action-item-owner', 'placeholder']);

    // Every finding fixed: the file's entry goes, and the baseline holds nothing.
    edit(root, (text) => text.replace(/\| (TBD|\?|Alice Smith|@alice, @bob|) \| P/g, '| @alice | P'));
    expect((await run(['lint', '--baseline-write'], root)).stderr).toBe(`postmortem: ${BASELINE} written: 0 findings in 0 files\n`);
    expect(read(root, BASELINE)).toBe('{\n  "files": {},\n  "version": 1\n}\n');
  });

  it('a lint of some files keeps the entries of the others; a full lint forgets deleted files', async () => {
    const root = workspace();
    cpSync(join(FIXTURES, 'rules/action-item-owner/fail.md'), join(root, 'postmortems/2024/copy.md'));
    edit(root, (text) => text.replace('INC-20240301-0006', 'INC-20240301-0007'), 'postmortems/2024/copy.md');
    await run(['lint', '--baseline-write'], root);
    expect(Object.keys(stored(root).files)).toEqual(['postmortems/2024/copy.md', FILE]);
    edit(root, (text) => text.replace('| TBD |', '| @carol |'));
    await run(['lint', '--baseline-write', FILE], root);
    expect(Object.keys(stored(root).files)).toEqual(['postmortems/2024/copy.md', FILE]);
    expect(total(stored(root).files[FILE]!['action-item-owner'])).toBe(4);
    rmSync(join(root, 'postmortems/2024/copy.md'));
    await run(['lint', '--baseline-write'], root);
    expect(Object.keys(stored(root).files)).toEqual([FILE]);
  });

  it('finds the baseline at the config’s root from a subdirectory, and takes another with --baseline', async () => {
    const root = workspace();
    await run(['lint', '--baseline-write'], root);
    const nested = await run(['lint'], join(root, 'postmortems'));
    expect(nested).toMatchObject({ code: 0, stdout: '✔ 5 postmortems checked: no problems\n6 findings suppressed by the baseline\n' });

    const custom = await run(['lint', '--baseline', 'ci/known.json', '--baseline-write', FILE], root);
    expect(custom.stderr).toBe('postmortem: ci/known.json written: 6 findings in 1 file\n');
    // Files are named relative to the baseline's own folder.
    expect(Object.keys(stored(root, 'ci/known.json').files)).toEqual([`../${FILE}`]);
    expect((await run(['lint', '--baseline', 'ci/known.json', '--format', 'github'], root)).stdout).toBe('');
    expect((await run(['lint', '--baseline', 'ci/known.json'], join(root, 'ci'))).code).toBe(2);
    expect((await run(['lint', '--baseline', 'known.json'], join(root, 'ci'))).code).toBe(0);

    const missing = await run(['lint', '--baseline', 'nope.json'], root);
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'postmortem: baseline file not found: nope.json (write one with --baseline-write)\n' });
  });

  it('a damaged baseline is a clear error with its path (exit 2), never a stack trace', async () => {
    const root = workspace();
    const cases: [string, RegExp][] = [
      ['{"files": {', /^postmortem: the baseline \.postmortem-baseline\.json is damaged: it is not valid JSON \(.*\)\. Fix it, or delete it and run "postmortem lint --baseline-write"\n$/],
      ['{"files": {}, "version": 7}', /^postmortem: the baseline \.postmortem-baseline\.json is damaged: its "version" is 7; this postmortem-kb reads version 1\./],
      [`{"files": {"${FILE}": {"placeholder": {"abc": -1}}}, "version": 1}`, /fingerprint "abc" is -1, not a whole number of at least 1/],
    ];
    for (const [text, message] of cases) {
      writeFileSync(join(root, BASELINE), text);
      for (const argv of [['lint'], ['lint', '--baseline-write']]) {
        const result = await run(argv, root);
        expect(result.code, text).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
      // --baseline-write does not overwrite what it could not read.
      expect(read(root, BASELINE)).toBe(text);
    }
    mkdirSync(join(root, 'folder.json'));
    const folder = await run(['lint', '--baseline', 'folder.json'], root);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/^postmortem: the baseline folder\.json could not be read: /);
    expect(existsSync(join(root, 'folder.json'))).toBe(true);
  });

  it('is an option of lint: --quiet and --max-warnings count what the baseline leaves', async () => {
    const root = workspace();
    writeFileSync(join(root, '.postmortemrc.yml'), `${read(root, '.postmortemrc.yml')}\nrules:\n  action-item-owner: warn\n  placeholder: warn\n`);
    await run(['lint', '--baseline-write'], root);
    edit(root, (text) => text.replace('| AI-006 |', '| AI-007 | process | Write the runbook | nobody | P3 | 2024-04-01 |\n| AI-006 |'));
    expect((await run(['lint', '--max-warnings', '1'], root)).code).toBe(0);
    const strict = await run(['lint', '--max-warnings', '0'], root);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe('postmortem: too many warnings: 1 (maximum: 0)\n');
    expect((await run(['patterns', '--baseline-write'], root)).stderr).toMatch(/--baseline-write is an option of lint only/);
  });
});

describe('a baseline tells apart findings that point at the same line', () => {
  it('a section removed after the baseline is reported, though the one recorded as missing was added back', async () => {
    const root = copyOfKnowledgeBase('pm-baseline-sections-');
    const path = 'postmortems/2024-01-15-api-gateway-connection-pool-exhaustion.md';
    const original = read(root, path);
    const lessons = /## Lessons Learned\n[\s\S]*?(?=\n## )/.exec(original)![0];
    const whatWentWell = /## What Went Well\n[\s\S]*?(?=\n## )/.exec(original)![0];
    // Recorded: Lessons Learned missing (every "missing section" finding points at the title line).
    edit(root, (text) => text.replace(lessons, ''), path);
    const recorded = await run(['lint', '--format', 'json', path], root);
    expect((JSON.parse(recorded.stdout) as JsonFile[])[0]!.messages.map((message) => message.ruleId)).toContain('required-sections');
    expect((await run(['lint', '--baseline-write'], root)).code).toBe(0);
    // Lessons Learned written back, What Went Well removed: another section is missing, at the same line.
    edit(root, (text) => text.replace('## Metrics', `${lessons}\n## Metrics`).replace(whatWentWell, ''), path);
    const after = await run(['lint', '--format', 'json', path], root);
    const messages = (JSON.parse(after.stdout) as { messages: { message: string }[] }[])[0]!.messages;
    expect(messages.map((message) => message.message).join('\n')).toMatch(/What Went Well/);
  });
});
