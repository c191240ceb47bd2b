import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockText, firstLine, inlineText } from '../../src/draft/text.js';
import { runCli } from '../support/cli.js';
import { copyOfKnowledgeBase, REPO } from '../helpers.js';

/** Incident text is written by anyone who can comment on an issue: in a draft it is text, never markup, never a command. */

describe('incident text in a draft', () => {
  it('keeps links and code, and turns HTML, mentions, cells and link tricks into text', () => {
    expect(inlineText('rolled back, see [the dashboard](https://grafana.example.com/d/a(b)) and https://x.example.com/a|b.')).toBe(
      'rolled back, see [the dashboard](https://grafana.example.com/d/a%28b%29) and https://x.example.com/a\\|b.',
    );
    expect(inlineText('[click](javascript:alert(1)) ![img](https://x/y.png) <img src=x onerror=alert(1)> <https://ok.example.com>')).toBe(
      '\\[click\\](javascript:alert(1)) [img](https://x/y.png) &lt;img src=x onerror=alert(1)> <https://ok.example.com>',
    );
    expect(inlineText('@bwong and @acme/sre-leads, not me@example.com; `a|b` stays code')).toBe('`@bwong` and `@acme/sre-leads`, not me@example.com; `a\\|b` stays code');
    expect(inlineText('&#64;everyone &amp; R&D \\| end\\')).toBe('&amp;#64;everyone &amp;amp; R&D \\\\\\| end\\\\');
    expect(inlineText('line\u202eone\ntwo\u0007')).toBe('lineone two');
  });

  it('keeps the words of a description but none of its structure: no heading, rule, fence or HTML block', () => {
    const text = blockText('## Timeline\nWhat happened\n---\n```\n<script>alert(1)</script>\n```\n    indented\n- item one\n  - nested @carol\n> quoted\n<!-- hidden -->', 10_000);
    expect(text).toBe('**Timeline**\n\nWhat happened\n\n&lt;script>alert(1)&lt;/script>\n\nindented\n- item one\n  - nested `@carol`\n> quoted\n&lt;!-- hidden -->');
    expect(blockText('a\nb\nc', 3)).toBe('a');
    // The first line with words of its own: a heading or a line ending in a colon takes the next one along.
    expect(firstLine('\n> quoting an earlier comment\n\n### Plan ##\n- step', 200)).toBe('Plan: step');
    expect(firstLine('What I see so far:\n- pods timing out', 200)).toBe('What I see so far: pods timing out');
    expect(firstLine('<img width="800" alt="image" src="https://github.com/user-attachments/assets/1" />\nCert renewed and deployed', 200)).toBe('Cert renewed and deployed');
    expect(firstLine('![image](https://github.com/user-attachments/assets/2)\nhttps://status.example.com/abc\nstatus page updated', 200)).toBe('status page updated');
    expect(inlineText('_@alice_ and __@bob__')).toBe('_`@alice`_ and __`@bob`__');
    expect(firstLine('x'.repeat(300), 200)).toHaveLength(200);
  });
});

describe('a hostile incident', () => {
  it('drafts a bounded, inert document: no command, markup, mention or structure from the incident; long incidents capped', async () => {
    const root = copyOfKnowledgeBase();
    const start = Date.parse('2026-04-01T10:00:00Z');
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString().replace('.000Z', 'Z');
    const hostile = '::error file=x::pwned @everyone <iframe src=https://evil.example.com></iframe> | cell | `a|b` [x](javascript:alert(1))';
    const comments = Array.from({ length: 10_050 }, (_, index) => ({
      author: { login: index % 2 ? 'mallory' : 'not a login!' },
      body: `${index % 3 ? '' : '## '}${hostile} ${'A'.repeat(index === 7 ? 100_000 : 10)}\n\`\`\`\nnever closed`,
      createdAt: at(index + 1),
      url: `https://github.com/acme-example/ops/issues/9#issuecomment-${index}`,
    }));
    const incident = {
      number: 9,
      title: `::warning::title @everyone <script>alert(1)</script> | ${'T'.repeat(500)}`,
      body: `## Impact\n${hostile}\n\n## Timeline\n---\n\`\`\`\n${'B'.repeat(300_000)}`,
      labels: [{ name: 'incident' }, { name: 'SEV-1' }, { name: '<b>bold</b>' }, { name: '::notice::label' }],
      assignees: [{ login: 'mallory' }, { login: '"><script>' }],
      author: { login: 'mallory' },
      comments,
      createdAt: at(0),
      closedAt: at(20_000),
      url: 'https://github.com/acme-example/ops/issues/9',
    };
    writeFileSync(join(root, 'hostile.json'), JSON.stringify(incident));
    const run = await runCli(['draft', '--from-issue-json', 'hostile.json'], root);
    expect(run.code, run.stderr).toBe(0);
    // Nothing the runner would read as a workflow command, on either stream.
    expect(`${run.stdout}\n${run.stderr}`.split('\n').filter((line) => /^\s*::/.test(line) || line.includes('##['))).toEqual([]);
    const text = readFileSync(join(root, run.stdout.trim()), 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024 * 1024);
    expect(text).toMatch(/^severity: SEV1$/m);

    // The document's structure is the template's, plus Responders: no heading came from the incident.
    const template = readFileSync(join(REPO, 'postmortems/TEMPLATE.md'), 'utf8');
    const headings = (markdown: string) => markdown.split('\n').filter((line) => /^#{1,6} /.test(line) && !line.startsWith('# '));
    const expected = headings(template);
    expected.splice(expected.indexOf('## Timeline'), 0, '## Responders');
    expect(headings(text)).toEqual(expected);
    // No fence, HTML element, live mention or script link of the incident's.
    // The frontmatter holds the title as data (YAML); what renders is the body.
    const outsideCode = text.slice(text.indexOf('\n---\n', 4)).replace(/`[^`\n]*`/g, '');
    expect(outsideCode).not.toMatch(/<(?:script|iframe|b)\b/i);
    expect(outsideCode).not.toMatch(/(?<![\w`])@everyone/);
    expect(text).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(text).not.toMatch(/^```/m);
    // HTML comments: the template's, and the Timeline's note of the draft's own (no related incident shares these tags).
    expect(text.split('<!--').length - 1).toBe(template.split('<!--').length - 1 + 1);
    // Only well-formed logins are people: the responders and authors are mallory, once.
    expect([...text.matchAll(/^- @(\S+)/gm)].map((match) => match[1])).toEqual(['mallory']);
    // 10,050 updates: the Timeline keeps the first and the last (200 rows) and counts the rest.
    const rows = text.split('\n').filter((line) => /^\| (?:\d{4}-\d{2}-\d{2} )?\d{2}:\d{2} \|/.test(line));
    expect(rows.length).toBeLessThanOrEqual(200);
    expect(text).toMatch(/_\d+ updates of the incident issue, from .* UTC, are not in this Timeline: read them in \[issue #9\]/);
    expect(run.stderr).toContain('50 comments of incident #9 were not read (a draft reads at most 10000)');

    // What lint then says is about the slots left to write, not about the incident's text.
    const lint = await runCli(['lint', '--format', 'json', run.stdout.trim()], root);
    const rules = new Set((JSON.parse(lint.stdout) as { messages: { ruleId: string }[] }[])[0]!.messages.map((message) => message.ruleId));
    expect([...rules]).toEqual(['placeholder']);
  });
});
