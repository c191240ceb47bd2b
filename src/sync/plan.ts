import type { LabelSpec, PlannedWrites, Write } from '../github/apply.js';
import { writtenBy, type Issue } from '../github/port.js';
import { dayNumber } from '../model/dates.js';
import type { IgnoredIssue } from '../tracked/issues.js';
import { itemKey, parseMetadata, type ItemMetadata } from '../tracked/marker.js';
import { bodyUpdate, currentBlock } from './body.js';
import type { SyncDocument, SyncItem } from './item.js';
import { inertText, issueTitle, itemMetadata } from './render.js';

/** An action item as the sync reads it from a postmortem. */
export type { SyncDocument, SyncItem } from './item.js';

/** What the plan needs of an issue GitHub listed. */
export type ExistingIssue = Pick<Issue, 'number' | 'state' | 'title' | 'body' | 'labels' | 'assignees' | 'url'> & Partial<Pick<Issue, 'author'>>;

export interface SyncSettings {
  /** The label that marks the tool's issues, and by which they are listed. */
  ownershipLabel: string;
  removedLabel: string;
  /** Statuses whose items become issues. */
  statuses: string[];
  /** https://github.com/o/r/blob/<default branch>/ for links to the postmortems. */
  linkBase: string;
  /**
   * The commit this sync runs at (a push's sha) and the repository's address (https://github.com/o/r): a body
   * written now links to the item's row at this commit, and a change comment names it. Left out by previews.
   */
  commit?: { repository: string; sha: string } | undefined;
  /**
   * The login the tool writes as: an issue by anyone else is never adopted, edited, closed or commented on,
   * whatever markers it holds. Left out only where no issue is listed (`postmortem plan`).
   */
  toolLogin?: string | undefined;
  /** The most open items of one postmortem that become issues (`sync.maxItemsPerDocument`); 50 when unset. */
  maxItemsPerDocument?: number | undefined;
  /**
   * `sync.since` (YYYY-MM-DD): a postmortem dated before it gets no new issue, so adopting the tool on an old
   * knowledge base does not open one issue per forgotten item. Its existing issues stay in step. Undated: after it.
   */
  since?: string | undefined;
  /** `sync.backfill`: true, postmortems dated before `since` get their issues too. */
  backfill?: boolean | undefined;
  /**
   * Whether GitHub can assign each login the plan would assign (lower case), looked up before planning
   * (`loginsToLookUp`). An action that would assign a login missing from it waits for the next run (`deferred`):
   * created unassigned, its issue would never be assigned, since only a change of owner reassigns. Without the map
   * (a preview), every handle is taken as assignable.
   */
  assignable?: ReadonlyMap<string, boolean> | undefined;
}

export const DEFAULT_MAX_ITEMS_PER_DOCUMENT = 50;

export type { LabelSpec } from '../github/apply.js';

export interface IssueContent {
  title: string;
  body: string;
  labels: string[];
  /** The handle to assign when GitHub says it is assignable; teams never are. */
  assignee: string | undefined;
}

/** What the sync decides for one item's issue; `writes` are exactly the requests applying it sends, in order. */
export type SyncAction = (
  | { kind: 'create'; key: string; item: SyncItem; content: IssueContent }
  | {
      kind: 'update';
      key: string;
      issue: ExistingIssue;
      item: SyncItem;
      title: string | undefined;
      body: string | undefined;
      addLabels: string[];
      removeLabels: string[];
      /** The new owner to assign, and the previous owner to unassign, when the owner changed. */
      reassign: { from: string | undefined; to: string | undefined } | undefined;
      reasons: string[];
      /** Posted with the new body when the item's description, owner or due date changed: what changed, in which commit. */
      comment: string | undefined;
    }
  | { kind: 'unchanged'; key: string; issue: ExistingIssue }
  | { kind: 'closed'; key: string; issue: ExistingIssue }
  | { kind: 'flag'; key: string; issue: ExistingIssue; comment: string }
  | { kind: 'duplicate'; key: string; issue: ExistingIssue; of: ExistingIssue; comment: string }
) & { writes: Write[] };

/** A decision before its requests are written out. */
type Decision = SyncAction extends infer A ? (A extends SyncAction ? Omit<A, 'writes'> : never) : never;

/** An issue with the tool's marker that someone else wrote: left alone, and named once in the run summary. */
export type { IgnoredIssue } from '../tracked/issues.js';

/** A postmortem with more open items than `sync.maxItemsPerDocument`: the rest do not become issues. */
export interface CappedDocument {
  incident: string;
  file: string;
  /** Its open action items. */
  count: number;
  cap: number;
}

export interface Plan {
  /** One per issue or item, in the documents' order; `writingActions` gives the order they are applied in. */
  actions: SyncAction[];
  /** Labels the planned writes use; created when missing. */
  labels: LabelSpec[];
  notes: string[];
  ignored: IgnoredIssue[];
  capped: CappedDocument[];
  /** The login whose issues the plan trusted; undefined for a preview, which is never applied. */
  toolLogin: string | undefined;
  /** One line per owner named in an issue body because GitHub cannot assign them (a team, or not a collaborator). */
  notices: string[];
  /** Actions left for the next run (no writes) because whether their owner can be assigned is not known yet. */
  deferred: { key: string; reason: string }[];
}

const TOOL_LABEL = /^(type|priority|severity):/i;

export function toolLabels(item: SyncItem, settings: SyncSettings): string[] {
  return [settings.ownershipLabel, `type:${item.type}`, `priority:${item.priority}`, `severity:${item.severity}`].filter((label) => !/:$/.test(label));
}

/** The metadata of an item's issue written without a commit (a preview's). */
export function metadataOf(item: Pick<SyncItem, 'incident' | 'item' | 'due' | 'priority' | 'type' | 'owner' | 'severity' | 'file' | 'description'>): ItemMetadata {
  return itemMetadata(item);
}

/** A user handle GitHub could assign (`@alice`); teams (`@acme/sre`) cannot be. */
export function assignableLogin(owner: string): string | undefined {
  return /^@[A-Za-z0-9][A-Za-z0-9-]*$/.test(owner) ? owner.slice(1) : undefined;
}

function desiredContent(item: SyncItem, settings: SyncSettings): IssueContent {
  return {
    title: issueTitle(item),
    body: currentBlock(item, settings),
    labels: toolLabels(item, settings),
    assignee: assignableLogin(item.owner),
  };
}

const LABEL_COLORS: Record<string, string> = { type: '1d76db', priority: 'd93f0b', severity: 'b60205' };

function labelSpec(name: string, settings: SyncSettings): LabelSpec {
  if (name === settings.ownershipLabel) return { name, color: '5319e7', description: 'An action item of a postmortem, kept in step by postmortem-kb' };
  if (name === settings.removedLabel) return { name, color: 'cccccc', description: 'Its action item is no longer in the postmortem' };
  const [kind = '', value = ''] = name.split(':');
  return { name, color: LABEL_COLORS[kind] ?? 'ededed', description: `Postmortem action item ${kind}: ${value}` };
}

/**
 * Decides, without touching GitHub, what the sync must do: one issue per
 * action item of every postmortem in a synced status, created when missing,
 * updated when the tool's fields changed, left alone when closed (a human
 * closing it means done), flagged when its item vanished, and duplicates
 * (left by racing runs) closed in favour of the oldest. Only issues the tool
 * wrote count; any other issue with its marker is ignored and listed.
 */
export function planSync(
  documents: readonly SyncDocument[],
  existing: readonly ExistingIssue[],
  settings: SyncSettings,
  /** Files that could not be read this time: their issues are neither flagged nor touched. */
  unreadableFiles: ReadonlySet<string> = new Set(),
): Plan {
  const actions: Decision[] = [];
  const notes: string[] = [];
  const ignored: IgnoredIssue[] = [];
  const capped: CappedDocument[] = [];
  const byKey = new Map<string, ExistingIssue[]>();
  for (const issue of [...existing].sort((a, b) => a.number - b.number)) {
    const metadata = parseMetadata(issue.body);
    if (!metadata) continue;
    // Anyone can write a marker into an issue they open or edit: only the tool's own issues hold real ones.
    if (settings.toolLogin !== undefined && !writtenBy(issue.author, settings.toolLogin)) {
      ignored.push({ number: issue.number, url: issue.url, author: issue.author?.login ?? 'ghost' });
      continue;
    }
    const key = itemKey(metadata.incident, metadata.item);
    byKey.set(key, [...(byKey.get(key) ?? []), issue]);
  }
  const known = new Set<string>();
  const claimed = new Map<string, string>();
  const contested = new Set<string>();
  for (const document of documents) {
    for (const item of document.items) {
      const key = itemKey(item.incident, item.item);
      known.add(key);
      // Two files claiming one incident id would take turns rewriting one issue: neither is synced until the id is fixed.
      if (claimed.has(key) && claimed.get(key) !== item.file) contested.add(key);
      else claimed.set(key, item.file);
    }
    if (document.untracked > 0) notes.push(`${document.incident}: ${document.untracked} action item(s) without an ID cannot be tracked as issues`);
  }
  for (const key of contested) notes.push(`${key.replace('/', ' ')} appears in more than one postmortem (a duplicate incident id): it is not synced until the id is unique`);

  const cap = settings.maxItemsPerDocument ?? DEFAULT_MAX_ITEMS_PER_DOCUMENT;
  /** Postmortems dated before `sync.since` that would have had new issues, and how many. */
  const leftOut = { documents: 0, items: 0 };
  for (const document of documents) {
    if (!settings.statuses.includes(document.status)) continue;
    const old = datedBefore(document, settings);
    // Past the cap, open items get no new issue (their issues, if any, stay in step): one postmortem cannot flood the tracker.
    const openItems = document.items.filter((item) => !item.closedInDocument);
    // A postmortem left out by `since` opens nothing, so the cap holds nothing back of it: no warning on it.
    if (openItems.length > cap && !old) capped.push({ incident: document.incident, file: openItems[0]!.file, count: openItems.length, cap });
    const beyondCap = new Set(openItems.slice(cap));
    let heldBack = 0;
    for (const item of document.items) {
      const key = itemKey(item.incident, item.item);
      if (contested.has(key)) continue;
      const issues = byKey.get(key) ?? [];
      const desired = desiredContent(item, settings);
      const open = issues.filter((issue) => issue.state === 'open');
      if (issues.length === 0) {
        if (item.closedInDocument) notes.push(`${key.replace('/', ' ')} is marked done in its postmortem: no issue is opened for it`);
        else if (old) heldBack += 1;
        else if (!beyondCap.has(item)) actions.push({ kind: 'create', key, item, content: desired });
        continue;
      }
      const [keep, ...duplicates] = open.length > 0 ? open : [issues[0]!];
      for (const duplicate of open.length > 0 ? duplicates : []) {
        actions.push({ kind: 'duplicate', key, issue: duplicate, of: keep!, comment: `Duplicate of #${keep!.number}: both track ${inertText(item.item, 100)} of ${inertText(item.incident, 100)}. Closed by postmortem-kb.` });
      }
      if (keep!.state === 'closed') {
        actions.push({ kind: 'closed', key, issue: keep! });
        continue;
      }
      actions.push(updateOf(key, keep!, item, desired, settings));
    }
    if (heldBack > 0) {
      leftOut.documents += 1;
      leftOut.items += heldBack;
    }
  }
  // One note for them all: an old knowledge base may hold thousands.
  if (leftOut.documents > 0) {
    const verb = leftOut.documents === 1 ? 'gets' : 'get';
    notes.push(`sync.since (${inertText(settings.since ?? '', 32)}): ${plural(leftOut.documents, 'postmortem')} dated before it ${verb} no new issues (${plural(leftOut.items, 'open action item')}); set sync.backfill: true to open them`);
  }
  // Issues an earlier version wrote (no description in their marker) get the body with the item's context once, one
  // write each, as many per run as max-operations allows: said once, so the burst of updates is not a surprise.
  const upgraded = actions.filter((action) => action.kind === 'update' && action.body !== undefined && parseMetadata(action.issue.body)?.description === undefined).length;
  if (upgraded > 0) notes.push(`${plural(upgraded, 'issue')} written by an earlier version of postmortem-kb ${upgraded === 1 ? 'gets' : 'get'} the item's context in their body (one update each; a run stopped by max-operations continues in the next)`);

  for (const [key, issues] of byKey) {
    if (known.has(key)) continue;
    for (const issue of issues) {
      if (unreadableFiles.has(parseMetadata(issue.body)?.file ?? '')) continue;
      if (issue.state !== 'open' || issue.labels.some((label) => label.toLowerCase() === settings.removedLabel.toLowerCase())) continue;
      actions.push({
        kind: 'flag',
        key,
        issue,
        comment: `The action item this issue tracks (${inertText(key.replace('/', ' '), 201)}) is no longer in its postmortem. postmortem-kb will not close it: close it if the work is no longer wanted, or add the item back.`,
      });
    }
  }

  const labels = new Set<string>();
  for (const action of actions) {
    if (action.kind === 'create') action.content.labels.forEach((label) => labels.add(label));
    if (action.kind === 'update') action.addLabels.forEach((label) => labels.add(label));
    if (action.kind === 'flag') labels.add(settings.removedLabel);
  }
  const assign = assigner(settings);
  return { actions: actions.map((action) => withWrites(action, settings, assign)), labels: [...labels].sort().map((name) => labelSpec(name, settings)), notes, ignored, capped, toolLogin: settings.toolLogin, notices: assign.notices, deferred: assign.deferred };
}

/** Whether `sync.since` leaves a postmortem's items without new issues: dated before it, and no backfill. */
export function datedBefore(document: SyncDocument, settings: SyncSettings): boolean {
  if (settings.since === undefined || settings.backfill === true) return false;
  const since = dayNumber(settings.since);
  // No date, or not a date: after `since`, so its items are not withheld.
  const date = document.date === undefined ? undefined : dayNumber(document.date);
  return since !== undefined && date !== undefined && date < since;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The logins a plan would assign: GitHub is asked whether each can be, before the plan is made again with the answers. */
export function loginsToLookUp(plan: Plan): string[] {
  // In the order the writes go: a run whose budget allows only some lookups makes progress on the first actions.
  const logins = writingActions(plan).flatMap((action) => (action.kind === 'create' ? [action.content.assignee] : action.kind === 'update' ? [action.reassign?.to] : []));
  return [...new Set(logins.filter((login): login is string => login !== undefined).map((login) => login.toLowerCase()))];
}

/** Who an item's issue is assigned to; an owner GitHub cannot assign is named in the body, and once in the notices. */
/** Whether the plan needs to know if GitHub can assign this login, and does not. */
function unknown(login: string | undefined, settings: SyncSettings): boolean {
  return login !== undefined && settings.assignable !== undefined && !settings.assignable.has(login.toLowerCase());
}

function defer(action: Decision, assign: ReturnType<typeof assigner>): SyncAction {
  const login = action.kind === 'create' ? action.content.assignee : action.kind === 'update' ? action.reassign?.to : undefined;
  assign.deferred.push({ key: action.key, reason: `whether @${login ?? ''} can be assigned is not known yet; the next run continues` });
  return { ...action, writes: [] } as SyncAction;
}

function assigner(settings: SyncSettings): ((login: string | undefined, owner: string) => string[]) & { notices: string[]; deferred: Plan['deferred'] } {
  const notified = new Set<string>();
  const notices: string[] = [];
  const deferred: Plan['deferred'] = [];
  const assign = (login: string | undefined, owner: string) => {
    if (login !== undefined && (settings.assignable === undefined || settings.assignable.get(login.toLowerCase()) === true)) return [login];
    if (!notified.has(owner) && owner !== '') {
      notified.add(owner);
      notices.push(`${owner} cannot be assigned (a team, or not a collaborator): it is named in the issue body instead`);
    }
    return [];
  };
  return Object.assign(assign, { notices, deferred });
}

/** The requests that carry a decision out, in order. */
function withWrites(action: Decision, settings: SyncSettings, assign: ReturnType<typeof assigner>): SyncAction {
  switch (action.kind) {
    case 'duplicate':
      return { ...action, writes: closeAsDuplicate(action.issue.number, action.comment) };
    case 'create': {
      const { title, body, labels } = action.content;
      if (unknown(action.content.assignee, settings)) return defer(action, assign);
      return { ...action, writes: [{ op: 'create-issue', title, body, labels, assignees: assign(action.content.assignee, action.item.owner), expectAuthor: settings.toolLogin }] };
    }
    case 'update': {
      if (unknown(action.reassign?.to, settings)) return defer(action, assign);
      const writes: Write[] = [];
      let assignees: string[] | undefined;
      if (action.reassign) {
        const from = action.reassign.from?.toLowerCase();
        assignees = [...action.issue.assignees.filter((login) => login.toLowerCase() !== from), ...assign(action.reassign.to, action.item.owner)];
      }
      const changes = { ...(action.title ? { title: action.title } : {}), ...(action.body ? { body: action.body } : {}), ...(assignees ? { assignees } : {}) };
      if (Object.keys(changes).length > 0) writes.push({ op: 'update-issue', issue: action.issue.number, changes });
      // Right after the body it explains: a run stopped between the two loses the comment, and never posts it twice
      // (the next run finds the body written, so no update and no comment).
      if (action.comment !== undefined && action.body !== undefined) writes.push({ op: 'create-comment', issue: action.issue.number, body: action.comment });
      // Labels change one by one, never as a whole set from the list read earlier: a label a human adds meanwhile is kept.
      if (action.addLabels.length > 0) writes.push({ op: 'add-labels', issue: action.issue.number, labels: action.addLabels });
      for (const label of action.removeLabels) writes.push({ op: 'remove-label', issue: action.issue.number, label });
      return { ...action, writes };
    }
    case 'flag':
      return { ...action, writes: [{ op: 'create-comment', issue: action.issue.number, body: action.comment }, { op: 'add-labels', issue: action.issue.number, labels: [settings.removedLabel] }] };
    default:
      return { ...action, writes: [] };
  }
}

function closeAsDuplicate(issue: number, comment: string): Write[] {
  return [
    { op: 'create-comment', issue, body: comment },
    { op: 'update-issue', issue, changes: { state: 'closed', stateReason: 'duplicate' } },
  ];
}

const ORDER: Record<SyncAction['kind'], number> = { duplicate: 0, create: 1, update: 2, flag: 3, unchanged: 4, closed: 5 };

/**
 * The actions that write, in the order they are applied: duplicates are closed first (so no update lands on an
 * issue about to close), then creates (a run stopped by its budget has opened what was missing), updates and flags.
 */
export function writingActions(plan: Pick<Plan, 'actions'>): SyncAction[] {
  return plan.actions.filter((action) => action.writes.length > 0).sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
}

/** A plan's requests as the applier takes them: the labels first, then each action that writes, in order. */
export function syncWrites(plan: Pick<Plan, 'actions' | 'labels'>): PlannedWrites[] {
  return [
    ...(plan.labels.length > 0 ? [{ key: 'labels', writes: [{ op: 'ensure-labels' as const, labels: plan.labels }] }] : []),
    ...writingActions(plan).map((action) => ({ key: action.key, writes: action.writes })),
  ];
}

/**
 * After creating, the issues listed again: of two open issues of the tool with one marker (two runs raced),
 * the newer is a duplicate of the older. Issues by anyone else are not considered, so a forged older one cannot
 * get the tool's real issue closed.
 */
export function raceDuplicates(issues: readonly Issue[], toolLogin: string): { key: string; keep: Issue; duplicate: Issue }[] {
  const byKey = new Map<string, Issue[]>();
  for (const issue of issues) {
    const metadata = parseMetadata(issue.body);
    if (!metadata || issue.state !== 'open' || issue.isPullRequest || !writtenBy(issue.author, toolLogin)) continue;
    const key = itemKey(metadata.incident, metadata.item);
    byKey.set(key, [...(byKey.get(key) ?? []), issue]);
  }
  return [...byKey].flatMap(([key, list]) => {
    const [keep, ...newer] = [...list].sort((a, b) => a.number - b.number);
    return newer.map((duplicate) => ({ key, keep: keep!, duplicate }));
  });
}

/** The repairs after a race: each newer duplicate closed, with a comment naming the older issue it duplicates. */
export function raceRepairs(issues: readonly Issue[], toolLogin: string): Extract<SyncAction, { kind: 'duplicate' }>[] {
  return raceDuplicates(issues, toolLogin).map(({ key, keep, duplicate }) => {
    const comment = `Duplicate of #${keep.number}: two runs of postmortem-kb created an issue for ${inertText(key.replace('/', ' '), 201)} at once. Closed in favour of the older one.`;
    return { kind: 'duplicate', key, issue: duplicate, of: keep, comment, writes: closeAsDuplicate(duplicate.number, comment) };
  });
}

function updateOf(key: string, issue: ExistingIssue, item: SyncItem, desired: IssueContent, settings: SyncSettings): Decision {
  const reasons: string[] = [];
  const title = issue.title === desired.title ? undefined : desired.title;
  if (title) reasons.push('title');
  const previous = parseMetadata(issue.body);
  // Not the sha or the row's line alone (see bodyUpdate); with the new body, the comment on what changed, if any.
  const { body, comment } = bodyUpdate(issue.body, item, settings);
  if (body !== undefined) reasons.push('body');
  const has = new Set(issue.labels.map((label) => label.toLowerCase()));
  const want = new Set(desired.labels.map((label) => label.toLowerCase()));
  const addLabels = desired.labels.filter((label) => !has.has(label.toLowerCase()));
  // Only the tool's own label namespaces are pruned: labels humans add stay.
  // The item is back in its postmortem: it is no longer removed from it.
  const removeLabels = issue.labels.filter(
    (label) => (TOOL_LABEL.test(label) && !want.has(label.toLowerCase())) || label.toLowerCase() === settings.removedLabel.toLowerCase(),
  );
  if (addLabels.length > 0 || removeLabels.length > 0) reasons.push('labels');
  const reassign = previous && previous.owner !== item.owner ? { from: assignableLogin(previous.owner), to: desired.assignee } : undefined;
  if (reassign) reasons.push('owner');
  if (reasons.length === 0) return { kind: 'unchanged', key, issue };
  return { kind: 'update', key, issue, item, title, body, addLabels, removeLabels, reassign, reasons, comment };
}
