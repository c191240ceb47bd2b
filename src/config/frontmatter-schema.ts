import postmortemSchema from '../../schemas/postmortem.schema.json' with { type: 'json' };
import type { FormatSettings } from './format.js';

/**
 * The schema file is the single definition of the frontmatter; only the id
 * pattern and the severity list come from the configuration.
 */
export function frontmatterSchema(format: Pick<FormatSettings, 'idPattern' | 'idExample' | 'severities'>): typeof postmortemSchema {
  const schema = structuredClone(postmortemSchema);
  schema.properties.id.pattern = format.idPattern;
  schema.properties.id.examples = [format.idExample];
  schema.properties.related.items.pattern = format.idPattern;
  schema.properties.related.items.examples = [format.idExample];
  schema.properties.severity.enum = [...format.severities];
  return schema;
}
