import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers.js';
import { runCli } from '../support/cli.js';

const run = runCli;

describe('postmortem related', () => {
  it('prints the related incidents with their scores and shared tags, and the pattern with its open items', async () => {
    const { code, stdout } = await run(['related', 'INC-20240118-0023']);
    expect(code).toBe(0);
    expect(stdout).toContain('Pattern: 3rd occurrence of n-plus-one in 180 days');
    expect(stdout).toMatch(/Still open from earlier incidents \(2\):\n {4}INC-20231015-0008 AI-002: Add a query count assertion/);
    expect(stdout).not.toContain('Eager-load team memberships'); // done
    expect(stdout.indexOf('1. INC-20231201-0019')).toBeLessThan(stdout.indexOf('2. INC-20231015-0008'));
  });

  it('gives the documented JSON, for an id or a file, honouring --limit but never hiding the incidents of the pattern', async () => {
    const { stdout } = await run(['related', 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md', '--format', 'json', '--limit', '1']);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      id: 'INC-20240118-0023',
      related: [
        { id: 'INC-20231201-0019', title: 'Organization Dashboard Timeouts From N+1 Queries', date: '2023-12-01', score: expect.any(Number), sharedTags: expect.arrayContaining(['n-plus-one']) },
        { id: 'INC-20231015-0008', sharedTags: expect.arrayContaining(['n-plus-one']) },
      ],
      pattern: {
        tags: ['n-plus-one', 'orm', 'performance'],
        count: 3,
        windowDays: 180,
        incidents: ['INC-20231015-0008', 'INC-20231201-0019', 'INC-20240118-0023'],
        openActionItems: [
          { incident: 'INC-20231015-0008', id: 'AI-002', owner: '@acme-example/backend', due: '2023-11-15', status: 'open', description: expect.any(String) },
          { incident: 'INC-20231201-0019', id: 'AI-002', owner: '@acme-example/platform', due: '2024-01-15', status: 'open', description: expect.any(String) },
        ],
      },
    });
    // The limit of 1 would keep only INC-20231201-0019; INC-20231015-0008 is in the pattern, so it is listed too, and nothing else.
    expect(report.related).toHaveLength(2);
    expect(JSON.parse((await run(['related', 'INC-20240115-0042', '--format', 'json', '--limit', '1'])).stdout).related).toHaveLength(1);
  });

  it('relates a draft outside the knowledge base, by its file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pm-related-'));
    cpSync(join(REPO, 'postmortems'), join(root, 'postmortems'), { recursive: true });
    const draft = `---\nid: INC-20240301-0001\ntitle: Team page N+1\ndate: 2024-03-01\nseverity: SEV3\nstatus: draft\nauthors: ["@a"]\ntags: [n-plus-one, orm]\n---\n# Draft\n`;
    writeFileSync(join(root, 'draft.md'), draft);
    const report = JSON.parse((await run(['related', 'draft.md', '--format', 'json'], root)).stdout);
    expect(report.related.map((related: { id: string }) => related.id).slice(0, 1)).toEqual(['INC-20240118-0023']);
    // The 4th N+1 incident in five months: more recurrence keeps the pattern, with every earlier incident in it.
    expect(report.pattern).toMatchObject({ count: 4, incidents: ['INC-20231015-0008', 'INC-20231201-0019', 'INC-20240118-0023', 'INC-20240301-0001'] });
    expect(report.pattern.tags[0]).toBe('n-plus-one');
    expect(report.related.map((related: { id: string }) => related.id)).toEqual(expect.arrayContaining(['INC-20231015-0008', 'INC-20231201-0019', 'INC-20240118-0023']));
  });

  it('exits 2 with a message for an unknown id, a missing argument or a bad limit', async () => {
    for (const argv of [['related', 'INC-19990101-0001'], ['related'], ['related', 'INC-20240118-0023', '--limit', 'many']]) {
      const { code, stderr } = await run(argv);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^postmortem: (No incident|Usage|--limit)/);
    }
  });
});

describe('postmortem plan', () => {
  it('plans one issue per action item offline, none for items the documents mark done', async () => {
    const { code, stdout } = await run(['plan', '--format', 'json']);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as { actions: { kind: string; key: string; title: string }[]; notes: string[] };
    expect(plan.actions).toHaveLength(12);
    expect(plan.actions.every((action) => action.kind === 'create')).toBe(true);
    expect(plan.actions.map((action) => action.key)).toContain('INC-20240115-0042/AI-001');
    expect(plan.notes).toEqual([
      'INC-20231015-0008 AI-001 is marked done in its postmortem: no issue is opened for it',
      'INC-20231201-0019 AI-001 is marked done in its postmortem: no issue is opened for it',
    ]);
    expect((await run(['plan'])).stdout).toMatch(/^Sync plan: 12 create\n {2}create "\[INC-20231015-0008\] AI-002: /);
  });
});

describe('postmortem patterns', () => {
  it('lists the N+1 pattern of this knowledge base', async () => {
    const { code, stdout } = await run(['patterns']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1 recurring pattern:\n\nn-plus-one \+ orm \+ performance: 3 incidents within 180 days\n {2}2023-10-15 {2}INC-20231015-0008/);
    expect(JSON.parse((await run(['patterns', '--format', 'json'])).stdout)).toHaveLength(1);
  });
});
