import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO } from '../helpers.js';
import { WRITE_TOKEN, type FakeGitHub } from './fake-github/server.js';

/** A workflow command the action printed: `::error file=a.md,line=3::message`. */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  commands: WorkflowCommand[];
  /** The error, warning and notice commands: what GitHub shows as annotations. */
  annotations: WorkflowCommand[];
  summary: string;
  outputs: Record<string, string>;
  durationMs: number;
}

export interface RunOptions {
  fake: FakeGitHub;
  /** The checked-out repository (GITHUB_WORKSPACE). */
  workspace: string;
  event: { name: string; payload: Record<string, unknown> };
  inputs?: Record<string, string>;
  token?: string;
  env?: Record<string, string>;
}

const ACTION = parseYaml(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { main: string } };
/** The bundle to run: dist/, or a bundle built elsewhere (POSTMORTEM_KB_ACTION_BUNDLE) to test sources without touching dist/. */
const ENTRY = process.env.POSTMORTEM_KB_ACTION_BUNDLE || join(REPO, ACTION.runs.main);

/**
 * Runs dist/index.js as the Actions runner does: inputs as INPUT_* variables
 * (action.yml defaults, then the test's), the event payload in a file, the
 * runner's files for outputs and the job summary, GITHUB_API_URL at the fake.
 */
export async function runAction(options: RunOptions): Promise<ActionRun> {
  const temp = mkdtempSync(join(tmpdir(), 'pm-runner-'));
  const files = { event: join(temp, 'event.json'), output: join(temp, 'output'), summary: join(temp, 'summary.md'), state: join(temp, 'state'), env: join(temp, 'env') };
  writeFileSync(files.event, JSON.stringify(options.event.payload));
  for (const file of [files.output, files.summary, files.state, files.env]) writeFileSync(file, '');
  const token = options.token ?? WRITE_TOKEN;
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(ACTION.inputs)) inputs[name] = (input.default ?? '').replace(/\$\{\{\s*github\.token\s*\}\}/g, token);
  Object.assign(inputs, options.inputs);
  const { owner, repo } = options.fake.state;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: `${owner}/${repo}`,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_SHA: gitOutput(options.workspace, ['rev-parse', 'HEAD']),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_API_URL: options.fake.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: `${options.fake.url}/graphql`,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_ACTOR: 'alice',
    GITHUB_WORKFLOW: 'postmortems',
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const started = Date.now();
  // Asynchronous: the fake answers from this process while the action runs.
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, [ENTRY], { cwd: options.workspace, env, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: out, stderr: err }),
    );
    child.stdin?.end();
  });
  const commands = parseCommands(stdout);
  return {
    exitCode: code,
    stdout,
    stderr,
    commands,
    annotations: commands.filter((command) => ['error', 'warning', 'notice'].includes(command.command)),
    summary: readFileSync(files.summary, 'utf8'),
    outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
    durationMs: Date.now() - started,
  };
}

const unescapeData = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (text: string) => unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',');

export function parseCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^::([\w-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const [key, ...rest] = pair.split('=');
      properties[key!] = unescapeProperty(rest.join('='));
    }
    commands.push({ command: match[1]!, properties, message: unescapeData(match[3]!) });
  }
  return commands;
}

/** `name<<delimiter\nvalue\ndelimiter` blocks, as @actions/core writes GITHUB_OUTPUT. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      values[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      const [name, ...rest] = lines[i]!.split('=');
      values[name!] = rest.join('=');
    }
  }
  return values;
}

function gitOutput(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** A git repository to check out: commits of files, as a pull request's base and head. */
export class Repository {
  readonly dir = mkdtempSync(join(tmpdir(), 'pm-workspace-'));

  constructor() {
    this.git(['init', '--quiet', '--initial-branch=main']);
  }

  git(args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: this.dir, encoding: 'utf8' }).trim();
  }

  /** Writes the files (null deletes) and commits them; returns the commit's sha. */
  commit(files: Record<string, string | null>, message = 'change'): string {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (content === null) this.git(['rm', '--quiet', path]);
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
        this.git(['add', path]);
      }
    }
    this.git(['commit', '--quiet', '--allow-empty', '-m', message]);
    return this.git(['rev-parse', 'HEAD']);
  }

  /** A clone with only the last commit, as actions/checkout makes by default. */
  shallowClone(): string {
    const dir = mkdtempSync(join(tmpdir(), 'pm-shallow-'));
    execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${this.dir}`, dir]);
    return dir;
  }
}

/** A pull_request event payload shaped like GitHub's; the pull request also exists, as an issue, in the fake. */
export function pullRequestEvent(fake: FakeGitHub, options: { number: number; base: string; head: string; fork?: boolean; action?: string }): { name: string; payload: Record<string, unknown> } {
  const { owner, repo } = fake.state;
  if (!fake.state.issues.has(options.number)) {
    const now = fake.timestamp();
    fake.state.issues.set(options.number, {
      id: fake.state.id(),
      number: options.number,
      title: 'Add a postmortem',
      body: null,
      state: 'open',
      stateReason: null,
      labels: [],
      assignees: [],
      user: fake.user('alice'),
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      pullRequest: true,
    });
  }
  const repository = { id: 1, name: repo, full_name: `${owner}/${repo}`, owner: { login: owner }, default_branch: 'main', private: false, fork: false };
  return {
    name: 'pull_request',
    payload: {
      action: options.action ?? 'synchronize',
      number: options.number,
      pull_request: {
        number: options.number,
        html_url: `https://github.com/${owner}/${repo}/pull/${options.number}`,
        base: { ref: 'main', sha: options.base, repo: repository },
        head: { ref: 'postmortem', sha: options.head, repo: options.fork ? { ...repository, full_name: `fork/${repo}`, owner: { login: 'fork' }, fork: true } : repository },
      },
      repository,
      sender: { login: 'alice' },
    },
  };
}

/** A push event payload shaped like GitHub's, to the default branch. */
export function pushEvent(fake: FakeGitHub, options: { before: string; after: string }): { name: string; payload: Record<string, unknown> } {
  const { owner, repo } = fake.state;
  return {
    name: 'push',
    payload: {
      ref: 'refs/heads/main',
      before: options.before,
      after: options.after,
      repository: { id: 1, name: repo, full_name: `${owner}/${repo}`, owner: { login: owner, name: owner }, default_branch: 'main', private: false, fork: false },
      pusher: { name: 'alice' },
      sender: { login: 'alice' },
    },
  };
}
