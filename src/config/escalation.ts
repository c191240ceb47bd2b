/** The escalation ladder's settings and defaults: configuration, read by the escalation planner. */

export interface EscalationLevel {
  /** Days past due (scaled by the priority's speed) at which the level is reached. */
  days: number;
  label?: string;
  notify: 'owner' | 'contacts';
  /** Listed as critical in the report. */
  critical?: boolean;
}

export interface EscalationSettings {
  dueSoonDays: number;
  levels: EscalationLevel[];
  speed: Record<string, number>;
  contacts: Record<string, string[]>;
  reportTitle: string;
  reportLabel: string;
  /**
   * `escalation.since` (YYYY-MM-DD): the day the escalation was adopted. An item due before it was already overdue
   * then: it is listed in the report ("Overdue before adoption") but never climbs the ladder. Unset: every item climbs.
   */
  since?: string | undefined;
}

export const DEFAULT_ESCALATION: EscalationSettings = {
  dueSoonDays: 3,
  levels: [
    { days: 1, label: 'overdue', notify: 'owner' },
    { days: 7, label: 'escalated', notify: 'contacts' },
    { days: 30, notify: 'contacts', critical: true },
  ],
  speed: { P0: 2 },
  contacts: {},
  reportTitle: 'Postmortem action items',
  reportLabel: 'postmortem-report',
};
