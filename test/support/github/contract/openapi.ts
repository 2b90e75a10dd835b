/**
 * Reading GitHub's OpenAPI description: its schemas made JSON Schema for Ajv (OpenAPI 3.0's
 * `nullable: true` becomes a union with `null`; OpenAPI-only keywords such as `x-*`,
 * `discriminator` and `readOnly` are left for Ajv to ignore), `$ref`s followed, and its operations
 * matched by method and path.
 */
import type { ValidateFunction } from 'ajv';

import type { OperationMatch } from './types';

export type JsonObject = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonObject;
  validate: ValidateFunction;
}

export interface Operation {
  operationId: string;
  method: string;
  pattern: RegExp;
  names: string[];
  /** Literal segments, so `/a/b` wins over `/a/{x}` when both match. */
  literals: number;
  raw: JsonObject;
  compiled?: Compiled;
}

export interface Compiled {
  parameters: Parameter[];
  body?: { required: boolean; mediaTypes: string[]; validate?: ValidateFunction };
}

/** Ajv's name for the whole description; local `#/components/...` refs are made absolute to it. */
export const DOCUMENT = 'github-openapi';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
/** Keywords whose values are data or names, not schemas, so conversion must not touch them. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'required', 'example', 'examples']);

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OpenAPI 3.0 schema → JSON Schema for Ajv: `nullable`, and refs made absolute. */
export function toJsonSchema(node: unknown): unknown {
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
export function deref(document: JsonObject, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 10 && isObject(current) && typeof current.$ref === 'string'; hops++)
    current = pointerGet(document, current.$ref);
  return current;
}

/** The operations of the description's `paths`, each with a pattern its paths match. */
export function readOperations(document: JsonObject): Operation[] {
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
  return operations;
}

/** The operation a method and path call (literal segments win over parameters), if any. */
export function matchOperation(
  operations: Operation[],
  method: string,
  path: string,
): OperationMatch | undefined {
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
