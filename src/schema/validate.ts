import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { PRECOMPILED } from './precompiled.js';

// ajv-formats is CommonJS: depending on the loader its default export is the plugin or a namespace holding it.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv2020) => Ajv2020;

/** The ajv every schema is compiled with: at run time, or by the build (`code.source`, see standalone.ts). */
export function newAjv(code?: { source: true }): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, allowMatchingProperties: true, strictTuples: false, ...(code ? { code } : {}) });
  addFormats(ajv);
  // What a value should look like, in words, for messages where a regex would say it badly.
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
  return ajv;
}

/**
 * A schema's validator. `name`: the schema is one of the fixed ones (FIXED_SCHEMAS), whose validator the bundles
 * carry compiled; from the sources, it is compiled here.
 */
export function compileSchema(schema: object, name?: string): ValidateFunction {
  return (name === undefined ? undefined : PRECOMPILED[name]) ?? newAjv().compile(schema);
}

export interface SchemaProblem {
  /** Path of the offending value in the data, e.g. ['tags', 1]. */
  path: (string | number)[];
  /** The key a human would name: "tags[1]". */
  key: string;
  /** Why it is wrong, as a sentence fragment that follows the key. */
  problem: string;
  /** Set for `required`: the missing key (the path is its parent). */
  missing?: string;
}

/** One readable problem per schema error, with `oneOf` noise folded away. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined): SchemaProblem[] {
  if (!errors) return [];
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // A failed `oneOf` is explained better by its branches' errors, but only one of them is worth reading.
    if (error.keyword === 'oneOf' || error.keyword === 'if') continue;
    const path = pathOf(error.instancePath);
    const described = describe(error, path);
    // One problem per key: the first is the most basic (type before pattern, minLength before pattern).
    const dedupe = described.missing === undefined ? described.key : `${described.key}|${described.missing}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    problems.push(described);
  }
  return problems;
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function keyName(path: readonly (string | number)[]): string {
  let name = '';
  for (const part of path) name += typeof part === 'number' ? `[${part}]` : name === '' ? part : `.${part}`;
  return name;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describe(error: ErrorObject, path: (string | number)[]): SchemaProblem {
  const key = keyName(path);
  const params = error.params as Record<string, unknown>;
  const schema = (error.parentSchema ?? {}) as { examples?: unknown[]; 'x-expected'?: string };
  const example = schema.examples?.[0] !== undefined ? ` (for example ${String(schema.examples[0])})` : '';
  const found = `${shown(error.data)}`;
  switch (error.keyword) {
    case 'required':
      return { path, key, missing: String(params.missingProperty), problem: `is missing the required key "${String(params.missingProperty)}"` };
    case 'additionalProperties':
      return {
        path: [...path, String(params.additionalProperty)],
        key: keyName([...path, String(params.additionalProperty)]),
        problem: 'is not a known key',
      };
    case 'propertyNames':
      return { path, key, problem: `has an unknown key "${String(params.propertyName)}"` };
    case 'enum':
      return { path, key, problem: `is ${found}; it must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'pattern':
      if (schema['x-expected']) return { path, key, problem: `is ${found}; expected ${schema['x-expected']}${example}` };
      return { path, key, problem: `is ${found}, which does not match ${String(params.pattern)}${example}` };
    case 'format':
      return { path, key, problem: `is ${found}, which is not ${formatName(String(params.format))}${example}` };
    case 'type':
      return { path, key, problem: `is ${found}; it must be ${article(String(params.type))}` };
    case 'minItems':
      return { path, key, problem: `must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'maxItems':
      return { path, key, problem: `must list at most ${String(params.limit)} items` };
    case 'minLength':
      return { path, key, problem: 'must not be empty' };
    case 'uniqueItems':
      return { path, key, problem: `lists the same value twice (items ${String(params.j)} and ${String(params.i)})` };
    case 'minimum':
    case 'maximum':
      return { path, key, problem: `is ${found}; it must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}` };
    default:
      return { path, key, problem: error.message ?? 'is invalid' };
  }
}

function formatName(format: string): string {
  if (format === 'date') return 'a real calendar date in the form YYYY-MM-DD';
  if (format === 'date-time') return 'an ISO 8601 date-time with a time zone';
  return `a valid ${format}`;
}

function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping';
  if (type === 'integer') return 'a whole number';
  return `a ${type}`;
}
