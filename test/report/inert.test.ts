import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capText, cappedList, codeSpan, linkUrl, markdownText, terminalText, urlPath, visibleControls } from '../../src/report/inert.js';
import { render } from '../support/rendered.js';

// Markdown-, HTML- and mention-shaped pieces, so the properties meet what an attacker writes, not only random code units.
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .array(
      fc.constantFrom('<', '>', '&', '&amp;', '&#64;', '<!--', '-->', '<a href="https://e">', '<picture>', '<details><summary>', '@', 'alice', '@acme/team', '|', '](', '[', ']', '(', ')', '`', '``', '*', '_', '~', '#', '- ', '1. ', '=', '\\', '$', '!', ' ', '    ', '\n', '\r', '\t', '\u001b', '\u2028', '\u202e', '::', '##[', 'x'),
      { maxLength: 30 },
    )
    .map((parts) => parts.join('')),
);
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// What a reader sees of markdownText(s): the text itself, mentions broken by a zero-width space, controls as escapes.
const seen = (text: string) => visibleControls(text).replace(/@/g, '@\u2060');

describe('markdownText', () => {
  it('renders as exactly the text in a paragraph, a heading, a table cell and a link’s text: no HTML, link, heading, cell or mention of its own', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const escaped = markdownText(text);
        // Trailing spaces are dropped by Markdown, but a leading space is escaped (it could start code) and kept.
        const lead = text.startsWith(' ') ? ' ' : '';
        const expected = lead + seen(text).slice(lead.length).replace(/ +$/, '');
        expect(escaped).not.toMatch(/[\n\r]/);

        const paragraph = render(`Before\n\n${escaped}\n`);
        expect(paragraph.text.replace(/^Before/, '')).toBe(expected);
        expect([paragraph.html, paragraph.links, paragraph.headings, paragraph.tableRows, paragraph.mentions]).toEqual([[], [], [], [], []]);

        const heading = render(`### ${escaped}\n`);
        expect(heading.headings).toEqual([expected]);

        const table = render(`| A | B |\n|---|---|\n| ${escaped} | end |\n`);
        expect(table.tableRows).toEqual([['A', 'B'], [expected, 'end']]);
        expect(table.html).toEqual([]);

        const link = render(`[${escaped}](https://example.com/x)\n`);
        // A link's text keeps trailing spaces, where a paragraph, a heading and a cell drop them.
        expect(link.links).toEqual([{ url: 'https://example.com/x', text: seen(text) }]);
        expect(link.mentions).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('reproduces the issue: `<picture>`, `<a href>` and an unclosed `<details>` stay text', () => {
    const html = '<picture><source srcset="https://e/x.png"></picture> <a href="https://e/login">login here</a> <details><summary>more';
    const rendered = render(`${markdownText(html)}\n\n| a |\n|---|\n| tool row |\n`);
    expect(rendered.html).toEqual([]);
    expect(rendered.text).toContain('<a href="https://e/login">login here</a>');
    expect(rendered.tableRows).toEqual([['a'], ['tool row']]);
  });
});

describe('codeSpan', () => {
  it('holds any text as one code span on its line', () => {
    fc.assert(
      fc.property(hostile.filter((text) => text !== ''), (text) => {
        const span = codeSpan(text);
        expect(span).not.toMatch(/[\n\r]/);
        const paragraph = render(`File: ${span}\n`);
        expect(paragraph.headings).toEqual([]);
        expect(paragraph.text).toBe(`File: ${visibleControls(text)}`);
      }),
      { numRuns: 400 },
    );
  });

  it('reproduces the issue: a file name with a line break makes no heading and pings nobody', () => {
    const name = 'postmortems/2024-03-01-x\n# PINGED @alice @bob\n.md';
    // Today's code swapped backticks only: the line break ended the span and `# PINGED` became a heading.
    const legacy = render(`\`${name.replace(/`/g, "'")}\`\n`);
    expect(legacy.headings).toEqual(['PINGED @alice @bob']);
    const rendered = render(`${codeSpan(name)}\n`);
    expect(rendered.headings).toEqual([]);
    expect(rendered.mentions).toEqual([]);
    expect(rendered.text).toBe('postmortems/2024-03-01-x\\n# PINGED @alice @bob\\n.md');
  });
});

describe('urlPath and linkUrl', () => {
  it('make a link whose destination is the whole path, whatever the path holds', () => {
    fc.assert(
      fc.property(hostile.map((text) => text.replace(/[\uD800-\uDFFF]/g, '')), (path) => {
        const rendered = render(`[line 3](https://github.com/o/r/blob/abc/${urlPath(path)}#L3) after\n`);
        expect(rendered.links).toHaveLength(1);
        const url = rendered.links[0]!.url;
        expect(url.startsWith('https://github.com/o/r/blob/abc/')).toBe(true);
        expect(url.endsWith('#L3')).toBe(true);
        expect(url.slice('https://github.com/o/r/blob/abc/'.length, -'#L3'.length).split('/').map(decodeURIComponent).join('/')).toBe(path);
        expect(rendered.text).toBe('line 3 after');
        expect(rendered.mentions).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('reproduces the issue: `)` in a name no longer ends the link and leaves `@carol` live', () => {
    const name = 'postmortems/2024-03-02-y)@carol hi.md';
    const legacy = render(`[3](https://github.com/o/r/blob/abc/${encodeURI(name)}#L3)\n`);
    expect(legacy.mentions).toEqual(['@carol']);
    const rendered = render(`[3](https://github.com/o/r/blob/abc/${urlPath(name)}#L3)\n`);
    expect(rendered.mentions).toEqual([]);
    expect(rendered.links).toEqual([{ url: 'https://github.com/o/r/blob/abc/postmortems/2024-03-02-y%29%40carol%20hi.md#L3', text: '3' }]);
    expect(render(`[x](${linkUrl('https://github.com/o/r/blob/main/a (b)@c.md')})\n`).links[0]!.url).toBe('https://github.com/o/r/blob/main/a%20%28b%29@c.md');
    // A lone surrogate (a file name no file system would give, but a document might) is shown, not thrown on.
    expect(urlPath('a\uD800b')).toBe('a%EF%BF%BDb');
  });
});

describe('terminalText', () => {
  it('stays on its line and never starts a workflow command, wherever a line begins', () => {
    fc.assert(
      fc.property(hostile, hostile, (before, text) => {
        const out = terminalText(text);
        expect(out).not.toMatch(CONTROL);
        expect(out).not.toContain('::');
        expect(out).not.toContain('##[');
        // Removing the zero-width spaces gives back the text with its controls escaped: nothing else changed.
        expect(out.replace(/\u200b/g, '')).toBe(visibleControls(text).replace(/\u200b/g, ''));
        // Placed after any prefix, at the start or after spaces: no line of the output is a command.
        for (const line of `${terminalText(before)}${out}\n  ${out}`.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('shows controls as escapes: \\n, \\r, \\t, \\x1b, \\u202e', () => {
    expect(terminalText('a\nb\rc\td\u001b[31me\u202ef')).toBe('a\\nb\\rc\\td\\x1b[31me\\u202ef');
    expect(terminalText('x\n::error title=Forged::boom')).toBe('x\\n:\u200b:error title=Forged:\u200b:boom');
  });
});

describe('capText and cappedList', () => {
  it('cut to the limit with an ellipsis, never inside a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 1, max: 40 }), (text, max) => {
        const cut = capText(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        if (text.length <= max) expect(cut).toBe(text);
        else {
          expect(cut.endsWith('…')).toBe(true);
          expect(cut).not.toMatch(/[\uD800-\uDBFF]…$/);
        }
      }),
    );
    expect(cappedList(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
    expect(cappedList(['a', 'b'], 2)).toBe('a, b');
    expect(cappedList(['a', 'b'], 0)).toBe('and 2 more');
  });
});
