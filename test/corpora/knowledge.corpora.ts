import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shared } from './shared.js';
import { runCli } from '../support/cli.js';

const run = runCli;

describe('the DFDS corpus: three back-to-back "All services returning 503" postmortems nobody linked', () => {
  const root = mkdtempSync(join(tmpdir(), 'pm-dfds-relate-'));
  cpSync(shared('corpora/dfds-postmortems'), root, { recursive: true });
  writeFileSync(join(root, '.postmortemrc.yml'), 'extends: dfds\n');

  it('relates PM2021-007 first to the other two, and sees the third 503 in 180 days', async () => {
    const report = JSON.parse((await run(['related', 'PM2021-007', '--format', 'json'], root)).stdout);
    expect(report.related.slice(0, 2).map((related: { id: string }) => related.id)).toEqual(['PM2021-006', 'PM2021-005']);
    expect(report.pattern).toMatchObject({ tags: ['503', 'services', 'returning'], count: 3, incidents: ['PM2021-005', 'PM2021-006', 'PM2021-007'] });
    expect(report.pattern.openActionItems.length).toBe(6);
  });

  it('lists the family of "services returning" outages of summer 2021 as the largest pattern', async () => {
    const patterns = JSON.parse((await run(['patterns', '--format', 'json'], root)).stdout) as { tags: string[]; incidents: string[] }[];
    expect(patterns[0]).toMatchObject({ tags: ['services', 'returning'], incidents: ['PM2021-005', 'PM2021-006', 'PM2021-007', 'PM2021-009', 'PM2021-010'] });
    expect(patterns.map((pattern) => pattern.tags[0])).toContain('503');
    // `kubernetes` is on most of this team's incidents: six in summer 2021 is a burst in time (about two a window
    // otherwise), but not in share (six of that window's seven, against most of the others), so no pattern.
    expect(patterns.flatMap((pattern) => pattern.tags)).not.toContain('kubernetes');
  });

  it('warns on PM2021-007 that it does not name the incidents it repeats, nor an organisational root cause', async () => {
    const lint = JSON.parse((await run(['lint', '--format', 'json', 'PM2021-007 - All services returning 503 in Kubernetes.md'], root)).stdout);
    expect(lint[0].messages.filter((message: { ruleId: string }) => message.ruleId === 'recurrence')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/3rd occurrence of 503 in 180 days .*PM2021-005, PM2021-006/) }),
      expect.objectContaining({ message: expect.stringMatching(/3rd occurrence of 503 in 180 days .*: the earlier fixes did not hold, so add a "Root Cause \(Organizational\)" section/) }),
    ]);
  });
});

