import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/model/durations.js';
import { METRIC_ITEM } from '../../src/parse/extract.js';
import { FIELD_LINE } from '../../src/parse/meta.js';
import { normalizeLabel } from '../../src/parse/tables.js';
import { withoutLinks } from '../../src/parse/timeline-lines.js';
import { readItemText } from '../../src/parse/item-text.js';
import { DURATION_LINE } from '../../src/rules/metrics.js';
import { BODY_CONFIDENCE } from '../../src/rules/root-cause-confidence.js';
import { parseMetadata, replaceBlock } from '../../src/sync/marker.js';

/**
 * The patterns issue 19 rewrote to run in linear time (test/security/redos.test.ts) must read every text as the old,
 * backtracking ones did. Where that is not plain from the pattern, each is compared with its old form here on text
 * made of the pieces it reacts to: its separators, runs of spaces, line breaks, and lengths at its bounds.
 */

const RUNS = { numRuns: 2_000 };

/** Text of up to `max` pieces. */
function textOf(pieces: readonly string[], max = 24): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...pieces), { maxLength: max }).map((chosen) => chosen.join(''));
}

/** Text shaped like what a pattern looks for, one choice from each of `parts`, amid a few `pieces`, or pieces alone. */
function shapedText(parts: readonly (readonly string[])[], pieces: readonly string[]): fc.Arbitrary<string> {
  const shaped = fc.tuple(...parts.map((choices) => fc.constantFrom(...choices))).map((chosen) => chosen.join(''));
  return fc.oneof(
    fc.tuple(textOf(pieces, 3), fc.array(shaped, { minLength: 1, maxLength: 3 }), textOf(pieces, 3)).map(([before, middle, after]) => before + middle.join('') + after),
    textOf(pieces),
  );
}

/** exec as plain data: the match, its index and its groups. */
function execOf(pattern: RegExp, text: string): { index: number; groups: (string | undefined)[] } | null {
  const match = pattern.exec(text);
  return match && { index: match.index, groups: [...match] };
}

describe('rewritten patterns read text as the old ones did', () => {
  it('durations: a number starts after a non-digit', () => {
    // parseDuration before the rewrite, whole.
    const oldParseDuration = (text: string): number | undefined => {
      const clock = /^\s*(\d{1,3}):(\d{2})\b/.exec(text);
      if (clock && !/\d:\d{2}/.test(text.slice(clock[0].length))) return Number(clock[1]) * 60 + Number(clock[2]);
      let total = 0;
      let found = false;
      let end = -1;
      for (const match of text.matchAll(/(\d+(?:\.\d+)?)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)(?![a-z])/gi)) {
        if (found && !/^[\s,]*(?:and)?[\s,]*$/.test(text.slice(end, match.index))) break;
        end = match.index + match[0].length;
        const unit = match[2]!.toLowerCase();
        const key = unit.startsWith('mi') || unit === 'm' ? 'm' : unit.startsWith('h') ? 'h' : unit.startsWith('d') ? 'd' : 's';
        total += Number(match[1]) * { s: 1 / 60, m: 1, h: 60, d: 1440 }[key]!;
        found = true;
      }
      return found ? total : undefined;
    };
    const pieces = ['1', '25', '0', '.', '.5', ' ', '  ', ',', 'and', 'h', 'm', 'min', 'minutes', 'S', 'd', 'hrs', 'x', '(', ':', '\n'];
    const parts = [['', '1', '12', '1.2', '.5', '1.', '1.2.3', 'x1', 'v2.'], ['', ' ', '  ', '\t'], ['h', 'm', 'min', 'Minutes', 's', 'secs', 'd', 'hx', 'days'], ['', ' ', ', ', ' and ', ' (', 'x']];
    fc.assert(fc.property(shapedText(parts, pieces), (text) => Object.is(parseDuration(text), oldParseDuration(text))), RUNS);
    expect(parseDuration('1.5.5h 10m')).toBe(oldParseDuration('1.5.5h 10m'));
  });

  it('metrics list items: the value after "Name:"', () => {
    const old = /^([^:]+):\s*(.+)$/;
    const pieces = ['MTTR', 'a b', ':', ' ', '\t', '\n', '\r', '\u2028', '25 min', '*', '-'];
    const parts = [['', 'MTTR', ' a '], [':'], ['', ' ', '  ', '\t', '\n', ' \n '], ['', 'x', '25 min', ' ', '\r', 'a\nb'], ['', ' ', '\n', '\u2029']];
    fc.assert(fc.property(shapedText(parts, pieces), (text) => {
          expect(execOf(METRIC_ITEM, text)).toEqual(execOf(old, text));
        }), RUNS);
    // A blank value is still a match, of one space, as before.
    expect(METRIC_ITEM.exec('MTTR:   ')?.[2]).toBe(' ');
  });

  it('metrics: a "Duration:" line', () => {
    const old = /^\s*(?:[-*+]\s+)?\*{0,2}Duration\*{0,2}\s*:\*{0,2}\s*(.+)$/i;
    const pieces = ['Duration', 'duration', ':', '*', '**', ' ', '\t', '\n', '\r', '-', '+', '5 min', 'x'];
    const parts = [['', ' ', '\n'], ['', '- ', '* ', '+\t', '-'], ['', '*', '**'], ['Duration', 'DURATION'], ['', '**'], ['', ' ', '\t'], [':'], ['', '*', '**', '***'], ['', ' ', '  ', '\n'], ['', '5 min', ' ', 'x\n', '\r']];
    fc.assert(fc.property(shapedText(parts, pieces), (text) => {
          expect(execOf(DURATION_LINE, text)).toEqual(execOf(old, text));
        }), RUNS);
  });

  it('header fields: `**Date:** …` lines', () => {
    const old = /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(date|incident date|severity|incident id|id)(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*([^\n]*)$/i;
    const pieces = ['Date', 'Severity', 'Incident ID', 'id', ':', '**', '__', '*', ' ', '\t', '\n', '-', 'x', '2024-01-02'];
    const parts = [['', ' ', '\t'], ['', '- ', '* ', '+'], ['', '**', '__'], ['date', 'Incident Date', 'SEVERITY', 'id'], ['', '**', '__'], ['', ' ', '\t '], [':'], ['', ' ', '  '], ['', '**', '__', '*'], ['', ' ', '\t'], ['', '2024-01-02', 'x **', ' ', '\n', 'a\n']];
    fc.assert(fc.property(shapedText(parts, pieces), (text) => {
          expect(execOf(FIELD_LINE, text)).toEqual(execOf(old, text));
        }), RUNS);
  });

  it('root cause confidence stated on a body line', () => {
    const old =
      /^[ \t]*(?:>[ \t]*)?(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?(?:\*\*|__)?(?:(?:overall|root[- ]cause|our)[ \t]+)?confidence(?:[ \t]+level|[ \t]+in(?:[ \t]+the)?[ \t]+root[ \t]+cause)?(?:(?:\*\*|__)[ \t]*[:=–—-]|[ \t]*[:=–—-][ \t]*(?:\*\*|__)?)[ \t]*(\d{1,3})(?:[.,]\d+)?(?:[ \t]*[-–][ \t]*\d{1,3})?[ \t]*(%|\/[ \t]*100\b)?(.*)$/i;
    const pieces = ['Confidence', 'confidence', 'Root cause ', 'our ', ' level', ' ', '\t', ':', '-', '–', '**', '55', '1', '1234', '.', ',', '%', '/100', '/ 100', '\n', '\r', 'x', '(', '>'];
    const parts = [
      ['', ' ', '> ', '- ', '1. '],
      ['', '**', '__'],
      ['', 'overall ', 'Root-cause '],
      ['confidence', 'Confidence level', 'confidence in the root cause'],
      ['', '**'],
      ['', ' ', '\t'],
      [':', '=', '-', '—'],
      ['', ' ', '  ', ' **', '**', ' ** '],
      ['', ' ', '\t'],
      ['5', '55', '100', '1234', 'x'],
      ['', '.5', ',25', '.', ' - 70', '–7000'],
      ['', ' ', '%', ' %', '/100', '/ 1000'],
      ['', ' (medium)', ' of 5', '\n', '\r', 'x\n'],
    ];
    fc.assert(fc.property(shapedText(parts, pieces), (text) => {
          expect(execOf(BODY_CONFIDENCE, text)).toEqual(execOf(old, text));
        }), RUNS);
  });

  it('timeline lines: links to their text, images dropped, within the old bounds', () => {
    const old = (text: string) => text.replace(/!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)/g, '').replace(/\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)/g, '$1');
    const pieces = ['[', ']', '(', ')', '![', '](', '!', '\n', 'a', ' '];
    const parts = [
      ['', '!', '[', '!['],
      ['['],
      ['', 'a', '[', '(', 'a\nb', 'a'.repeat(500), 'a'.repeat(501)],
      [']', '](', ']('],
      ['', 'u', '(', ']', '[x](y', 'b\nc', 'b'.repeat(2000), 'b'.repeat(2001)],
      [')', '', ')'],
    ];
    fc.assert(fc.property(shapedText(parts, pieces), (text) => withoutLinks(withoutLinks(text, '!['), '[') === old(text)), RUNS);
  });

  it('table labels: asides in parentheses dropped', () => {
    const old = (text: string) =>
      text
        .toLowerCase()
        .replace(/\([^)]*\)/g, ' ')
        .replace(/\s(?:in|at)\s+[a-z]{2,5}\s*$/, ' ')
        .replace(/&/g, ' and ')
        .replace(/[^\p{L}\p{N}#/+]+/gu, ' ')
        .trim();
    const pieces = ['(', ')', 'Time', 'utc', ' ', ' in CET', '&', '-', '\n'];
    const parts = [['', 'Time '], ['(', '(('], ['', 'UTC', 'a (b', '\n'], ['', ')', '))'], ['', ' at PST', ' x']];
    fc.assert(fc.property(shapedText(parts, pieces), (text) => normalizeLabel(text) === old(text)), RUNS);
  });

  it("the sync's block in an issue body: the first item marker closed on its line, through the next end marker", () => {
    const BLOCK = /<!-- postmortem-kb:item (\{[^\n]*?\}) -->[\s\S]*?<!-- postmortem-kb:end -->/;
    const metadata = (item: string) => JSON.stringify({ v: 1, incident: 'INC-1', item, due: '', priority: '', type: '', owner: '', severity: '', file: 'a.md' });
    const pieces = ['<!-- postmortem-kb:item ', metadata('A'), metadata('B'), '{', '}', ' -->', '} -->', '<!-- postmortem-kb:end -->', '\n', 'x', ' '];
    const itemOf = (json: string | undefined) => {
      try {
        return json === undefined ? undefined : (JSON.parse(json) as { item?: string }).item;
      } catch {
        return undefined;
      }
    };
    fc.assert(
      fc.property(shapedText([['', 'x\n'], ['<!-- postmortem-kb:item '], ['{', metadata('A'), metadata('B'), '{\n}'], ['', '} -->', ' -->', '\n} -->'], ['', 'text', '\n'], ['', '<!-- postmortem-kb:end -->']], pieces), (body) => {
        const old = BLOCK.exec(body);
        expect(parseMetadata(body)?.item).toBe(itemOf(old?.[1]));
        const replaced = old ? body.slice(0, old.index) + 'NEW' + body.slice(old.index + old[0].length) : body.trim() === '' ? 'NEW' : `NEW\n\n${body}`;
        expect(replaceBlock(body, 'NEW')).toBe(replaced);
      }),
      RUNS,
    );
  });

  // The labelled values are matched whole and cut by the caller, to the lengths the patterns' bounds had.
  it('action item notes: status, type and a due date in words keep their old lengths', () => {
    expect(readItemText(`Rotate the keys, status: ${'w'.repeat(40)}`).fields.status).toBe('w'.repeat(30));
    expect(readItemText(`Rotate the keys, type: ${'p'.repeat(25)}`).fields.type).toBe('p'.repeat(20));
    expect(readItemText(`Rotate the keys, due: ${'n'.repeat(40)}`).fields.due).toBe('n'.repeat(30));
    expect(readItemText('Rotate the keys, status: in review').fields.status).toBe('in review');
  });
});
