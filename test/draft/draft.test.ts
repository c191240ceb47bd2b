import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTime } from '../../src/model/timeline.js';
import { runCli } from '../support/cli.js';
import { FakeGitHub, WRITE_TOKEN } from '../support/fake-github/server.js';
import { copyOfKnowledgeBase, REPO } from '../helpers.js';

/**
 * `postmortem draft --from-issue-json`, on incidents exported as `gh issue view --json` writes them: a 3-hour
 * SEV2 over midnight with 25 comments, a SEV4 with two, one without a severity label. Each draft lints with
 * placeholder findings only (what is left to write), and its Timeline, times and responders are the incident's.
 */

const FIXTURES = join(REPO, 'test/draft/fixtures');
const exported = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as {
  number: number;
  createdAt: string;
  closedAt: string | null;
  comments: { createdAt: string; author: { login: string } }[];
  assignees: { login: string }[];
};

async function draft(name: string, root = copyOfKnowledgeBase(), extra: string[] = []) {
  const run = await runCli(['draft', '--from-issue-json', join(FIXTURES, `${name}.json`), ...extra], root);
  const path = run.stdout.trim();
  return { ...run, root, path, text: run.code === 0 ? readFileSync(join(root, path), 'utf8') : '' };
}

/** The Timeline table's rows: time, event, significance. */
function timelineRows(text: string): { time: string; event: string; significance: string }[] {
  const section = text.slice(text.indexOf('## Timeline'), text.indexOf('\n## ', text.indexOf('## Timeline') + 5));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Time') && !line.startsWith('|---'))
    .map((line) => {
      // Cells split at unescaped pipes.
      const cells = line.slice(2, -2).split(/(?<!\\) \| /);
      return { time: cells[0]!, event: cells[1]!, significance: cells[2] ?? '' };
    });
}

/** Each dated row's instant (the date carried from the last row that wrote one), in minutes. */
function instants(rows: readonly { time: string }[]): number[] {
  let day = '';
  return rows
    .filter((row) => !row.time.startsWith('<'))
    .map((row) => {
      const parsed = parseTime(row.time);
      if (typeof parsed === 'string') throw new Error(`unreadable time ${row.time}`);
      if (parsed.date) day = parsed.date;
      return Date.parse(`${day}T00:00:00Z`) / 60_000 + parsed.minutes;
    });
}

const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

async function lintFindings(root: string, path: string) {
  const lint = await runCli(['lint', '--format', 'json', path], root);
  return (JSON.parse(lint.stdout) as { messages: { ruleId: string; message: string; line: number }[] }[])[0]!.messages;
}

describe('postmortem draft --from-issue-json', () => {
  it('drafts a 3-hour SEV2 over midnight: frontmatter, responders, one Timeline row per update in time order, the gap', async () => {
    const incident = exported('sev2-checkout-over-midnight');
    const result = await draft('sev2-checkout-over-midnight');
    expect(result.code, result.stderr).toBe(0);
    expect(result.path).toBe('postmortems/2026-03-13-checkout-api-returning-502s-for-eu-customers.md');
    const { text } = result;
    expect(text).toMatch(/^id: INC-20260313-0001$/m);
    expect(text).toMatch(/^severity: SEV2$/m);
    expect(text).toMatch(/^status: draft$/m);
    expect(text).toMatch(/^started_at: 2026-03-13T22:58:12Z$/m);
    expect(text).toMatch(/^resolved_at: 2026-03-14T02:04:26Z$/m);
    expect(text).toMatch(/^incident: https:\/\/github\.com\/acme-example\/ops\/issues\/412$/m);
    // Authors: the assignees (gh's export does not say who closed it); tags: the labels but the incident and severity ones.
    expect(text).toMatch(/^authors:\n {2}- "@alice-ops"\n {2}- "@ehsan-db"$/m);
    expect(text).toMatch(/^tags:\n {2}- checkout\n {2}- database$/m);

    // Responders: the assignees first, then every other commenter, once each.
    const responders = [...text.matchAll(/^- @([\w-]+)/gm)].map((match) => match[1]);
    const commenters = [...new Set(incident.comments.map((comment) => comment.author.login))];
    expect(responders.slice(0, 2)).toEqual(['alice-ops', 'ehsan-db']);
    expect(new Set(responders)).toEqual(new Set([...incident.assignees.map((person) => person.login), ...commenters]));
    expect(responders).toHaveLength(new Set(responders).size);

    // The Timeline: the opening, 25 comments, the close, in the incident's own order across midnight.
    const rows = timelineRows(text);
    const timed = rows.filter((row) => !row.time.startsWith('<'));
    expect(timed).toHaveLength(1 + 25 + 1);
    expect(timed[0]!.time).toBe('2026-03-13 22:58');
    expect(timed.filter((row) => /^\d{4}-/.test(row.time)).map((row) => row.time)).toEqual(['2026-03-13 22:58', '2026-03-14 00:03']);
    const expected = [incident.createdAt, ...incident.comments.map((comment) => comment.createdAt), incident.closedAt!].map(minute);
    expect(instants(rows)).toEqual(expected);
    expect(timed[1]!.event).toContain('PagerDuty paged me at 22:55');
    expect(timed[1]!.event).toContain('(https://github.com/acme-example/ops/issues/412#issuecomment-');
    // Proposed milestones: the update that says so before a colon ("Mitigation: failed over…"), else the first that
    // reads as each by the timeline rule's own words.
    expect(rows.find((row) => row.significance === 'Detection')!.event).toContain('PagerDuty paged me');
    expect(rows.find((row) => row.significance === 'Mitigation applied')!.event).toMatch(/^Mitigation: failed over pg-checkout-eu/);
    expect(rows.find((row) => row.significance === 'Impact ends')!.event).toContain('error rates back to normal');
    // No first sign in the updates' words: the template's slot stays, for the author.
    expect(rows[0]).toEqual({ time: '<event time>', event: '<First sign of impact>', significance: 'First sign' });
    // A mention in a comment is shown, not sent.
    expect(text).toContain('`@ehsan-db` can you check the pool?');

    // The entry gates: one stretch of 71 minutes without an update (00:27 → 01:38), on the row after it.
    expect(result.stderr).toContain('No update for 71 minutes, from 00:27 to 01:38 UTC');
    const gapLine = Number(/^ *(\d+):1 {2}warning {2}No update for 71 minutes/m.exec(result.stderr)?.[1]);
    expect(text.split('\n')[gapLine - 1]).toMatch(/^\| 01:38 \| Update: reindex finished/);

    // Related incidents of the knowledge base, proposed in a comment the author keeps or deletes.
    expect(text).toMatch(/<!-- Related incidents proposed by postmortem draft[^]*- INC-20240115-0042 · API Gateway Connection Pool Exhaustion \(2024-01-15\): shares [^]*-->/);

    const findings = await lintFindings(result.root, result.path);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((finding) => finding.ruleId !== 'placeholder')).toEqual([]);
  });

  it('drafts a SEV4 with two comments (severity from "severity: low"), and one without a severity label', async () => {
    const root = copyOfKnowledgeBase();
    const small = await draft('sev4-typo-banner', root);
    expect(small.code, small.stderr).toBe(0);
    expect(small.text).toMatch(/^severity: SEV4$/m);
    expect(small.text).toMatch(/^tags:\n {2}- frontend$/m);
    const banner = exported('sev4-typo-banner');
    const hhmm = (iso: string) => iso.slice(11, 16);
    expect(timelineRows(small.text).filter((row) => !row.time.startsWith('<')).map((row) => row.time)).toEqual(['2026-05-04 09:47', ...banner.comments.map((comment) => hhmm(comment.createdAt)), hhmm(banner.closedAt!)]);
    expect([...small.text.matchAll(/^- @([\w-]+)/gm)].map((match) => match[1])).toEqual(['bwong']);
    expect(small.stderr).not.toContain('warning');

    const unlabelled = await draft('no-severity-cron', root);
    expect(unlabelled.code, unlabelled.stderr).toBe(0);
    // No severity label: a slot the placeholder rule reports, and an entry-gate note to the author.
    expect(unlabelled.text).toMatch(/^severity: "<SEV1, SEV2, SEV3 or SEV4: the incident has no severity label>"$/m);
    expect(unlabelled.stderr).toMatch(/5:1 {2}warning {2}Incident #233 has no severity label \(labels: incident, billing, cron\): choose the severity {2}entry-gate/);
    expect(unlabelled.stderr).toContain('No update for 178 minutes, from 08:53 to 11:51 UTC');
    // Nobody was assigned and nobody closed it in the export: the template's author slot stays.
    expect(unlabelled.text).toMatch(/^authors: \[ "<your-github-handle>" \]$/m);
    // The bot that opened the issue is no responder.
    expect([...unlabelled.text.matchAll(/^- @([\w-]+)/gm)].map((match) => match[1])).toEqual(['ehsan-db', 'dmitri-k', 'carla-sre']);

    for (const result of [small, unlabelled]) {
      const findings = await lintFindings(root, result.path);
      expect(findings.filter((finding) => finding.ruleId !== 'placeholder')).toEqual([]);
    }
  });

  it('never drafts an incident twice, and says where its postmortem is', async () => {
    const root = copyOfKnowledgeBase();
    const first = await draft('sev4-typo-banner', root);
    expect(first.code).toBe(0);
    const again = await draft('sev4-typo-banner', root);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${first.path} (INC-20260504-0001) is already the postmortem of https://github.com/acme-example/ops/issues/57: nothing was written`);
  });

  it('warns when the incident is still open or names no responders, and leaves resolved_at and Responders to fill', async () => {
    const root = copyOfKnowledgeBase();
    const open = { ...exported('sev4-typo-banner'), closedAt: null, assignees: [], comments: [] };
    writeFileSync(join(root, 'open.json'), JSON.stringify(open));
    const run = await runCli(['draft', '--from-issue-json', 'open.json'], root);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(join(root, run.stdout.trim()), 'utf8');
    expect(text).not.toMatch(/^resolved_at:/m);
    expect(run.stderr).toMatch(/warning {2}Incident #57 is not closed: a postmortem starts once the incident commander closes the incident/);
    expect(timelineRows(text).some((row) => row.event.startsWith('Incident issue closed'))).toBe(false);
    // Nobody assigned, nobody commented: the entry gate says so on the Responders heading, which keeps a slot.
    const line = Number(/^ *(\d+):1 {2}warning {2}Incident #57 names no responders/m.exec(run.stderr)?.[1]);
    expect(text.split('\n').slice(line - 1, line + 2)).toEqual(['## Responders', '', '- <Who responded: @handle, role>']);
  });

  it('maps severity labels and proposes milestones by the configured words', async () => {
    const root = copyOfKnowledgeBase();
    writeFileSync(join(root, '.postmortemrc.yml'), 'extends: recommended\ndraft:\n  severityLabels:\n    "impact/minor": SEV3\n  keywords:\n    detection: ["wrong date"]\n  maxGapMinutes: 5\n');
    const incident = { ...exported('sev4-typo-banner'), labels: [{ name: 'incident' }, { name: 'Impact/Minor' }] };
    writeFileSync(join(root, 'mapped.json'), JSON.stringify(incident));
    const run = await runCli(['draft', '--from-issue-json', 'mapped.json'], root);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(join(root, run.stdout.trim()), 'utf8');
    expect(text).toMatch(/^severity: SEV3$/m);
    // The opening row's title reads "Wrong date shown …": the configured detection words mark it.
    expect(timelineRows(text).find((row) => row.significance === 'Detection')!.event).toMatch(/^Incident issue \[#57\]/);
    expect(run.stderr).toMatch(/No update for \d+ minutes/);

    writeFileSync(join(root, '.postmortemrc.yml'), 'draft:\n  severityLabels:\n    p1: SEV9\n');
    const wrong = await runCli(['draft', '--from-issue-json', 'mapped.json'], root);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('"draft.severityLabels" maps "p1" to "SEV9", which is not one of the severities (SEV1, SEV2, SEV3, SEV4)');
  });

  it('says what is wrong with an export, with its file and line, and writes nothing', async () => {
    const root = copyOfKnowledgeBase();
    writeFileSync(join(root, 'broken.json'), '{\n  "number": 3,\n  "title": "x",\n');
    const broken = await runCli(['draft', '--from-issue-json', 'broken.json'], root);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^postmortem: broken\.json:\d+: not JSON/);
    const fields = { number: 3, title: 'x', body: '', labels: [], assignees: [], author: null, comments: [], createdAt: 'yesterday', closedAt: null, url: 'https://github.com/a/b/issues/3' };
    writeFileSync(join(root, 'shape.json'), JSON.stringify(fields, null, 2));
    const shape = await runCli(['draft', '--from-issue-json', 'shape.json'], root);
    expect(shape.stderr).toMatch(/^postmortem: shape\.json:9: "createdAt" is not a time such as 2026-03-13T22:58:12Z/);
    // An export without a field it needs: the field would otherwise read as "open" or "no updates".
    const { closedAt, comments, ...partial } = { ...fields, createdAt: '2026-03-13T22:58:12Z' };
    writeFileSync(join(root, 'partial.json'), JSON.stringify(partial));
    const short = await runCli(['draft', '--from-issue-json', 'partial.json'], root);
    expect([closedAt, comments]).toEqual([null, []]);
    expect(short.stderr).toContain('postmortem: partial.json:1: has no comments, closedAt: export it with --json number,title,body,labels,assignees,author,comments,createdAt,closedAt,url');
    // PowerShell's UTF-16, and a UTF-8 byte order mark (read as it is).
    writeFileSync(join(root, 'utf16.json'), Buffer.from(`\uFEFF${JSON.stringify(fields)}`, 'utf16le'));
    const utf16 = await runCli(['draft', '--from-issue-json', 'utf16.json'], root);
    expect(utf16.stderr).toContain('utf16.json:1: is UTF-16, not UTF-8');
    writeFileSync(join(root, 'bom.json'), `\uFEFF${readFileSync(join(FIXTURES, 'sev4-typo-banner.json'), 'utf8')}`);
    expect((await runCli(['draft', '--from-issue-json', 'bom.json'], root)).code).toBe(0);
    const missing = await runCli(['draft', '--from-issue-json', 'nowhere.json'], root);
    expect(missing.stderr).toContain('Cannot read nowhere.json: ENOENT');
    const neither = await runCli(['draft'], root);
    expect(neither.stderr).toContain('postmortem draft needs one of --from-issue-json FILE or --from-issue N');
    for (const run of [broken, shape, short, utf16, missing, neither]) {
      expect(run.code).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('postmortem draft --from-issue', () => {
  it('reads the incident from GitHub, every page of its comments, and drafts what the export would', async () => {
    const fake = await FakeGitHub.start();
    try {
      const incident = exported('sev2-checkout-over-midnight') as ReturnType<typeof exported> & { title: string; body: string; labels: { name: string }[] };
      const now = incident.closedAt!;
      fake.state.issues.set(incident.number, {
        id: fake.state.id(),
        number: incident.number,
        title: incident.title,
        body: incident.body,
        state: 'closed',
        stateReason: 'completed',
        labels: incident.labels.map((label) => label.name),
        assignees: incident.assignees.map((person) => person.login),
        user: fake.user('carla-sre'),
        createdAt: incident.createdAt,
        updatedAt: now,
        closedAt: now,
        pullRequest: false,
      });
      for (const comment of incident.comments) {
        const id = fake.state.id();
        fake.state.comments.set(id, { id, issueNumber: incident.number, body: (comment as { body?: string }).body ?? '', user: fake.user(comment.author.login), createdAt: comment.createdAt, updatedAt: comment.createdAt });
      }
      const root = copyOfKnowledgeBase();
      const env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: WRITE_TOKEN, GITHUB_REPOSITORY: `${fake.state.owner}/${fake.state.repo}` };
      const run = await runCli(['draft', '--from-issue', String(incident.number)], root, { env });
      expect(run.code, run.stderr).toBe(0);
      const text = readFileSync(join(root, run.stdout.trim()), 'utf8');
      expect(text).toMatch(/^severity: SEV2$/m);
      expect(text).toMatch(/^incident: https:\/\/github\.com\/acme\/incidents\/issues\/412$/m);
      const rows = timelineRows(text);
      expect(instants(rows)).toEqual([incident.createdAt, ...incident.comments.map((comment) => comment.createdAt), incident.closedAt!].map(minute));
      // 25 comments on pages of 100: one list request.
      expect(fake.count('GET /repos/{owner}/{repo}/issues/{issue_number}/comments')).toBe(1);

      // A long incident: its comments on three pages, its Timeline capped with the rest counted.
      const long = fake.state.issues.get(incident.number)!;
      fake.state.issues.set(413, { ...long, id: fake.state.id(), number: 413, title: 'Queue backlog' });
      for (let index = 0; index < 230; index++) {
        const id = fake.state.id();
        const createdAt = new Date(Date.parse(incident.createdAt) + (index + 1) * 30_000).toISOString();
        fake.state.comments.set(id, { id, issueNumber: 413, body: `update ${index}`, user: fake.user('bwong'), createdAt, updatedAt: createdAt });
      }
      const before = fake.count('GET /repos/{owner}/{repo}/issues/{issue_number}/comments');
      const paged = await runCli(['draft', '--from-issue', '413', '--repo', 'acme/incidents'], root, { env: { ...env, GITHUB_REPOSITORY: '' } });
      expect(paged.code, paged.stderr).toBe(0);
      expect(fake.count('GET /repos/{owner}/{repo}/issues/{issue_number}/comments') - before).toBe(3);
      const capped = readFileSync(join(root, paged.stdout.trim()), 'utf8');
      expect(timelineRows(capped).filter((row) => !row.time.startsWith('<'))).toHaveLength(200);
      expect(capped).toContain('_32 updates of the incident issue, from ');

      const missing = await runCli(['draft', '--from-issue', '999'], root, { env });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('acme/incidents#999 was not found, or the token cannot read it (404)');
      const noRepo = await runCli(['draft', '--from-issue', '412'], root, { env: { GITHUB_TOKEN: 'x' } });
      expect(noRepo.stderr).toContain('postmortem draft --from-issue needs the repository: --repo owner/name');
    } finally {
      await fake.close();
    }
  });
});
