import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANGLE_MARKER, isTemplateMarker } from '../../src/model/template.js';
import { lint, node, REPO } from '../helpers.js';
import { runCli } from '../support/cli.js';

const TEMPLATE = readFileSync(join(REPO, 'postmortems/TEMPLATE.md'), 'utf8');

const run = runCli;

/** What an author writes in each slot; slots met more than once take their values in turn. */
const FILLS: Record<string, string[]> = {
  'One line: what happened': ['Checkout timeouts from a cache stampede'],
  Title: ['Checkout timeouts from a cache stampede'],
  tag: ['cache'],
  service: ['checkout-api'],
  'event time': ['14:02', '14:05', '14:20', '14:25'],
  N: ['3', '18', '23'],
  'YYYY-MM-DD': ['2024-02-01', '2024-01-15'],
  'the symptom': ['checkout requests time out'],
  answer: [
    'the product cache expired for every key at once',
    'all keys were written with the same fixed expiry',
    'the cache loader sets one expiry for a whole batch',
    'nobody reviewed the loader for expiry spread when it was written',
  ],
  'answer 1': ['the product cache expire for every key at once'],
  'answer 2': ['all keys share one fixed expiry'],
  'answer 3': ['the loader set one expiry per batch'],
  'answer 4': ['the loader review miss expiry spread'],
  'root cause': ['our cache guidelines say nothing about expiry jitter'],
  'detect, mitigate, prevent, process or repair': ['prevent'],
  'Verb-first, specific, bounded task': ['Add random jitter of up to 10% to product cache expiry'],
  owner: ['@platform'],
  'your-github-handle': ['@alice'],
  'people, process, technology, environment or external': ['technology'],
  '✓ or ✗': ['✓'],
  'proposed, accepted or rejected': ['accepted'],
  'What the decision depended on': ['the stampede recurs at every batch reload'],
  'What was decided': ['jitter expiries instead of adding cache capacity'],
  'Why this and not the alternatives': ['capacity would only raise the threshold of the stampede'],
  'What it costs or risks': ['hit rates drop by about 2% during reloads'],
};

/** Every `<…>` slot filled as an author would, the frontmatter completed, and the status published. */
function filled(severity: string): string {
  const used = new Map<string, number>();
  let unnamed = 0;
  const text = TEMPLATE.replace('confidence: "<0-100>"', 'confidence: 85').replace(ANGLE_MARKER, (whole, inner: string) => {
    if (!isTemplateMarker(inner)) return whole;
    const values = FILLS[inner];
    const turn = used.get(inner) ?? 0;
    used.set(inner, turn + 1);
    if (values) return values[Math.min(turn, values.length - 1)]!;
    // Prose slots: a distinct sentence each, as written by someone who was there.
    unnamed++;
    return `Observation ${unnamed} from the checkout incident review, written down by the responders`;
  });
  return text
    .replace('id: INC-YYYYMMDD-NNNN', 'id: INC-20240115-0042')
    .replace('date: YYYY-MM-DD', 'date: 2024-01-15')
    .replace('severity: SEV3', `severity: ${severity}`)
    .replace('status: draft', 'status: published')
    .replace(/\n<!--[^\n]*-->\n/g, '\n');
}

describe('postmortems/TEMPLATE.md', () => {
  it('holds every section a published SEV1 or SEV2 postmortem needs: filled in slot by slot, it lints clean', () => {
    for (const severity of ['SEV1', 'SEV2', 'SEV3']) {
      const text = filled(severity);
      expect([...text.matchAll(ANGLE_MARKER)].filter((match) => isTemplateMarker(match[1]!))).toEqual([]);
      expect(text).toContain('confidence: 85');
      expect(lint(text).map((finding) => `${finding.ruleId}@${finding.line}: ${finding.message}`), severity).toEqual([]);
    }
  });

  it('is not clean as it stands: left unfilled, its slots are reported, and the Decision Record is asked of a published SEV2 without one', () => {
    const withoutRecord = filled('SEV2').replace(/## Decision Record[\s\S]*$/, '');
    expect(lint(withoutRecord).map((finding) => finding.ruleId)).toEqual(['decision-record']);
    const confidenceLeft = filled('SEV2').replace('confidence: 85', 'confidence: "<0-100>"');
    expect(lint(confidenceLeft).map((finding) => `${finding.ruleId}:${finding.messageId}`)).toEqual(['placeholder:frontmatter']);
  });
});

describe('postmortem new without a template of its own', () => {
  it('writes the draft from the bundled template, says so, and the draft has only placeholder findings', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pm-new-bare-'));
    const created = await run(['new', '--title', 'Checkout timeouts from a cache stampede', '--severity', 'SEV2', '--date', '2024-01-15'], root);
    expect(created).toMatchObject({ code: 0, stdout: 'postmortems/2024-01-15-checkout-timeouts-from-a-cache-stampede.md\n' });
    expect(created.stderr).toBe('No postmortems/TEMPLATE.md: the draft follows the template bundled with postmortem-kb.\n');
    expect(existsSync(join(root, 'postmortems/TEMPLATE.md'))).toBe(false);
    const text = readFileSync(join(root, 'postmortems/2024-01-15-checkout-timeouts-from-a-cache-stampede.md'), 'utf8');
    expect(text).toContain('id: INC-20240115-0001\n');
    expect(text).toContain('## Decision Record');
    // The schema comment would point at a ../schemas/ this repository has not.
    expect(text).not.toContain('yaml-language-server');
    const lintResult = await run(['lint', '--format', 'json'], root);
    const rules = new Set((JSON.parse(lintResult.stdout) as { messages: { ruleId: string }[] }[])[0]!.messages.map((message) => message.ruleId));
    expect([...rules]).toEqual(['placeholder']);
  });

  it('prefers the repository’s own template when there is one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pm-new-own-'));
    mkdirSync(join(root, 'postmortems'));
    const own = TEMPLATE.replace('## Summary', '## Summary\n\n<Our own template: say which customer tier was hit.>');
    writeFileSync(join(root, 'postmortems/TEMPLATE.md'), own);
    const created = await run(['new', '--title', 'Search outage', '--severity', 'SEV3', '--date', '2024-03-01'], root);
    expect(created.stderr).toBe('');
    expect(readFileSync(join(root, created.stdout.trim()), 'utf8')).toContain('<Our own template: say which customer tier was hit.>');
  });
});

describe('the bundled template in dist/cli.js', () => {
  it('is the repository’s template, inlined by the build', () => {
    const root = mkdtempSync(join(tmpdir(), 'pm-new-dist-'));
    const created = node([join(REPO, 'dist/cli.js'), 'new', '--title', 'Search outage', '--severity', 'SEV3', '--date', '2024-03-01'], { cwd: root });
    expect(created).toMatchObject({ code: 0, stdout: 'postmortems/2024-03-01-search-outage.md\n' });
    const body = (text: string) => text.slice(text.indexOf('\n---\n') + 5);
    expect(body(readFileSync(join(root, 'postmortems/2024-03-01-search-outage.md'), 'utf8'))).toBe(body(TEMPLATE).replace('# Postmortem: <Title>', '# Postmortem: Search outage'));
  });
});
