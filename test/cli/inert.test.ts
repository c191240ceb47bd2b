import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfKnowledgeBase, fixture } from '../helpers.js';
import { parseCommands } from '../support/runner.js';
import { runCli } from '../support/cli.js';

// Issue 19, part 3: in a CI `run:` step, a line the CLI prints from document text must not be a workflow command.

const run = runCli;

function expectNoCommands(out: string): void {
  expect(parseCommands(out)).toEqual([]);
  for (const line of out.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
}

describe('document text in the CLI’s text output', () => {
  it('`lint` prints a file name holding a line break and `::error` as one escaped line', async () => {
    const root = copyOfKnowledgeBase('pm-inert-');
    const name = 'postmortems/2024-03-01-x\n::error title=Forged::owned.md';
    writeFileSync(join(root, name), fixture('rules/action-item-owner/fail.md'));
    const { code, stdout } = await run(['lint'], root);
    expect(code).toBe(1);
    expectNoCommands(stdout);
    expect(stdout).toContain('postmortems/2024-03-01-x\\n:\u200b:error title=Forged:\u200b:owned.md\n  ');
  });

  it('`related` and `patterns` print a title holding a line break and `::warning` as one escaped line', async () => {
    const root = copyOfKnowledgeBase('pm-inert-');
    const source = readFileSync(join(root, 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md'), 'utf8')
      .replace(/^id: .*$/m, 'id: INC-20240301-0077')
      .replace(/^title: .*$/m, 'title: "Listing\\n::warning::forged title"')
      .replace(/^date: .*$/m, 'date: 2024-03-01');
    writeFileSync(join(root, 'postmortems/2024-03-01-forged.md'), source);
    const related = await run(['related', 'INC-20240118-0023'], root);
    expect(related.code).toBe(0);
    expectNoCommands(related.stdout);
    expect(related.stdout).toContain('Listing\\n:\u200b:warning:\u200b:forged title');
    const own = await run(['related', 'INC-20240301-0077'], root);
    expect(own.stdout.split('\n')[0]).toBe('INC-20240301-0077  Listing\\n:\u200b:warning:\u200b:forged title (2024-03-01)');
    expectNoCommands((await run(['patterns'], root)).stdout);
  });

  it('`plan` and `overdue` print an incident id and a description holding `::error` on their own lines', async () => {
    const root = copyOfKnowledgeBase('pm-inert-');
    const source = fixture('rules/complete-sev2.md')
      .replace(/^id: .*$/m, 'id: "INC-20240610-0007\\n::error::forged id"')
      .replace('Install the full chain with every certificate rotation', 'Install the chain ::error::forged description');
    writeFileSync(join(root, 'postmortems/2024-06-10-certificates.md'), source);
    const plan = await run(['plan'], root);
    expect(plan.code).toBe(0);
    expectNoCommands(plan.stdout);
    expect(plan.stdout).toContain('create "[INC-20240610-0007 :\u200b:error:\u200b:forged id] AI-001: Install the chain :\u200b:error:\u200b:forged description"');
    const overdue = await run(['overdue', '--as-of', '2030-01-01'], root);
    expectNoCommands(overdue.stdout);
    expect(overdue.stdout).toContain('Install the chain :\u200b:error:\u200b:forged description');
  });

  it('a usage error quoting a file name is one line on stderr', async () => {
    const root = copyOfKnowledgeBase('pm-inert-');
    const name = 'postmortems/draft\n::error::forged.md';
    writeFileSync(join(root, name), '# No frontmatter\n');
    const { code, stderr } = await run(['related', name], root);
    expect(code).toBe(2);
    expectNoCommands(stderr);
    expect(stderr).toBe('postmortem: postmortems/draft\\n:\u200b:error:\u200b:forged.md has no incident id\nRun "postmortem --help" for usage.\n');
  });
});
