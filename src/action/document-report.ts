import { openActionItems } from '../kb/action-items.js';
import type { KnowledgeBase } from '../kb/index.js';
import { describePattern, patternOf } from '../kb/patterns.js';
import { findRelated } from '../kb/related.js';
import type { ResolvedConfig } from '../config/types.js';
import type { ParsedFile } from '../parse/document.js';
import { syncDocuments } from '../sync/documents.js';
import { planSync, type ExistingIssue } from '../sync/plan.js';
import { syncSettingsOf } from '../sync/settings.js';
import type { DocumentReport, PlannedIssue } from '../report/pull-request.js';

/**
 * The issues the sync will open for this postmortem when it lands: the sync's
 * own plan, against the action-item issues that exist (when they could be read).
 */
function plan(file: ParsedFile, config: ResolvedConfig, existing: readonly ExistingIssue[], toolLogin: string | undefined): Pick<DocumentReport, 'plan' | 'capped'> {
  const status = file.postmortem?.meta.status ?? '';
  const { statuses } = config.sync;
  if (!statuses.includes(status)) return { plan: { notYet: `the status is "${status || 'missing'}"; action items become issues once it is ${statuses.join(' or ')}.` } };
  // The tool's login when known, so an issue someone else wrote with a copied marker cannot make the preview say its item needs no issue.
  const planned = planSync(syncDocuments([file]), existing, syncSettingsOf(config, { toolLogin }));
  return {
    plan: planned.actions.flatMap((action): PlannedIssue[] =>
      action.kind === 'create' ? [{ title: action.content.title, owner: action.item.owner, due: action.item.due, priority: action.item.priority, type: action.item.type }] : [],
    ),
    capped: planned.capped[0],
  };
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
  config: ResolvedConfig,
  existing: readonly ExistingIssue[] = [],
  /** The login the tool writes as: only its issues count. */
  toolLogin?: string,
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
        ...plan(file, config, existing, toolLogin),
        timeline: doc.timeline.map((row) => ({ time: row.time?.text ?? '', event: row.event?.text ?? '' })),
      },
    ];
  });
}
