/**
 * A request checked against its operation: path, query and header parameters against their
 * schemas (read from their text as the typed values they describe), unknown query parameters,
 * and the body's media type and schema.
 */
import type { ErrorObject } from 'ajv';

import { dotted, type Where } from './explain';
import type { Compiled, JsonObject, Operation } from './openapi';
import type { OperationMatch, RequestCheck, RequestPart, RequestToCheck } from './types';

export interface RequestChecking {
  operations: Operation[];
  byId: Map<string, Operation>;
  matchOperation(method: string, path: string): OperationMatch | undefined;
  compile(operation: Operation): Compiled;
  explain(errors: ErrorObject[], where: Where): string[];
}

/** Records a violation; `part` marks it as one GitHub would refuse. */
type Note = (message: string, part?: RequestPart) => void;

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

function checkParameters(
  checking: RequestChecking,
  compiled: Compiled,
  pathParams: Record<string, string>,
  request: RequestToCheck,
  note: Note,
): void {
  for (const parameter of compiled.parameters) {
    let texts: string[];
    if (parameter.in === 'path') {
      const value = pathParams[parameter.name];
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
      for (const message of checking.explain(parameter.validate.errors ?? [], (pointer) =>
        pointer === '' ? where : `${where}${dotted(pointer)}`,
      ))
        note(message, parameter.in);
  }
  const known = new Set(
    compiled.parameters.filter((item) => item.in === 'query').map((item) => item.name),
  );
  for (const name of new Set(request.query.keys()))
    if (!known.has(name)) note(`query.${name} is not a parameter of this operation`);
}

function checkBody(
  checking: RequestChecking,
  compiled: Compiled,
  request: RequestToCheck,
  note: Note,
): void {
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
      for (const message of checking.explain(validate.errors ?? [], (pointer) =>
        pointer === '' ? 'body' : `body${dotted(pointer)}`,
      ))
        note(message, 'body');
  }
}

export function checkRequest(checking: RequestChecking, request: RequestToCheck): RequestCheck {
  const path = request.path.split('?')[0] ?? '';
  const method = request.method.toUpperCase();
  const match = checking.matchOperation(method, path);
  if (!match) {
    const other = checking.operations.filter((operation) => operation.pattern.test(path));
    const hint =
      other.length > 0
        ? ` (the path exists for ${other.map((operation) => operation.method).join(', ')})`
        : '';
    return {
      violations: [`${method} ${path}: no such operation in the contract${hint}`],
      invalid: [],
    };
  }
  const operation = checking.byId.get(match.operationId);
  if (!operation) return { violations: [], invalid: [] };
  const { operationId } = match;
  const compiled = checking.compile(operation);
  const violations: string[] = [];
  const invalid = new Set<RequestPart>();
  const note: Note = (message, part) => {
    violations.push(`${operationId}: ${message}`);
    if (part) invalid.add(part);
  };
  checkParameters(checking, compiled, match.pathParams, request, note);
  checkBody(checking, compiled, request, note);
  return { operationId, violations, invalid: [...invalid] };
}
