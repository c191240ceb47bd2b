import standaloneModule from 'ajv/dist/standalone/index.js';
import { newAjv } from './validate.js';

// ajv's standalone entry is CommonJS: depending on the loader its default export is the function or a namespace holding it.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ?? standaloneModule) as (ajv: unknown, refs: Record<string, string>) => string;

/**
 * The validators of fixed schemas as JavaScript (a CommonJS module that exports each by its name), compiled by the
 * same ajv, with the same options, as `compileSchema`. The build puts this code in the bundles (see PRECOMPILED):
 * compiling the config schema and the rule options' schemas took 120–280 ms of every run.
 */
export function standaloneValidators(schemas: Readonly<Record<string, object>>): string {
  const ajv = newAjv({ source: true });
  for (const [name, schema] of Object.entries(schemas)) ajv.addSchema(schema, name);
  return standaloneCode(ajv, Object.fromEntries(Object.keys(schemas).map((name) => [name, name])));
}
