import type { OpenActionItem } from '../kb/action-items.js';
import { dayNumber } from '../model/dates.js';
import { esc, page } from './html.js';

/** An open action item as the site lists it: the item, and the incident it came from. */
export interface SiteActionItem {
  item: OpenActionItem;
  incident: { id: string; title: string; severity: string; href: string };
}

/**
 * How many days an item is past its due date on `today` (both YYYY-MM-DD): 1 or more when its due date is a real
 * date before today, else undefined (due today or later, no due date, or one written as words: "Q3", "next sprint").
 */
export function overdueDays(due: string | undefined, today: string | undefined): number | undefined {
  const dueDay = due === undefined ? undefined : dayNumber(due);
  const todayDay = today === undefined ? undefined : dayNumber(today);
  if (dueDay === undefined || todayDay === undefined || dueDay >= todayDay) return undefined;
  return todayDay - dueDay;
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** Where an item stands on `today`, in words: "overdue by 12 days", "due today", "due in 3 days", or '' when that cannot be told. */
export function standing(due: string | undefined, today: string | undefined): string {
  const late = overdueDays(due, today);
  if (late !== undefined) return `overdue by ${days(late)}`;
  const dueDay = due === undefined ? undefined : dayNumber(due);
  const todayDay = today === undefined ? undefined : dayNumber(today);
  if (dueDay === undefined || todayDay === undefined) return '';
  return dueDay === todayDay ? 'due today' : `due in ${days(dueDay - todayDay)}`;
}

/** Items in the order a person works through them: the earliest due date first, then dues that are not dates, then none. */
function byDue(a: SiteActionItem, b: SiteActionItem): number {
  const rank = (entry: SiteActionItem) => (entry.item.due === undefined ? 2 : dayNumber(entry.item.due) === undefined ? 1 : 0);
  return (
    rank(a) - rank(b) ||
    (a.item.due ?? '').localeCompare(b.item.due ?? '') ||
    a.incident.id.localeCompare(b.incident.id) ||
    (a.item.id ?? '').localeCompare(b.item.id ?? '', undefined, { numeric: true })
  );
}

export interface OwnerGroup {
  /** Undefined for the items nobody owns. */
  owner: string | undefined;
  items: SiteActionItem[];
  overdue: number;
}

/** The items by owner: owners in order (`Intl` collation, case aside), the items nobody owns last; each owner's items by due date. */
export function groupByOwner(items: readonly SiteActionItem[], today: string | undefined): OwnerGroup[] {
  const groups = new Map<string | undefined, SiteActionItem[]>();
  for (const entry of items) {
    const owner = entry.item.owner?.trim() || undefined;
    const list = groups.get(owner);
    if (list) list.push(entry);
    else groups.set(owner, [entry]);
  }
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  return [...groups]
    .sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)))
    .map(([owner, list]) => ({ owner, items: list.sort(byDue), overdue: list.filter((entry) => overdueDays(entry.item.due, today) !== undefined).length }));
}

export interface SeverityCount {
  /** '' for incidents without a severity. */
  severity: string;
  open: number;
  overdue: number;
}

/** Open and overdue items by the severity of their incident: SEV1 before SEV2 before SEV10, incidents without one last. */
export function countsBySeverity(items: readonly SiteActionItem[], today: string | undefined): SeverityCount[] {
  const counts = new Map<string, SeverityCount>();
  for (const entry of items) {
    const severity = entry.incident.severity.trim();
    const count = counts.get(severity) ?? { severity, open: 0, overdue: 0 };
    count.open++;
    if (overdueDays(entry.item.due, today) !== undefined) count.overdue++;
    counts.set(severity, count);
  }
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return [...counts.values()].sort((a, b) => (a.severity === '' ? 1 : b.severity === '' ? -1 : collator.compare(a.severity, b.severity)));
}

function itemRow(entry: SiteActionItem, today: string | undefined): string {
  const { item, incident } = entry;
  const words = standing(item.due, today);
  const late = overdueDays(item.due, today) !== undefined;
  const where = `<a href="${esc(incident.href)}#action-items">${esc(incident.id)}</a>${incident.title ? `<span class="incident-title">${esc(incident.title)}</span>` : ''}`;
  const due = item.due === undefined ? '<span class="muted">no due date</span>' : `${esc(item.due)}${words ? `<span class="${late ? 'overdue' : 'standing'}">${esc(words)}</span>` : ''}`;
  return `<tr${late ? ' class="late"' : ''}><td>${where}</td><td>${esc(item.id ?? '')}</td><td>${esc(item.description)}</td><td>${due}</td><td>${esc(item.status)}</td></tr>`;
}

/** The items an owner's table lists, the earliest due first (the overdue among them); the rest are counted. */
export const ITEMS_PER_OWNER = 50;

const itemsWord = (n: number) => (n === 1 ? '1 open item' : `${n} open items`);

/** action-items.html: the open action items of every postmortem, by owner, overdue ones said in words; counts by severity. */
export function actionItemsPage(items: readonly SiteActionItem[], today: string | undefined, version: string): string {
  const groups = groupByOwner(items, today);
  const overdue = groups.reduce((sum, group) => sum + group.overdue, 0);
  const incidents = new Set(items.map((entry) => entry.incident.id)).size;
  const asOf = today === undefined ? 'Due dates are not compared with any date.' : `As of ${esc(today)}: ${overdue} overdue.`;
  const summary = `<p class="count" role="status">${items.length === 1 ? '1 open action item' : `${items.length} open action items`} from ${incidents === 1 ? '1 incident' : `${incidents} incidents`}. ${asOf}</p>`;
  if (items.length === 0) {
    const body = `<h1>Open action items</h1>\n${summary}\n<p class="empty">No open action item: every item in the postmortems' action item tables is done, by their Status column.</p>`;
    return page({ title: 'Open action items · Postmortems', root: '', body, version, current: 'action-items' });
  }
  const severities = countsBySeverity(items, today);
  const severityTable = `<table class="compact"><caption>By the severity of the incident</caption><thead><tr><th scope="col">Severity</th><th scope="col">Open</th><th scope="col">Overdue</th></tr></thead><tbody>${severities
    .map((count) => `<tr><th scope="row">${count.severity === '' ? 'no severity' : esc(count.severity)}</th><td class="number">${count.open}</td><td class="number">${count.overdue}</td></tr>`)
    .join('')}</tbody></table>`;
  const ownerName = (group: OwnerGroup) => (group.owner === undefined ? 'no owner' : group.owner);
  const tally = (group: OwnerGroup) => `${itemsWord(group.items.length)}${group.overdue > 0 ? `, ${group.overdue} overdue` : ''}`;
  const jump = `<nav aria-label="Owners" class="owners"><ul>${groups.map((group, index) => `<li><a href="#owner-${index + 1}">${esc(ownerName(group))}</a> (${esc(tally(group))})</li>`).join('')}</ul></nav>`;
  const sections = groups
    .map(
      (group, index) => `<section class="owner" aria-labelledby="owner-${index + 1}">
<h2 id="owner-${index + 1}">${group.owner === undefined ? '<em>No owner</em>' : esc(group.owner)} <span class="tally">${esc(tally(group))}</span></h2>
<div class="scroll"><table class="items"><caption>Open action items of ${esc(ownerName(group))}, the earliest due first</caption><colgroup><col class="incident"><col class="id"><col class="description"><col class="due"><col class="status"></colgroup><thead><tr><th scope="col">Incident</th><th scope="col">Id</th><th scope="col">Description</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead><tbody>${group.items.slice(0, ITEMS_PER_OWNER).map((entry) => itemRow(entry, today)).join('')}</tbody></table></div>${group.items.length > ITEMS_PER_OWNER ? `\n<p class="more">And ${group.items.length - ITEMS_PER_OWNER} more open items of ${esc(ownerName(group))}, due later: in their postmortems.</p>` : ''}
</section>`,
    )
    .join('\n');
  const body = `<h1>Open action items</h1>
<p>Every action item that is not done by its postmortem's Status column (no Status column: every item is open), by owner.</p>
${summary}
${severityTable}
${jump}
${sections}`;
  return page({ title: 'Open action items · Postmortems', root: '', body, version, current: 'action-items' });
}
