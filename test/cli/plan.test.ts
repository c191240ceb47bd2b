import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, workspaceWith } from '../helpers.js';
import { parseCommands } from '../support/runner.js';
import { runCli } from '../support/cli.js';

// Issue 19, parts 3 and 5: `postmortem plan` prints document and config text inert, and holds back what the sync will.

const run = runCli;

const workspace = (files: Record<string, string>) => workspaceWith(files, 'pm-plan-');

function expectNoCommands(out: string): void {
  expect(parseCommands(out)).toEqual([]);
  for (const line of out.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
}

/** The escalation fixture (published) with `count` open action items. */
function manyItems(count: number): string {
  const rows = Array.from({ length: count }, (_, index) => `| AI-${String(index + 1).padStart(4, '0')} | detect | Check number ${index + 1} | @alice | P2 | 2024-09-30 |`);
  return fixture('action/escalation.md').replace(/\| AI-001 \|.*\n\| AI-002 \|.*\n/, `${rows.join('\n')}\n`);
}

describe('postmortem plan', () => {
  it('prints a severity (a label name) and a capped file’s name holding `::error` on their own lines', async () => {
    const root = workspace({
      'postmortems/2024-06-10-x\n::error::Forged name.md': manyItems(51).replace(/^severity: .*$/m, 'severity: "SEV1\\n::error::Forged"'),
    });
    const { code, stdout } = await run(['plan'], root);
    expect(code).toBe(0);
    expectNoCommands(stdout);
    expect(stdout).toContain('severity:SEV1\\n:\u200b:error:\u200b:Forged');
    expect(stdout).toContain('Note: postmortems/2024-06-10-x\\n:\u200b:error:\u200b:Forged name.md: INC-20240610-0007 has 51 open action items');
  });

  it('reads sync.maxItemsPerDocument: 70 items under a cap of 100 are 70 creates; 120 are 100 and a note, in text and JSON', async () => {
    const config = 'sync:\n  maxItemsPerDocument: 100\n';
    const under = await run(['plan'], workspace({ 'postmortems/many.md': manyItems(70), '.postmortemrc.yml': config }));
    expect(under.stdout.split('\n')[0]).toBe('Sync plan: 70 create');
    expect(under.stdout).not.toContain('Note:');

    const root = workspace({ 'postmortems/many.md': manyItems(120), '.postmortemrc.yml': config });
    const over = await run(['plan'], root);
    expect(over.stdout.split('\n')[0]).toBe('Sync plan: 100 create');
    expect(over.stdout).toContain('Note: postmortems/many.md: INC-20240610-0007 has 120 open action items, more than sync.maxItemsPerDocument (100): the 20 after the first 100 are not turned into issues\n');
    const json = JSON.parse((await run(['plan', '--format', 'json'], root)).stdout) as { actions: unknown[]; capped: unknown[] };
    expect(json.actions).toHaveLength(100);
    expect(json.capped).toEqual([{ incident: 'INC-20240610-0007', file: 'postmortems/many.md', count: 120, cap: 100 }]);
  });

  it('a configuration error quoting a config value is one line on stderr', async () => {
    const root = workspace({ 'postmortems/a.md': fixture('action/escalation.md'), '.postmortemrc.yml': 'extends: "./x\\n::error::Forged.yml"\n' });
    const { code, stderr } = await run(['plan'], root);
    expect(code).toBe(2);
    expectNoCommands(stderr);
    expect(stderr).toMatch(/^postmortem: configuration error: .*\.\/x\\n:\u200b:error:\u200b:Forged\.yml.*\n$/);
  });
});
