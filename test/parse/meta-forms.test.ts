import { describe, expect, it } from 'vitest';
import type { ConfigFile } from '../../src/config/types.js';
import { findRelated } from '../../src/kb/related.js';
import { lintFiles } from '../../src/lint/engine.js';
import { readIndexMeta } from '../../src/parse/document.js';
import { dateFromFileName, dateOf, documentMeta, headerFields, metaFromFileName, metaWithoutFrontmatter, readMeta, tagsSection } from '../../src/parse/meta.js';
import { createReader } from '../../src/workspace/reader.js';
import { configWith, fixture, lineOf, lint, messagesOf, parse, REPO } from '../helpers.js';

/** The fixtures of this file: each a form of metadata that real knowledge bases write. */
const DIR = 'forms/meta/';
const read = (name: string) => fixture(`${DIR}${name}`);
const metaOf = (name: string, data: ConfigFile = {}) => parse(read(name), configWith(data), name).postmortem!.meta;
const lintOf = (name: string, data: ConfigFile = {}) => lint(read(name), configWith(data), name);

const OPTIONAL: ConfigFile = { frontmatter: 'optional' };

describe('documents without frontmatter', () => {
  it('take their date from a YYYY-MM-DD file name and their title from the H1', () => {
    expect(metaOf('2025-03-04-search-index-lag.md', OPTIONAL)).toEqual({ date: '2025-03-04', title: 'Search results stale for two hours' });
  });

  it('take their date from a YYYYMMDD file name before the first date of the text (dateFromBody), and a setext title', () => {
    expect(metaOf('20240611-queue-backlog.md', { ...OPTIONAL, dateFromBody: true })).toEqual({ date: '2024-06-11', title: 'Queue backlog in the notifications worker' });
  });

  it('only real calendar dates of a file name count', () => {
    expect(dateFromFileName('incidents/2025-09-29-flags-is-down.md')).toBe('2025-09-29');
    expect(dateFromFileName('20240115-db-outage.md')).toBe('2024-01-15');
    expect(dateFromFileName('INC-20240115-0042.md')).toBe('2024-01-15');
    expect(dateFromFileName('2024-02-30-leap.md')).toBeUndefined();
    expect(dateFromFileName('20241301-x.md')).toBeUndefined();
    expect(dateFromFileName('2024-0115-mixed.md')).toBeUndefined();
    expect(dateFromFileName('PM2021-005 - All services returning 503.md')).toBeUndefined();
    expect(dateFromFileName('ticket-123456789.md')).toBeUndefined();
    // Only the file name: a dated directory says nothing of the document.
    expect(dateFromFileName('2024-01-01/outage.md')).toBeUndefined();
  });

  it('take the date of a "**Date:**" line near the top before the file name, and no unknown severity', () => {
    const meta = metaOf('2026-02-09-checkout-errors.md', OPTIONAL);
    expect(meta).toEqual({ date: '2026-02-06', title: 'Checkout errors after a payment SDK upgrade' });
  });

  it('read "**Date**: …" and "Severity: sev2" list lines as the configured severity', () => {
    expect(metaOf('plain-fields.md', OPTIONAL)).toEqual({ date: '2025-12-02', severity: 'SEV2', title: 'Billing export job skipped a day' });
    // A configuration with other levels does not know "sev2".
    expect(metaOf('plain-fields.md', { ...OPTIONAL, severities: ['P1', 'P2'] }).severity).toBeUndefined();
  });

  it('written dates read as the first day, whatever the form', () => {
    expect(dateOf('January 14-19, 2026')).toBe('2026-01-14');
    expect(dateOf('Jan 30 – Feb 2, 2026')).toBe('2026-01-30');
    expect(dateOf('Tuesday, March 3rd 2025')).toBe('2025-03-03');
    expect(dateOf('14 January 2026')).toBe('2026-01-14');
    expect(dateOf('3rd of Sept, 2024')).toBe('2024-09-03');
    expect(dateOf('2026-01-14 (all day)')).toBe('2026-01-14');
    expect(dateOf('February 30, 2026')).toBeUndefined();
    expect(dateOf('sometime last week')).toBeUndefined();
  });

  it('read an "**Incident ID**:" line when it matches the id pattern (the seed style)', () => {
    expect(metaOf('tagged-n-plus-one.md', OPTIONAL)).toMatchObject({ id: 'INC-20250405-0003', date: '2025-04-05', severity: 'SEV2', title: 'Project listing times out' });
    expect(metaOf('tagged-n-plus-one.md', { ...OPTIONAL, idPattern: '^PM\\d{4}-\\d{3}$' }).id).toBeUndefined();
  });

  it('look for declared fields only before the first section', () => {
    const text = '# Title\n\n## Summary\n\n**Date:** 2024-01-01\n**Severity:** SEV1\n';
    expect(headerFields(text, 0, ['SEV1'])).toEqual({ title: 'Title' });
  });

  it('under frontmatter: optional are not asked for keys, and defaults apply to severity-based requirements', () => {
    const name = '2025-03-04-search-index-lag.md';
    expect(lintOf(name, OPTIONAL).filter((finding) => finding.ruleId === 'frontmatter')).toEqual([]);
    // Without a severity only the `default` list applies: none by default, so nothing is asked.
    expect(messagesOf(lintOf(name, OPTIONAL), 'required-sections')).toEqual([]);
    const withDefault = { ...OPTIONAL, defaults: { severity: 'SEV3', status: 'published' } };
    expect(metaOf(name, withDefault)).toMatchObject({ severity: 'SEV3', status: 'published' });
    const findings = lintOf(name, withDefault);
    expect(findings.filter((finding) => finding.ruleId === 'frontmatter')).toEqual([]);
    expect(findings.filter((finding) => finding.ruleId === 'required-sections').map((finding) => finding.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('"Root Cause Analysis" (required for SEV3)'), expect.stringContaining('"Lessons Learned" (required for SEV3)')]),
    );
  });

  it('a severity the document declares wins over the default; an unknown word leaves the default', () => {
    const defaults = { ...OPTIONAL, defaults: { severity: 'SEV4' } };
    expect(metaOf('plain-fields.md', defaults).severity).toBe('SEV2');
    expect(metaOf('2026-02-09-checkout-errors.md', defaults).severity).toBe('SEV4');
  });

  it('under frontmatter: required are reported once as having none', () => {
    expect(messagesOf(lintOf('2025-03-04-search-index-lag.md', { defaults: { severity: 'SEV3' } }), 'frontmatter')).toEqual(['absent@1']);
  });
});

describe('a `## Tags` section', () => {
  it('gives the tags of backticked words, not those of a code block', () => {
    expect(metaOf('tagged-n-plus-one.md', OPTIONAL).tags).toEqual(['database', 'n+1', 'orm']);
    expect(metaOf('tagged-n-plus-one-again.md', OPTIONAL).tags).toEqual(['database', 'N+1', 'performance']);
    expect(tagsSection('## Tags\n\nnone yet\n')).toBeUndefined();
    expect(tagsSection('### tags:\n`a` `b c`\n## Next\n`d`\n')).toEqual(['a', 'b c']);
  });

  it('does not replace tags the frontmatter gives', () => {
    const text = '---\ntags: [cache]\n---\n\n# T\n\n## Tags\n\n`other`\n';
    expect(parse(text).postmortem!.meta.tags).toEqual(['cache']);
  });

  it('feeds the knowledge base: the index reads the same metadata as the lint, and related incidents share the tags', async () => {
    const config = configWith({
      ...OPTIONAL,
      files: [`test/fixtures/${DIR}tagged-*.md`],
      fileNamePattern: '^(?<id>tagged-[a-z-]+)\\.md$',
      idPattern: '^tagged-[a-z-]+$',
      tags: { synonyms: { 'n+1': 'n-plus-one' } },
    });
    const knowledgeBase = await createReader({ config, cwd: REPO }).index();
    for (const name of ['tagged-n-plus-one.md', 'tagged-n-plus-one-again.md']) {
      const indexed = readIndexMeta(name, new TextEncoder().encode(read(name)), config.format)!.meta;
      expect(indexed).toEqual(parse(read(name), config, name).postmortem!.meta);
    }
    expect(knowledgeBase.incidentById.get('tagged-n-plus-one')?.tags).toEqual(['database', 'n-plus-one', 'orm']);
    const [first] = findRelated(knowledgeBase, 'tagged-n-plus-one').results;
    expect(first?.incident.id).toBe('tagged-n-plus-one-again');
  });
});

describe('frontmatter of another tool', () => {
  const mapped: ConfigFile = { frontmatter: { keys: { start_time: 'started_at', categories: 'tags', incident_id: 'id' }, extraKeys: 'allow' } };

  it('is reported key by key without a mapping', () => {
    const text = read('other-tool.md');
    expect(messagesOf(lintOf('other-tool.md'), 'frontmatter')).toEqual(
      expect.arrayContaining([`missingKey@1`, `unknownKey@${lineOf(text, 'layout:')}`, `unknownKey@${lineOf(text, 'incident_id:')}`, `unknownKey@${lineOf(text, 'permalink:')}`]),
    );
  });

  it('is read through the mapping: mapped keys are the keys they name, and unknown ones are allowed', () => {
    expect(metaOf('other-tool.md', mapped)).toMatchObject({ id: 'INC-20250212-0007', tags: ['webhooks', 'queue'], started_at: '2025-02-12T09:14:00Z' });
    expect(messagesOf(lintOf('other-tool.md', mapped), 'frontmatter')).toEqual([]);
  });

  it('without extraKeys: allow, only the keys no mapping names are unknown', () => {
    const text = read('other-tool.md');
    const keysOnly = { frontmatter: { keys: mapped.frontmatter && typeof mapped.frontmatter === 'object' ? mapped.frontmatter.keys : {} } };
    expect(messagesOf(lintOf('other-tool.md', keysOnly), 'frontmatter')).toEqual([`unknownKey@${lineOf(text, 'layout:')}`, `unknownKey@${lineOf(text, 'permalink:')}`]);
  });

  it('reports a bad mapped value at its own line, by the name it is written with', () => {
    const text = read('other-tool.md').replace('start_time: 2025-02-12T09:14:00Z', 'start_time: 2025-02-12T11:00:00Z').replace('categories: [webhooks, queue]', 'categories: [Webhooks]');
    const findings = lint(text, configWith(mapped), 'other-tool.md').filter((finding) => finding.ruleId === 'frontmatter');
    expect(findings.map((finding) => `${finding.messageId}@${finding.line}`)).toEqual([`invalid@${lineOf(text, 'categories:')}`, `timestampOrder@${lineOf(text, 'resolved_at:')}`]);
    expect(findings[0]!.message).toContain('Frontmatter "categories[0]" is "Webhooks"');
    expect(findings[1]!.message).toContain('is before "start_time"');
  });

  it('keeps the key of the format when a document has both', () => {
    expect(readMeta({ started_at: 'a', start_time: 'b' }, { frontmatterKeys: { start_time: 'started_at' } }).started_at).toBe('a');
  });

  it('finds a duplicate id at the mapped key', () => {
    const config = configWith(mapped);
    const text = read('other-tool.md');
    const files = [parse(text, config, 'a.md'), parse(text, config, 'b.md')];
    const [result] = lintFilesOf(files, config);
    expect(messagesOf(result!, 'frontmatter')).toEqual([`duplicateId@${lineOf(text, 'incident_id:')}`]);
  });
});

describe('fileNamePattern and the file name fill the gaps of a frontmatter', () => {
  const name = 'INC-20250301-0002 - cache stampede.md';
  const pattern: ConfigFile = { fileNamePattern: '^(?<id>INC-\\d{8}-\\d{4}) - (?<title>.+)\\.md$' };

  it('gives the id (and the date of the name) the frontmatter lacks, never overriding it', () => {
    expect(metaOf(name, pattern)).toMatchObject({ id: 'INC-20250301-0002', date: '2025-03-01', title: 'Cache stampede after a cold start' });
    expect(metaFromFileName(name, { fileNamePattern: pattern.fileNamePattern })).toEqual({ id: 'INC-20250301-0002', title: 'cache stampede' });
  });

  it('so the frontmatter rule does not ask for them, but still for a key nothing gives', () => {
    expect(messagesOf(lintOf(name, pattern), 'frontmatter')).toEqual([]);
    expect(messagesOf(lintOf(name), 'frontmatter')).toEqual(['missingKey@1']);
    const withoutTags = read(name).replace('tags: [cache, cold-start]\n', '');
    expect(lint(withoutTags, configWith(pattern), name).filter((finding) => finding.ruleId === 'frontmatter').map((finding) => finding.message)).toEqual([
      'Frontmatter is missing the required key "tags"',
    ]);
  });

  it('a Date line of the body does not stand in for a required frontmatter date (other tools read the frontmatter)', () => {
    const withoutDate = read(name).replace(/^date: .*\n/m, '').replace(/^(# .*)$/m, '$1\n\n**Date:** 2025-03-01');
    const named = 'cache-stampede.md';
    expect(parse(withoutDate, configWith(), named).postmortem!.meta.date).toBe('2025-03-01');
    expect(lint(withoutDate, configWith(), named).filter((finding) => finding.ruleId === 'frontmatter').map((finding) => finding.message)).toContain(
      'Frontmatter is missing the required key "date"',
    );
  });

  it('defaults never make the frontmatter rule complain, and are not asked for', () => {
    const withoutSeverity = read(name).replace('severity: SEV4\n', '');
    const config = configWith({ ...pattern, defaults: { severity: 'SEV3' } });
    expect(lint(withoutSeverity, config, name).filter((finding) => finding.ruleId === 'frontmatter')).toEqual([]);
    expect(parse(withoutSeverity, config, name).postmortem!.meta.severity).toBe('SEV3');
  });

  it('the metadata of a document without frontmatter is what documentMeta reads', () => {
    const text = read('plain-fields.md');
    const format = configWith(OPTIONAL).format;
    expect(metaWithoutFrontmatter('plain-fields.md', text, format)).toEqual(documentMeta('plain-fields.md', text, { present: false, data: {} }, 0, format).meta);
    expect(documentMeta('plain-fields.md', text, { present: false, data: {} }, 0, format).sources).toEqual({ date: 'body', severity: 'body', title: 'body' });
  });
});

describe('reading declared fields stays linear on hostile text', () => {
  it('long lines of spaces, hashes and emphasis', () => {
    const long = 200_000;
    const texts = [
      `# a${' '.repeat(long)}x\n`,
      `## Tags${' '.repeat(long)}x\n`,
      `**Date:**${' **'.repeat(long / 3)}\n`,
      `#${'#'.repeat(long)} x\n## Tags\n${'`a` '.repeat(long / 4)}\n`,
    ];
    for (const text of texts) {
      expect(() => documentMeta('x.md', text, { present: false, data: {} }, 0, configWith(OPTIONAL).format)).not.toThrow();
    }
  });
});

function lintFilesOf(files: Parameters<typeof lintFiles>[0], config: Parameters<typeof lintFiles>[1]) {
  return lintFiles(files, config).map((result) => result.findings);
}
