import type { Postmortem } from './postmortem.js';
import { milestonesOf, timeRows, type Milestone } from './timeline.js';

const FRONTMATTER_KEYS: Partial<Record<Milestone, 'started_at' | 'detected_at' | 'mitigated_at' | 'resolved_at'>> = {
  start: 'started_at',
  detect: 'detected_at',
  mitigate: 'mitigated_at',
  resolve: 'resolved_at',
};


/** When each milestone happened: the frontmatter's timestamp, else the timeline's row. */
export function milestoneInstants(doc: Postmortem): Partial<Record<Milestone, { instant: number; source: string }>> {
  const fromTimeline = milestonesOf(timeRows(doc.timeline, doc.meta.date));
  const instants: Partial<Record<Milestone, { instant: number; source: string }>> = {};
  for (const milestone of ['start', 'detect', 'acknowledge', 'mitigate', 'resolve'] as const) {
    const key = FRONTMATTER_KEYS[milestone];
    const stamp = key ? doc.meta[key] : undefined;
    const parsed = stamp === undefined ? NaN : Date.parse(stamp);
    if (!Number.isNaN(parsed)) instants[milestone] = { instant: parsed, source: `${key} ${stamp}` };
    else {
      const row = fromTimeline[milestone];
      if (row?.instant !== undefined) instants[milestone] = { instant: row.instant, source: `timeline ${row.row.time?.text ?? ''}`.trim() };
    }
  }
  return instants;
}

export type Measure = Exclude<Milestone, 'start'>;

/** Minutes from impact start to each milestone (FireHydrant's definitions: all measured from impact start). */
export function incidentDurations(doc: Postmortem): Partial<Record<Measure, number>> {
  const instants = milestoneInstants(doc);
  const start = instants.start?.instant;
  const durations: Partial<Record<Measure, number>> = {};
  if (start === undefined) return durations;
  for (const measure of ['detect', 'acknowledge', 'mitigate', 'resolve'] as const) {
    const end = instants[measure]?.instant;
    if (end !== undefined && end >= start) durations[measure] = Math.round((end - start) / 60_000);
  }
  return durations;
}
