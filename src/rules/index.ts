import actionItemDue from './action-item-due.js';
import actionItemOwner from './action-item-owner.js';
import frontmatter from './frontmatter.js';
import requiredSections from './required-sections.js';
import type { AnyRule } from './rule.js';

/** Every rule, in the order their findings are listed when they share a line. */
export const RULES: readonly AnyRule[] = [frontmatter, requiredSections, actionItemOwner, actionItemDue];
