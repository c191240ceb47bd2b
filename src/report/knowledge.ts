import type { OpenActionItem } from '../kb/action-items.js';
import type { Pattern } from '../kb/patterns.js';
import { terminalText } from './inert.js';

/** Ids, titles, tags and items come from documents: each stays on its line and cannot start a workflow command. */
const t = terminalText;

export interface PatternReport extends Pattern {
  /** "3rd occurrence of n-plus-one in 180 days". */
  text: string;
  /** Action items of the earlier incidents that are not done. */
  openActionItems: OpenActionItem[];
}

export interface RelatedReport {
  id: string;
  title: string | undefined;
  date: string | undefined;
  related: { id: string; title: string; date: string; score: number; sharedTags: string[]; sharedServices: string[]; linked: boolean }[];
  pattern: PatternReport | null;
}

function openItemLines(items: readonly OpenActionItem[], indent: string): string[] {
  if (items.length === 0) return [];
  return [
    `${indent}Still open from earlier incidents (${items.length}):`,
    ...items.map((item) => {
      const who = [item.owner, item.due ? `due ${item.due}` : undefined, item.status !== 'open' ? item.status : undefined].filter(Boolean).join(', ');
      return `${indent}  ${t(item.incident)}${item.id ? ` ${t(item.id)}` : ''}: ${t(item.description)}${who ? ` (${t(who)})` : ''}`;
    }),
  ];
}

/** `postmortem related` as text. Pure: returns the text. */
export function formatRelated(report: RelatedReport): string {
  const lines = [`${t(report.id)}  ${t(report.title ?? '')}${report.date ? ` (${t(report.date)})` : ''}`];
  if (report.pattern) {
    lines.push('', `Pattern: ${t(report.pattern.text)}: ${t(report.pattern.incidents.join(', '))}`, ...openItemLines(report.pattern.openActionItems, '  '));
  }
  lines.push('', report.related.length === 0 ? 'No related incidents.' : 'Related incidents:');
  report.related.forEach((related, index) => {
    const why = [related.linked ? 'linked' : undefined, related.sharedTags.length > 0 ? `tags: ${related.sharedTags.join(', ')}` : undefined, related.sharedServices.length > 0 ? `services: ${related.sharedServices.join(', ')}` : undefined]
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${index + 1}. ${t(related.id)}  ${t(related.date)}  ${t(related.title)}`, `     score ${related.score.toFixed(2)} (${t(why)})`);
  });
  return `${lines.join('\n')}\n`;
}

/** `postmortem patterns` as text. Pure: returns the text. */
export function formatPatterns(patterns: readonly PatternReport[], dates: ReadonlyMap<string, string>): string {
  if (patterns.length === 0) return 'No recurring patterns.\n';
  const lines: string[] = [`${patterns.length} recurring pattern${patterns.length === 1 ? '' : 's'}:`];
  for (const pattern of patterns) {
    lines.push('', `${t(pattern.tags.join(' + '))}: ${pattern.count} incidents within ${pattern.windowDays} days`);
    for (const id of pattern.incidents) lines.push(`  ${t(dates.get(id) ?? '')}  ${t(id)}`);
    lines.push(...openItemLines(pattern.openActionItems, '  '));
  }
  return `${lines.join('\n')}\n`;
}
