import type { EscalationSettings } from '../config/escalation.js';
import { dayNumber } from '../model/dates.js';

export { DEFAULT_ESCALATION, type EscalationLevel, type EscalationSettings } from '../config/escalation.js';

export interface Standing {
  /** Days past the due date (negative: days left). */
  overdueDays: number;
  /** 0 when not overdue, else the highest level reached (1-based). */
  level: number;
  dueSoon: boolean;
}

/**
 * Where an item stands on the ladder on a given day. Level 1 is reached the
 * day after the due date; a priority with speed 2 climbs twice as fast.
 */
export function standing(due: string, priority: string, asOf: string, settings: EscalationSettings): Standing | undefined {
  const dueDay = dayNumber(due);
  const today = dayNumber(asOf);
  if (dueDay === undefined || today === undefined) return undefined;
  const overdueDays = today - dueDay;
  const speed = settings.speed[priority.toUpperCase()] ?? 1;
  let level = 0;
  settings.levels.forEach((step, index) => {
    if (overdueDays >= 1 && overdueDays * speed >= step.days) level = index + 1;
  });
  return { overdueDays, level, dueSoon: overdueDays <= 0 && -overdueDays <= settings.dueSoonDays };
}

/**
 * Whether an item was already overdue when the escalation was adopted (`escalation.since`): its due date is before
 * that day. Judged by the item's current due date, so one moved to `since` or later climbs the ladder again. False
 * when `since` is unset or either is not a date.
 */
export function overdueBeforeAdoption(due: string, since: string | undefined): boolean {
  if (since === undefined) return false;
  const dueDay = dayNumber(due);
  const sinceDay = dayNumber(since);
  return dueDay !== undefined && sinceDay !== undefined && dueDay < sinceDay;
}

/**
 * The one classification of items by their standing, shared by the escalation's report and `postmortem overdue`:
 * overdue (a level reached) most late first, and due soon (not yet due, within `dueSoonDays`) soonest first; `tie`
 * orders items that stand alike.
 */
export function byStanding<T extends { standing: Standing }>(entries: readonly T[], tie: (a: T, b: T) => number = () => 0): { overdue: T[]; dueSoon: T[] } {
  const lateFirst = (a: T, b: T) => b.standing.overdueDays - a.standing.overdueDays || tie(a, b);
  return {
    overdue: entries.filter((entry) => entry.standing.level > 0).sort(lateFirst),
    dueSoon: entries.filter((entry) => entry.standing.level === 0 && entry.standing.dueSoon).sort(lateFirst),
  };
}
