import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMetadata } from '../../src/sync/marker.js';
import { FakeGitHub } from '../support/fake-github/server.js';
import { pushEvent, Repository, runAction } from '../support/runner.js';
import { fixture, REPO } from '../helpers.js';

/**
 * The last line against a stalling document, end to end: a postmortem that
 * takes longer than `maxReadSeconds` to read is reported and skipped, and
 * sync and escalation carry on with the others. The document here is legal
 * but slow (paragraphs of emphasis just under the guard's limit, about 10 s
 * for micromark), read with a limit of half a second. Timed, so a chaos suite.
 */
const BUNDLED = Object.fromEntries(
  readdirSync(join(REPO, 'postmortems')).map((name) => [`postmortems/${name}`, readFileSync(join(REPO, 'postmortems', name), 'utf8')]),
);
const SLOW = 'postmortems/2024-06-10-certificates.md';
const NEW = 'postmortems/2024-06-20-queue.md';
const CONFIG = { '.postmortemrc.yml': 'maxReadSeconds: 0.5\nescalation:\n  contacts:\n    SEV2: ["@acme/eng-managers"]\n' };
const SLOW_TEXT = Array.from({ length: 1_300 }, () => '*a_'.repeat(166)).join('\n\n');

let fake: FakeGitHub;
afterEach(async () => fake?.close());

const issues = () => [...fake.state.issues.values()].filter((issue) => !issue.pullRequest && parseMetadata(issue.body));
const ofIncident = (incident: string) => issues().filter((issue) => parseMetadata(issue.body)!.incident === incident);

describe('a document slower than maxReadSeconds', () => {
  it('is reported and skipped; sync leaves its issues alone and syncs the others; escalation carries on', async () => {
    fake = await FakeGitHub.start({ assignable: ['alice', 'bob'] });
    fake.now = () => new Date('2024-06-21T09:00:00Z');
    const repository = new Repository();
    const certificates = fixture('action/escalation.md');
    repository.commit({ ...BUNDLED, ...CONFIG, [SLOW]: certificates }, 'knowledge base');
    const sync = async () => {
      const head = repository.git(['rev-parse', 'HEAD']);
      return runAction({ fake, workspace: repository.dir, event: pushEvent(fake, { before: head, after: head }), inputs: { 'write-interval': '0' } });
    };
    const first = await sync();
    expect(first.exitCode).toBe(0);
    const certificateIssues = ofIncident('INC-20240610-0007');
    expect(certificateIssues.length).toBeGreaterThan(0);
    const before = JSON.stringify(certificateIssues);

    // The certificates postmortem turns slow; a new postmortem with one item arrives in the same push.
    const slow = certificates.replace('## Summary', `${SLOW_TEXT}\n\n## Summary`);
    expect(slow.length).toBeLessThan(1024 * 1024);
    const queue = certificates
      .replace('id: INC-20240610-0007', 'id: INC-20240620-0001')
      .replace('date: 2024-06-10', 'date: 2024-06-20')
      .replace(/title: .*/, 'title: Queue backlog after a deploy');
    repository.commit({ [SLOW]: slow, [NEW]: queue }, 'a slow document and a new one');
    const second = await sync();
    expect(second.exitCode).toBe(0);
    expect(second.annotations.map((annotation) => annotation.message)).toEqual(expect.arrayContaining([expect.stringMatching(/took longer than 0\.5 s to read/)]));
    expect(JSON.stringify(ofIncident('INC-20240610-0007'))).toBe(before);
    expect(ofIncident('INC-20240610-0007').every((issue) => fake.state.commentsOf(issue.number).length === 0)).toBe(true);
    expect(ofIncident('INC-20240620-0001').length).toBe(certificateIssues.length);

    const escalation = await runAction({
      fake,
      workspace: repository.dir,
      event: { name: 'schedule', payload: { schedule: '0 6 * * *', repository: { full_name: 'acme/incidents', default_branch: 'main' } } },
      inputs: { 'as-of': '2024-08-01', 'write-interval': '0' },
    });
    expect(escalation.exitCode).toBe(0);
    expect(escalation.stdout + escalation.stderr).not.toMatch(/\n\s+at /);
    // The new postmortem's items (due in June) are escalated: the run did not stop at the slow one.
    const escalated = ofIncident('INC-20240620-0001').filter((issue) => fake.state.commentsOf(issue.number).some((comment) => /postmortem-kb:escalation/.test(comment.body)));
    expect(escalated.length).toBeGreaterThan(0);
  });
});
