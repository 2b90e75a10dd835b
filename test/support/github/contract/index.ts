/**
 * GitHub's REST contract, read from the extract of its official OpenAPI description
 * (test/fixtures/github/openapi-subset.json, made by `npm run github:openapi`). The fake GitHub
 * checks every request it receives and every response it sends against it, so neither the code
 * under test nor the fake can drift from what GitHub documents.
 *
 * openapi.ts turns the description into what Ajv reads; request.ts checks requests; explain.ts
 * words Ajv's errors.
 */
import { readFile } from 'node:fs/promises';

import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import { createExplainer } from './explain';
import {
  deref,
  DOCUMENT,
  isObject,
  matchOperation,
  readOperations,
  toJsonSchema,
  type Compiled,
  type JsonObject,
  type Operation,
  type Parameter,
} from './openapi';
import { checkRequest } from './request';
import type { Contract } from './types';

export type { Contract, OperationMatch, RequestCheck, RequestPart, RequestToCheck } from './types';

/** Ajv for OpenAPI 3.0: its own formats accepted, the description's schemas registered. */
function createAjv(document: JsonObject): { ajv: Ajv; converted: Record<string, unknown> } {
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
  return { ajv, converted };
}

export function createContract(description: unknown): Contract {
  if (!isObject(description) || !isObject(description.paths))
    throw new Error('not an OpenAPI description: no paths');
  const document = description;
  const { ajv, converted } = createAjv(document);
  const compileSchema = (schema: unknown): ValidateFunction =>
    ajv.compile(toJsonSchema(schema) as JsonObject);
  const explain = createExplainer(ajv);
  const operations: Operation[] = readOperations(document);
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
    matchOperation: (method, path) => matchOperation(operations, method, path),
    checkRequest: (request) =>
      checkRequest(
        {
          operations,
          byId,
          matchOperation: (method, path) => matchOperation(operations, method, path),
          compile,
          explain,
        },
        request,
      ),
    checkResponse,
    checkSchema,
  };
}

/** Reads an extract made by `npm run github:openapi`. */
export async function loadContract(file: string): Promise<Contract> {
  return createContract(JSON.parse(await readFile(file, 'utf8')) as unknown);
}
