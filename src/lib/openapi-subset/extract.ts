/**
 * Cuts listed operations out of an OpenAPI 3.0 description, with every `#/components/...` they
 * reach (transitively) and without examples, which are sample data, not contract.
 */
import { ConfigurationError } from '../errors';
import { isJsonObject, pointerTokens, resolvePointer, type Json, type JsonObject } from '../json';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Keys dropped everywhere except as property names. */
const DROPPED = new Set(['examples', 'example']);

/** Copies a value without the dropped keys; property names inside `properties` are kept. */
function stripExamples(value: Json, underProperties = false): Json {
  if (Array.isArray(value)) return value.map((item) => stripExamples(item));
  if (!isJsonObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (!underProperties && DROPPED.has(key)) continue;
    copy[key] = stripExamples(item, !underProperties && key === 'properties');
  }
  return copy;
}

function collectRefs(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') into.add(item);
      else collectRefs(item, into);
    }
  }
}

/** The paths holding the listed operations, each with only those operations. */
function operationPaths(document: JsonObject, operationIds: readonly string[]): JsonObject {
  const paths: JsonObject = {};
  const wanted = new Set(operationIds);
  const found = new Set<string>();
  const allPaths = document.paths;
  if (!isJsonObject(allPaths)) throw new ConfigurationError('the description has no paths');
  for (const [route, item] of Object.entries(allPaths)) {
    if (!isJsonObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method) || !isJsonObject(operation)) continue;
      const id = operation.operationId;
      if (typeof id !== 'string' || !wanted.has(id)) continue;
      found.add(id);
      const kept = isJsonObject(paths[route]) ? paths[route] : {};
      kept[method] = stripExamples(operation);
      // Path-level parameters apply to every method of the path.
      if (item.parameters !== undefined) kept.parameters = stripExamples(item.parameters);
      paths[route] = kept;
    }
  }
  const missing = operationIds.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new ConfigurationError(`operations not in the description: ${missing.join(', ')}`);
  return paths;
}

/** Every component `paths` references, directly or through other components. */
function referencedComponents(
  document: JsonObject,
  paths: JsonObject,
): { components: JsonObject; refs: number } {
  const components: JsonObject = {};
  const seen = new Set<string>();
  const pending = new Set<string>();
  collectRefs(paths, pending);
  while (pending.size > 0) {
    const [ref] = pending;
    if (ref === undefined) break;
    pending.delete(ref);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const tokens = pointerTokens(ref);
    const [root, kind, name] = tokens;
    if (root !== 'components' || kind === undefined || name === undefined || tokens.length !== 3)
      throw new ConfigurationError(`unexpected $ref ${ref} (expected #/components/<kind>/<name>)`);
    const target = stripExamples(resolvePointer(document, ref));
    const section = isJsonObject(components[kind]) ? components[kind] : {};
    section[name] = target;
    components[kind] = section;
    const next = new Set<string>();
    collectRefs(target, next);
    for (const item of next) if (!seen.has(item)) pending.add(item);
  }
  return { components, refs: seen.size };
}

export interface OperationsExtract {
  paths: JsonObject;
  components: JsonObject;
  /** How many components were kept. */
  refs: number;
}

/** The listed operations and the transitive closure of the components they reference. */
export function extractOperations(
  document: JsonObject,
  operationIds: readonly string[],
): OperationsExtract {
  const paths = operationPaths(document, operationIds);
  return { paths, ...referencedComponents(document, paths) };
}
