import { openActionItems } from '../kb/action-items.js';
import type { KnowledgeBase } from '../kb/index.js';
import { describePattern, patternOf } from '../kb/patterns.js';
import { findRelated } from '../kb/related.js';
import type { Postmortem } from '../model/postmortem.js';
import type { ParsedFile } from '../parse/document.js';
import type { DocumentReport, PlannedIssue } from '../report/pull-request.js';

/** Statuses whose action items become issues when the postmortem lands. */
export const SYNCED_STATUSES = ['in-review', 'published'];
/** GitHub's limit on an issue title. */
const TITLE_LIMIT = 256;

export function issueTitle(incidentId: string, itemId: string | undefined, description: string): string {
  const title = `[${incidentId}] ${itemId ? `${itemId}: ` : ''}${description.replace(/\s+/g, ' ').trim()}`;
  return title.length > TITLE_LIMIT ? `${title.slice(0, TITLE_LIMIT - 1)}…` : title;
}

function plan(doc: Postmortem): DocumentReport['plan'] {
  const status = doc.meta.status ?? '';
  if (!SYNCED_STATUSES.includes(status)) return { notYet: `the status is "${status || 'missing'}"; action items become issues once it is in-review or published.` };
  const id = doc.meta.id ?? doc.path;
  return (doc.actionItems?.items ?? []).map(
    (item): PlannedIssue => ({
      title: issueTitle(id, item.fields.id?.text, item.fields.description?.text ?? ''),
      owner: item.fields.owner?.text ?? '',
      due: item.fields.due?.text ?? '',
      priority: item.fields.priority?.text ?? '',
      type: item.fields.type?.text ?? '',
    }),
  );
}

/**
 * What a reviewer should know of each postmortem beyond its findings: the
 * incidents it resembles, the pattern it repeats (with the earlier incidents'
 * open items, read from the files parsed for this run or parsed now), the
 * issues its action items will become, and its timeline.
 */
export function describeDocuments(
  parsed: readonly ParsedFile[],
  knowledgeBase: KnowledgeBase,
  readIncidents: (ids: string[]) => ParsedFile[],
): DocumentReport[] {
  return parsed.flatMap((file) => {
    const doc = file.postmortem;
    if (!doc) return [];
    const id = doc.meta.id;
    const pattern = id === undefined ? undefined : patternOf(knowledgeBase, id);
    const earlier = pattern ? readIncidents(pattern.incidents.slice(0, -1)) : [];
    return [
      {
        path: file.path,
        id,
        title: doc.meta.title,
        related:
          id === undefined
            ? []
            : findRelated(knowledgeBase, id, 5).results.map((result) => ({
                id: result.incident.id,
                title: result.incident.meta.title ?? '',
                date: result.incident.meta.date ?? '',
                score: result.score,
                sharedTags: result.sharedTags,
              })),
        pattern: pattern
          ? { ...pattern, text: describePattern(pattern), openActionItems: earlier.flatMap((other) => (other.postmortem ? openActionItems(other.postmortem) : [])) }
          : undefined,
        plan: plan(doc),
        timeline: doc.timeline.map((row) => ({ time: row.time?.text ?? '', event: row.event?.text ?? '' })),
      },
    ];
  });
}
