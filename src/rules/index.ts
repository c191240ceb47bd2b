import actionItemDue from './action-item-due.js';
import actionItemId from './action-item-id.js';
import actionItemOwner from './action-item-owner.js';
import actionItemPriority from './action-item-priority.js';
import actionItemType from './action-item-type.js';
import actionItemWording from './action-item-wording.js';
import blamelessLanguage from './blameless-language.js';
import contributingFactors from './contributing-factors.js';
import decisionRecord from './decision-record.js';
import fiveWhys from './five-whys.js';
import frontmatter from './frontmatter.js';
import metrics from './metrics.js';
import placeholder from './placeholder.js';
import recurrence from './recurrence.js';
import relatedIncidents from './related-incidents.js';
import requiredSections from './required-sections.js';
import rootCauseConfidence from './root-cause-confidence.js';
import type { AnyRule } from './rule.js';
import timeline from './timeline.js';

/** Every rule, in the order their findings are listed when they share a position. */
export const RULES: readonly AnyRule[] = [
  frontmatter,
  requiredSections,
  placeholder,
  fiveWhys,
  timeline,
  metrics,
  contributingFactors,
  rootCauseConfidence,
  decisionRecord,
  relatedIncidents,
  recurrence,
  actionItemId,
  actionItemType,
  actionItemPriority,
  actionItemOwner,
  actionItemDue,
  actionItemWording,
  blamelessLanguage,
];
