import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import { RULE_DECLARATIONS } from './rule-defaults.js';

/** The name under which a rule's options schema is precompiled. */
export const optionsSchemaName = (ruleId: string) => `options:${ruleId}`;

/**
 * The schemas that do not depend on the configuration, by name: the config file's and each rule's options. The
 * build compiles their validators ahead of the run (schema/standalone.ts); the frontmatter schema, made from the
 * configuration, is compiled when a run needs it.
 */
export const FIXED_SCHEMAS: Readonly<Record<string, object>> = {
  config: configSchema,
  ...Object.fromEntries(RULE_DECLARATIONS.flatMap((rule) => (rule.meta.optionsSchema ? [[optionsSchemaName(rule.meta.id), rule.meta.optionsSchema]] : []))),
};
