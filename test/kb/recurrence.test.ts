import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { lineOf, REPO } from '../helpers.js';

const NEWEST = 'postmortems/2024-01-18-workflow-listing-n-plus-one-queries.md';

async function lintWith(change: (text: string) => string) {
  const root = mkdtempSync(join(tmpdir(), 'pm-recurrence-'));
  cpSync(join(REPO, 'postmortems'), join(root, 'postmortems'), { recursive: true });
  const text = change(readFileSync(join(root, NEWEST), 'utf8'));
  writeFileSync(join(root, NEWEST), text);
  let stdout = '';
  await main({ argv: ['lint', '--format', 'json', NEWEST], cwd: root, stdout: (t) => void (stdout += t), stderr: () => undefined, color: false });
  const [report] = JSON.parse(stdout) as { messages: { ruleId: string; line: number; message: string; severity: number }[] }[];
  return { text, findings: report!.messages.filter((message) => message.ruleId === 'recurrence') };
}

const withoutSection = (heading: string) => (text: string) => {
  const start = text.indexOf(`## ${heading}`);
  const end = text.indexOf('\n## ', start + 3);
  return text.slice(0, start) + (end === -1 ? '' : text.slice(end + 1));
};

describe('recurrence', () => {
  it('is quiet when the pattern is named, as in the knowledge base', async () => {
    expect((await lintWith((text) => text)).findings).toEqual([]);
  });

  it('warns when the third N+1 incident names none of the earlier ones', async () => {
    const { text, findings } = await lintWith((t) => withoutSection('Related Incidents')(withoutSection('Pattern Recognition')(t)));
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 1,
        line: lineOf(text, '# Postmortem:'),
        message: expect.stringMatching(/^This is the 3rd occurrence of n-plus-one in 180 days .*INC-20231015-0008, INC-20231201-0019/),
      }),
    ]);
  });

  it('names the earlier incidents its section leaves out', async () => {
    const { text, findings } = await lintWith((t) => withoutSection('Related Incidents')(t).replace('1. INC-20231015-0008: User listing endpoint\n', ''));
    expect(findings).toEqual([expect.objectContaining({ line: lineOf(text, '## Pattern Recognition'), message: expect.stringMatching(/does not name INC-20231015-0008,/) })]);
  });
});
