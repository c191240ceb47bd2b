// Extracts, from GitHub's OpenAPI description (the @octokit/openapi package),
// the operations the action uses and the schemas they reference, converted to
// JSON Schema for ajv. The package is ~385 MB unpacked, so it stays out of the
// install: this script fetches its tarball with `npm pack` and keeps ~1% of it.
//
//   node scripts/openapi-extract.mjs           writes test/support/fake-github/openapi.json
//   node scripts/openapi-extract.mjs --check   exits 1 when the committed file differs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE = '@octokit/openapi';
export const VERSION = '23.0.2';
export const SOURCE = 'generated/api.github.com.json';
export const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), '../test/support/fake-github/openapi.json');

/** Every REST operation the action may call; the fake answers these and nothing else. */
export const OPERATIONS = [
  'GET /repos/{owner}/{repo}/issues',
  'POST /repos/{owner}/{repo}/issues',
  'GET /repos/{owner}/{repo}/issues/{issue_number}',
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
  'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}',
  'GET /repos/{owner}/{repo}/labels',
  'GET /repos/{owner}/{repo}/labels/{name}',
  'POST /repos/{owner}/{repo}/labels',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
  'GET /repos/{owner}/{repo}/assignees/{assignee}',
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
  // The review of suggested changes: the tool's earlier suggestion comments, deleted when they are out of date, and one review.
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments',
  'DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}',
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
  // The draft mode's pull request, found by its branch before another is opened.
  'GET /repos/{owner}/{repo}/pulls',
  'GET /rate_limit',
  // Who the token is (a personal token's login); an installation token answers 403.
  'GET /user',
];

const SCHEMA_REF = '#/components/schemas/';
/** Where the validator registers the extract, so that converted refs resolve. */
export const SCHEMA_ID = 'openapi.json';
const DROPPED = new Set(['nullable', 'example', 'discriminator', 'xml', 'externalDocs']);

function resolveRef(spec, value) {
  let node = value;
  while (node && typeof node === 'object' && typeof node.$ref === 'string' && !node.$ref.startsWith(SCHEMA_REF)) {
    node = node.$ref
      .slice(2)
      .split('/')
      .reduce((parent, key) => parent[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return node;
}

/** OpenAPI 3.0 schema → JSON Schema: `nullable` becomes a null type, vendor keywords go, refs point into the extract. */
function convert(schema, used) {
  if (Array.isArray(schema)) return schema.map((item) => convert(item, used));
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref') {
      const name = value.slice(SCHEMA_REF.length);
      used.add(name);
      out.$ref = `${SCHEMA_ID}${SCHEMA_REF}${name}`;
    } else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, convert(property, used)]));
    } else if (key === 'examples' && !Array.isArray(value)) {
      continue;
    } else {
      out[key] = convert(value, used);
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (out.type === undefined) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function jsonSchemaOf(spec, content, used) {
  const media = content?.['application/json'] ?? content?.['application/vnd.github+json'];
  return media?.schema ? convert(media.schema, used) : null;
}

export function extract(spec) {
  const used = new Set();
  const operations = {};
  for (const key of OPERATIONS) {
    const [method, path] = key.split(' ');
    const operation = spec.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${key} is not in ${PACKAGE}@${VERSION}`);
    const parameters = (operation.parameters ?? []).map((parameter) => {
      const resolved = resolveRef(spec, parameter);
      return { name: resolved.name, in: resolved.in, required: resolved.required === true, schema: convert(resolved.schema ?? {}, used) };
    });
    const body = resolveRef(spec, operation.requestBody);
    const responses = {};
    for (const [status, response] of Object.entries(operation.responses)) {
      const resolved = resolveRef(spec, response);
      responses[status] = { schema: jsonSchemaOf(spec, resolved.content, used), headers: Object.keys(resolved.headers ?? {}).sort() };
    }
    operations[key] = {
      operationId: operation.operationId,
      parameters,
      requestBody: body ? { required: body.required === true, schema: jsonSchemaOf(spec, body.content, used) } : null,
      responses,
    };
  }
  // Schemas reference schemas: take the closure.
  const schemas = {};
  const queue = [...used];
  while (queue.length > 0) {
    const name = queue.pop();
    if (schemas[name]) continue;
    const found = new Set();
    schemas[name] = convert(spec.components.schemas[name], found);
    for (const next of found) if (!schemas[next]) queue.push(next);
  }
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((name) => [name, schemas[name]]));
  return { package: PACKAGE, version: VERSION, file: SOURCE, operations, components: { schemas: sorted } };
}

/** Fetches the package tarball from the npm registry and reads the description from it. */
export function fetchSpec() {
  const directory = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const tarball = execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--silent', '--pack-destination', directory], { encoding: 'utf8' }).trim().split('\n').pop();
    execFileSync('tar', ['-xzf', join(directory, tarball), '-C', directory, `package/${SOURCE}`]);
    return JSON.parse(readFileSync(join(directory, 'package', SOURCE), 'utf8'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export function render(extracted) {
  return `${JSON.stringify(extracted, null, 1)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = render(extract(fetchSpec()));
  if (process.argv.includes('--check')) {
    const same = readFileSync(OUTPUT, 'utf8') === text;
    console.log(same ? `${OUTPUT} matches ${PACKAGE}@${VERSION}` : `${OUTPUT} differs from ${PACKAGE}@${VERSION}: run node scripts/openapi-extract.mjs`);
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${OUTPUT} from ${PACKAGE}@${VERSION}`);
  }
}
