import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { colorFromEnvironment } from '../../src/cli/color.js';
import { COMMAND_HELP, GENERAL_HELP } from '../../src/cli/help.js';
import { main } from '../../src/cli/main.js';
import { formatSarif, sarifRules } from '../../src/report/sarif.js';
import type { WorkspaceFs } from '../../src/workspace/fs.js';
import { lintWorkspace } from '../../src/workspace/lint.js';
import { copyOfKnowledgeBase, FIXTURES, REPO } from '../helpers.js';
import { runCli } from '../support/cli.js';

/** The CLI's conventions: per-command help, --format sarif, --output, --quiet, --max-warnings, FORCE_COLOR. */

const run = runCli;

const OWNERS = 'postmortems/2024/owners.md';

/** The bundled knowledge base and one postmortem with 6 errors; `config` is appended to the repository's config. */
function workspace(config = ''): string {
  const root = copyOfKnowledgeBase('pm-conventions-');
  mkdirSync(join(root, 'postmortems/2024'), { recursive: true });
  cpSync(join(FIXTURES, 'rules/action-item-owner/fail.md'), join(root, OWNERS));
  if (config) writeFileSync(join(root, '.postmortemrc.yml'), `${readFileSync(join(root, '.postmortemrc.yml'), 'utf8')}\n${config}`);
  return root;
}

/** The owners' findings as warnings: placeholder@29 stays an error, the five action-item-owner findings warn. */
const OWNER_WARNINGS = 'rules:\n  action-item-owner: warn\n';

/** The commands main() dispatches, from the general help. */
const COMMANDS = [...GENERAL_HELP.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1]!);

describe('postmortem <command> --help and postmortem help <command>', () => {
  it('every command has its own usage and options, the same either way', async () => {
    // A command added to the general help needs its own help too.
    expect(COMMANDS).toEqual(expect.arrayContaining(['lint', 'related', 'review', 'patterns', 'plan', 'overdue', 'new', 'index', 'metrics', 'rules', 'help']));
    for (const command of COMMANDS) {
      const help = await run([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toBe(COMMAND_HELP[command]);
      expect(help.stdout.startsWith(`Usage: postmortem ${command}`)).toBe(true);
      expect(await run(['help', command])).toEqual(help);
      expect(await run([command, '-h'])).toEqual(help);
    }
    const lint = COMMAND_HELP.lint!;
    for (const option of ['--format', 'sarif', '--output', '--quiet', '--max-warnings', '--baseline-write', '--baseline ', '--cache', '--cache-strategy', '--concurrency', '--config']) expect(lint).toContain(option);
  });

  it('every option a command’s help names is one the CLI takes', async () => {
    for (const command of COMMANDS) {
      for (const [option] of COMMAND_HELP[command]!.matchAll(/--[a-z][a-z-]+/g)) {
        // A string option takes `--option=value`; a boolean one, no value.
        const accepted = (await run([command, `${option}=x`, '--help'])).code === 0 || (await run([command, option, '--help'])).code === 0;
        expect(accepted, `${command} ${option}`).toBe(true);
      }
    }
  });

  it('postmortem --help, help and no command: the general help (stdout, exit 0; stderr, exit 2 without a command)', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, stdout: GENERAL_HELP, stderr: '' });
    expect(await run(['help'])).toEqual({ code: 0, stdout: GENERAL_HELP, stderr: '' });
    expect(await run([])).toEqual({ code: 2, stdout: '', stderr: GENERAL_HELP });
    expect(GENERAL_HELP).toContain('Run "postmortem <command> --help"');
    const unknown = await run(['help', 'frobnicate']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });
});

describe('postmortem lint --format sarif', () => {
  it('prints the SARIF the action writes to sarif-file', async () => {
    const root = workspace();
    const { code, stdout } = await run(['lint', '--format', 'sarif'], root);
    expect(code).toBe(1);
    const outcome = await lintWorkspace({ cwd: root, patterns: [] });
    // The rules with their documentation, and the text of the one file with findings for the fingerprints.
    expect(stdout).toBe(formatSarif(outcome.results, sarifRules(), packageJson.version, new Map([[OWNERS, readFileSync(join(root, OWNERS), 'utf8')]])));
    const sarif = JSON.parse(stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string; fullDescription?: { text: string } }[] } }; results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toHaveLength(6);
    expect(new Set(sarif.runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(new Set([OWNERS]));
    expect(sarif.runs[0]!.tool.driver.rules.every((rule) => (rule.fullDescription?.text.length ?? 0) > 0)).toBe(true);
    // Six findings, six fingerprints: two on the same row are told apart by their message ids.
    expect(new Set(sarif.runs[0]!.results.map((result) => result.partialFingerprints['postmortemKb/v1'])).size).toBe(6);
  });
});

describe('postmortem lint --output FILE', () => {
  it('writes the report to the file, never in colour, and nothing to stdout', async () => {
    const root = workspace();
    const onScreen = await run(['lint', '--format', 'json'], root);
    // A report written in pieces replaces what the file held, however long.
    mkdirSync(join(root, 'reports'));
    writeFileSync(join(root, 'reports/lint.json'), 'x'.repeat(onScreen.stdout.length * 3));
    const toFile = await run(['lint', '--format', 'json', '--output', 'reports/lint.json'], root);
    expect(toFile).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(readFileSync(join(root, 'reports/lint.json'), 'utf8')).toBe(onScreen.stdout);
    await run(['lint', '--output', 'stylish.txt'], join(root, 'postmortems'), { color: true });
    expect(readFileSync(join(root, 'postmortems/stylish.txt'), 'utf8')).not.toContain('\u001b[');
    expect((await run(['lint'], root, { color: true })).stdout).toContain('\u001b[');
  });

  it('writes through the CLI’s file system (io.fs), as everything else it writes', async () => {
    const top = '/pm-output-virtual';
    const files: Record<string, string> = { '.postmortemrc.yml': readFileSync(join(REPO, '.postmortemrc.yml'), 'utf8') };
    files[OWNERS] = readFileSync(join(FIXTURES, 'rules/action-item-owner/fail.md'), 'utf8');
    const volume = Volume.fromJSON(files, top);
    const fs = createFsFromVolume(volume) as unknown as WorkspaceFs;
    const result = await run(['lint', '--format', 'sarif', '--output', 'out/lint.sarif'], top, { fs });
    expect(result).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(JSON.parse(String(volume.readFileSync(`${top}/out/lint.sarif`, 'utf8'))).version).toBe('2.1.0');
    // The baseline too is read and written in the volume.
    expect((await run(['lint', '--baseline-write'], top, { fs })).code).toBe(0);
    expect(volume.existsSync(`${top}/.postmortem-baseline.json`)).toBe(true);
    expect(await run(['lint', '--format', 'json', '--output', 'out/after.json'], top, { fs })).toEqual({ code: 0, stdout: '', stderr: 'postmortem: 6 findings suppressed by the baseline (.postmortem-baseline.json)\n' });
  });

  it('a file that cannot be written is an error naming it (exit 2), never a stack trace', async () => {
    const root = workspace();
    mkdirSync(join(root, 'taken'));
    const result = await run(['lint', '--output', 'taken'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^postmortem: the report could not be written to taken: .*EISDIR/);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect((await run(['metrics', '--output', 'x.csv'], root)).stderr).toMatch(/--output is an option of lint only/);
  });
});

describe('postmortem lint --quiet and --max-warnings', () => {
  it('--quiet reports errors only: warnings are neither printed nor counted', async () => {
    const root = workspace(`${OWNER_WARNINGS}  placeholder: warn\n`);
    const loud = await run(['lint'], root);
    expect(loud.code).toBe(0);
    expect(loud.stdout).toContain('✖ 6 problems (0 errors, 6 warnings) in 5 postmortems');
    const quiet = await run(['lint', '--quiet'], root);
    expect(quiet).toEqual({ code: 0, stdout: '✔ 5 postmortems checked: no problems\n', stderr: '' });
    const json = JSON.parse((await run(['lint', '--quiet', '--format', 'json'], root)).stdout) as { messages: unknown[]; warningCount: number }[];
    expect(json.every((file) => file.messages.length === 0 && file.warningCount === 0)).toBe(true);
    // Not counted for --max-warnings either.
    expect((await run(['lint', '--quiet', '--max-warnings', '0'], root)).code).toBe(0);

    const mixed = workspace(OWNER_WARNINGS);
    const errorsOnly = JSON.parse((await run(['lint', '--quiet', '--format', 'json'], mixed)).stdout) as { filePath: string; messages: { ruleId: string }[]; errorCount: number; warningCount: number }[];
    expect(errorsOnly.find((file) => file.filePath === join(mixed, OWNERS))).toMatchObject({ messages: [{ ruleId: 'placeholder' }], errorCount: 1, warningCount: 0 });
    expect((await run(['lint', '--quiet'], mixed)).code).toBe(1);
  });

  it('--max-warnings N exits 1 when warnings exceed N, with a line saying so', async () => {
    const root = workspace(`${OWNER_WARNINGS}  placeholder: warn\n`);
    expect((await run(['lint', '--max-warnings', '6'], root)).code).toBe(0);
    expect((await run(['lint', '--max-warnings=-1'], root)).code).toBe(0);
    const over = await run(['lint', '--max-warnings', '5'], root);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain('✖ 6 problems (0 errors, 6 warnings) in 5 postmortems');
    expect(over.stderr).toBe('postmortem: too many warnings: 6 (maximum: 5)\n');
    for (const value of ['many', '1.5', '-2', '']) {
      const bad = await run(['lint', `--max-warnings=${value}`], root);
      expect(bad.code, value).toBe(2);
      expect(bad.stderr).toMatch(/--max-warnings must be a whole number of at least 0/);
    }
  });
});

describe('colour: FORCE_COLOR, NO_COLOR and the terminal', () => {
  it('follows Node’s and supports-color’s conventions', () => {
    const cases: [Record<string, string | undefined>, boolean, boolean][] = [
      [{}, true, true],
      [{}, false, false],
      [{ FORCE_COLOR: '1' }, false, true],
      [{ FORCE_COLOR: '2' }, false, true],
      [{ FORCE_COLOR: '3' }, false, true],
      [{ FORCE_COLOR: 'true' }, false, true],
      [{ FORCE_COLOR: '' }, false, true],
      [{ FORCE_COLOR: '0' }, true, false],
      [{ FORCE_COLOR: 'false' }, true, false],
      [{ FORCE_COLOR: 'sometimes' }, true, false],
      [{ NO_COLOR: '1' }, true, false],
      [{ NO_COLOR: '' }, true, true],
      [{ NODE_DISABLE_COLORS: '1' }, true, false],
      [{ TERM: 'dumb' }, true, false],
      // Set to a supported value, FORCE_COLOR wins over NO_COLOR and NODE_DISABLE_COLORS.
      [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
      [{ FORCE_COLOR: '1', NODE_DISABLE_COLORS: '1', TERM: 'dumb' }, false, true],
      [{ FORCE_COLOR: '0', NO_COLOR: '1' }, true, false],
    ];
    for (const [env, isTTY, expected] of cases) expect(colorFromEnvironment(env, isTTY), `${JSON.stringify(env)} tty=${isTTY}`).toBe(expected);
  });

  it('bin.ts takes the decision from the environment, in a few lines', () => {
    const bin = readFileSync(join(REPO, 'src/cli/bin.ts'), 'utf8');
    expect(bin).toContain('colorFromEnvironment(process.env, Boolean(process.stdout.isTTY))');
    expect(bin.trim().split('\n').length).toBeLessThanOrEqual(20);
  });
});
