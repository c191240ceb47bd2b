import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, lint, parse } from '../helpers.js';

describe('frontmatter parsing', () => {
  const previous = process.env.PWNED_PATH;
  afterEach(() => {
    if (previous === undefined) delete process.env.PWNED_PATH;
    else process.env.PWNED_PATH = previous;
  });

  it('never evaluates ---js frontmatter, which gray-matter would run by default', () => {
    const text = fixture('parse/js-frontmatter.md');
    const ours = join(mkdtempSync(join(tmpdir(), 'pm-')), 'pwned');
    process.env.PWNED_PATH = ours;
    const findings = lint(text);
    expect(existsSync(ours)).toBe(false);
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'frontmatter', line: 1, message: expect.stringMatching(/"js" is refused/) }));

    // The payload is real: evaluated as gray-matter's default `js` engine does (`eval` of the block, in a module
    // where `require` is defined), it runs.
    const theirs = join(mkdtempSync(join(tmpdir(), 'pm-')), 'pwned');
    process.env.PWNED_PATH = theirs;
    const block = text.slice(text.indexOf('\n') + 1, text.indexOf('\n---', 3));
    new Function('require', `return (${block});`)(createRequire(import.meta.url));
    expect(existsSync(theirs)).toBe(true);
  });

  it('refuses ---javascript and ---coffee too', () => {
    for (const language of ['javascript', 'coffee', 'json']) {
      const findings = lint(`---${language}\n{"id": "x"}\n---\n# T\n`);
      expect(findings[0]).toMatchObject({ ruleId: 'frontmatter', line: 1 });
      expect(findings[0]!.message).toContain(`"${language}" is refused`);
    }
  });

  it('caps YAML alias expansion (billion laughs) with a finding instead of exhausting memory', () => {
    const findings = lint(fixture('parse/alias-bomb.md'));
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'frontmatter', message: expect.stringMatching(/aliases expand too far/) }));
  });

  it('reports a YAML syntax error at the line the YAML parser gives, in file lines', () => {
    const findings = lint(fixture('parse/yaml-syntax-error.md'));
    const syntax = findings.filter((finding) => finding.message.startsWith('YAML syntax error'));
    expect(syntax.length).toBeGreaterThan(0);
    // The flow sequence opens on line 4 of the file and is never closed.
    expect(syntax[0]!.line).toBeGreaterThanOrEqual(4);
    expect(syntax[0]!.line).toBeLessThanOrEqual(6);
    // No cascade of "missing key" findings from a frontmatter that could not be read.
    expect(findings.some((finding) => finding.message.includes('missing the required key'))).toBe(false);
  });

  it('reports an unclosed frontmatter block at line 1', () => {
    const findings = lint(fixture('parse/unclosed.md'));
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'frontmatter', line: 1, message: expect.stringMatching(/not closed/) }));
  });

  it('reports duplicate keys and unresolved tags such as !!js/function at their lines', () => {
    const findings = lint(fixture('parse/tags-and-duplicates.md'));
    const messages = findings.map((finding) => `${finding.line}:${finding.message}`);
    expect(messages.some((m) => /^4:.*unique/i.test(m))).toBe(true);
    expect(messages.some((m) => /^3:.*Unresolved tag/i.test(m))).toBe(true);
  });

  it('keeps dates as strings', () => {
    const doc = parse('---\ndate: 2024-01-15\nstarted_at: 2024-01-15T14:02:00Z\n---\n').postmortem!;
    expect(doc.meta.date).toBe('2024-01-15');
    expect(doc.meta.started_at).toBe('2024-01-15T14:02:00Z');
  });

  it('locates values by path for findings', () => {
    const doc = parse('---\nid: x\ntags:\n  - a\n  - B\n---\n').postmortem!;
    expect(doc.frontmatter.locate(['tags', 1])?.line).toBe(5);
    expect(doc.frontmatter.locate(['id'])?.line).toBe(2);
    expect(doc.frontmatter.locate(['nope'])).toBeUndefined();
  });

  it('treats a file without frontmatter as having none, and a "----" rule as no frontmatter', () => {
    expect(parse('# Title\n').postmortem!.frontmatter.present).toBe(false);
    expect(parse('----\n# Title\n').postmortem!.frontmatter.present).toBe(false);
  });
});
