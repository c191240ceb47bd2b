import { isTemplateSlot } from '../model/template.js';
import { docsUrl, ruleWithDefaults } from './rule.js';

const PREVENTABLE = /^(?:✓|✔|✔️|✅|☑|☑️|x|✗|✘|❌|yes|no|y|n|true|false|partly|partially)$/iu;

export default ruleWithDefaults('contributing-factors', {
  meta: {
    description: 'Each contributing factor has a category from the configured set and, in a table, a preventable flag.',
    url: docsUrl('contributing-factors'),
    messages: {
      none: 'Contributing Factors lists no factor: add a table (Factor | Category | Preventable) or a list',
      noCategory: 'Contributing factor "{{factor}}" has no category: use one of {{categories}}',
      unknownCategory: 'Contributing factor "{{factor}}" has the category "{{category}}": use one of {{categories}}',
      noPreventable: 'Contributing factor "{{factor}}" does not say whether it was preventable: write ✓ or ✗ (yes or no)',
    },
  },
  check(doc, report, { options }) {
    const section = doc.sections.find((candidate) => candidate.key === 'contributing-factors');
    if (!section) return;
    if (doc.contributingFactors.length === 0) {
      if (!section.empty) report({ messageId: 'none', at: section.heading });
      return;
    }
    const allowed = new Set(options.categories.map((category) => category.toLowerCase()));
    const categories = options.categories.join(', ');
    for (const factor of doc.contributingFactors) {
      const name = factor.factor.text.length > 60 ? `${factor.factor.text.slice(0, 57)}...` : factor.factor.text;
      const category = factor.category?.text ?? '';
      const at = factor.category?.span ?? factor.span;
      // A template slot is the placeholder rule's to report.
      if (!isTemplateSlot(category)) {
        if (category === '') report({ messageId: 'noCategory', data: { factor: name, categories }, at });
        else if (!allowed.has(category.toLowerCase())) report({ messageId: 'unknownCategory', data: { factor: name, category, categories }, at });
      }
      if (options.preventable && factor.kind === 'table' && !isTemplateSlot(factor.preventable?.text) && !PREVENTABLE.test(factor.preventable?.text ?? '')) {
        report({ messageId: 'noPreventable', data: { factor: name }, at: factor.preventable?.span ?? factor.span });
      }
    }
  },
});
