import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import description from './openapi.json' with { type: 'json' };

/** The subset of GitHub's REST description the action uses, extracted by scripts/openapi-extract.mjs. */
export const OPENAPI = description;

export type OperationKey = keyof typeof description.operations;

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: object;
}

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv2020) => Ajv2020;

/**
 * Validates requests and responses against GitHub's own description, so the
 * fake cannot drift into agreeing with whatever the code under test sends.
 */
export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateFormats: true });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi.json', components: description.components });
  }

  operations(): OperationKey[] {
    return Object.keys(description.operations) as OperationKey[];
  }

  private compile(cacheKey: string, schema: object): ValidateFunction {
    let validate = this.cache.get(cacheKey);
    if (!validate) this.cache.set(cacheKey, (validate = this.ajv.compile(schema)));
    return validate;
  }

  private errors(validate: ValidateFunction, value: unknown, where: string): string[] {
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 10).map((error) => `${where}${error.instancePath} ${error.message ?? 'is invalid'}`);
  }

  /** Path and query parameters (as strings from the URL) and the JSON body of a request. */
  validateRequest(key: OperationKey, request: { path: Record<string, string>; query: Record<string, string>; body: unknown }): string[] {
    const operation = description.operations[key];
    const problems: string[] = [];
    for (const parameter of operation.parameters as Parameter[]) {
      if (parameter.in !== 'path' && parameter.in !== 'query') continue;
      const raw = (parameter.in === 'path' ? request.path : request.query)[parameter.name];
      if (raw === undefined) {
        if (parameter.required) problems.push(`${parameter.in} parameter "${parameter.name}" is required`);
        continue;
      }
      const value = coerce(raw, parameter.schema);
      problems.push(...this.errors(this.compile(`${key} ${parameter.in} ${parameter.name}`, parameter.schema), value, `${parameter.in} parameter "${parameter.name}"`));
    }
    const body = operation.requestBody as { required: boolean; schema: object | null } | null;
    if (body?.schema) {
      if (request.body === undefined) {
        if (body.required) problems.push('request body is required');
      } else {
        problems.push(...this.errors(this.compile(`${key} body`, body.schema), request.body, 'body'));
      }
    }
    return problems;
  }

  /** A response the fake is about to send: its status must be described, and its body must match. */
  validateResponse(key: OperationKey, status: number, body: unknown): string[] {
    const responses = description.operations[key].responses as Record<string, { schema: object | null }>;
    const response = responses[String(status)];
    // GitHub's description leaves out many error statuses (a 404 on a missing pull request): errors need not be described.
    if (!response) return status >= 400 ? [] : [`status ${status} is not a documented response of ${key}`];
    if (!response.schema) return body === undefined || body === '' ? [] : [`status ${status} of ${key} has no body, but one was sent`];
    return this.errors(this.compile(`${key} ${status}`, response.schema), body, `response ${status}`);
  }
}

/** Query and path values arrive as strings; the description types some as integers or booleans. */
function coerce(raw: string, schema: object): unknown {
  const type = (schema as { type?: unknown }).type;
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('integer') || types.includes('number')) {
    const number = Number(raw);
    return raw.trim() !== '' && Number.isFinite(number) ? number : raw;
  }
  if (types.includes('boolean')) return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}
