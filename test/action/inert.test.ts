import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/review/sticky-comment.js';
import { parseMetadata } from '../../src/sync/marker.js';
import { FakeGitHub, WRITE_TOKEN } from '../support/fake-github/server.js';
import { render } from '../support/rendered.js';
import { pullRequestEvent, pushEvent, Repository, runAction } from '../support/runner.js';
import { fixture, REPO } from '../helpers.js';

// Issue 19, part 3, end to end: hostile file names and document text through the action, against the local GitHub.

const BUNDLED = Object.fromEntries(readdirSync(join(REPO, 'postmortems')).map((name) => [`postmortems/${name}`, readFileSync(join(REPO, 'postmortems', name), 'utf8')]));
const PINGED = 'postmortems/2024-03-01-x\n# PINGED @alice @bob\n.md';
const CAROL = 'postmortems/2024-03-02-y)@carol hi.md';
const BROKEN = fixture('rules/action-item-owner/fail.md');

let fake: FakeGitHub;
afterEach(async () => fake?.close());

describe('GitHub’s length limits, in the fake', () => {
  it('refuses a body over 65,536 characters and a title over 256 with 422, as GitHub does, and takes them at the limit', async () => {
    fake = await FakeGitHub.start();
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${fake.url}/repos/acme/incidents${path}`, { method: 'POST', headers: { authorization: `token ${WRITE_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as { number?: number; errors?: { field: string; message: string }[] } };
    };
    const atLimit = await post('/issues', { title: 't'.repeat(256), body: 'b'.repeat(65_536) });
    expect(atLimit.status).toBe(201);
    const long = await post('/issues', { title: 't', body: 'b'.repeat(65_537) });
    expect(long.status).toBe(422);
    expect(long.body.errors).toEqual([expect.objectContaining({ field: 'body', message: 'body is too long (maximum is 65536 characters)' })]);
    expect((await post('/issues', { title: 't'.repeat(257) })).status).toBe(422);
    expect((await post(`/issues/${atLimit.body.number}/comments`, { body: 'c'.repeat(65_536) })).status).toBe(201);
    expect((await post(`/issues/${atLimit.body.number}/comments`, { body: 'c'.repeat(65_537) })).status).toBe(422);
    expect(fake.schemaViolations).toEqual([]);
  });
});

describe('hostile file names on a pull request', () => {
  it('make no heading, mention or broken link in the comment and the job summary, and annotate the exact files', async () => {
    fake = await FakeGitHub.start();
    const repository = new Repository();
    const base = repository.commit(BUNDLED, 'knowledge base');
    const second = BROKEN.replace(/^id: .*$/m, 'id: INC-20240302-0099');
    const head = repository.commit({ [PINGED]: BROKEN, [CAROL]: second }, 'postmortems');
    const run = await runAction({ fake, workspace: repository.dir, event: pullRequestEvent(fake, { number: 7, base, head }) });
    expect(run.exitCode).toBe(1);
    expect(new Set(run.annotations.filter((a) => a.properties.file).map((a) => a.properties.file))).toEqual(new Set([PINGED, CAROL]));
    const comment = [...fake.state.comments.values()].find((entry) => entry.body.startsWith(COMMENT_MARKER))!;
    for (const markdown of [comment.body, run.summary]) {
      const rendered = render(markdown);
      expect(rendered.mentions).toEqual([]);
      // The tool's headings only; each postmortem is a <details> of the tool's, its summary one line of text; each name is shown whole, on one line, in code.
      expect(rendered.headings).toEqual(['Postmortem review', 'Postmortems']);
      expect(rendered.html.filter((html) => html.startsWith('<details open>'))).toEqual([
        '<details open><summary>❌ INC-20240301-0006 · Owners missing: 6 errors</summary>',
        '<details open><summary>❌ INC-20240302-0099 · Owners missing: 6 errors</summary>',
      ]);
      for (const html of rendered.html.filter((html) => html !== COMMENT_MARKER)) expect(html).toMatch(/^(?:<details(?: open)?><summary>[^<>\n]*<\/summary>|<\/details>)$/);
      expect(rendered.text).toContain('postmortems/2024-03-01-x\\n# PINGED @alice @bob\\n.md');
      expect(rendered.text).toContain(CAROL);
      const files = rendered.links.filter((link) => link.url.startsWith('https://github.com/acme/incidents/blob/'));
      expect(files.length).toBeGreaterThan(0);
      for (const link of files) expect([PINGED, CAROL]).toContain(decodeURIComponent(link.url.replace(/^https:\/\/github\.com\/acme\/incidents\/blob\/[0-9a-f]+\//, '').replace(/#L\d+$/, '')));
    }
  });
});

describe('sync of hostile and oversized action items', () => {
  it('creates every issue of a postmortem with 4,000 related ids and a 70,000-character owner, each within GitHub’s limits, HTML shown as text', async () => {
    fake = await FakeGitHub.start();
    const related = Array.from({ length: 4_000 }, (_, n) => `INC-20230101-${String(n).padStart(4, '0')}`);
    const owner = '@acme/everyone '.repeat(5_000).slice(0, 70_000);
    const source = fixture('rules/complete-sev2.md')
      .replace('title: Payments API timeouts after a certificate rotation', 'title: "Payments | timeouts ](https://evil.example) <details><summary>"')
      .replace('confidence: 90', `confidence: 90\nrelated: [${related.join(', ')}]`)
      .replace(
        '| AI-001 | repair | Install the full chain with every certificate rotation | @alice |',
        `| AI-001 | repair | Fix <picture><source srcset="https://evil.example/x.png"></picture> <a href="https://evil.example/login">login here</a> | ${owner} |`,
      );
    const repository = new Repository();
    const head = repository.commit({ 'postmortems/2024-06-10-certificates.md': source }, 'knowledge base');
    const run = await runAction({ fake, workspace: repository.dir, event: pushEvent(fake, { before: head, after: head }), inputs: { 'write-interval': '0' } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ created: '3' });
    expect(fake.requests.filter((request) => request.status === 422)).toEqual([]);
    const issues = [...fake.state.issues.values()];
    expect(issues).toHaveLength(3);
    for (const issue of issues) {
      expect(issue.body!.length).toBeLessThanOrEqual(65_536);
      expect(issue.title.length).toBeLessThanOrEqual(256);
      const rendered = render(issue.body!);
      expect(rendered.html.map((html) => html.slice(0, 20))).toEqual(['<!-- postmortem-kb:i', '<!-- postmortem-kb:e']);
      const urls = rendered.links.map((link) => link.url);
      expect(urls).toHaveLength(2);
      expect(urls[0]).toMatch(/^https:\/\/github\.com\/acme\/incidents\/blob\/[0-9a-f]{40}\/postmortems\/2024-06-10-certificates\.md\?plain=1#L\d+$/);
      expect(urls[1]).toBe('https://github.com/acme/incidents/blob/main/postmortems/2024-06-10-certificates.md#action-items');
      expect(rendered.tableRows.every((row) => row.length === 2)).toBe(true);
      expect(rendered.text).toContain('and 3980 more');
    }
    const first = issues.find((issue) => parseMetadata(issue.body)!.item === 'AI-001')!;
    expect(parseMetadata(first.body)!.owner.length).toBeLessThanOrEqual(200);
    expect(render(first.body!).mentions).toEqual([]);
    expect(render(first.body!).text).toContain('<a href="https://evil.example/login">login here</a>');

    // In step: a second run writes nothing, so nothing is refused on every run either.
    const before = fake.count();
    const again = await runAction({ fake, workspace: repository.dir, event: pushEvent(fake, { before: head, after: head }), inputs: { 'write-interval': '0' } });
    expect(again.outputs).toMatchObject({ created: '0', updated: '0', unchanged: '3' });
    expect(fake.requests.slice(before).every((request) => request.method === 'GET')).toBe(true);
  });
});
