import type { ResolvedConfig } from '../config/types.js';
import { openActionItems, type OpenActionItem } from '../kb/action-items.js';
import type { KnowledgeBase } from '../kb/index.js';
import { describePattern, patternOf, type Pattern } from '../kb/patterns.js';
import { findRelated } from '../kb/related.js';
import type { ParsedFile } from '../parse/document.js';
import { syncDocuments } from '../sync/documents.js';
import { datedBefore, planSync, type CappedDocument, type ExistingIssue } from '../sync/plan.js';
import { syncSettingsOf } from '../sync/settings.js';

/** An issue the sync will open for an action item when the postmortem lands. */
export interface PlannedIssue {
  title: string;
  owner: string;
  due: string;
  priority: string;
  type: string;
}

/** The recurring pattern a postmortem repeats, as the review shows it. */
export interface ReviewedPattern extends Pattern {
  /** "3rd occurrence of n-plus-one in 180 days". */
  text: string;
  /** Action items of the earlier incidents that are not done (with their issue's url once the issue says so). */
  openActionItems: OpenActionItem[];
}

/** What a reviewer should know of one postmortem beyond its findings. Plain data. */
export interface DocumentReport {
  path: string;
  id: string | undefined;
  title: string | undefined;
  related: { id: string; title: string; date: string; score: number; sharedTags: string[] }[];
  pattern: ReviewedPattern | undefined;
  /** The issues to open on merge, or why there are none yet. */
  plan: PlannedIssue[] | { notYet: string };
  /** More open items than `sync.maxItemsPerDocument`: the rest get no issue. */
  capped?: CappedDocument | undefined;
  /** The timeline's rows as written: `time` and `event` text. */
  timeline: { time: string; event: string }[];
}

/** Reads earlier incidents by id (once per run, by the shell's reader); an unknown id is left out. */
export type IncidentReader = (ids: readonly string[]) => ParsedFile[];

/**
 * The issues the sync will open for this postmortem when it lands: the sync's
 * own plan, against the action-item issues that exist (when they could be read).
 */
function plan(file: ParsedFile, config: ResolvedConfig, existing: readonly ExistingIssue[], toolLogin: string | undefined): Pick<DocumentReport, 'plan' | 'capped'> {
  const status = file.postmortem?.meta.status ?? '';
  const { statuses } = config.sync;
  if (!statuses.includes(status)) return { plan: { notYet: `the status is "${status || 'missing'}"; action items become issues once it is ${statuses.join(' or ')}.` } };
  // The tool's login when known, so an issue someone else wrote with a copied marker cannot make the preview say its item needs no issue.
  const settings = syncSettingsOf(config, { toolLogin });
  const [document] = syncDocuments([file]);
  // Said on the pull request, not only in the sync's log: an incident dated before adoption opens no issue on merge.
  if (document && datedBefore(document, settings)) {
    return { plan: { notYet: `it is dated before sync.since (${settings.since}): its action items open no new issues; set sync.backfill: true to open them.` } };
  }
  const planned = planSync(document ? [document] : [], existing, settings);
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
 * issues its action items will become, and its timeline. The earlier items'
 * states are the documents' own here: `withIssueStates` applies the issues'.
 */
export function describeDocuments(
  parsed: readonly ParsedFile[],
  knowledgeBase: KnowledgeBase,
  readIncidents: IncidentReader,
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
