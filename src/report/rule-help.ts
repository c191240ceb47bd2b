import actionItemDue from '../../docs/rules/action-item-due.md';
import actionItemId from '../../docs/rules/action-item-id.md';
import actionItemOwner from '../../docs/rules/action-item-owner.md';
import actionItemPriority from '../../docs/rules/action-item-priority.md';
import actionItemType from '../../docs/rules/action-item-type.md';
import actionItemWording from '../../docs/rules/action-item-wording.md';
import blamelessLanguage from '../../docs/rules/blameless-language.md';
import contributingFactors from '../../docs/rules/contributing-factors.md';
import decisionRecord from '../../docs/rules/decision-record.md';
import fiveWhys from '../../docs/rules/five-whys.md';
import frontmatter from '../../docs/rules/frontmatter.md';
import metrics from '../../docs/rules/metrics.md';
import placeholder from '../../docs/rules/placeholder.md';
import recurrence from '../../docs/rules/recurrence.md';
import relatedIncidents from '../../docs/rules/related-incidents.md';
import requiredSections from '../../docs/rules/required-sections.md';
import rootCauseConfidence from '../../docs/rules/root-cause-confidence.md';
import timeline from '../../docs/rules/timeline.md';

/**
 * Each rule's page of docs/rules/, as written, for the reports that carry a
 * rule's documentation (SARIF's `help`). Imported as text, so the bundles in
 * dist/ hold it: nothing reads docs/ at run time (the action's checkout and
 * the npm package alike).
 */
export const RULE_DOCS: Readonly<Record<string, string>> = {
  'action-item-due': actionItemDue,
  'action-item-id': actionItemId,
  'action-item-owner': actionItemOwner,
  'action-item-priority': actionItemPriority,
  'action-item-type': actionItemType,
  'action-item-wording': actionItemWording,
  'blameless-language': blamelessLanguage,
  'contributing-factors': contributingFactors,
  'decision-record': decisionRecord,
  'five-whys': fiveWhys,
  frontmatter,
  metrics,
  placeholder,
  recurrence,
  'related-incidents': relatedIncidents,
  'required-sections': requiredSections,
  'root-cause-confidence': rootCauseConfidence,
  timeline,
};

/** A rule's documentation as a report carries it. */
export interface RuleHelp {
  /** What the rule checks: the page's first paragraph (and the list it introduces), plain text. */
  summary: string;
  /** The page as plain text. */
  text: string;
  /** The page as written, its relative links made absolute. */
  markdown: string;
}

/** The most characters of a page a report carries; the longest page (timeline) is about 11,000. */
export const HELP_LIMIT = 16_000;
/** The most characters of a summary: code scanning shows it at the top of every alert. */
export const SUMMARY_LIMIT = 1_000;

/** The rule's page for a report (see helpOf); none for a rule without one. */
export function ruleHelp(id: string, url: string): RuleHelp | undefined {
  const page = RULE_DOCS[id];
  return page === undefined ? undefined : helpOf(page, url);
}

/** A page of the docs, at `url`, for a report: bounded, cut between blocks with a pointer to the whole page. */
export function helpOf(page: string, url: string): RuleHelp {
  const blocks = blocksOf(page.replace(/\r\n?/g, '\n'));
  const body = blocks.filter((block) => !/^#\s/.test(block) && !/^\*\*Default:\*\*/.test(block));
  const first = body.findIndex((block) => !/^#{1,6}\s/.test(block));
  const more = `The whole page: ${url}`;
  const markdown = bounded(blocks.map((block) => absoluteLinks(block, url)), HELP_LIMIT, `…\n\n${more}`);
  return {
    summary: first < 0 ? '' : summaryOf(body.slice(first)),
    text: bounded(blocks.map(plainText), HELP_LIMIT, `…\n\n${more}`),
    markdown,
  };
}

/**
 * The first paragraph, plain. One that introduces a list or an example
 * ("… per line:") takes it along when it fits; else the sentence that
 * introduces it is left out, or, when it is the only one, the list is cut.
 */
function summaryOf(blocks: readonly string[]): string {
  const first = plainText(blocks[0]!);
  if (!first.endsWith(':')) return cap(first, SUMMARY_LIMIT);
  const next = blocks[1];
  const introduced = next !== undefined && /^\s*([-*+]|\d+[.)]|`{3,}|~{3,})(\s|$)/.test(next) ? `${first}\n${plainText(next)}` : undefined;
  if (introduced !== undefined && introduced.length <= SUMMARY_LIMIT) return introduced;
  // The sentences before the one that introduces the list: up to the last full stop.
  const stop = Math.max(first.lastIndexOf('.'), first.lastIndexOf('!'), first.lastIndexOf('?'));
  if (stop >= 0) return cap(first.slice(0, stop + 1), SUMMARY_LIMIT);
  return cap(introduced ?? first, SUMMARY_LIMIT);
}

/** The page's blocks: runs of lines between blank lines, a fenced code block kept whole. */
function blocksOf(page: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  for (const line of page.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      current.push(line);
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    } else if (line.trim() === '') {
      if (current.length > 0) blocks.push(current.join('\n'));
      current = [];
    } else {
      if (marker !== undefined) fence = marker;
      current.push(line);
    }
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}

/** Blocks joined by blank lines, up to `limit` characters with `tail`; a block that does not fit is left out whole. */
function bounded(blocks: readonly string[], limit: number, tail: string): string {
  const whole = blocks.join('\n\n');
  if (whole.length <= limit) return whole;
  let kept = '';
  for (const block of blocks) {
    const next = kept === '' ? block : `${kept}\n\n${block}`;
    if (next.length + tail.length + 2 > limit) break;
    kept = next;
  }
  return (kept === '' ? tail : `${kept}\n\n${tail}`).slice(0, limit);
}

function cap(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}

/** `[x](../format.md#tables)` → the page on GitHub: a relative link means nothing where the help is shown. */
function absoluteLinks(block: string, url: string): string {
  if (/^\s*(`{3,}|~{3,})/.test(block)) return block;
  // A target holds no bracket or parenthesis (the pages' links do not), so each `](` is read once.
  return block.replace(/\]\(([^()[\]\s]+)\)/g, (whole, target: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return whole;
    try {
      return `](${new URL(target, url).href})`;
    } catch {
      return whole;
    }
  });
}

/**
 * A block as plain text: code spans as their text, links as their text,
 * bold and heading marks dropped, a fenced block as its lines. The pages
 * are the project's own Markdown, so this reads them, not any Markdown.
 */
export function plainText(block: string): string {
  if (/^\s*(`{3,}|~{3,})/.test(block)) return block.split('\n').filter((line) => !/^\s*(`{3,}|~{3,})/.test(line)).join('\n');
  // Code spans set aside first (`**Date:**` keeps its stars), then put back: a link's or a bold text may hold one.
  const spans: string[] = [];
  const held = holdCodeSpans(block, spans);
  return held
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/!?\[([^[\]]*)\]\([^()]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\u0000(\d+)\u0000/g, (_, index: string) => spans[Number(index)]!);
}

/**
 * Code spans replaced by `\u0000<n>\u0000`, their text pushed on `spans`: a
 * run of backticks closes at the next run of the same length (CommonMark's
 * rule), and one space each side is dropped when the text has both.
 */
function holdCodeSpans(block: string, spans: string[]): string {
  let out = '';
  let at = 0;
  while (at < block.length) {
    const open = block.indexOf('`', at);
    if (open < 0) break;
    const ticks = runOfTicks(block, open);
    const close = closingRun(block, open + ticks, ticks);
    if (close < 0) {
      out += block.slice(at, open + ticks);
      at = open + ticks;
      continue;
    }
    const code = block.slice(open + ticks, close);
    spans.push(code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '' ? code.slice(1, -1) : code);
    out += `${block.slice(at, open)}\u0000${spans.length - 1}\u0000`;
    at = close + ticks;
  }
  return out + block.slice(at);
}

function runOfTicks(text: string, from: number): number {
  let end = from;
  while (text[end] === '`') end++;
  return end - from;
}

function closingRun(text: string, from: number, ticks: number): number {
  for (let next = text.indexOf('`', from); next >= 0; next = text.indexOf('`', next + runOfTicks(text, next))) {
    if (runOfTicks(text, next) === ticks) return next;
  }
  return -1;
}
