import postmortemSchema from '../../schemas/postmortem.schema.json' with { type: 'json' };

/** The metadata keys whose values are strings. */
export const STRING_KEYS = ['id', 'title', 'date', 'severity', 'status', 'started_at', 'detected_at', 'mitigated_at', 'resolved_at', 'incident'] as const;
export type StringKey = (typeof STRING_KEYS)[number];

/** The metadata keys whose values are lists of strings. */
export const LIST_KEYS = ['authors', 'tags', 'services', 'related'] as const;
export type ListKey = (typeof LIST_KEYS)[number];

/** Every key of the frontmatter format (schemas/postmortem.schema.json): what another tool's key can be read as. */
export const CANONICAL_KEYS = Object.keys(postmortemSchema.properties);

/**
 * The string keys a configuration can give a default for. Not `id` nor `incident`: each names one incident, and a
 * default would give every document the same one.
 */
export const DEFAULTABLE_KEYS = STRING_KEYS.filter((key): key is Exclude<StringKey, 'id' | 'incident'> => key !== 'id' && key !== 'incident');
export type DefaultableKey = (typeof DEFAULTABLE_KEYS)[number];
