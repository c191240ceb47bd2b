import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfKnowledgeBase } from '../helpers.js';
import { runCli } from '../support/cli.js';

const run = runCli;

function workspace(): string {
  const root = copyOfKnowledgeBase('pm-new-');
  return root;
}

describe('postmortem new', () => {
  it('writes a draft from the template with the next free id of the day, which lints with only placeholder findings', async () => {
    const root = workspace();
    const created = await run(['new', '--title', 'Payments API: TLS handshake failures', '--severity', 'SEV2', '--date', '2024-01-15', '--tags', 'TLS,Certificates'], root);
    expect(created).toMatchObject({ code: 0, stdout: 'postmortems/2024-01-15-payments-api-tls-handshake-failures.md\n' });
    const text = readFileSync(join(root, 'postmortems/2024-01-15-payments-api-tls-handshake-failures.md'), 'utf8');
    expect(text).toContain('id: INC-20240115-0043\n');
    expect(text).toContain('status: draft\n');
    expect(text).toContain('# Postmortem: Payments API: TLS handshake failures\n');
    const lint = await run(['lint', '--format', 'json', 'postmortems/2024-01-15-payments-api-tls-handshake-failures.md'], root);
    const rules = new Set((JSON.parse(lint.stdout) as { messages: { ruleId: string }[] }[])[0]!.messages.map((message) => message.ruleId));
    expect([...rules]).toEqual(['placeholder']);

    const again = await run(['new', '--title', 'Payments API: TLS handshake failures', '--severity', 'SEV2', '--date', '2024-01-15'], root);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists: nothing was written/);
    const other = await run(['new', '--title', 'Another one', '--severity', 'SEV3', '--date', '2024-01-15'], root);
    expect(readFileSync(join(root, other.stdout.trim()), 'utf8')).toContain('id: INC-20240115-0044\n');
  });

  it('refuses a missing title, an unknown severity and an impossible date', async () => {
    const root = workspace();
    for (const [argv, message] of [
      [['new', '--severity', 'SEV2'], /needs --title/],
      [['new', '--title', 'x', '--severity', 'SEV9'], /--severity must be one of SEV1, SEV2, SEV3, SEV4/],
      [['new', '--title', 'x', '--severity', 'SEV2', '--date', '2024-02-30'], /--date must be a real date/],
    ] as const) {
      const result = await run([...argv], root);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
