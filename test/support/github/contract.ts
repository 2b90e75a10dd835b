/**
 * GitHub's REST contract, read from the extract of its official OpenAPI description
 * (test/fixtures/github/openapi-subset.json, made by `npm run github:openapi`). The fake GitHub
 * checks every request it receives and every response it sends against it, so neither the code
 * under test nor the fake can drift from what GitHub documents.
 *
 * The description is OpenAPI 3.0, whose schemas are not quite JSON Schema: `nullable: true` is
 * turned into a union with `null` before Ajv sees it, and OpenAPI-only keywords (`x-*`,
 * `discriminator`, `readOnly`, …) are left for Ajv to ignore (`strict: false`).
 */
import { readFile } from 'node:fs/promises';

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export interface OperationMatch {
  operationId: string;
  pathParams: Record<string, string>;
}

export interface RequestToCheck {
  method: string;
  /** URL path without the query string, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
}

export type RequestPart = 'path' | 'query' | 'header' | 'body';

export interface RequestCheck {
  /** Undefined when no operation of the contract matches the method and path. */
  operationId?: string;
  violations: string[];
  /**
   * Parts holding values GitHub would refuse (wrong type, enum, missing), so the fake can answer
   * 404/422 as GitHub does. Unknown query parameters are violations but not here: GitHub
   * ignores them.
   */
  invalid: RequestPart[];
}

export interface Contract {
  /** The package, version and file the extract was made from. */
  source: { package: string; version: string; file: string } | undefined;
  operationIds: string[];
  matchOperation(method: string, path: string): OperationMatch | undefined;
  checkRequest(request: RequestToCheck): RequestCheck;
  /** Violations of the response documented for this status; nothing for undocumented ones. */
  checkResponse(operationId: string, status: number, body: unknown): string[];
  /**
   * Violations of one `#/components/schemas/<name>`, each prefixed with `label`: for checks
   * stricter than an operation's own, e.g. a timeline event against the schema of its kind.
   */
  checkSchema(name: string, value: unknown, label: string): string[];
}

type JsonObject = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonObject;
  validate: ValidateFunction;
}

interface Operation {
  operationId: string;
  method: string;
  pattern: RegExp;
  names: string[];
  /** Literal segments, so `/a/b` wins over `/a/{x}` when both match. */
  literals: number;
  raw: JsonObject;
  compiled?: Compiled;
}

interface Compiled {
  parameters: Parameter[];
  body?: { required: boolean; mediaTypes: string[]; validate?: ValidateFunction };
}

/** Ajv's name for the whole description; local `#/components/...` refs are made absolute to it. */
const DOCUMENT = 'github-openapi';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
/** Keywords whose values are data or names, not schemas, so conversion must not touch them. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'required', 'example', 'examples']);
const MAX_MESSAGES = 5;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OpenAPI 3.0 schema → JSON Schema for Ajv: `nullable`, and refs made absolute. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) {
      out[key] = `${DOCUMENT}${value}`;
    } else if ((key === 'properties' || key === 'patternProperties') && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]),
      );
    } else if (DATA_KEYWORDS.has(key) || key.startsWith('x-')) {
      out[key] = value;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (node.nullable !== true) return out;
  const combined = ['$ref', 'anyOf', 'oneOf', 'allOf', 'not'].some((key) => key in out);
  if (typeof out.type === 'string' && !combined) {
    out.type = [out.type, 'null'];
    // An enum lists every allowed value, so null must be added to it too.
    const values = out.enum;
    if (Array.isArray(values) && !values.includes(null))
      out.enum = [...(values as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function pointerGet(document: JsonObject, ref: string): unknown {
  let node: unknown = document;
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = isObject(node) ? node[part] : undefined;
  }
  return node;
}

/** Follows `$ref`s of parameter, response and request-body objects (not of schemas). */
function deref(document: JsonObject, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 10 && isObject(current) && typeof current.$ref === 'string'; hops++)
    current = pointerGet(document, current.$ref);
  return current;
}

function short(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** `/labels/0/name` → `labels[0].name`, for request parts. */
function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) =>
      /^\d+$/.test(part)
        ? `[${part}]`
        : /^[A-Za-z_$][\w$]*$/.test(part)
          ? `.${part}`
          : `[${JSON.stringify(part)}]`,
    )
    .join('');
}

function whatFailed(error: ErrorObject): string {
  const base = error.message ?? error.keyword;
  switch (error.keyword) {
    case 'enum': {
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      return `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')} (got ${short(error.data)})`;
    }
    case 'type':
    case 'format':
    case 'const':
    case 'pattern':
    case 'minimum':
    case 'maximum':
    case 'minLength':
    case 'maxLength':
      return `${base} (got ${short(error.data)})`;
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty?: string }).additionalProperty;
      return `has property ${JSON.stringify(extra)}, which the schema does not allow`;
    }
    default:
      return base;
  }
}

function branchName(branch: unknown, index: number): string {
  if (isObject(branch) && typeof branch.$ref === 'string')
    return branch.$ref.slice(branch.$ref.lastIndexOf('/') + 1);
  if (isObject(branch) && typeof branch.type === 'string') return branch.type;
  return `alternative ${index + 1}`;
}

export function createContract(description: unknown): Contract {
  if (!isObject(description) || !isObject(description.paths))
    throw new Error('not an OpenAPI description: no paths');
  const document = description;
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateSchema: false });
  addFormats(ajv);
  // OpenAPI's own formats that JSON Schema does not define, and GitHub's `repo.nwo` (owner/name):
  // accepted as documentation only.
  for (const format of ['timestamp', 'binary', 'byte', 'password', 'repo.nwo'])
    if (!ajv.formats[format]) ajv.addFormat(format, true);
  // Only schemas are reached through Ajv; parameters, responses and bodies are followed here.
  const schemas = isObject(document.components) ? document.components.schemas : undefined;
  const converted = Object.fromEntries(
    Object.entries(isObject(schemas) ? schemas : {}).map(([name, schema]) => [
      name,
      toJsonSchema(schema),
    ]),
  );
  ajv.addSchema({ components: { schemas: converted } }, DOCUMENT);

  const branchValidators = new WeakMap<object, ValidateFunction>();
  const compileSchema = (schema: unknown): ValidateFunction =>
    ajv.compile(toJsonSchema(schema) as JsonObject);

  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths as JsonObject)) {
    if (!isObject(item)) continue;
    for (const [method, raw] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isObject(raw) || typeof raw.operationId !== 'string')
        continue;
      const names: string[] = [];
      const segments = template.split('/').map((segment) =>
        segment.replace(/\{([^}]+)\}|[^{]+/g, (whole, name: string | undefined) => {
          if (name === undefined) return whole.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return '([^/]+)';
        }),
      );
      operations.push({
        operationId: raw.operationId,
        method: method.toUpperCase(),

        pattern: new RegExp(`^${segments.join('/')}$`),
        names,
        literals: template.split('/').filter((segment) => segment && !segment.includes('{')).length,
        raw: { ...raw, pathParameters: item.parameters },
      });
    }
  }
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));

  function compile(operation: Operation): Compiled {
    if (operation.compiled) return operation.compiled;
    const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
    const declared = [...list(operation.raw.pathParameters), ...list(operation.raw.parameters)];
    const parameters = new Map<string, Parameter>();
    for (const entry of declared) {
      const parameter = deref(document, entry);
      if (!isObject(parameter) || typeof parameter.name !== 'string') continue;
      const where = parameter.in as Parameter['in'];
      const schema = isObject(parameter.schema) ? parameter.schema : {};
      // Operation-level parameters override path-level ones of the same name and place.
      parameters.set(`${where}:${parameter.name}`, {
        name: parameter.name,
        in: where,
        required: parameter.required === true || where === 'path',
        schema,
        validate: compileSchema(schema),
      });
    }
    const compiled: Compiled = { parameters: [...parameters.values()] };
    const requestBody = deref(document, operation.raw.requestBody);
    if (isObject(requestBody) && isObject(requestBody.content)) {
      const content = requestBody.content;
      const json = content['application/json'];
      compiled.body = {
        required: requestBody.required === true,
        mediaTypes: Object.keys(content),
        validate:
          isObject(json) && json.schema !== undefined ? compileSchema(json.schema) : undefined,
      };
    }
    operation.compiled = compiled;
    return compiled;
  }

  const responseValidators = new Map<string, ValidateFunction | null>();
  function responseValidator(
    operation: Operation,
    status: number,
  ): { documented: boolean; validate?: ValidateFunction | null } {
    const responses = isObject(operation.raw.responses) ? operation.raw.responses : {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find(
      (candidate) => candidate in responses,
    );
    if (key === undefined) return { documented: false };
    const cacheKey = `${operation.operationId} ${key}`;
    if (!responseValidators.has(cacheKey)) {
      const response = deref(document, responses[key]);
      const content = isObject(response) && isObject(response.content) ? response.content : {};
      const json = content['application/json'];
      responseValidators.set(
        cacheKey,
        isObject(json) && json.schema !== undefined ? compileSchema(json.schema) : null,
      );
    }
    return { documented: true, validate: responseValidators.get(cacheKey) };
  }

  function branchValidator(branch: JsonObject): ValidateFunction {
    let validate = branchValidators.get(branch);
    if (!validate) {
      // Taken from a compiled schema, so already converted to JSON Schema.
      validate = ajv.compile(branch);
      branchValidators.set(branch, validate);
    }
    return validate;
  }

  /** Why a value fails an anyOf/oneOf: the alternative that came closest, explained. */
  function explainAlternatives(error: ErrorObject, where: (pointer: string) => string): string {
    const at = where(error.instancePath);
    const branches = Array.isArray(error.schema) ? (error.schema as unknown[]) : [];
    const passing = (error.params as { passingSchemas?: number[] | null }).passingSchemas;
    if (passing)
      return `${at} matches more than one oneOf alternative (${passing
        .map((index) => branchName(branches[index], index))
        .join(', ')})`;
    const tried: { index: number; errors: ErrorObject[]; wrongType: boolean }[] = [];
    for (const [index, branch] of branches.entries()) {
      if (!isObject(branch)) continue;
      const validate = branchValidator(branch);
      if (validate(error.data)) continue;
      const errors = validate.errors ?? [];
      const wrongType = errors.some((item) => item.keyword === 'type' && item.instancePath === '');
      tried.push({ index, errors, wrongType });
    }
    if (tried.length > 0 && tried.every((item) => item.wrongType)) {
      const types = tried.map((item) => branchName(branches[item.index], item.index));
      return `${at} must be ${types.join(' or ')} (got ${short(error.data)})`;
    }
    // An alternative of another type is the farthest; then the one with fewest complaints.
    const [best] = tried
      .filter((item) => !item.wrongType)
      .sort((a, b) => a.errors.length - b.errors.length);
    const head = `${at} matches none of the ${branches.length} ${error.keyword} alternatives`;
    if (!best) return head;
    const inner = explain(
      best.errors.map((item) => ({
        ...item,
        instancePath: error.instancePath + item.instancePath,
      })),
      where,
    );
    return `${head}; closest is ${branchName(branches[best.index], best.index)}: ${inner.join('; ')}`;
  }

  /**
   * Ajv's errors as sentences. For a failed `anyOf`/`oneOf` only the alternative that came
   * closest is explained, instead of every alternative's complaints (the timeline's event union
   * has 33 of them).
   */
  function explain(errors: ErrorObject[], where: (pointer: string) => string): string[] {
    const isUnion = (error: ErrorObject): boolean =>
      error.keyword === 'anyOf' || error.keyword === 'oneOf';
    const unions = errors.filter(isUnion);
    // Errors of an alternative come before the anyOf/oneOf error that sums them up.
    const outer = errors.filter(
      (error, index) =>
        isUnion(error) ||
        !unions.some(
          (union) =>
            errors.indexOf(union) > index &&
            (error.instancePath === union.instancePath ||
              error.instancePath.startsWith(`${union.instancePath}/`)),
        ),
    );
    // A value of the wrong type fails its other keywords too; the type is the news.
    const wrongType = new Set(
      outer.filter((error) => error.keyword === 'type').map((error) => error.instancePath),
    );
    const kept = outer.filter(
      (error) => error.keyword === 'type' || !wrongType.has(error.instancePath),
    );
    // One sentence per object for all its missing properties, where the first was reported.
    const missing = new Map<string, string[]>();
    const lines: (string | { missingAt: string })[] = [];
    for (const error of kept) {
      if (error.keyword === 'required') {
        const property = (error.params as { missingProperty?: string }).missingProperty ?? '?';
        const list = missing.get(error.instancePath);
        if (list) list.push(property);
        else {
          missing.set(error.instancePath, [property]);
          lines.push({ missingAt: error.instancePath });
        }
      } else if (isUnion(error)) {
        lines.push(explainAlternatives(error, where));
      } else {
        lines.push(`${where(error.instancePath)} ${whatFailed(error)}`);
      }
    }
    const messages = lines.map((line) => {
      if (typeof line === 'string') return line;
      const names = missing.get(line.missingAt) ?? [];
      const noun = names.length === 1 ? 'property' : 'properties';
      return `${where(line.missingAt)} lacks required ${noun} ${names.join(', ')}`;
    });
    if (messages.length > MAX_MESSAGES)
      return [...messages.slice(0, MAX_MESSAGES), `… and ${messages.length - MAX_MESSAGES} more`];
    return messages;
  }

  function matchOperation(method: string, path: string): OperationMatch | undefined {
    const upper = method.toUpperCase();
    let best: { operation: Operation; values: string[] } | undefined;
    for (const operation of operations) {
      if (operation.method !== upper) continue;
      const match = operation.pattern.exec(path);
      if (!match) continue;
      if (!best || operation.literals > best.operation.literals)
        best = { operation, values: match.slice(1) };
    }
    if (!best) return undefined;
    const pathParams: Record<string, string> = {};
    for (const [index, name] of best.operation.names.entries()) {
      const raw = best.values[index] ?? '';
      try {
        pathParams[name] = decodeURIComponent(raw);
      } catch {
        pathParams[name] = raw;
      }
    }
    return { operationId: best.operation.operationId, pathParams };
  }

  /** A parameter's text as the typed value its schema describes, or undefined if it is not one. */
  function typed(schema: JsonObject, text: string): { value: unknown } | undefined {
    switch (schema.type) {
      case 'integer':
        return /^-?\d+$/.test(text) ? { value: Number(text) } : undefined;
      case 'number':
        return text.trim() !== '' && Number.isFinite(Number(text))
          ? { value: Number(text) }
          : undefined;
      case 'boolean':
        return text === 'true' || text === 'false' ? { value: text === 'true' } : undefined;
      case 'array':
        return { value: text.split(',') };
      default:
        return { value: text };
    }
  }

  function checkRequest(request: RequestToCheck): RequestCheck {
    const path = request.path.split('?')[0] ?? '';
    const method = request.method.toUpperCase();
    const match = matchOperation(method, path);
    if (!match) {
      const other = operations.filter((operation) => operation.pattern.test(path));
      const hint =
        other.length > 0
          ? ` (the path exists for ${other.map((operation) => operation.method).join(', ')})`
          : '';
      return {
        violations: [`${method} ${path}: no such operation in the contract${hint}`],
        invalid: [],
      };
    }
    const operation = byId.get(match.operationId);
    if (!operation) return { violations: [], invalid: [] };
    const { operationId } = match;
    const compiled = compile(operation);
    const violations: string[] = [];
    const invalid = new Set<RequestPart>();
    const note = (message: string, part?: RequestPart): void => {
      violations.push(`${operationId}: ${message}`);
      if (part) invalid.add(part);
    };

    for (const parameter of compiled.parameters) {
      let texts: string[];
      if (parameter.in === 'path') {
        const value = match.pathParams[parameter.name];
        texts = value === undefined ? [] : [value];
      } else if (parameter.in === 'query') {
        texts = request.query.getAll(parameter.name);
      } else if (parameter.in === 'header') {
        const value = request.headers[parameter.name.toLowerCase()];
        texts = value === undefined ? [] : Array.isArray(value) ? value : [value];
      } else continue;
      const where = `${parameter.in}.${parameter.name}`;
      if (texts.length === 0) {
        if (parameter.required) note(`${where} is required but missing`, parameter.in);
        continue;
      }
      if (texts.length > 1) note(`${where} is given ${texts.length} times`);
      const text = texts[texts.length - 1] ?? '';
      const value = typed(parameter.schema, text);
      if (!value) {
        note(
          `${where} must be ${String(parameter.schema.type)} (got ${JSON.stringify(text)})`,
          parameter.in,
        );
        continue;
      }
      if (!parameter.validate(value.value))
        for (const message of explain(parameter.validate.errors ?? [], (pointer) =>
          pointer === '' ? where : `${where}${dotted(pointer)}`,
        ))
          note(message, parameter.in);
    }
    const known = new Set(
      compiled.parameters.filter((item) => item.in === 'query').map((item) => item.name),
    );
    for (const name of new Set(request.query.keys()))
      if (!known.has(name)) note(`query.${name} is not a parameter of this operation`);

    if (request.body === undefined) {
      if (compiled.body?.required) note('body is required but missing', 'body');
    } else if (!compiled.body) {
      note('has a body, but the operation takes none');
    } else {
      const raw = request.headers['content-type'];
      const contentType = (Array.isArray(raw) ? raw[0] : raw)?.split(';')[0]?.trim().toLowerCase();
      if (contentType === undefined || !compiled.body.mediaTypes.includes(contentType))
        note(
          `body has content-type ${contentType ?? '(none)'}, expected ${compiled.body.mediaTypes.join(' or ')}`,
        );
      const validate = compiled.body.validate;
      if (validate && !validate(request.body))
        for (const message of explain(validate.errors ?? [], (pointer) =>
          pointer === '' ? 'body' : `body${dotted(pointer)}`,
        ))
          note(message, 'body');
    }
    return { operationId, violations, invalid: [...invalid] };
  }

  function checkResponse(operationId: string, status: number, body: unknown): string[] {
    const operation = byId.get(operationId);
    if (!operation) return [`${operationId}: not an operation in the contract`];
    const { documented, validate } = responseValidator(operation, status);
    if (!documented) return [];
    const label = `${operationId}: response ${status}`;
    if (validate === null || validate === undefined)
      return body === undefined ? [] : [`${label} has a body, but none is documented`];
    if (body === undefined) return [`${label} has no body, but one is documented`];
    if (validate(body)) return [];
    return explain(validate.errors ?? [], (pointer) => `${label} body ${pointer || '/'}`);
  }

  const schemaValidators = new Map<string, ValidateFunction>();
  function checkSchema(name: string, value: unknown, label: string): string[] {
    if (!(name in converted)) return [`${label}: no schema ${name}`];
    let validate = schemaValidators.get(name);
    if (!validate) {
      validate = compileSchema({ $ref: `#/components/schemas/${name}` });
      schemaValidators.set(name, validate);
    }
    if (validate(value)) return [];
    return explain(validate.errors ?? [], (pointer) => `${label} ${pointer || '/'}`);
  }

  const source = isObject(document['x-extracted-from'])
    ? (document['x-extracted-from'] as Contract['source'])
    : undefined;
  return {
    source,
    operationIds: operations.map((operation) => operation.operationId),
    matchOperation,
    checkRequest,
    checkResponse,
    checkSchema,
  };
}

/** Reads an extract made by `npm run github:openapi`. */
export async function loadContract(file: string): Promise<Contract> {
  return createContract(JSON.parse(await readFile(file, 'utf8')) as unknown);
}
