import type { ResolvedConfig } from '../config/types.js';
import { openActionItems, type OpenActionItem } from '../kb/action-items.js';
import type { KnowledgeBase } from '../kb/index.js';
import { describePattern, patternOf, type Pattern } from '../kb/patterns.js';
import { findRelated, rareAtMost, tagRarity } from '../kb/related.js';
import type { Postmortem } from '../model/postmortem.js';
import type { ParsedFile } from '../parse/document.js';
import { capText } from '../report/inert.js';
import { syncDocuments } from '../sync/documents.js';
import { DEFAULT_MAX_ITEMS_PER_DOCUMENT, datedBefore, planSync, type CappedDocument, type ExistingIssue } from '../sync/plan.js';
import { syncSettingsOf } from '../sync/settings.js';
import { itemKey } from '../tracked/marker.js';

/** An issue the sync will open for an action item when the postmortem lands. */
export interface PlannedIssue {
  title: string;
  owner: string;
  due: string;
  priority: string;
  type: string;
  /** The item's ID, and the lines of its row: the findings on the row say what the issue will lack. */
  item?: string;
  line?: number;
  endLine?: number;
  /** The login the issue will be assigned to: only a user handle can be (a team, "TBD", a name cannot). */
  assignee?: string | undefined;
}

/** An action item of the postmortem that the sync will not open an issue for on merge, and why. */
export interface UntrackedItem {
  /** The row's first line. */
  line: number;
  /** The item's ID as written ('' when the row has none). */
  item: string;
  description: string;
  reason:
    | { kind: 'no-id' }
    /** The ID an earlier row already has: only the first row with it is tracked. */
    | { kind: 'repeated-id'; firstLine: number }
    /** Its Status says it is done: no issue is opened for it. */
    | { kind: 'done'; status: string }
    /** Past `sync.maxItemsPerDocument` open items. */
    | { kind: 'capped'; cap: number }
    /** The tool's issue for it exists already (open: kept in step; closed: left closed). */
    | { kind: 'has-issue'; number: number; url: string; state: 'open' | 'closed' };
}

/** The recurring pattern a postmortem repeats, as the review shows it. */
export interface ReviewedPattern extends Pattern {
  /** "3rd occurrence of n-plus-one in 180 days". */
  text: string;
  /** Action items of the earlier incidents that are not done (with their issue's url once the issue says so). */
  openActionItems: OpenActionItem[];
  /** The files of the pattern's incidents, by id, from the knowledge base's index (for links). */
  paths?: Record<string, string>;
}

/** An incident the postmortem resembles, with the reasons in data: what they share and how they are linked. */
export interface RelatedReport {
  id: string;
  title: string;
  date: string;
  /** `related`'s ranking score: kept as data, never shown (it has no unit and moves with the knowledge base). */
  score: number;
  /** Shared tags, rarest first. */
  sharedTags: string[];
  /** The shared tags few incidents carry (src/kb/related.ts `tagRarity`), and the ones most incidents carry. */
  rareTags?: string[];
  commonTags?: string[];
  sharedServices?: string[];
  /** This postmortem names it in `related:`; it names this postmortem. */
  linksTo?: boolean;
  linkedFrom?: boolean;
  /** It is an incident of this postmortem's recurring pattern. */
  samePattern?: boolean;
  /** Its file, from the knowledge base's index. */
  path?: string;
}

/** A top-level section of the document (the `##` headings, or whatever depth the document's sections use). */
export interface OutlineSection {
  title: string;
  line: number;
  endLine: number;
}

/** What a reviewer should know of one postmortem beyond its findings. Plain data. */
export interface DocumentReport {
  path: string;
  id: string | undefined;
  title: string | undefined;
  related: RelatedReport[];
  /** What "rare" meant for these related incidents: the knowledge base's size and the most carriers of a rare tag. */
  rarity?: { incidents: number; rareAtMost: number };
  pattern: ReviewedPattern | undefined;
  /** The issues to open on merge, or why there are none yet. */
  plan: PlannedIssue[] | { notYet: string };
  /** The action items that get no new issue on merge, and why (empty when `plan` says none are opened yet). */
  untracked?: UntrackedItem[];
  /** More open items than `sync.maxItemsPerDocument`: the rest get no issue. */
  capped?: CappedDocument | undefined;
  /** The timeline's rows as written: `time` and `event` text. */
  timeline: { time: string; event: string }[];
  /** The document's sections in order, for grouping its findings; the frontmatter's last line (0 without one). */
  outline?: OutlineSection[];
  frontmatterEndLine?: number;
  /** The H1 title's line, when there is one: findings about the whole document are anchored there. */
  titleLine?: number;
}

/** Reads earlier incidents by id (once per run, by the shell's reader); an unknown id is left out. */
export type IncidentReader = (ids: readonly string[]) => ParsedFile[];

/**
 * The issues the sync will open for this postmortem when it lands: the sync's
 * own plan, against the action-item issues that exist (when they could be read);
 * and every other row, with the reason it opens none.
 */
function plan(file: ParsedFile, config: ResolvedConfig, existing: readonly ExistingIssue[], toolLogin: string | undefined): Pick<DocumentReport, 'plan' | 'capped' | 'untracked'> {
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
  if (!document) return { plan: { notYet: 'it has no incident id: each issue is tied to the incident id and the item ID.' } };
  const planned = planSync([document], existing, settings);
  const byKey = new Map(planned.actions.map((action) => [action.key, action]));
  const rows = file.postmortem?.actionItems?.items ?? [];
  const cap = settings.maxItemsPerDocument ?? DEFAULT_MAX_ITEMS_PER_DOCUMENT;
  const issues: PlannedIssue[] = [];
  const untracked: UntrackedItem[] = [];
  // The rows as syncDocuments reads them (the same ID cap, the same first-row-wins), in document order.
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const id = capText(row.fields.id?.text ?? '', 100);
    const line = row.row.line;
    const base = { line, item: row.fields.id?.text ?? '', description: row.fields.description?.text ?? '' };
    if (id === '') {
      untracked.push({ ...base, reason: { kind: 'no-id' } });
      continue;
    }
    const first = firstLine.get(id);
    if (first !== undefined) {
      untracked.push({ ...base, reason: { kind: 'repeated-id', firstLine: first } });
      continue;
    }
    firstLine.set(id, line);
    const action = byKey.get(itemKey(document.incident, id));
    if (action?.kind === 'create') {
      issues.push({
        title: action.content.title, owner: action.item.owner, due: action.item.due, priority: action.item.priority, type: action.item.type,
        item: action.item.item, line, endLine: row.row.endLine, assignee: action.content.assignee,
      });
    } else if (action && 'issue' in action) {
      untracked.push({ ...base, reason: { kind: 'has-issue', number: action.issue.number, url: action.issue.url, state: action.issue.state === 'closed' ? 'closed' : 'open' } });
    } else if (row.fields.status !== undefined && document.items.find((item) => item.item === id)?.closedInDocument) {
      untracked.push({ ...base, reason: { kind: 'done', status: row.fields.status.text } });
    } else {
      // Neither created nor tracked, open and in a synced status: past the cap (planSync leaves nothing else out here).
      untracked.push({ ...base, reason: { kind: 'capped', cap } });
    }
  }
  return { plan: issues, untracked, capped: planned.capped[0] };
}

/** The document's top-level sections: the headings of the least depth below the H1 title (usually `##`). */
function outlineOf(doc: Postmortem): OutlineSection[] {
  const headings = doc.headings.filter((heading) => !heading.label && heading.span.line !== doc.title?.span.line);
  const depth = Math.min(...headings.map((heading) => heading.depth));
  return headings.filter((heading) => heading.depth === depth).map((heading) => ({ title: heading.text, line: heading.span.line, endLine: heading.endLine }));
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
            : findRelated(knowledgeBase, id, 5).results.map((result): RelatedReport => {
                const band = (tag: string) => tagRarity(knowledgeBase, tag).band;
                return {
                  id: result.incident.id,
                  title: result.incident.meta.title ?? '',
                  date: result.incident.meta.date ?? '',
                  score: result.score,
                  sharedTags: result.sharedTags,
                  rareTags: result.sharedTags.filter((tag) => band(tag) === 'rare'),
                  commonTags: result.sharedTags.filter((tag) => band(tag) === 'common'),
                  sharedServices: result.sharedServices,
                  linksTo: result.linksTo,
                  linkedFrom: result.linkedFrom,
                  samePattern: pattern?.incidents.includes(result.incident.id) ?? false,
                  path: result.incident.path,
                };
              }),
        rarity: { incidents: knowledgeBase.incidents.length, rareAtMost: rareAtMost(knowledgeBase.incidents.length) },
        pattern: pattern
          ? {
              ...pattern,
              text: describePattern(pattern),
              openActionItems: earlier.flatMap((other) => (other.postmortem ? openActionItems(other.postmortem) : [])),
              paths: Object.fromEntries(pattern.incidents.flatMap((member) => {
                const path = knowledgeBase.incidentById.get(member)?.path;
                return path === undefined ? [] : [[member, path]];
              })),
            }
          : undefined,
        ...plan(file, config, existing, toolLogin),
        timeline: doc.timeline.map((row) => ({ time: row.time?.text ?? '', event: row.event?.text ?? '' })),
        outline: outlineOf(doc),
        frontmatterEndLine: doc.frontmatter.present ? doc.frontmatter.endLine : 0,
        ...(doc.title ? { titleLine: doc.title.span.line } : {}),
      },
    ];
  });
}
