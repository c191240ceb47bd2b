import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION, standing } from '../../src/escalate/ladder.js';
import { parseMetadata } from '../../src/sync/marker.js';
import type { OperationKey } from '../support/fake-github/openapi.js';
import { FakeGitHub, type Fault } from '../support/fake-github/server.js';
import { pushEvent, Repository, runAction, type ActionRun } from '../support/runner.js';
import { fixture } from '../helpers.js';
import { random } from '../support/random.js';

/**
 * The fault campaign: 50 runs of sync and escalate on a 40-item knowledge base
 * while a seeded random schedule breaks the local GitHub (server errors,
 * connection resets, timeouts, secondary limits, an exhausted primary limit).
 * Then the faults stop, one clean sync and one clean escalation run, and the
 * repository must hold exactly one issue per item, each escalation level
 * posted at most once, nothing lost, and no run may have crashed.
 *
 * CHAOS_SEED replays a campaign; CHAOS_RUNS changes its length.
 */
const SEED = Number(process.env.CHAOS_SEED ?? 20261127);
const RUNS = Number(process.env.CHAOS_RUNS ?? 50);
const DOCUMENTS = 8;
const ITEMS_PER_DOCUMENT = 5;
const ITEMS = DOCUMENTS * ITEMS_PER_DOCUMENT;
/** The client gives up on a request after this long; a "timeout" fault answers later than that. */
const TIMEOUT_SECONDS = 1;
const CONFIG = 'escalation:\n  contacts:\n    SEV2: ["@acme/eng-managers"]\n';
const OWNERS = ['@alice', '@bob', '@carol', '@acme/payments'];
const PRIORITIES = ['P0', 'P1', 'P2', 'P3'];
const TYPES = ['detect', 'prevent', 'mitigate', 'process'];
const FIRST_DAY = Date.UTC(2024, 5, 14);
const day = (offset: number) => new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10);

interface Item {
  incident: string;
  item: string;
  due: string;
  priority: string;
}

function knowledgeBase(): { files: Record<string, string>; items: Item[] } {
  const template = fixture('action/escalation.md');
  const files: Record<string, string> = { '.postmortemrc.yml': CONFIG };
  const items: Item[] = [];
  for (let document = 0; document < DOCUMENTS; document += 1) {
    const incident = `INC-2024061${document}-00${10 + document}`;
    const rows: string[] = [];
    for (let index = 0; index < ITEMS_PER_DOCUMENT; index += 1) {
      const n = document * ITEMS_PER_DOCUMENT + index;
      const item = { incident, item: `AI-00${index + 1}`, due: day(n % 23), priority: PRIORITIES[n % 4]! };
      items.push(item);
      rows.push(`| ${item.item} | ${TYPES[n % 4]} | Fix number ${n} of incident ${document} | ${OWNERS[n % 4]} | ${item.priority} | ${item.due} |`);
    }
    const text = template
      .replace('id: INC-20240610-0007', `id: ${incident}`)
      .replace('date: 2024-06-10', `date: 2024-06-1${document}`)
      .replace(/title: .*/, `title: Payments incident number ${document}`)
      .replace(/\| AI-001 \|.*\n\| AI-002 \|.*\n/, `${rows.join('\n')}\n`);
    files[`postmortems/2024-06-1${document}-payments-${document}.md`] = text;
  }
  return { files, items };
}

type Kind = 'sync' | 'escalate';
const OPERATIONS: Record<Kind, OperationKey[]> = {
  sync: [
    'GET /repos/{owner}/{repo}/issues',
    'GET /repos/{owner}/{repo}/labels',
    'POST /repos/{owner}/{repo}/labels',
    'GET /repos/{owner}/{repo}/assignees/{assignee}',
    'POST /repos/{owner}/{repo}/issues',
    'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  ],
  escalate: [
    'GET /repos/{owner}/{repo}/issues',
    'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
    'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    'POST /repos/{owner}/{repo}/issues',
  ],
};
const STATUS_FAULTS: Fault[] = [500, 502, 503, 'reset', { delayMs: TIMEOUT_SECONDS * 1000 + 500 }];

let fake: FakeGitHub;
let repository: Repository;
let items: Item[];
const runs: { index: number; kind: Kind; faults: string[]; run: ActionRun }[] = [];
const schedule = { name: 'schedule', payload: { schedule: '0 6 * * *', repository: { full_name: 'acme/incidents', default_branch: 'main' } } };

async function runOnce(kind: Kind, asOf: string): Promise<ActionRun> {
  const head = repository.git(['rev-parse', 'HEAD']);
  const inputs = { 'write-interval': '0', 'request-timeout': String(TIMEOUT_SECONDS), 'as-of': asOf };
  const event = kind === 'sync' ? pushEvent(fake, { before: head, after: head }) : schedule;
  return runAction({ fake, workspace: repository.dir, event, inputs });
}

const itemIssues = () => [...fake.state.issues.values()].filter((issue) => !issue.pullRequest && parseMetadata(issue.body ?? "") !== undefined);
const keyOf = (body: string) => {
  const metadata = parseMetadata(body)!;
  return `${metadata.incident}/${metadata.item}`;
};
const levelsPosted = (number: number) =>
  fake.state
    .commentsOf(number)
    .filter((comment) => comment.user.type === 'Bot')
    .flatMap((comment) => [...comment.body.matchAll(/^<!-- postmortem-kb:escalation (\{[^\n]*?\}) -->/gm)].map((match) => (JSON.parse(match[1]!) as { level: number }).level));

describe(`fault campaign (seed ${SEED}, ${RUNS} runs)`, () => {
  let finalAsOf = '';

  beforeAll(async () => {
    // Secondary limits answer with retry-after: 1 so that the campaign waits seconds, not minutes.
    fake = await FakeGitHub.start({ assignable: ['alice', 'bob'], secondaryLimit: { max: 1000, windowMs: 60_000, retryAfterSeconds: 1 } });
    fake.now = () => new Date('2024-06-14T09:00:00Z');
    const kb = knowledgeBase();
    items = kb.items;
    repository = new Repository();
    repository.commit(kb.files, 'knowledge base');
    const draw = random(SEED);
    const pick = <T>(list: readonly T[]) => list[Math.floor(draw() * list.length)]!;
    for (let index = 0; index < RUNS; index += 1) {
      const kind: Kind = draw() < 0.5 ? 'sync' : 'escalate';
      const asOf = day(4 + Math.floor((index * 40) / RUNS));
      const faults: string[] = [];
      const exhausted = draw() < 0.06;
      if (exhausted) {
        fake.setRateLimit(0, Math.floor(Date.now() / 1000) + 1800);
        faults.push('primary limit exhausted');
      }
      if (draw() < 0.2) {
        const times = 1 + Math.floor(draw() * 2);
        fake.forceSecondaryLimit(times);
        faults.push(`secondary limit ×${times}`);
      }
      const count = Math.floor(draw() * 4);
      for (let n = 0; n < count; n += 1) {
        const operation = pick(OPERATIONS[kind]);
        const fault = pick(STATUS_FAULTS);
        const after = 1 + Math.floor(draw() * 6);
        const afterCommit = operation.startsWith('GET') ? false : draw() < 0.5;
        fake.failLater(operation, after, fault, { afterCommit });
        faults.push(`${operation} call +${after}: ${typeof fault === 'object' ? 'timeout' : fault}${afterCommit ? ' after commit' : ''}`);
      }
      runs.push({ index, kind, faults, run: await runOnce(kind, asOf) });
      // Faults scheduled for calls this run never made must not leak into the next run's schedule.
      fake.heal();
      finalAsOf = asOf;
    }
    await runOnce('sync', finalAsOf);
    await runOnce('escalate', finalAsOf);
  }, 900_000);

  afterAll(async () => {
    // The campaign's account, for the log: which faults were scheduled and how runs ended.
    const tally: Record<string, number> = {};
    for (const { faults } of runs) for (const fault of faults) {
      const kind = fault.replace(/^.*: /, '').replace(/ after commit$/, '') + (fault.endsWith('after commit') ? ' (after commit)' : '');
      tally[kind] = (tally[kind] ?? 0) + 1;
    }
    const exits: Record<string, number> = {};
    for (const { kind, run } of runs) exits[`${kind} exit ${run.exitCode}`] = (exits[`${kind} exit ${run.exitCode}`] ?? 0) + 1;
    console.log(JSON.stringify({ seed: SEED, runs: RUNS, requests: fake.count(), faults: tally, exits }, null, 1));
    await fake?.close();
  });

  it('no run crashed: every run exited 0, 1 or 2 and printed no stack trace', () => {
    expect(runs).toHaveLength(RUNS);
    const crashed = runs.filter(({ run }) => run.exitCode === null || ![0, 1, 2].includes(run.exitCode) || /\n\s+at /.test(run.stdout + run.stderr));
    expect(crashed.map(({ index, faults, run }) => ({ index, faults, exitCode: run.exitCode, stderr: run.stderr.slice(0, 500) }))).toEqual([]);
    // The campaign did hurt: most runs met a fault.
    expect(runs.filter(({ faults }) => faults.length > 0).length).toBeGreaterThan(RUNS / 2);
  });

  it('an exhausted primary limit stops a run with a warning, never a failure', () => {
    for (const { run } of runs.filter(({ faults }) => faults.includes('primary limit exhausted'))) {
      expect(run.exitCode).toBe(0);
      expect(run.annotations).toContainEqual(expect.objectContaining({ command: 'warning', message: expect.stringContaining("GitHub's API rate limit is exhausted until") }));
    }
  });

  it('converges to exactly one issue per item, none lost', () => {
    const all = itemIssues();
    const expected = items.map((item) => `${item.incident}/${item.item}`).sort();
    const open = all.filter((issue) => issue.state === 'open');
    expect(open.map((issue) => keyOf(issue.body ?? "")).sort()).toEqual(expected);
    // A duplicate may exist only if it was closed as one.
    for (const issue of all.filter((candidate) => candidate.state === 'closed')) expect(issue.stateReason).toBe('duplicate');
    expect(new Set(all.map((issue) => keyOf(issue.body ?? ""))).size).toBe(ITEMS);
  });

  it('posts each escalation level at most once, and every item stands where the ladder says', () => {
    const open = itemIssues().filter((issue) => issue.state === 'open');
    const settings = { ...DEFAULT_ESCALATION, contacts: { SEV2: ['@acme/eng-managers'] } };
    for (const issue of open) {
      const posted = levelsPosted(issue.number);
      expect(posted.length, `${keyOf(issue.body ?? "")} levels ${posted.join(',')}`).toBe(new Set(posted).size);
      const metadata = parseMetadata(issue.body ?? "")!;
      const expected = standing(metadata.due, metadata.priority, finalAsOf, settings)!.level;
      expect(Math.max(0, ...posted), `${keyOf(issue.body ?? "")} due ${metadata.due} ${metadata.priority}`).toBe(expected);
    }
    const reports = [...fake.state.issues.values()].filter((issue) => issue.labels.includes('postmortem-report') && issue.state === 'open');
    expect(reports).toHaveLength(1);
  });
});
