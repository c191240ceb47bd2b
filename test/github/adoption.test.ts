import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEscalation } from '../../src/escalate/apply.js';
import { readHistories } from '../../src/escalate/history.js';
import { incidentInfo } from '../../src/escalate/incidents.js';
import { planEscalation, trackedIssuesOf } from '../../src/escalate/plan.js';
import { formatEscalationReport } from '../../src/escalate/report.js';
import { applySync } from '../../src/sync/apply.js';
import { syncDocuments } from '../../src/sync/documents.js';
import { planSync } from '../../src/sync/plan.js';
import { syncSettingsOf } from '../../src/sync/settings.js';
import { parseMetadata } from '../../src/tracked/marker.js';
import { loadConfig } from '../../src/workspace/config-file.js';
import { createReader } from '../../src/workspace/reader.js';
import { MemoryGitHub } from '../support/memory-port.js';
import { fixture, workspaceWith } from '../helpers.js';

// Issue 21: adopting on an existing knowledge base, through the sync and the escalation as the action runs them
// (src/action/escalate-mode.ts, without the bundle): the config read from disk, the postmortems discovered and
// parsed, one GitHub in memory for both runs.

const BOT = 'github-actions[bot]';

const workspace = (files: Record<string, string>) => workspaceWith(files, 'pm-adopt-');

async function sync(root: string, github: MemoryGitHub) {
  const config = loadConfig(root);
  const reader = createReader({ config, cwd: root });
  const documents = syncDocuments(reader.parseAll(await reader.discover()));
  const plan = planSync(documents, await github.listIssues(config.sync.label), syncSettingsOf(config, { linkBase: 'https://github.com/acme/incidents/blob/main/', toolLogin: BOT }));
  await applySync(plan, github, { ownershipLabel: config.sync.label });
  return plan;
}

async function escalate(root: string, github: MemoryGitHub, asOf: string) {
  const config = loadConfig(root);
  const settings = config.escalation;
  const { issues } = trackedIssuesOf(await github.listIssues(config.sync.label), BOT);
  const incidents = incidentInfo(await createReader({ config, cwd: root }).index());
  const { history } = await readHistories(github, issues, { incidents, asOf, settings, toolLogin: BOT });
  const plan = planEscalation({ issues, history, incidents, asOf, settings, toolLogin: BOT });
  const body = formatEscalationReport(plan, issues, asOf);
  const createIfMissing = plan.overdue.length + plan.dueSoon.length + (plan.beforeAdoption?.length ?? 0) > 0;
  await applyEscalation(plan, { body, createIfMissing, title: settings.reportTitle, label: settings.reportLabel, toolLogin: BOT }, github);
  return plan;
}

describe('adopting on an existing knowledge base', () => {
  it('backfills the old postmortem’s issues, escalates only what fell overdue after the adoption, and lists the rest in the report', async () => {
    const root = workspace({
      'postmortems/2023-11-20-notification-queue-backlog.md': fixture('adoption/2023-11-20-notification-queue-backlog.md'),
      'postmortems/2024-06-10-certificates.md': fixture('action/escalation.md'),
      '.postmortemrc.yml': 'sync:\n  since: 2024-06-01\n  backfill: true\nescalation:\n  since: 2024-06-01\n',
    });
    const github = new MemoryGitHub(BOT);
    await sync(root, github);
    const number = (incident: string, item: string) => github.issues.find((issue) => parseMetadata(issue.body)?.incident === incident && parseMetadata(issue.body)?.item === item)!.number;
    const old = [number('INC-20231120-0003', 'AI-002'), number('INC-20231120-0003', 'AI-003')];
    const fresh = number('INC-20240610-0007', 'AI-001');
    const late = number('INC-20240610-0007', 'AI-002');
    github.calls = [];

    await escalate(root, github, '2024-07-01');
    // The old items: no history read, no comment, no label.
    for (const issue of old) {
      expect(github.calls.filter((call) => call.args[0] === issue)).toEqual([]);
      expect(github.issues[issue - 1]!.labels).not.toContain('overdue');
    }
    // The items due after the adoption climb as before: AI-002 (due 2024-06-20) is at level 2, AI-001 at level 1.
    expect(github.comments.get(fresh)?.map((comment) => comment.body)).toEqual([expect.stringContaining('@alice: this action item was due on 2024-06-30 and is 1 day overdue')]);
    expect(github.comments.get(late)).toHaveLength(1);
    const report = github.issues.find((issue) => issue.labels.includes('postmortem-report'))!;
    const adopted = report.body.slice(report.body.indexOf('### Overdue before adoption'));
    for (const issue of old) expect(adopted).toContain(`[#${issue}](i/${issue})`);
    expect(adopted).not.toContain(`[#${fresh}]`);

    // A re-run writes nothing; the old postmortem's due date moved past the adoption makes its item climb again.
    github.calls = [];
    await escalate(root, github, '2024-07-01');
    expect(github.writes()).toEqual([]);
    writeFileSync(join(root, 'postmortems/2023-11-20-notification-queue-backlog.md'), fixture('adoption/2023-11-20-notification-queue-backlog.md').replace('| P2 | 2023-12-15 | open |', '| P2 | 2024-06-28 | open |'));
    await sync(root, github);
    await escalate(root, github, '2024-07-01');
    expect(github.comments.get(old[0]!)?.map((comment) => comment.body)).toEqual([expect.stringContaining('- Due: 2023-12-15 → 2024-06-28'), expect.stringContaining('was due on 2024-06-28 and is 3 days overdue')]);
    expect(github.comments.get(old[1]!)).toBeUndefined();
  });

  it('opens no issue for the old postmortem without backfill, and says so in the plan', async () => {
    const root = workspace({
      'postmortems/2023-11-20-notification-queue-backlog.md': fixture('adoption/2023-11-20-notification-queue-backlog.md'),
      'postmortems/2024-06-10-certificates.md': fixture('action/escalation.md'),
      '.postmortemrc.yml': 'sync:\n  since: 2024-06-01\n',
    });
    const github = new MemoryGitHub(BOT);
    const plan = await sync(root, github);
    expect(github.issues.map((issue) => parseMetadata(issue.body)?.incident)).toEqual(['INC-20240610-0007', 'INC-20240610-0007']);
    expect(plan.notes.filter((note) => note.startsWith('sync.since'))).toHaveLength(1);
  });
});
